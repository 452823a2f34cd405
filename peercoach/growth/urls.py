from django.urls import path

from peercoach.growth import views

app_name = "growth"
urlpatterns = [
    path("goals/", views.goal_list, name="goals"),
    path("goals/check/", views.goal_check, name="goal_check"),
    path("groups/<int:group_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:goal_pk>/", views.goal_detail, name="goal"),
    path("goals/<int:goal_pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_pk>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_pk>/progress/", views.progress_add, name="progress_add"),
    path("goals/<int:goal_pk>/status/", views.goal_status, name="goal_status"),
    path("programs/<int:program_pk>/goals/", views.program_goals, name="program_goals"),
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/new/", views.feedback_create, name="feedback_create"),
    path("feedback/hints/", views.phrasing_hints, name="phrasing_hints"),
    path("feedback/<int:feedback_pk>/", views.feedback_detail, name="feedback"),
    path("feedback/<int:feedback_pk>/helpful/", views.feedback_helpful, name="feedback_helpful"),
    path("feedback/<int:feedback_pk>/reply/", views.feedback_reply, name="feedback_reply"),
    path("feedback/requests/", views.feedback_request_create, name="request_create"),
    path(
        "feedback/requests/<int:request_pk>/decline/",
        views.feedback_request_decline,
        name="request_decline",
    ),
    path("groups/<int:group_pk>/wins/", views.group_wins, name="group_wins"),
    path("programs/<int:program_pk>/wins/", views.program_wins, name="program_wins"),
    path("wins/<int:win_pk>/react/", views.win_react, name="win_react"),
    path("library/", views.library, name="library"),
    path("groups/<int:group_pk>/library/new/", views.library_add_for_group, name="library_add"),
    path(
        "programs/<int:program_pk>/library/new/",
        views.library_add_for_program,
        name="library_add_program",
    ),
    path("library/<int:libitem_pk>/", views.library_item, name="library_item"),
    path("library/<int:libitem_pk>/file/", views.library_file, name="library_file"),
    path("library/<int:libitem_pk>/comments/", views.library_comment, name="library_comment"),
    path("journal/", views.journal, name="journal"),
    path("journal/<int:journal_pk>/share/", views.journal_share, name="journal_share"),
]
