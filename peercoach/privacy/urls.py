from django.urls import path

from peercoach.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.privacy, name="page"),
    path("my-data.json", views.export_json, name="export_json"),
    path("my-data.html", views.export_html, name="export_html"),
]
