from django.urls import path

from peercoach.notifications import views

app_name = "notifications"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/calendar-link/", views.feed_rotate, name="feed_rotate"),
    path("preferences/calendar-link/off/", views.feed_revoke, name="feed_revoke"),
    path(
        "preferences/unsubscribe-links/revoke/",
        views.unsubscribe_links_revoke,
        name="unsubscribe_links_revoke",
    ),
    path("unsubscribe/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
    path("calendar/<str:feed_token>.ics", views.feed, name="feed"),
    path("programs/<int:program_pk>/", views.program_settings, name="program_settings"),
]
