"""Plain-French reading of a result: what the estimate means, what it assumes, what it does not show."""

from __future__ import annotations

from typing import Any

ESTIMATOR_NAMES = {
    "twfe": "différence de différences à effets fixes (TWFE)",
    "cs": "différence de différences échelonnée de Callaway et Sant'Anna",
    "sc": "contrôle synthétique",
    "sdid": "différence de différences synthétique",
}


def _number(value: float) -> str:
    return f"{value:+.4f}".replace(".", ",").replace("-", "−")


def summary_text(result: dict[str, Any]) -> dict[str, list[str] | str]:
    """Sections of text for the result page and the report: `headline`, `meaning`, `assumptions`, `limits`."""
    estimator = result["estimator"]
    params = result["parameters"]
    estimates = result["estimates"]
    outcome = result.get("columns", {}).get("outcome", "l'indicateur")
    level = round(100 * (1 - params["alpha"]))
    control = (
        "les unités jamais traitées"
        if params["control"] == "never"
        else "les unités pas encore traitées (et celles jamais traitées)"
    )
    meaning: list[str] = []
    if estimator == "cs":
        main = estimates["simple"]
        meaning.append(
            f"En moyenne sur les unités traitées et les périodes qui suivent le début du programme, « {outcome} » "
            f"a évolué de {_number(main['att'])} par rapport à ce qu'on attendait sans le programme "
            f"(intervalle à {level} % : {_number(main['ci_low'])} à {_number(main['ci_high'])})."
        )
        dynamic = estimates["dynamic"]["overall"]
        meaning.append(
            f"Selon l'ancienneté dans le programme, l'effet moyen est de {_number(dynamic['att'])} ; "
            "le graphique montre son évolution période par période."
        )
        test = result.get("diagnostics", {}).get("pretrend_test", {})
        if test.get("available"):
            verdict = (
                "ne rejette pas l'hypothèse de tendances parallèles avant le programme"
                if test["p_value"] >= 0.05
                else "signale des écarts de tendance AVANT le programme : l'estimation est fragile"
            )
            p_value = f"{test['p_value']:.3f}".replace(".", ",")
            meaning.append(f"Le test de pré-tendances (p = {p_value}) {verdict}.")
    else:
        effect = estimates["effect"]
        text = f"L'effet estimé sur « {outcome} » est de {_number(effect['att'])}"
        if effect.get("se") is not None:
            text += f" (intervalle à {level} % : {_number(effect['ci_low'])} à {_number(effect['ci_high'])})"
        meaning.append(text + ".")
        if estimator == "sc":
            for row in estimates["by_unit"]:
                meaning.append(
                    f"Pour « {row['unit']} », la probabilité d'observer un écart aussi grand en attribuant le "
                    f"programme au hasard à une autre unité est de {row['placebo']['p_value_post_mspe']:.2f}."
                )
    covariates = params.get("covariates") or []
    assumptions = [
        "Tendances parallèles : sans le programme, les unités traitées auraient évolué comme "
        + control
        + (f", à {', '.join(covariates)} comparables." if covariates else "."),
        "Pas d'anticipation : l'indicateur ne bouge pas avant la date de début retenue.",
        "Pas d'effet de débordement : le programme d'une commune ne change pas l'indicateur de ses voisines "
        "servant de comparaison.",
    ]
    if estimator in ("sc", "sdid"):
        assumptions[0] = (
            "Une combinaison pondérée d'unités non traitées reproduit la trajectoire des unités traitées avant "
            "le programme et l'aurait suivie après sans lui."
        )
    if estimator == "twfe":
        assumptions.append(
            "Effet identique pour toutes les vagues d'entrée : si l'effet varie, l'estimation à effets fixes "
            "peut être biaisée ; préférez Callaway et Sant'Anna pour une adoption échelonnée."
        )
    limits = [
        "Une association mesurée n'est un effet du programme que si les hypothèses ci-dessus tiennent ; "
        "elles ne se vérifient pas entièrement dans les données.",
        "Le résultat ne dit pas quelle action du programme a joué, "
        "ni si l'effet durera au-delà des périodes observées.",
        "Il porte sur les unités traitées du fichier : il ne se transpose pas tel quel à d'autres territoires.",
    ]
    if not result["panel"]["balanced"]:
        limits.append(
            f"Le panel est incomplet ({result['panel']['units_with_missing_periods']} unités sans toutes les "
            "périodes) : les comparaisons reposent sur moins d'observations pour ces unités."
        )
    return {
        "headline": f"Étude d'impact par {ESTIMATOR_NAMES[estimator]}, comparaison avec {control}.",
        "meaning": meaning,
        "assumptions": assumptions,
        "limits": limits,
    }
