from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "peercoach.matching"
    label = "matching"
