from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "peercoach.reports"
    label = "reports"
