"""Admins edit the library here. Session content (runs, roles, contributions, insights) is
deliberately not registered: it belongs to the group alone."""

from django.contrib import admin

from peercoach.methods.models import Activity, Method, Phase, ProgramMethod, Scenario


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0


@admin.register(Method)
class MethodAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_nl", "key", "organisation", "is_for_pairs", "is_for_groups"]
    list_filter = ["organisation", "is_active"]
    inlines = [PhaseInline]


class ScenarioInline(admin.StackedInline):
    model = Scenario
    extra = 0


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_nl", "kind", "organisation"]
    list_filter = ["kind", "organisation", "is_active"]
    inlines = [ScenarioInline]


@admin.register(ProgramMethod)
class ProgramMethodAdmin(admin.ModelAdmin):
    list_display = ["program", "method"]
