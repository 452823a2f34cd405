from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "peercoach.organisations"
    label = "organisations"
