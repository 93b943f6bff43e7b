"""Job datings in the admin: read-mostly (writes that matter go through `jobdating.services_*`)."""

from django.contrib import admin

from .models import (
    CandidateRegistration,
    Event,
    EventInvitation,
    EventTransition,
    Interview,
    InvitationOptIn,
    RecruiterRegistration,
    ScheduleRun,
)


class EventTransitionInline(admin.TabularInline):
    model = EventTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "comment", "created_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "date", "commune", "status", "organiser", "is_demo")
    list_filter = ("status", "is_demo")
    search_fields = ("title", "commune__name")
    autocomplete_fields = ("commune",)
    raw_id_fields = ("organiser", "created_by")
    filter_horizontal = ("advisors",)
    # The status changes only through the services, so the log stays complete.
    readonly_fields = ("status", "status_changed_at", "created_at", "updated_at")
    inlines = [EventTransitionInline]


@admin.register(RecruiterRegistration)
class RecruiterRegistrationAdmin(admin.ModelAdmin):
    list_display = ("organisation", "event", "tables", "created_at")
    search_fields = ("organisation__name", "event__title")
    raw_id_fields = ("event", "organisation", "contact", "offers")


@admin.register(CandidateRegistration)
class CandidateRegistrationAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "checked_in_at", "no_show", "walk_in")
    search_fields = ("user__email", "event__title")
    raw_id_fields = ("event", "user")


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "event", "kind", "status", "score", "bound", "gap", "optimal", "accepted", "created_at")
    list_filter = ("status", "accepted", "kind")
    readonly_fields = [f.name for f in ScheduleRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("event", "slot", "table", "recruiter_registration", "candidate_registration", "status", "outcome")
    list_filter = ("status", "outcome")
    raw_id_fields = ("event", "run", "candidate_registration", "recruiter_registration", "outcome_recorded_by")
    # Outcomes go through services_outcomes.record_outcome: never before the interview's slot, audited.
    readonly_fields = ("status", "outcome", "outcome_recorded_at", "outcome_recorded_by")


@admin.register(InvitationOptIn)
class InvitationOptInAdmin(admin.ModelAdmin):
    list_display = ("user", "active", "given_at", "withdrawn_at", "text_version")
    list_filter = ("active",)
    search_fields = ("user__email",)
    readonly_fields = ("user", "active", "given_at", "withdrawn_at", "text_version")

    def has_add_permission(self, request):
        return False  # the person's own choice, from their space


@admin.register(EventInvitation)
class EventInvitationAdmin(admin.ModelAdmin):
    list_display = ("event", "user", "kind", "sent_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "event__title")
    readonly_fields = ("event", "user", "kind", "sent_at")

    def has_add_permission(self, request):
        return False
