from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "peercoach.participants"
    label = "participants"
