"""La charte du territoire (coordination) : versions, brouillon, engagements, import, publication, délai."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from maillage.aidants import echange, permissions, selectors, services
from maillage.aidants.enums import EtatCharte
from maillage.aidants.forms import BrouillonForm, DelaiForm, EngagementForm, ImportCharteForm
from maillage.aidants.models import CharteAidants, Engagement, delai_resignature
from maillage.aidants.views.public import export_response
from maillage.aidants.views.reseau import territoire_choisi
from maillage.core.formulaires import traiter_bouton, traiter_formulaire
from maillage.core.refus import flash_error

MAX_IMPORT = 1_000_000


def _charte(request, public_id) -> CharteAidants:
    charte = get_object_or_404(CharteAidants.objects.select_related("territoire"), public_id=public_id)
    if not permissions.can_manage_charte(request.user, charte.territoire):
        raise Http404
    return charte


def _retour(charte: CharteAidants):
    return redirect("aidants:charte", public_id=charte.public_id)


@require_http_methods(["GET", "POST"])
def chartes(request):
    territoire, _ = territoire_choisi(request)
    import_form = ImportCharteForm(request.POST or None, request.FILES or None)
    delai_form = DelaiForm(initial={"jours": delai_resignature(territoire).days})

    def importer(d) -> CharteAidants:
        fichier = d["fichier"]
        if fichier.size > MAX_IMPORT:
            raise ValidationError("Ce fichier est trop gros pour une charte (1 Mo au plus).")
        try:
            data = echange.parse(fichier.read().decode("utf-8-sig", errors="strict"), fichier.name)
        except UnicodeDecodeError:
            raise ValidationError({"fichier": "Ce fichier n'est pas un texte UTF-8."}) from None
        return services.import_charte(territoire=territoire, by=request.user, data=data)

    reponse = traiter_formulaire(
        request, import_form, importer,
        succes="La charte est importée comme brouillon : relisez-la, puis publiez-la.",
        redirection=lambda charte: reverse("aidants:charte", args=[charte.public_id]),
    )  # fmt: skip
    return reponse or render(request, "aidants/chartes.html", {
        "territoire": territoire, "versions": CharteAidants.objects.filter(territoire=territoire),
        "import_form": import_form, "delai_form": delai_form,
    })  # fmt: skip


@require_POST
def nouvelle_version(request):
    territoire, _ = territoire_choisi(request)
    try:
        charte = services.create_brouillon(
            territoire=territoire, by=request.user, depuis=selectors.charte_publiee(territoire)
        )
    except ValidationError as e:
        flash_error(request, e)
        return redirect(f"{reverse('aidants:chartes')}?territoire={territoire.slug}")
    return _retour(charte)


@require_POST
def delai(request):
    territoire, _ = territoire_choisi(request)
    form = DelaiForm(request.POST)

    def enregistrer() -> None:
        if not form.is_valid():
            raise ValidationError("Le délai va de 0 à 730 jours.")
        services.set_delai_resignature(territoire=territoire, by=request.user, jours=form.cleaned_data["jours"])

    return traiter_bouton(request, enregistrer, succes="Le délai est enregistré.",
                          redirection=f"{reverse('aidants:chartes')}?territoire={territoire.slug}")  # fmt: skip


@require_http_methods(["GET", "POST"])
def charte(request, public_id):
    charte = _charte(request, public_id)
    brouillon = charte.etat == EtatCharte.BROUILLON
    form = BrouillonForm(request.POST or None, initial={"titre": charte.titre, "preambule": charte.preambule})
    reponse = brouillon and traiter_formulaire(
        request, form, lambda d: services.update_brouillon(charte=charte, by=request.user, **d),
        succes="Le brouillon est enregistré.", redirection=reverse("aidants:charte", args=[charte.public_id]),
    )  # fmt: skip
    return reponse or render(request, "aidants/charte.html", {
        "charte": charte, "brouillon": brouillon, "form": form, "engagement_form": EngagementForm(),
        "engagements": charte.engagements.all(),
    })  # fmt: skip


@require_POST
def engagement_ajout(request, public_id):
    charte = _charte(request, public_id)
    form = EngagementForm(request.POST)
    if form.is_valid():
        try:
            services.add_engagement(charte=charte, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            flash_error(request, e)
    else:
        messages.error(request, "Écrivez l'engagement (2 000 caractères au plus).")
    return _retour(charte)


@require_POST
def engagement_retrait(request, public_id, numero):
    charte = _charte(request, public_id)
    engagement = get_object_or_404(Engagement, charte=charte, numero=numero)
    try:
        services.remove_engagement(engagement=engagement, by=request.user)
    except ValidationError as e:
        flash_error(request, e)
    return _retour(charte)


@require_POST
def publier(request, public_id):
    charte = _charte(request, public_id)
    return traiter_bouton(
        request, lambda: services.publish_charte(charte=charte, by=request.user),
        succes=lambda _: f"La version {charte.version} est publiée. Les aidants peuvent la signer.",
        redirection=reverse("aidants:charte", args=[charte.public_id]),
    )  # fmt: skip


def export_brouillon(request, public_id, fmt):
    return export_response(_charte(request, public_id), fmt)
