from django.urls import path

from peercoach.running import join_views, views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_pk>/", views.program_detail, name="detail"),
    path("<int:program_pk>/edit/", views.program_edit, name="edit"),
    path("<int:program_pk>/advance/", views.program_advance, name="advance"),
    path("<int:program_pk>/enrol/", views.program_enrol, name="enrol"),
    path("<int:program_pk>/groups/new/", views.group_create, name="group_create"),
    path("<int:program_pk>/join-link/", join_views.join_link_open, name="join_link_open"),
    path(
        "<int:program_pk>/join-link/revoke/", join_views.join_link_revoke, name="join_link_revoke"
    ),
    path("groups/<int:group_pk>/members/add/", views.group_member_add, name="member_add"),
    path(
        "groups/<int:group_pk>/members/<int:person_pk>/remove/",
        views.group_member_remove,
        name="member_remove",
    ),
]
