"""Django admin for platform staff: look up profiles, applications, consents and the audit trail.

Everything is read-only here: personal data changes go through `services_profile`, `gdpr` and
the pipeline services (transactions, audit trail, e-mails). The admin never links to a CV file
(the private storage has no URL): staff open it through the permission-checked CV view, which
records the access. The one write is the GDPR erasure action, which calls `gdpr.erase_candidate`.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from . import gdpr
from .models import (
    Application,
    ApplicationTransition,
    AuditEvent,
    CandidateProfile,
    Consent,
    SavedSearch,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TransitionInline(admin.TabularInline):
    model = ApplicationTransition
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CandidateProfile)
class CandidateProfileAdmin(ReadOnlyAdmin):
    list_display = ("user", "commune", "visibility", "last_activity_at", "inactivity_warned_at")
    list_filter = (
        "visibility",
        "is_young_graduate",
        "is_qpv_resident",
        "is_job_seeker",
        "is_under_26",
        "has_rqth",
        "has_no_diploma",
        "receives_rsa",
    )
    search_fields = ("user__email", "user__last_name", "commune__name")
    list_select_related = ("user", "commune")
    exclude = ("cv",)
    readonly_fields = ("cv_link",)
    actions = ["erase"]

    @admin.display(description="CV")
    def cv_link(self, obj: CandidateProfile) -> str:
        if not obj.cv:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("applications:cv", args=[obj.user_id]), obj.cv_original_name)

    @admin.action(description="Anonymiser ces comptes (RGPD, définitif)")
    def erase(self, request: HttpRequest, queryset: QuerySet[CandidateProfile]) -> None:
        count = 0
        for profile in queryset.select_related("user"):
            gdpr.erase_candidate(profile.user, reason="staff", actor=request.user, now=None)  # type: ignore[arg-type]
            count += 1
        messages.success(request, f"{count} compte(s) anonymisé(s).")

    def get_actions(self, request):
        # The read-only base removes actions needing change permission; this one stays for staff.
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            actions.pop("erase", None)
        return actions


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "offer", "organisation", "candidate", "status", "created_at", "closed_at", "anonymised_at")
    list_filter = ("status",)
    search_fields = ("offer__reference", "organisation__name", "candidate__email")
    list_select_related = ("offer", "organisation", "candidate")
    inlines = [TransitionInline]


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "purpose", "text_version", "given_at", "withdrawn_at")
    list_filter = ("purpose", "text_version")
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "frequency", "is_active", "last_sent_at")
    list_filter = ("frequency", "is_active")
    search_fields = ("user__email", "name")
    list_select_related = ("user",)
    exclude = ("unsubscribe_token",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "action", "actor", "subject_user_id", "application")
    list_filter = ("action",)
    search_fields = ("action", "actor__email")
    list_select_related = ("actor", "application")
