"""The recruiter's side of the demo (issue 19): colleagues' comments and ratings, a project lead's
applications shared with the Apec, invitations to apply — written through `services_recruiter`
as the recruiters and the candidates would, so the checks, the e-mails and the states are the
product's.

`load_demo_recruiter()` runs from `demo.loader.load_demo` once the demo applications exist:
- the Mairie de Clamecy's « Chef·fe de projet Petites villes de demain » offer: Sophie Lambert
  (rh.clamecy) and her colleague Julien Moreau (agent.clamecy) comment on and rate Mathis Roche's
  application (the board and the inbox show the average), and its applications are shared with
  Hugo Lefèvre (conseiller.bfc, Apec Bourgogne-Franche-Comté; the candidates are informed by
  e-mail and in « Mes candidatures », he finds them in « Candidatures partagées avec moi »);
- « Inviter à postuler »: the Ville de Nevers (rh.nevers) invited Chloé Martin to its « Agent·e
  d'accueil et d'état civil » offer — she accepted, so her application was created by the
  pipeline — and Mathis Roche to « Chargé·e de mission politique de la ville », waiting for his
  answer — and Romain Perret, recently hired by a sawmill, to its « Agent·e des espaces verts »
  offer, which he declined.
Idempotent: a comment, an invitation or a share that exists already is not made again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.models import Offer, OfferStatus, ProgrammeContext

from . import services_recruiter as services
from .models import Application, ApplicationComment, ApplicationShare, Invitation

DEMO_DOMAIN = "demo.emploi-territoires.fr"
CLAMECY = "Mairie de Clamecy"
NEVERS = "Ville de Nevers"
APEC_ADVISOR = "conseiller.bfc"
PVD_CANDIDATE = "mathis.roche"
# The colleagues' word on Mathis Roche's application to the PVD project lead: (author, comment, rating).
COMMENTS = (
    (
        "rh.clamecy",
        "Très bon dossier : il a monté des demandes de subventions avec l'ANCT et la Banque des Territoires "
        "pendant son alternance. À recevoir en entretien avec le maire.",
        4,
    ),
    (
        "agent.clamecy",
        "Je l'ai eu au téléphone pour caler l'entretien : clair, motivé, il connaît déjà les commerçants "
        "du centre-ville par l'union commerciale.",
        5,
    ),
)


@dataclass(frozen=True)
class DemoInvitation:
    recruiter: str
    organisation: str
    offer_title: str
    candidate: str
    message: str
    answer: str = ""  # "accept", "decline", or "" (waiting)
    application_message: str = ""  # joined to the application when the person accepts


INVITATIONS = (
    DemoInvitation(
        "rh.nevers",
        NEVERS,
        "Agent·e d'accueil et d'état civil (F/H)",
        "chloe.martin",
        "Bonjour Madame Martin,\nvotre expérience d'assistante de direction correspond à notre accueil de "
        "l'hôtel de ville (état civil, élections, accueil téléphonique). Le poste est à temps complet, "
        "du lundi au vendredi. Au plaisir de lire votre candidature.",
        answer="accept",
        application_message="Bonjour, merci pour votre invitation : l'accueil du public me plaît beaucoup, "
        "et je peux commencer dès le mois prochain.",
    ),
    DemoInvitation(
        "rh.nevers",
        NEVERS,
        "Chargé·e de mission politique de la ville (F/H)",
        PVD_CANDIDATE,
        "Bonjour Monsieur Roche,\nnous cherchons une personne pour animer le contrat de ville avec les "
        "associations des quartiers du Banlay et de la Grande Pâture. Votre profil en développement "
        "économique nous intéresse : n'hésitez pas à postuler.",
    ),
    DemoInvitation(
        "rh.nevers",
        NEVERS,
        "Agent·e des espaces verts (F/H)",
        "romain.perret",
        "Bonjour Monsieur Perret,\nnotre équipe des espaces verts s'agrandit : tonte, taille, fleurissement "
        "des quais de Loire et du parc Roger-Salengro. Seriez-vous intéressé ?",
        answer="decline",
    ),
)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}", is_active=True).first()


def _offer(organisation: str, **filters) -> Offer | None:
    return (
        Offer.objects.select_related("organisation", "commune")
        .filter(organisation__name=organisation, status=OfferStatus.PUBLISHED, **filters)
        .order_by("pk")
        .first()
    )


def _comment(pvd_offer: Offer) -> int:
    application = Application.objects.filter(offer=pvd_offer, candidate__email=f"{PVD_CANDIDATE}@{DEMO_DOMAIN}").first()
    if application is None:
        return 0
    made = 0
    for local, body, rating in COMMENTS:
        author = _user(local)
        if author is None or ApplicationComment.objects.filter(application=application, author=author).exists():
            continue
        services.add_comment(application, author=author, body=body, rating=rating)
        made += 1
    return made


def _invite(spec: DemoInvitation) -> int:
    recruiter, candidate = _user(spec.recruiter), _user(spec.candidate)
    offer = _offer(spec.organisation, title=spec.offer_title)
    if recruiter is None or candidate is None or offer is None:
        return 0
    if Invitation.objects.filter(offer=offer, candidate=candidate).exists():
        return 0
    if services.invitation_refusal(offer, candidate, recruiter) is not None:
        return 0  # e.g. the person applied already on this database
    invitation = services.invite(offer, candidate, recruiter=recruiter, message=spec.message)
    if spec.answer == "accept":
        services.accept_invitation(invitation, candidate=candidate, message=spec.application_message)
    elif spec.answer == "decline":
        services.decline_invitation(invitation, candidate=candidate)
    return 1


def _share(pvd_offer: Offer) -> int:
    advisor, actor = _user(APEC_ADVISOR), _user(COMMENTS[0][0])
    if advisor is None or actor is None:
        return 0
    if ApplicationShare.objects.filter(application__offer=pvd_offer, advisor=advisor).exists():
        return 0
    if not services.shareable_applications(pvd_offer).exists():
        return 0
    return services.share_offer_applications(pvd_offer, advisor_email=advisor.email, actor=actor).shared


@transaction.atomic
def load_demo_recruiter() -> int:
    """The recruiter's demo; returns how many comments, invitations and shares it made."""
    made = sum(_invite(spec) for spec in INVITATIONS)
    pvd_offer = _offer(CLAMECY, programme_context=ProgrammeContext.PVD_LEAD)
    if pvd_offer is not None:
        made += _comment(pvd_offer) + _share(pvd_offer)
    return made
