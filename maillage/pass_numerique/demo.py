"""Démonstration du Pass numérique en Maine-et-Loire : lieux qualifiés, une campagne, des remises, des encaissements.

Appelé par `manage.py load_demo` après la démo des lieux. Idempotent : si la campagne existe, rien n'est refait.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.lieux.models import Lieu
from maillage.pass_numerique import services
from maillage.pass_numerique.catalogue import ensure_catalogue
from maillage.pass_numerique.enums import Besoin, Situation, StatutQualification, TrancheAge
from maillage.pass_numerique.models import (
    Campagne,
    Carnet,
    Charte,
    Cheque,
    PointDistribution,
    QualificationPass,
    ServicePass,
)

NOM_CAMPAGNE = "Pass numérique 2026 — Maine-et-Loire (démo)"
IBAN_DEMO = "FR7630006000011234567890189"  # IBAN d'exemple valide (clé correcte), fictif
SIRET_DEMO = "73282932000074"
# Structures dont les lieux sont qualifiés (index dans comptes/demo.py STRUCTURES) et leurs services.
QUALIFIEES = {
    1: ["atelier-collectif", "accompagnement-individuel", "messagerie", "smartphone"],
    7: ["atelier-collectif", "accompagnement-individuel", "securite"],
    2: ["atelier-collectif", "demarches-en-ligne"],
    10: ["atelier-collectif", "smartphone", "parcours-emploi"],
}


def _say(ctx, msg):
    if ctx.stdout:
        ctx.stdout.write(f"  Pass numérique : {msg}")


def load(ctx) -> None:
    ensure_catalogue()
    if Campagne.objects.filter(nom=NOM_CAMPAGNE).exists():
        _say(ctx, "campagne déjà présente, rien à faire.")
        return
    financeur = ctx.users.get(Role.COMMANDITAIRE)
    coordination = ctx.users.get(Role.COORDINATEUR)
    gestion = ctx.users.get(Role.GESTIONNAIRE)
    if financeur is None or len(ctx.structures) < 11:
        _say(ctx, "comptes de démonstration incomplets, démo du pass sautée.")
        return
    charte = Charte.objects.order_by("-created_at").first()
    catalogue = {s.code: s for s in ServicePass.objects.all()}
    lieux_qualifies = []
    for idx, codes in QUALIFIEES.items():
        lieu = Lieu.objects.filter(structure=ctx.structures[idx]).order_by("pk").first()
        if lieu is None:
            continue
        q = QualificationPass.objects.filter(lieu=lieu, territoire=ctx.territoire).first()
        if q is None:
            q = services.apply_qualification(
                lieu=lieu, territoire=ctx.territoire, siret=SIRET_DEMO, titulaire_compte=ctx.structures[idx].nom,
                iban=IBAN_DEMO, offres={catalogue[c]: (4 if c == "parcours-emploi" else 1) for c in codes},
                charte=charte, charte_acceptee=True, by=gestion or financeur,
                # Un lieu laisse un reste à payer documenté (atelier smartphone : le support imprimé).
                restes={catalogue["smartphone"]: (Decimal("2"), "support de cours imprimé remis à la personne")}
                if idx == max(QUALIFIEES) and "smartphone" in codes else None,
            )  # fmt: skip
            services.decide_qualification(
                qualification=q, statut=StatutQualification.APPROUVEE, by=coordination or financeur
            )
        lieux_qualifies.append(lieu)
    if not lieux_qualifies:
        _say(ctx, "aucun lieu de démonstration (lancez la démo des lieux) : campagne non créée.")
        return
    today = timezone.localdate()
    campagne = services.create_campagne(
        territoire=ctx.territoire, nom=NOM_CAMPAGNE, valeur_cheque=Decimal("10"), cheques_par_carnet=10,
        nombre_carnets=500, starts_on=today - datetime.timedelta(days=60), ends_on=today + datetime.timedelta(days=300),
        tolerance_jours=31, budget=Decimal("50000"),
        services=[catalogue[c] for c in ("atelier-collectif", "accompagnement-individuel", "demarches-en-ligne",
                                         "messagerie", "smartphone", "securite")],
        lieux=[], cofinancements=[(ctx.structures[0], Decimal("70")), (ctx.structures[3], Decimal("30"))], by=financeur,
        reste_a_charge_autorise=True,
    )  # fmt: skip
    services.generate_carnets(campagne=campagne, by=financeur)
    services.allocate_carnets(campagne=campagne, structure=ctx.structures[3], nombre=100, by=financeur)  # CCAS Angers
    services.allocate_carnets(campagne=campagne, structure=ctx.structures[6], nombre=50, by=coordination)  # Avrillé
    prescripteur = ctx.users.get(Role.PRESCRIPTEUR) or financeur
    communes = list(ctx.territoire.communes.order_by("-population")[:8])
    ages, situations, besoins = list(TrancheAge.values), list(Situation.values), list(Besoin.values)
    remis = []
    for i, carnet in enumerate(Carnet.objects.filter(campagne=campagne, structure=ctx.structures[3])[:40]):
        services.hand_out_carnet(
            carnet=carnet, by=prescripteur, tranche_age=ages[(i * 3) % len(ages)], commune=communes[i % len(communes)],
            situation=situations[i % len(situations)], besoin=besoins[(i * 5) % len(besoins)],
        )  # fmt: skip
        remis.append(carnet)
    # Encaissements : les médiatrices et médiateurs des lieux qualifiés, sur les services que chaque lieu propose.
    mediateurs = {
        ctx.structures[1].pk: ctx.users.get(Role.MEDIATEUR),
        ctx.structures[7].pk: ctx.users.get("MEDIATEUR_7"),
    }
    n = 0
    for i, carnet in enumerate(remis[:25]):
        lieu = lieux_qualifies[i % len(lieux_qualifies)]
        by = mediateurs.get(lieu.structure_id) or gestion or financeur
        offres = [
            o.service for o in QualificationPass.objects.get(lieu=lieu, territoire=ctx.territoire).offres.all()
            if campagne.services_eligibles.filter(pk=o.service_id).exists()
        ]  # fmt: skip
        for rang, cheque in enumerate(Cheque.objects.filter(carnet=carnet).order_by("rang")[: 1 + i % 6]):
            services.redeem_cheque(
                raw_code=cheque.code, lieu=lieu, service=offres[rang % len(offres)], by=by, ip="demo",
                reste_annonce=True,  # le reste éventuel (atelier smartphone) a été dit à la personne
            )  # fmt: skip
            n += 1
    services.cancel_carnet(carnet=remis[-1], by=prescripteur, motif="Carnet déclaré perdu (démo)")
    # Le CCAS d'Angers a choisi d'être nommé sur la page publique (choix fait par sa ou son gestionnaire ; la démo
    # n'a pas de compte de gestion au CCAS, la ligne est écrite telle quelle).
    PointDistribution.objects.update_or_create(
        structure=ctx.structures[3],
        defaults={"visible": True, "precisions": "Au guichet, sur rendez-vous", "updated_by": prescripteur},
    )
    _say(
        ctx, f"{len(lieux_qualifies)} lieux qualifiés, 500 carnets générés, {len(remis)} remis, {n} chèques encaissés."
    )
