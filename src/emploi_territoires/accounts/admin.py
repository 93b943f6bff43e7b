"""Django admin for platform staff: users (by email), organisations with their members, scopes."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from emploi_territoires.territories.models import Programme

from . import verification
from .forms import AdminLoginForm
from .models import AdvisorScope, Membership, Organisation, User

# /admin/login/ counts and honours the main login's failures (accounts/throttle.py).
admin.site.login_form = AdminLoginForm


class MembersInline(admin.TabularInline):
    """On an organisation: its members."""

    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("user",)
    verbose_name_plural = "membres"


class UserMembershipsInline(admin.TabularInline):
    """On a user: the organisations they belong to."""

    model = Membership
    extra = 0
    fields = ("organisation", "role", "created_at")
    readonly_fields = ("created_at",)
    autocomplete_fields = ("organisation",)
    verbose_name_plural = "organisations"


class EmailUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "kind")


class EmailUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = EmailUserChangeForm
    add_form = EmailUserCreationForm
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "kind", "is_staff", "is_active", "date_joined")
    list_filter = ("kind", "is_staff", "is_superuser", "is_active")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    autocomplete_fields = ("current_organisation",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name", "kind", "current_organisation")}),
        (
            "Droits",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "kind", "usable_password", "password1", "password2")}),
    )
    inlines = [UserMembershipsInline]

    def get_inlines(self, request, obj):
        # Like Django's own user admin, creation is a short first step; memberships come after.
        return [] if obj is None else super().get_inlines(request, obj)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "legal_nature",
        "commune",
        "siren",
        "siret",
        "verification_status",
        "is_demo",
        "created_at",
    )
    list_filter = ("kind", "legal_nature", "is_demo", "verification_status")
    actions = ["verify"]
    search_fields = ("name", "siren", "siret", "commune__name", "commune__code")
    # The commune list holds ~35,000 rows: a raw id field keeps the page light.
    raw_id_fields = ("commune",)
    # The verification moves only through accounts.verification (log, audit, e-mails).
    readonly_fields = ("created_at", "verification_status", "verified_at", "requested_by", "requester_mandate")
    inlines = [MembersInline]

    @admin.action(description="Marquer comme vérifiées (SIREN et interlocuteur contrôlés)")
    def verify(self, request, queryset) -> None:
        count = 0
        for org in queryset.filter(verification_status__in=verification.OPEN_STATUSES):
            verification.verify(org, actor=request.user)
            count += 1
        self.message_user(request, f"{count} organisation(s) vérifiée(s).")


class AdvisorScopeForm(forms.ModelForm):
    programmes = forms.MultipleChoiceField(
        label="Programmes suivis",
        choices=Programme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AdvisorScope
        fields = ("user", "departements", "programmes")


@admin.register(AdvisorScope)
class AdvisorScopeAdmin(admin.ModelAdmin):
    form = AdvisorScopeForm
    list_display = ("user", "programmes_display")
    search_fields = ("user__email", "user__last_name")
    autocomplete_fields = ("user",)
    filter_horizontal = ("departements",)

    @admin.display(description="programmes")
    def programmes_display(self, obj: AdvisorScope) -> str:
        return ", ".join(obj.programmes) or "—"
