from django.urls import path

from peercoach.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:program_pk>/", views.program_report, name="program"),
    path("programs/<int:program_pk>/export.csv", views.program_export, name="program_export"),
    path(
        "programs/<int:program_pk>/export.xlsx",
        views.program_export_xlsx,
        name="program_export_xlsx",
    ),
    path("team/", views.team_report, name="team"),
]
