from django.urls import path

from peercoach.growth.views import feedback, goals, journal, library, wins

app_name = "growth"
urlpatterns = [
    path("goals/", goals.goal_list, name="goals"),
    path("goals/check/", goals.goal_check, name="goal_check"),
    path("groups/<int:group_pk>/goals/new/", goals.goal_create, name="goal_create"),
    path("goals/<int:goal_pk>/", goals.goal_detail, name="goal"),
    path("goals/<int:goal_pk>/edit/", goals.goal_edit, name="goal_edit"),
    path("goals/<int:goal_pk>/delete/", goals.goal_delete, name="goal_delete"),
    path("goals/<int:goal_pk>/progress/", goals.progress_add, name="progress_add"),
    path("goals/<int:goal_pk>/status/", goals.goal_status, name="goal_status"),
    path("programs/<int:program_pk>/goals/", goals.program_goals, name="program_goals"),
    path("feedback/", feedback.feedback_list, name="feedback_list"),
    path("feedback/new/", feedback.feedback_create, name="feedback_create"),
    path("feedback/hints/", feedback.phrasing_hints, name="phrasing_hints"),
    path("feedback/<int:feedback_pk>/", feedback.feedback_detail, name="feedback"),
    path("feedback/<int:feedback_pk>/helpful/", feedback.feedback_helpful, name="feedback_helpful"),
    path("feedback/<int:feedback_pk>/reply/", feedback.feedback_reply, name="feedback_reply"),
    path("feedback/requests/", feedback.feedback_request_create, name="request_create"),
    path(
        "feedback/requests/<int:request_pk>/decline/",
        feedback.feedback_request_decline,
        name="request_decline",
    ),
    path("groups/<int:group_pk>/wins/", wins.group_wins, name="group_wins"),
    path("programs/<int:program_pk>/wins/", wins.program_wins, name="program_wins"),
    path("wins/<int:win_pk>/react/", wins.win_react, name="win_react"),
    path("library/", library.library, name="library"),
    path("groups/<int:group_pk>/library/new/", library.library_add_for_group, name="library_add"),
    path(
        "programs/<int:program_pk>/library/new/",
        library.library_add_for_program,
        name="library_add_program",
    ),
    path("library/<int:libitem_pk>/", library.library_item, name="library_item"),
    path("library/<int:libitem_pk>/file/", library.library_file, name="library_file"),
    path("library/<int:libitem_pk>/comments/", library.library_comment, name="library_comment"),
    path("journal/", journal.journal, name="journal"),
    path("journal/<int:journal_pk>/share/", journal.journal_share, name="journal_share"),
]
