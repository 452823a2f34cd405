from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "peercoach.reports"
    label = "reports"

    def ready(self) -> None:
        from peercoach.notifications.retention import add_sweep
        from peercoach.programs.kept_figures import prune

        add_sweep("figures_changes_pruned", prune)
