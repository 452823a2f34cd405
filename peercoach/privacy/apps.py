from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "peercoach.privacy"
    label = "privacy"
