from django.urls import path

from peercoach.coaching import views

app_name = "coaching"
urlpatterns = [
    # The group page keeps its address under /programs/ (the group belongs to a program).
    path("programs/groups/<int:group_pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:group_pk>/sessions/new/", views.session_create, name="session_create"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/<int:session_pk>/", views.session_detail, name="session"),
    path("sessions/<int:session_pk>/entries/", views.entry_add, name="entry_add"),
    path("sessions/<int:session_pk>/actions/", views.action_item_add, name="action_add"),
    path("sessions/<int:session_pk>/held/", views.session_mark_held, name="session_held"),
    path("sessions/<int:session_pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_pk>/attendance/", views.attendance_record, name="attendance"),
    path("actions/<int:item_pk>/toggle/", views.action_item_toggle, name="action_toggle"),
]
