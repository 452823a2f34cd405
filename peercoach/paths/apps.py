from django.apps import AppConfig


class PathsConfig(AppConfig):
    name = "peercoach.paths"
    label = "paths"
