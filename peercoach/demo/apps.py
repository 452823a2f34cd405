from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "peercoach.demo"
    label = "demo"
