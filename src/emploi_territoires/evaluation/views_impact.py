"""Impact-study pages for advisors and staff: upload a panel, read the result, rerun, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from emploi_territoires.accounts.http import AuthenticatedHttpRequest

from . import services_impact
from .forms_impact import ImpactStudyForm
from .impact.errors import ComparisonError, EstimationError, PanelError
from .impact.results import StudyParams
from .impact.summary import summary_text
from .models import ImpactStudy
from .permissions import get_study_for_analyst, require_analyst

LIST_SIZE = 50


@login_required
def study_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_analyst(request)
    form = ImpactStudyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        from .impact.comparison import match_columns  # pandas/numpy: loaded when a study is submitted

        data = form.cleaned_data
        upload = data["panel"]
        try:
            spec = services_impact.PanelSpec(
                unit=data["unit"],
                time=data["time"],
                outcome=data["outcome"],
                treatment_start=data["treatment_start"] or None,
                programme=data["programme"] or None,
                covariates=tuple(dict.fromkeys((*data["covariates"], *match_columns(data["match"])))),
            )
            params = StudyParams(
                estimator=data["estimator"],
                control=data["control"],
                covariates=data["covariates"],
                match_exact=data["match"].exact,
                match_nearest=data["match"].nearest,
                neighbours=data["match"].neighbours,
            )
            if upload.size > services_impact.INLINE_MAX_BYTES:
                study = services_impact.create_study_from_upload(
                    request.user, title=data["title"], upload=upload, spec=spec, params=params
                )
            else:
                panel = services_impact.load_uploaded_panel(upload, **spec.to_dict())
                study = services_impact.create_study(
                    request.user, title=data["title"], source_name=upload.name, panel=panel, params=params
                )
        except (PanelError, EstimationError, ComparisonError) as exc:
            form.add_error(None, str(exc))
        except (ValueError, ArithmeticError) as exc:
            form.add_error(None, f"L'estimation a échoué sur ces données ({exc}).")
        else:
            messages.success(request, "Étude enregistrée : son calcul se poursuit en arrière-plan.")
            return redirect(study)
    studies = ImpactStudy.objects.select_related("created_by").defer("panel_data", "upload_data", "result")[:LIST_SIZE]
    return render(
        request,
        "evaluation/impact/list.html",
        {"title": "Études d'impact", "form": form, "studies": studies},
        status=400 if form.errors else 200,
    )


def _progress_context(study: ImpactStudy) -> dict:
    return {
        "study": study,
        "polling": services_impact.is_busy(study),
        "stale": services_impact.is_stale(study),
    }


@login_required
def study_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = get_study_for_analyst(request, pk)
    result = study.result
    context = {"title": study.title, "study": study, "result": result, **_progress_context(study)}
    if result:
        context |= {
            "summary": summary_text(result),
            "estimates": result["estimates"],
            "pretrend": result["diagnostics"].get("pretrend_test"),
            "has_plot": study.estimator == ImpactStudy.Estimator.CS,
        }
    return render(request, "evaluation/impact/detail.html", context)


@login_required
@require_safe
def study_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """HTMX partial: the study's progress, polled every second; once it has finished, the page reloads."""
    study = get_study_for_analyst(request, pk)
    context = _progress_context(study)
    response = render(request, "evaluation/impact/_progress.html", context)
    if request.headers.get("HX-Request") and not context["polling"] and study.status == ImpactStudy.Status.DONE:
        response["HX-Refresh"] = "true"
    return response


def _require_result(study: ImpactStudy) -> None:
    if not study.result:
        raise Http404("Cette étude n'a pas encore de résultat.")


@login_required
def study_plot(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = get_study_for_analyst(request, pk)
    _require_result(study)
    if study.estimator != ImpactStudy.Estimator.CS:
        return HttpResponse("Pas de graphique pour cette méthode.", status=404, content_type="text/plain")
    from .impact.plots import event_study_png  # matplotlib: loaded at the first plot

    return HttpResponse(event_study_png(study.result), content_type="image/png")


@login_required
def study_json(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = get_study_for_analyst(request, pk)
    _require_result(study)
    response = HttpResponse(services_impact.export_json(study), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="etude-impact-{study.pk}.json"'
    return response


@login_required
@require_POST
def study_rerun(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = get_study_for_analyst(request, pk)
    if not study.can_relaunch:
        messages.error(
            request,
            "Le fichier de cette étude n'a pas pu être lu : déposez le fichier corrigé dans une nouvelle étude.",
        )
    elif services_impact.request_rerun(study, actor=request.user):
        messages.info(request, "Étude relancée sur les mêmes données : le calcul se poursuit en arrière-plan.")
    else:
        messages.info(request, "Le calcul de cette étude est déjà en cours.")
    return redirect(study)


@login_required
def study_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The result page as a PDF: estimates, the plot (embedded, no second request) and the summary."""
    import base64

    import weasyprint
    from django.template.loader import render_to_string

    from .impact.plots import event_study_png

    study = get_study_for_analyst(request, pk)
    _require_result(study)
    result = study.result
    plot_src = ""
    if study.estimator == ImpactStudy.Estimator.CS:
        plot_src = "data:image/png;base64," + base64.b64encode(event_study_png(result)).decode("ascii")
    html = render_to_string(
        "evaluation/impact/report_pdf.html",
        {
            "study": study,
            "result": result,
            "summary": summary_text(result),
            "estimates": result["estimates"],
            "pretrend": result["diagnostics"].get("pretrend_test"),
            "plot_src": plot_src,
        },
        request=request,
    )
    pdf = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="etude-impact-{study.pk}.pdf"'
    return response
