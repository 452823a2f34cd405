from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "peercoach.assessments"
    label = "assessments"
