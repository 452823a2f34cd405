from django.urls import path

from peercoach.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy, name="page"),
    path("my-data.json", views.export_json, name="export_json"),
    path("my-data.html", views.export_html, name="export_html"),
]
urlpatterns += [
    path("people/<int:person_pk>/erase/", views.erase, name="erase"),
    path("programs/<int:program_pk>/retention/", views.program_retention, name="program_retention"),
    path("leavers/", views.deactivate_leavers, name="deactivate_leavers"),
]
