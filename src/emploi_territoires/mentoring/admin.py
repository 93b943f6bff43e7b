"""Staff admin for programmes and profiles (creating a programme, editing its weights, managers).

Pairs, runs and follow-up are changed through the pages (services), so they are read-only here.
"""

from django.contrib import admin

from .models import (
    Enrolment,
    MatchingRun,
    MenteeProfile,
    MentorProfile,
    NeverTogether,
    Pair,
    Programme,
    SurveyReminder,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "scope_kind", "starts_on", "ends_on", "is_demo")
    filter_horizontal = ("managers",)
    raw_id_fields = ("organisation", "departement", "epci", "commune")


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "occupation", "commune", "capacity")
    raw_id_fields = ("user", "commune", "occupation", "employer")


@admin.register(MenteeProfile)
class MenteeProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "field_of_study", "commune")
    raw_id_fields = ("user", "commune", "employer")
    filter_horizontal = ("wished_occupations",)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("user", "programme", "role", "is_active")
    raw_id_fields = ("user", "programme")


@admin.register(NeverTogether)
class NeverTogetherAdmin(admin.ModelAdmin):
    list_display = ("programme", "mentor", "mentee", "reason")
    raw_id_fields = ("programme", "mentor", "mentee")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ("programme", "created_at", "mode", "matched", "total", "published_at")


@admin.register(Pair)
class PairAdmin(ReadOnlyAdmin):
    list_display = ("programme", "mentor", "mentee", "state", "outcome", "satisfaction")


@admin.register(SurveyReminder)
class SurveyReminderAdmin(admin.ModelAdmin):
    list_display = ("pair", "milestone", "sent_at")
    list_filter = ("milestone",)
    raw_id_fields = ("pair",)
