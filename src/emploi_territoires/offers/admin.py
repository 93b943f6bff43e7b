"""Django admin for platform staff: look up any offer, its history, and move it through the workflow.

Offers are read-only here: content is edited in the editor pages (staff can open any offer
there), and the actions below go through `offers.services` so the transition log, the history
and the search projection stay right.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .models import Offer, OfferRevision, OfferTransition, RomeOccupation


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class TransitionInline(ReadOnlyInline):
    model = OfferTransition
    fields = ("created_at", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields
    verbose_name_plural = "changements d'état"


class RevisionInline(ReadOnlyInline):
    model = OfferRevision
    fields = ("created_at", "actor", "changes")
    readonly_fields = fields
    verbose_name_plural = "modifications"


def _run(request: HttpRequest, queryset: QuerySet[Offer], action, done: str) -> None:
    ok, refused = 0, []
    for offer in queryset:
        try:
            action(offer)
        except services.OfferError as error:
            refused.append(f"{offer.reference} : {error.message}")
        else:
            ok += 1
    if ok:
        messages.success(request, f"{ok} offre(s) {done}.")
    for message in refused[:20]:
        messages.error(request, message)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ("reference", "title", "organisation", "commune", "contract_type", "status", "published_at")
    list_filter = ("status", "contract_type", "programme_context", "is_demo")
    search_fields = ("reference", "title", "organisation__name", "commune__name")
    list_select_related = ("organisation", "commune")
    date_hierarchy = "created_at"
    inlines = [TransitionInline, RevisionInline]
    actions = ["publish", "archive", "duplicate"]
    readonly_fields = ("editor_link",)

    def get_readonly_fields(self, request, obj=None):
        return ["editor_link", *(f.name for f in Offer._meta.concrete_fields)]

    @admin.display(description="page d'édition")
    def editor_link(self, obj: Offer) -> str:
        url = reverse("offers:editor_detail", args=[obj.reference])
        return format_html("<a href=\"{}\">Ouvrir l'offre dans l'espace d'édition</a>", url)

    def has_add_permission(self, request) -> bool:
        return False  # offers are written in the editor, for an organisation

    @admin.action(description="Publier les offres sélectionnées")
    def publish(self, request, queryset):
        _run(request, queryset, lambda o: services.publish(o, actor=request.user), "publiée(s)")

    @admin.action(description="Archiver les offres sélectionnées")
    def archive(self, request, queryset):
        _run(request, queryset, lambda o: services.archive(o, actor=request.user), "archivée(s)")

    @admin.action(description="Dupliquer les offres sélectionnées (en brouillon)")
    def duplicate(self, request, queryset):
        _run(request, queryset, lambda o: services.duplicate_offer(o, actor=request.user), "dupliquée(s)")


@admin.register(RomeOccupation)
class RomeOccupationAdmin(admin.ModelAdmin):
    """The referential comes from the committed copy (`load_rome`): read-only here."""

    list_display = ("code", "label")
    search_fields = ("code", "label")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
