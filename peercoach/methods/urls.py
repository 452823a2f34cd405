from django.urls import path

from peercoach.methods import views

app_name = "methods"
urlpatterns = [
    path("", views.library, name="library"),
    path("<int:method_pk>/", views.method_detail, name="method"),
    path("activities/<int:activity_pk>/", views.activity_detail, name="activity"),
    path("programs/<int:program_pk>/", views.program_method, name="program_method"),
    path("sessions/<int:session_pk>/", views.run, name="run"),
    path("sessions/<int:session_pk>/phase/", views.run_phase, name="run_phase"),
    path("sessions/<int:session_pk>/setup/", views.run_setup, name="run_setup"),
    path("sessions/<int:session_pk>/start/", views.run_start, name="run_start"),
    path("sessions/<int:session_pk>/move/", views.run_move, name="run_move"),
    path(
        "sessions/<int:session_pk>/contributions/",
        views.contribution_add,
        name="contribution_add",
    ),
    path("sessions/<int:session_pk>/insights/", views.insight_add, name="insight_add"),
    path(
        "sessions/<int:session_pk>/follow-up/<int:item_pk>/",
        views.follow_up,
        name="follow_up",
    ),
]
