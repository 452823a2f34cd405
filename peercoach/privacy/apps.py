from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "peercoach.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Below privacy in the layering, so they cannot import it: privacy adds itself.
        from peercoach.notifications import retention as operational
        from peercoach.organisations import settings_page
        from peercoach.privacy import forms, retention

        operational.add_sweep("session_content_removed", retention.sweep_at)
        settings_page.add_section(forms.privacy_section)
