from django.apps import AppConfig


class GrowthConfig(AppConfig):
    name = "peercoach.growth"
    label = "growth"
