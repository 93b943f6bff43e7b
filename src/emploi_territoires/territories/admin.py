"""Admin for the reference data: read-only views, plus the upload of an official programme list.

Reference rows come from the committed COG copy and from the official lists, never from hand
edits: the admin shows them (search, filters) but does not add, change or delete them. The one
write is the programme-list upload, which goes through `programmes.import_programme_file`
(the same code as the command) in two steps: a preview of the diff, then a confirmation.
"""

from __future__ import annotations

import base64
import hashlib

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .models import (
    EPCI,
    Commune,
    Departement,
    PostalCode,
    Programme,
    ProgrammeImport,
    ProgrammeMembership,
    ReferenceDataset,
    Region,
)
from .programmes import MAX_FILE_BYTES, ProgrammeFileError, import_programme_file

# The uploaded file waits in the session between the preview and the confirmation.
SESSION_KEY = "territories_programme_upload"
# Below the parser's own cap, so a refused upload always gets the form's message.
UPLOAD_MAX_BYTES = min(10 * 1024 * 1024, MAX_FILE_BYTES)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Staff look at reference data; only the loaders and importers write it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ReferenceDataset)
class ReferenceDatasetAdmin(ReadOnlyAdmin):
    list_display = ["name", "vintage", "source", "loaded_at"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Departement)
class DepartementAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]
    list_select_related = ["region"]


@admin.register(EPCI)
class EPCIAdmin(ReadOnlyAdmin):
    list_display = ["siren", "name", "nature", "population"]
    list_filter = ["nature"]
    search_fields = ["siren", "name"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "departement", "epci", "population", "in_acv", "in_pvd", "in_ti", "in_qpv", "in_fs"]
    list_filter = ["in_acv", "in_pvd", "in_ti", "in_qpv", "in_fs", "density_level", "coordinates_source", "region"]
    search_fields = ["code", "name", "search_name"]
    list_select_related = ["departement", "epci"]
    show_full_result_count = False  # 35k rows: skip the extra COUNT(*) on every filtered page


@admin.register(PostalCode)
class PostalCodeAdmin(ReadOnlyAdmin):
    list_display = ["code", "commune"]
    search_fields = ["code", "commune__name"]
    list_select_related = ["commune"]
    show_full_result_count = False


@admin.register(ProgrammeMembership)
class ProgrammeMembershipAdmin(ReadOnlyAdmin):
    list_display = ["programme", "local_id", "local_name", "commune", "epci", "signed_on", "vintage"]
    list_filter = ["programme", "vintage"]
    search_fields = ["local_id", "local_name", "commune__code", "commune__name", "epci__siren", "epci__name"]
    list_select_related = ["commune", "epci"]


class ProgrammeUploadForm(forms.Form):
    programme = forms.ChoiceField(
        label="Programme",
        choices=[("", "Reconnaître d'après les colonnes"), *Programme.choices],
        required=False,
    )
    vintage = forms.CharField(
        label="Millésime",
        max_length=50,
        required=False,
        help_text="Par exemple 2024 ou 2024-08-01. Vide : tiré du nom du fichier.",
    )
    file = forms.FileField(label="Fichier CSV (UTF-8)", help_text="Liste officielle publiée par l'ANCT.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("Le fichier doit être un CSV (extension .csv).")
        if upload.size > UPLOAD_MAX_BYTES:
            raise forms.ValidationError(f"Le fichier dépasse {UPLOAD_MAX_BYTES // (1024 * 1024)} Mo.")
        return upload


@admin.register(ProgrammeImport)
class ProgrammeImportAdmin(ReadOnlyAdmin):
    list_display = [
        "programme",
        "vintage",
        "source_name",
        "added",
        "removed",
        "unchanged",
        "imported_at",
        "imported_by",
    ]
    list_filter = ["programme"]
    change_list_template = "admin/territories/programmeimport/change_list.html"

    def get_urls(self):
        return [
            path("importer/", self.admin_site.admin_view(self.upload_view), name="territories_programme_upload"),
            *super().get_urls(),
        ]

    def has_upload_permission(self, request: HttpRequest) -> bool:
        # Replacing a programme's memberships changes every list cut by programme: it takes the
        # right to change memberships, which only superusers and explicitly granted staff have.
        return request.user.is_active and request.user.has_perm("territories.change_programmemembership")

    def changelist_view(self, request: HttpRequest, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_upload_permission(request):
            raise PermissionDenied
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm(request)
        form = ProgrammeUploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form}
        context["title"] = "Importer une liste de programme"
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                result = import_programme_file(
                    data,
                    source_name=upload.name,
                    programme=form.cleaned_data["programme"] or None,
                    vintage=form.cleaned_data["vintage"],
                )
            except ProgrammeFileError as exc:
                form.add_error("file", f"Fichier refusé, rien n'a été écrit. {exc}")
            else:
                request.session[SESSION_KEY] = {
                    "name": upload.name,
                    "programme": result.diff.programme.value,
                    "vintage": result.diff.vintage,
                    "data": base64.b64encode(data).decode("ascii"),
                    "checksum": result.diff.checksum,
                }
                context.update(diff=result.diff, diff_lines=result.diff.lines(limit=50), checksum=result.diff.checksum)
                context["title"] = "Vérifier l'import avant de l'écrire"
        return TemplateResponse(request, "admin/territories/programmeimport/upload.html", context)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        pending = request.session.get(SESSION_KEY)
        upload_url = reverse("admin:territories_programme_upload")
        if not pending or pending.get("checksum") != request.POST.get("checksum"):
            messages.error(request, "L'aperçu a expiré ou ne correspond plus au fichier : déposez-le à nouveau.")
            return HttpResponseRedirect(upload_url)
        data = base64.b64decode(pending["data"])
        if hashlib.sha256(data).hexdigest() != pending["checksum"]:
            messages.error(request, "Le fichier conservé est altéré : déposez-le à nouveau.")
            return HttpResponseRedirect(upload_url)
        try:
            result = import_programme_file(
                data,
                source_name=pending["name"],
                programme=pending["programme"],
                vintage=pending["vintage"],
                apply=True,
                imported_by=request.user.get_username(),
            )
        except ProgrammeFileError as exc:
            messages.error(request, f"Import refusé, rien n'a été écrit. {exc}")
            return HttpResponseRedirect(upload_url)
        finally:
            request.session.pop(SESSION_KEY, None)
        diff = result.diff
        messages.success(
            request,
            f"{diff.programme.label} {diff.vintage} importé : {len(diff.added)} ajoutée(s), "
            f"{len(diff.removed)} retirée(s), {len(diff.changed)} modifiée(s), "
            f"{len(diff.unattached)} non rattachée(s) ; "
            f"{result.flagged} commune(s) portent désormais le drapeau.",
        )
        return HttpResponseRedirect(reverse("admin:territories_programmeimport_changelist"))
