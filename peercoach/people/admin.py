"""The Django admin's page for people: deactivating someone there ends their sessions and links,
as `people.actions.do_save_person` does."""

from django.contrib import admin

from peercoach.organisations.models import Person
from peercoach.organisations.sessions import end_sessions_of
from peercoach.people.actions import revoke_links_of


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "organisation", "department", "role"]
    list_filter = ["organisation", "role"]
    search_fields = ["name", "email"]
    raw_id_fields = ["manager", "user"]
    filter_horizontal = ["excluded"]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            end_sessions_of(obj.user)
            revoke_links_of(obj)
