from django.contrib import admin

from peercoach.programs.models import Group, GroupMember, Program


class GroupMemberInline(admin.TabularInline):
    model = GroupMember
    raw_id_fields = ["person"]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "format", "status", "starts_on"]
    list_filter = ["organisation", "status", "format"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
    inlines = [GroupMemberInline]
