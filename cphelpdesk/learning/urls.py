"""URLs of learning, under /learning/."""

from django.urls import path

from cphelpdesk.learning.views import learner, staff

app_name = "learning"
urlpatterns = [
    path("learning/", learner.catalogue, name="catalogue"),
    path("learning/mine/", learner.mine, name="mine"),
    path("learning/team/", staff.team, name="team"),
    path("learning/facilitate/", staff.facilitate, name="facilitate"),
    path("learning/sessions/<int:pk>/", learner.session, name="session"),
    path("learning/sessions/<int:pk>/register/", learner.register, name="register"),
    path("learning/sessions/<int:pk>/cancel/", learner.cancel, name="cancel"),
    path("learning/sessions/<int:pk>/attendance/", staff.attendance, name="attendance"),
    path("learning/submissions/<int:pk>/", staff.review, name="review"),
    path("learning/submissions/<int:pk>/file/", staff.submission_file, name="submission_file"),
    path("learning/recommend/<str:reference>/", staff.recommend, name="recommend"),
    path("learning/<slug:slug>/", learner.pathway, name="pathway"),
    path("learning/<slug:slug>/enrol/", learner.enrol, name="enrol"),
    path("learning/<slug:slug>/withdraw/", learner.withdraw, name="withdraw"),
    path("learning/<slug:slug>/enrol-member/", staff.enrol_member, name="enrol_member"),
    path("learning/<slug:slug>/steps/<int:pk>/", learner.step, name="step"),
    path("learning/<slug:slug>/steps/<int:pk>/pages/<int:number>/", learner.module_page, name="module_page"),
    path("learning/<slug:slug>/steps/<int:pk>/done/", learner.finish, name="finish"),
    path("learning/<slug:slug>/steps/<int:pk>/quiz/", learner.quiz, name="quiz"),
    path("learning/<slug:slug>/steps/<int:pk>/quiz/<int:attempt>/", learner.quiz_result, name="quiz_result"),
    path("learning/<slug:slug>/steps/<int:pk>/submit/", learner.submit, name="submit"),
]
