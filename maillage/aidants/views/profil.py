"""« Mon profil d'aidant » : niveaux (une ligne d'explication chacun), communes, Aidants Connect, vérification
publique, signature de la charte de chaque territoire."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from maillage.aidants import permissions, selectors, services
from maillage.aidants.enums import EXPLICATIONS_NIVEAUX, EtatCharte, EtatSignature, Niveau
from maillage.aidants.forms import CreationProfilForm, ProfilForm
from maillage.aidants.models import CharteAidants, ProfilAidant
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import structure_ids_for
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.core.refus import flash_error


def _chartes(profil: ProfilAidant) -> list[dict]:
    out = []
    for territoire in selectors.territoires_du_profil(profil):
        charte = selectors.charte_publiee(territoire)
        out.append({
            "territoire": territoire, "charte": charte,
            "etat": EtatSignature(selectors.etat_signature(profil, territoire)),
        })  # fmt: skip
    return out


def _creation(request):
    structures = Structure.objects.filter(pk__in=structure_ids_for(request.user, *permissions.ROLES_AIDANT))
    form = CreationProfilForm(request.POST or None, structures=structures)
    reponse = traiter_formulaire(
        request, form, lambda d: services.create_own_profil(user=request.user, **d),
        succes="Votre profil d'aidant est créé.", redirection="aidants:mon_profil",
    )  # fmt: skip
    return reponse or render(request, "aidants/profil_creation.html", {"form": form})


@require_http_methods(["GET", "POST"])
def mon_profil(request):
    if not permissions.can_have_own_profile(request.user):
        raise PermissionDenied
    profil = ProfilAidant.objects.filter(user=request.user, archived_at__isnull=True).first()
    if profil is None:
        return _creation(request)
    initial = {
        "niveaux": profil.tous_niveaux, "communes": "\n".join(c.label for c in profil.communes.all()),
        "aidants_connect": profil.aidants_connect, "aidants_connect_depuis": profil.aidants_connect_depuis,
    }  # fmt: skip
    form = ProfilForm(request.POST or None, initial=initial)

    def enregistrer(data) -> None:
        services.update_niveaux(profil=profil, by=request.user, niveaux=data["niveaux"])
        services.update_profil(
            profil=profil, by=request.user, communes=data["communes"], aidants_connect=data["aidants_connect"],
            aidants_connect_depuis=data["aidants_connect_depuis"],
        )  # fmt: skip

    reponse = traiter_formulaire(request, form, enregistrer, succes="Votre profil est enregistré.",
                                 redirection="aidants:mon_profil")  # fmt: skip
    return reponse or render(request, "aidants/mon_profil.html", {
        "profil": profil, "form": form, "chartes": _chartes(profil),
        "explications": [(Niveau(n).label, EXPLICATIONS_NIVEAUX[n]) for n in Niveau],
        "en_attente": [Niveau(n).label for n in profil.niveaux_en_attente],
        "rattachements": profil.rattachements.filter(detached_at__isnull=True).select_related("structure"),
    })  # fmt: skip


def _own_profile(request) -> ProfilAidant:
    return get_object_or_404(ProfilAidant, user=request.user, archived_at__isnull=True)


@require_POST
def verification(request):
    profil = _own_profile(request)
    return traiter_bouton(
        request,
        lambda: services.set_verification_publique(profil=profil, by=request.user,
                                                   ouverte=request.POST.get("ouverte") == "1"),
        succes="C'est enregistré.", redirection="aidants:mon_profil",
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
def signer(request, public_id):
    """Les seuls engagements qui lient mes niveaux, un par ligne, et un bouton."""
    profil = _own_profile(request)
    # Un brouillon n'est pas public, la charte d'un autre territoire n'est pas la sienne : 404, sans rien montrer.
    charte = get_object_or_404(
        CharteAidants.objects.exclude(etat=EtatCharte.BROUILLON),
        public_id=public_id,
        territoire__in=selectors.territoires_du_profil(profil),
    )
    if request.method == "POST":
        try:
            services.sign_charte(profil=profil, charte=charte, by=request.user)
        except ValidationError as e:
            flash_error(request, e)
        else:
            messages.success(request, f"Merci : vous avez signé la charte (version {charte.version}).")
            return redirect("aidants:mon_profil")
    # Déjà signée pour tous ses niveaux, ou remplacée : on le dit au lieu d'offrir un bouton qui serait refusé.
    signee = next(
        (s for s in profil.signatures.filter(charte=charte, withdrawn_at__isnull=True)
         if set(profil.tous_niveaux) <= set(s.niveaux_signes)),
        None,
    )  # fmt: skip
    return render(request, "aidants/signer.html", {
        "profil": profil, "charte": charte, "engagements": charte.engagements_pour(profil.tous_niveaux),
        "nouveaux": [Niveau(n).label for n in profil.niveaux_en_attente], "signee": signee,
        "remplacee": charte.etat == EtatCharte.REMPLACEE,
    })  # fmt: skip


@require_POST
def retirer(request, territoire_id):
    profil = _own_profile(request)
    territoire = get_object_or_404(Territoire, pk=territoire_id)
    return traiter_bouton(request, lambda: services.withdraw_signature(profil=profil, territoire=territoire,
                                                                      by=request.user),
                          succes="Votre signature est retirée. Vous n'apparaissez plus dans la vérification.",
                          redirection="aidants:mon_profil")  # fmt: skip
