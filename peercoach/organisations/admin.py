from django.contrib import admin

from peercoach.organisations.models import Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "time_zone"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "department", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["name", "email"]
    raw_id_fields = ["manager", "user"]
    filter_horizontal = ["excluded"]
