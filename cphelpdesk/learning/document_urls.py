"""URLs of the documents learning hands out: certificates (the member's, the public verification page, the
officers' list), Open Badges and modules for offline reading. Kept apart from `learning.urls` (the catalogue and
progress pages) under their own namespace."""

from django.urls import path

from cphelpdesk.learning import certificate_views, offline_views

app_name = "learning_documents"

urlpatterns = [
    path("certificates/", certificate_views.my_certificates, name="my_certificates"),
    path("certificates/verify/", certificate_views.verify, name="verify"),
    path("certificates/badges/issuer.json", certificate_views.badge_issuer, name="badge_issuer"),
    path("certificates/badges/<slug:slug>.json", certificate_views.badge_class, name="badge_class"),
    path("certificates/badges/<slug:slug>.svg", certificate_views.badge_image, name="badge_image"),
    path("certificates/<str:code>/certificate.pdf", certificate_views.download, name="certificate_pdf"),
    path("certificates/<str:code>/badge.json", certificate_views.badge_assertion, name="badge_assertion"),
    path("staff/certificates/", certificate_views.staff_list, name="staff_certificates"),
    path("staff/certificates/<str:code>/revoke/", certificate_views.revoke, name="revoke_certificate"),
    path("learning/<slug:slug>/steps/<int:pk>/module.pdf", offline_views.module_pdf, name="module_pdf"),
]
