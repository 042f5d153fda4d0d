"""URLs of feedback on answers and of survey campaigns (managers' pages under /staff/surveys/)."""

from django.urls import path

from cphelpdesk.surveys import views
from cphelpdesk.surveys.campaigns import views as campaigns

app_name = "surveys"
urlpatterns = [
    path("feedback/<str:reference>/<str:token>/", views.feedback, name="feedback"),
    path("queries/<str:reference>/rating/", views.rate, name="rate"),
    path("survey/<str:token>/", campaigns.answer, name="answer"),
    path("staff/surveys/", campaigns.campaign_list, name="campaigns"),
    path("staff/surveys/new/", campaigns.create, name="create"),
    path("staff/surveys/from-template/", campaigns.create_from_template, name="create_from_template"),
    path("staff/surveys/<int:pk>/", campaigns.campaign, name="campaign"),
    path("staff/surveys/<int:pk>/sections/", campaigns.add_section, name="add_section"),
    path("staff/surveys/<int:pk>/sections/<int:section_pk>/delete/", campaigns.delete_section,
         name="delete_section"),
    path("staff/surveys/<int:pk>/questions/", campaigns.add_question, name="add_question"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/", campaigns.edit_question, name="edit_question"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/delete/", campaigns.delete_question,
         name="delete_question"),
    path("staff/surveys/<int:pk>/questions/<int:question_pk>/move/", campaigns.move_question, name="move_question"),
    path("staff/surveys/<int:pk>/audience/", campaigns.audience, name="audience"),
    path("staff/surveys/<int:pk>/open/", campaigns.open_survey, name="open"),
    path("staff/surveys/<int:pk>/remind/", campaigns.send_reminders, name="remind"),
    path("staff/surveys/<int:pk>/invite/", campaigns.invite_newcomers, name="invite_newcomers"),
    path("staff/surveys/<int:pk>/close/", campaigns.close_survey, name="close"),
    path("staff/surveys/<int:pk>/results/", campaigns.results, name="results"),
]
