"""Orientations de démonstration : une douzaine, dans tous les états, avec leur journal (via les services)."""

import random
from datetime import timedelta

from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.core.consentement import current_consent_text
from maillage.lieux.models import Lieu
from maillage.orientations import services
from maillage.orientations.enums import Besoin, MotifRefus
from maillage.orientations.models import Orientation

PRENOMS = [
    "Josiane",
    "Ali",
    "M. D.",
    "Kevin",
    "Fatou",
    "Gérard",
    "L. B.",
    "Yasmine",
    "Paulette",
    "Tom",
    "N. K.",
    "Rose",
]


def load(ctx):
    prescripteur = ctx.users.get(Role.PRESCRIPTEUR)
    if prescripteur is None or Orientation.objects.filter(prescripteur=prescripteur).exists():
        return
    structure = prescripteur.memberships.filter(role=Role.PRESCRIPTEUR).first().structure
    lieux = list(Lieu.objects.published().filter(structure__isnull=False).exclude(structure=structure)[:8])
    if len(lieux) < 2:
        return
    rng = random.Random(49)
    texte = current_consent_text()
    now = timezone.now()
    besoins = [b.value for b in Besoin]
    for i, prenom in enumerate(PRENOMS):
        lieu = lieux[i % len(lieux)]
        receiver = lieu.structure.memberships.filter(role__in=[Role.MEDIATEUR, Role.AIDANT, Role.GESTIONNAIRE]).first()
        actor = receiver.user if receiver else prescripteur
        o = services.create_orientation(
            by=prescripteur, structure=structure, lieu=lieu, besoins=rng.sample(besoins, k=rng.choice([1, 1, 2])),
            consentement=texte, personne_prenom=prenom, personne_commune=structure.commune,
            echeance=(timezone.localdate() + timedelta(days=10)) if i % 4 == 0 else None,
            echeance_motif="déclaration trimestrielle RSA" if i % 4 == 0 else "",
            message="Personne très inquiète, préfère le matin." if i % 3 == 0 else "",
        )  # fmt: skip
        state = i % 6
        if state == 1:
            services.accept_orientation(orientation=o, by=actor, rendez_vous_at=now + timedelta(days=3, hours=2))
        elif state == 2:
            services.decline_orientation(orientation=o, by=actor, motif=MotifRefus.COMPLET)
        elif state == 3:
            services.redirect_orientation(orientation=o, by=actor, lieu=lieux[(i + 1) % len(lieux)])
        elif state in (4, 5):
            services.accept_orientation(orientation=o, by=actor)
            services.close_orientation(
                orientation=o, by=actor, personne_venue=state == 4, besoin_resultat="RESOLU" if state == 4 else ""
            )
        Orientation.objects.filter(pk=o.pk).update(created_at=now - timedelta(days=rng.randint(1, 60)))
    attente = _en_attente_des_mediateurs(ctx, prescripteur, structure, texte, rng)
    if ctx.stdout:
        ctx.stdout.write(f"  {len(PRENOMS) + attente} orientations de démonstration")


def _en_attente_des_mediateurs(ctx, prescripteur, structure, texte, rng) -> int:
    """Chaque compte de médiation de la démonstration trouve des orientations à traiter dans sa boîte : deux
    orientations en attente de réponse vers un lieu publié de sa structure (l'une avec une échéance proche)."""
    mediateurs = [user for key, user in ctx.users.items() if str(key).startswith(Role.MEDIATEUR)]
    besoins = [b.value for b in Besoin]
    count = 0
    for mediateur in mediateurs:
        ids = mediateur.memberships.filter(role=Role.MEDIATEUR).values_list("structure_id", flat=True)
        lieu = Lieu.objects.published().filter(structure_id__in=ids).exclude(structure=structure).first()
        if lieu is None:
            continue
        for j, prenom in enumerate(("Odile", "S. M.")):
            services.create_orientation(
                by=prescripteur, structure=structure, lieu=lieu, besoins=rng.sample(besoins, k=1),
                consentement=texte, personne_prenom=prenom, personne_commune=structure.commune,
                echeance=timezone.localdate() + timedelta(days=6) if j == 0 else None,
                echeance_motif="renouvellement de la complémentaire santé" if j == 0 else "",
            )  # fmt: skip
            count += 1
    return count
