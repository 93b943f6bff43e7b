"""Issue 15: each « la personne qui m'accompagne » (CandidateProfile.followed_by) becomes a follow-up
with that advisor as referent and member, for the structure the advisor belonged to (Apec first).

The person chose the advisor in their profile, under the profile consent: the follow-up records the
consent as asked by the person, at the profile's last change, with the version « followed_by ». A
person who already has an open follow-up only gains the advisor in its group. The column itself is
removed later by the applications migrations' owner (coordination.md). Reversing deletes nothing.
"""

from django.db import migrations

APEC_FIRST = ["apec", "mission_locale", "france_travail", "cap_emploi", "plie", "ccas", "association", "collectivite"]


def forwards(apps, schema_editor):
    CandidateProfile = apps.get_model("applications", "CandidateProfile")
    Membership = apps.get_model("accounts", "Membership")
    FollowUp = apps.get_model("followup", "FollowUp")
    FollowUpMember = apps.get_model("followup", "FollowUpMember")
    profiles = CandidateProfile.objects.filter(followed_by__isnull=False).select_related("user", "followed_by")
    for profile in profiles.iterator():
        advisor = profile.followed_by
        memberships = list(Membership.objects.filter(user=advisor).select_related("organisation"))
        if not memberships:
            continue
        memberships.sort(
            key=lambda m: APEC_FIRST.index(m.organisation.kind) if m.organisation.kind in APEC_FIRST else 99
        )
        organisation = memberships[0].organisation
        moment = profile.updated_at
        followup = FollowUp.objects.filter(person=profile.user, ended_at__isnull=True).first()
        if followup is None:
            followup = FollowUp.objects.create(
                person=profile.user,
                referent=advisor,
                started_on=moment.date(),
                start_reason="job_search",
                start_comment="Repris du champ « la personne qui m'accompagne » du profil.",
                opened_by=advisor,
                opened_by_organisation=organisation,
                consent_mode="asked",
                consent_text_version="followed_by",
                consent_at=moment,
            )
        if not FollowUpMember.objects.filter(followup=followup, user=advisor, left_at__isnull=True).exists():
            FollowUpMember.objects.create(followup=followup, user=advisor, organisation=organisation, joined_at=moment)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("applications", "0005_profile_situations"),
        ("accounts", "0008_support_structure_kinds"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
