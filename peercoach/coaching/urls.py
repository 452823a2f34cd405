from django.urls import path

from peercoach.coaching import views

app_name = "coaching"
urlpatterns = [
    path("groups/<int:group_pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:session_pk>/", views.session_detail, name="session"),
    path("sessions/<int:session_pk>/entries/", views.entry_add, name="entry_add"),
    path("sessions/<int:session_pk>/actions/", views.action_item_add, name="action_add"),
    path("sessions/<int:session_pk>/held/", views.session_mark_held, name="session_held"),
    path("actions/<int:item_pk>/toggle/", views.action_item_toggle, name="action_toggle"),
]
