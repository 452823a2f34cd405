from django.urls import path

from peercoach.notifications import views

app_name = "notifications"
urlpatterns = [
    path("preferences/", views.preferences, name="preferences"),
    path("preferences/calendar-link/", views.feed_rotate, name="feed_rotate"),
    path("unsubscribe/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
    path("calendar/<str:feed_token>.ics", views.feed, name="feed"),
    path("programs/<int:program_pk>/", views.program_settings, name="program_settings"),
]
