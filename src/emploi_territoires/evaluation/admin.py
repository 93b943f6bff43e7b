from django.contrib import admin

from .models import ImpactStudy, IndicatorTarget


@admin.register(ImpactStudy)
class ImpactStudyAdmin(admin.ModelAdmin):
    list_display = ("title", "estimator", "control", "status", "created_by", "created_at", "rerun_at")
    list_filter = ("estimator", "control", "status")
    search_fields = ("title", "source_name", "data_hash")
    # Results are written by the engine only (services_impact): read-only here, deletion allowed.
    readonly_fields = (
        "estimator",
        "control",
        "parameters",
        "data_hash",
        "result",
        "created_by",
        "created_at",
        "rerun_at",
        "rerun_identical",
        "status",
        "progress",
        "step",
        "error",
        "queued_at",
        "started_at",
        "finished_at",
    )
    exclude = ("panel_data", "upload_data")


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(admin.ModelAdmin):
    list_display = ("indicator", "level", "code", "year", "target", "updated_at")
    list_filter = ("year", "level", "indicator")
    search_fields = ("code",)
