from django.urls import path

from peercoach.matching import views

app_name = "matching"
urlpatterns = [
    path("programs/<int:program_pk>/", views.program_rounds, name="program"),
    path("programs/<int:program_pk>/plan/", views.plan_round, name="plan"),
    path("programs/<int:program_pk>/plan-all/", views.plan_program, name="plan_all"),
    path("programs/<int:program_pk>/take-planned/", views.take_planned_round, name="take_planned"),
    path("programs/<int:program_pk>/status/", views.matching_status, name="status"),
    path("groups/<int:group_pk>/rematch/", views.rematch_group, name="rematch"),
    path("groups/<int:group_pk>/lock/", views.toggle_lock, name="lock"),
    path("rounds/<int:round_pk>/move/", views.move_person, name="move"),
    path("rounds/<int:round_pk>/swap/", views.swap_people, name="swap"),
    path("rounds/<int:round_pk>/publish/", views.publish_round, name="publish"),
]
