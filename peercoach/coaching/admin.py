from django.contrib import admin

from peercoach.coaching.models import CoachingSession


@admin.register(CoachingSession)
class CoachingSessionAdmin(admin.ModelAdmin):
    """Structure only: what members write into a session is not shown here either."""

    list_display = ["group", "starts_at", "status"]
    list_filter = ["status"]
