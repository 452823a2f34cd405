from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "peercoach.health"
    label = "health"

    def ready(self) -> None:
        # The health app's emails go through the notifications outbox like every other message:
        # it adds its builders and planners there (notifications imports nothing from here).
        from peercoach.health import emails, figures
        from peercoach.reports import export

        emails.register()
        # The program report's CSV export carries the pulse months its page shows.
        for table in (figures.pulse_table, figures.survey_table):
            if table not in export.EXTRA_TABLES:
                export.EXTRA_TABLES.append(table)
