from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "peercoach.home"
    label = "home"
