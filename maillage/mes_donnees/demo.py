"""« Mes données » en démonstration : un code personnel pour Josiane Démo (personne suivie), affiché pour essayer
la page publique, et une demande d'effacement en attente (orientation) dans la liste de la structure qui oriente."""

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.enums import Role
from maillage.mes_donnees import codes, services
from maillage.mes_donnees.models import CodePersonnel
from maillage.orientations.models import Orientation


def load(ctx):
    if CodePersonnel.objects.exists():
        return
    seance = Accompagnement.objects.filter(beneficiaire__nom="Démo", mediateur__is_demo=True).order_by("-date").first()
    if seance is not None:
        _, plain = services.issue_code(by=seance.mediateur, accompagnement=seance)
        if ctx.stdout:
            ctx.stdout.write(
                f"  Code personnel de démonstration, à taper sur /mes-donnees/ : {codes.format_code(plain)}"
            )
    prescripteur = ctx.users.get(Role.PRESCRIPTEUR)
    orientation = Orientation.objects.filter(prescripteur=prescripteur, anonymized_at__isnull=True).last()
    if prescripteur is not None and orientation is not None:
        code, _ = services.issue_code(by=prescripteur, orientation=orientation)
        services.request_erasure(code=code)
