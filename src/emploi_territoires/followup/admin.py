"""Admin of the follow-ups: staff register the territory a support structure covers and its
settings. Follow-ups themselves (notes, documents) are not in the admin: least privilege."""

from django.contrib import admin

from .models import StructureTerritory, SupportStructure


@admin.register(StructureTerritory)
class StructureTerritoryAdmin(admin.ModelAdmin):
    list_display = ("organisation", "label")
    list_select_related = ("organisation", "commune", "epci", "departement")
    search_fields = ("organisation__name",)
    raw_id_fields = ("organisation", "commune", "epci", "departement")


@admin.register(SupportStructure)
class SupportStructureAdmin(admin.ModelAdmin):
    list_display = ("organisation", "no_contact_alert_weeks", "accepts_requests")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)
    raw_id_fields = ("organisation",)
