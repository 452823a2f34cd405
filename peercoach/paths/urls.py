from django.urls import path

from peercoach.paths import views

app_name = "paths"
urlpatterns = [
    path("programs/<int:program_pk>/", views.program_path, name="program"),
    path("programs/<int:program_pk>/template/", views.fill_from_template, name="template"),
    path("programs/<int:program_pk>/steps/<int:step_pk>/", views.step_edit, name="step_edit"),
    path(
        "programs/<int:program_pk>/steps/<int:step_pk>/remove/",
        views.step_remove,
        name="step_remove",
    ),
    path("programs/<int:program_pk>/steps/<int:step_pk>/move/", views.step_move, name="step_move"),
    path("<int:program_pk>/mine/", views.mine, name="mine"),
    path("<int:program_pk>/mine/<int:step_pk>/", views.mark, name="mark"),
]
