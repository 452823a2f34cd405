from django.apps import AppConfig


class MethodsConfig(AppConfig):
    name = "peercoach.methods"
    label = "methods"
