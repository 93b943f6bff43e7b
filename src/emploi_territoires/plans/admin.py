from django.contrib import admin

from .models import Action, ActionReminder, ActionTransition, DigestLog, Plan, PlanPartner, PlanTarget


class PlanPartnerInline(admin.TabularInline):
    model = PlanPartner
    extra = 0
    autocomplete_fields = ["organisation", "contact"]


class PlanTargetInline(admin.TabularInline):
    model = PlanTarget
    extra = 0


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "scope_kind", "starts_on", "ends_on", "is_demo"]
    list_filter = ["scope_kind", "programme", "is_demo"]
    search_fields = ["title"]
    raw_id_fields = ["commune", "epci", "departement", "created_by"]
    inlines = [PlanPartnerInline, PlanTargetInline]


class ActionTransitionInline(admin.TabularInline):
    model = ActionTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "comment", "created_at"]
    can_delete = False


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "plan", "kind", "status", "starts_on", "ends_on"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "plan__title"]
    raw_id_fields = ["plan", "lead", "jobdating_event", "mentoring_programme", "needs_campaign", "impact_study"]
    filter_horizontal = ["offers"]
    inlines = [ActionTransitionInline]


@admin.register(ActionReminder)
class ActionReminderAdmin(admin.ModelAdmin):
    list_display = ["action", "kind", "sent_on"]
    raw_id_fields = ["action"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["plan", "week", "sent_at"]
    raw_id_fields = ["plan"]
