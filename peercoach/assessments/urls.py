from django.urls import path

from peercoach.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:program_pk>/", views.program_results, name="program"),
    path("programs/<int:program_pk>/export.csv", views.program_export, name="export"),
    path(
        "programs/<int:program_pk>/statements/<int:statement_pk>/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "programs/<int:program_pk>/statements/<int:statement_pk>/remove/",
        views.statement_remove,
        name="statement_remove",
    ),
    path(
        "programs/<int:program_pk>/statements/<int:statement_pk>/move/",
        views.statement_move,
        name="statement_move",
    ),
    path("<int:program_pk>/mine/", views.mine, name="mine"),
    path("<int:program_pk>/answer/<slug:moment>/", views.take, name="take"),
]
