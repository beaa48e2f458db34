"""Label de démonstration : un référentiel d'EXEMPLE (jamais celui d'un vrai département), deux pairs fondateurs
d'autres structures, et le médiateur vérifiable des aidants labellisé — charte signée, niveaux Pix saisis,
entretien entre pairs favorable : la vérification publique le dit."""

import datetime

from django.utils import timezone

from maillage.aidants import selectors as aidants_selectors
from maillage.aidants import services as aidants_services
from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import User
from maillage.label import services
from maillage.label.enums import CHAMPS, GRILLE_EXEMPLE, Avis, ResultatCritere, SourceNiveau
from maillage.label.models import ReferentielLabel


def _profil(niveau: int, **exceptions: int) -> dict:
    return {code: exceptions.get(code.replace(".", "_"), niveau) for code in CHAMPS}


#: Profils d'EXEMPLE (à adapter) : un socle commun pour tous, plus exigeant à mesure que l'on intervient.
PROFILS = {
    "REPERER_ORIENTER": _profil(1),
    "AIDER_URGENCE": _profil(2, c3_4=0, c4_2=3),
    "ACCOMPAGNER_AUTONOMIE": _profil(3, c3_4=1, c3_2=2),
    "FORMER_AIDANTS": _profil(3, c3_4=1, c3_2=2, c4_2=4),
}
#: Les pairs fondateurs : la médiatrice de Cholet et l'aidant de la démonstration (autres structures que Mehdi).
PAIRS = [("mediation.cholet@demo.maillage.fr", 7, "MEDIATEUR"), ("aidant@demo.maillage.fr", 5, "BENEVOLE")]


def _pair(ctx, email: str, index: int, statut: str, charte, coordinateur) -> ProfilAidant:
    user = User.objects.get(email=email)
    profil = ProfilAidant.objects.filter(user=user).first() or aidants_services.create_own_profil(
        user=user, structure=ctx.structures[index], statut=statut, niveaux=["ACCOMPAGNER_AUTONOMIE"]
    )
    aidants_services.sign_charte(profil=profil, charte=charte, by=user)
    services.designate_pair_fondateur(territoire=ctx.territoire, profil=profil, by=coordinateur)
    return profil


def load(ctx):
    coordinateur, mediateur = ctx.users.get(Role.COORDINATEUR), ctx.users.get(Role.MEDIATEUR)
    if not (coordinateur and mediateur and ctx.territoire) or ReferentielLabel.objects.exists():
        return
    profil = ProfilAidant.objects.filter(user=mediateur).first()
    charte = aidants_selectors.charte_publiee(ctx.territoire)
    if profil is None or charte is None:
        return
    services.publish_referentiel(
        territoire=ctx.territoire, by=coordinateur, grille=GRILLE_EXEMPLE, profils=PROFILS, est_exemple=True
    )
    pairs = [_pair(ctx, email, index, statut, charte, coordinateur) for email, index, statut in PAIRS]
    services.save_competences(
        profil=profil, by=mediateur, niveaux=_profil(4, c3_4=2, c3_2=3, c5_2=5), source=SourceNiveau.PIX_CERTIFICATION,
        evalue_le=timezone.localdate() - datetime.timedelta(days=120), preuve="P-DEMO-0001",
    )  # fmt: skip
    demande = services.apply_for_label(
        profil=profil, territoire=ctx.territoire, niveau="ACCOMPAGNER_AUTONOMIE", by=mediateur
    )
    services.record_entretien(
        demande=demande, by=coordinateur, pair_1=pairs[0], pair_2=pairs[1], avis=Avis.FAVORABLE,
        mene_le=timezone.localdate() - datetime.timedelta(days=7),
        resultats=[ResultatCritere.ACQUIS] * len(GRILLE_EXEMPLE),
    )  # fmt: skip
    services.decide_demande(
        demande=demande, by=coordinateur, accorder=True,
        motif="Exemple : charte signée, profil « Accompagner vers l'autonomie » atteint, entretien favorable.",
    )  # fmt: skip
    if ctx.stdout:
        ctx.stdout.write(
            f"Label : référentiel d'exemple, 2 pairs fondateurs, {mediateur.first_name} {mediateur.last_name} "
            "labellisé (vérification publique)."
        )
