"""The VTA aid in the admin, read-only: every change goes through `vta.services_aid` (the workflow, its log,
the envelope's checks and the e-mails); staff set envelopes on /vta/enveloppes/."""

from django.contrib import admin

from .models import AidRequest, AidTransition, Envelope, Mission, MissionOutcome


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class AidTransitionInline(admin.TabularInline):
    model = AidTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "actor", "comment", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Envelope)
class EnvelopeAdmin(ReadOnlyAdmin):
    list_display = ["departement", "year", "amount_eur", "set_by", "updated_at", "is_demo"]
    list_filter = ["year", "is_demo"]


@admin.register(Mission)
class MissionAdmin(ReadOnlyAdmin):
    list_display = ["title", "organisation", "volunteer_name", "starts_on", "ends_on", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["title", "organisation__name", "volunteer_name", "volunteer_email"]


@admin.register(AidRequest)
class AidRequestAdmin(ReadOnlyAdmin):
    list_display = ["mission", "status", "envelope", "committed_eur", "granted_eur", "decided_on"]
    list_filter = ["status"]
    inlines = [AidTransitionInline]


@admin.register(MissionOutcome)
class MissionOutcomeAdmin(ReadOnlyAdmin):
    list_display = ["mission", "moment", "situation", "same_collectivite", "recorded_at"]
    list_filter = ["moment", "situation"]
