from django.urls import path

from peercoach.people import views

app_name = "people"
urlpatterns = [
    path("", views.people_list, name="list"),
    path("add/", views.person_add, name="add"),
    path("<int:person_pk>/", views.person_edit, name="edit"),
]
