from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("import/", include("peercoach.participants.urls")),
    path("matching/", include("peercoach.matching.urls")),
]
