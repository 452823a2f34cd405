from django.urls import path

from peercoach.participants import views

app_name = "participants"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("preview/", views.preview, name="preview"),
    path("confirm/", views.confirm, name="confirm"),
    path("cancel/", views.cancel, name="cancel"),
    path("progress/", views.progress, name="progress"),
]
