from django.urls import path

from peercoach.health import views

app_name = "health"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("rather-not/", views.rather_not, name="rather_not"),
    path("sessions/<int:session_pk>/pulse/", views.pulse, name="pulse"),
    path("groups/<int:group_pk>/fit/", views.fit, name="fit"),
    path("programs/<int:program_pk>/pause/", views.pause, name="pause"),
    path("programs/<int:program_pk>/withdraw/", views.withdraw, name="withdraw"),
    path("programs/<int:program_pk>/survey/", views.survey, name="survey"),
    path("programs/<int:program_pk>/", views.program, name="program"),
    path("commitments/<str:commitment_token>/", views.commitment, name="commitment"),
]
