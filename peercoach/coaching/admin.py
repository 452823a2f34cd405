from django.contrib import admin

from peercoach.coaching.models import CoachingSession
from peercoach.notifications.actions import sync_session_calendar


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    """Structure only: what members write into a session is not shown here either."""

    list_display = ["group", "starts_at", "status"]
    list_filter = ["status"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        sync_session_calendar(obj)  # as the coaching actions do
