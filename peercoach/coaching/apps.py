from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "peercoach.coaching"
    label = "coaching"
