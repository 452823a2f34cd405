from django.contrib import admin

from peercoach.organisations.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}
