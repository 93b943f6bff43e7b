from django.contrib import admin

from .models import CampaignInvitation, NeedDeclaration, NeedsCampaign


@admin.register(NeedsCampaign)
class NeedsCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "scope_kind", "state", "deadline", "created_by"]
    list_filter = ["state", "scope_kind"]
    search_fields = ["title"]
    raw_id_fields = ["communes", "epci", "departement", "created_by"]


@admin.register(CampaignInvitation)
class CampaignInvitationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "organisation", "sent_at", "reminded_at", "answered_at"]
    raw_id_fields = ["campaign", "organisation"]
    readonly_fields = ["token"]


@admin.register(NeedDeclaration)
class NeedDeclarationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "occupation", "count", "horizon", "is_difficult", "is_late", "created_at"]
    list_filter = ["horizon", "is_difficult", "is_late"]
    raw_id_fields = ["organisation", "campaign", "occupation", "commune", "created_by", "converted_offer"]
