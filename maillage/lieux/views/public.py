"""Pages publiques des lieux, sans compte : « Trouver un lieu », la page d'un lieu et sa fiche imprimable.

La liste des résultats est du HTML simple : elle marche sans JavaScript et sans tuiles de carte. La carte
(Leaflet, du paquet django-leaflet) est un plus chargé par `lieux/recherche.js`, qui lit les points sur
`lieux:carte_points` (mêmes paramètres que la page).
"""

import uuid
from datetime import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.comptes.permissions import can_orient
from maillage.core.communes import resolve_commune
from maillage.core.models import Commune
from maillage.core.pagination import with_links
from maillage.core.utils import de
from maillage.lieux import api_sorties
from maillage.lieux import horaires as h
from maillage.lieux.enums import Frais, Itinerance, StatutLieu
from maillage.lieux.forms import RAYON_DEFAUT, RechercheForm
from maillage.lieux.models import Lieu
from maillage.lieux.permissions import can_edit_lieu, editable_lieux
from maillage.lieux.presentation import besoins_des_services, besoins_of, format_distance, lieu_context
from maillage.lieux.selectors import SearchError, pass_accepted_ids, search_lieux
from maillage.lieux.selectors.index import commune_choisie

PAGE_SIZE = 20
MAP_LIMIT = 200  # points sur la carte : au-delà, la liste (paginée) fait foi et la carte le dit

# — Commune : texte libre (sans JavaScript) ou code INSEE (autocomplétion) —


def _commune(ou: str, code: str) -> Commune:
    """La commune cherchée : le code INSEE choisi dans l'autocomplétion, sinon le texte tapé, résolu par la règle
    commune à tout Maillage (homonymes : la personne précise, on ne choisit pas à sa place)."""
    if code:
        commune = commune_choisie(code)
        if commune is not None:
            return commune
    return resolve_commune(ou or code)


def _search_params(form: RechercheForm):
    """Traduit le formulaire en paramètres de `search_lieux`, et décrit la recherche en mots."""
    where = _where(form)
    if where is None:
        return None, None, None
    params, description, commune = where
    if commune is not None:
        # Les lieux qui interviennent dans la commune (périmètre de l'annuaire) d'abord, même quand la commune ne
        # sert plus que de centre du cercle.
        params["intervient_dans"] = commune.code_insee
    return {**params, **_filters(form.cleaned_data)}, description, commune


def _where(form: RechercheForm) -> tuple[dict, str | None, Commune | None] | None:
    """Le centre et le rayon de la recherche, décrits en mots ; None si la commune est introuvable (message sous
    le champ)."""
    data = form.cleaned_data
    params = {}
    description = None
    commune = None
    if data.get("lat") is not None:
        params["lat"], params["lon"] = data["lat"], data["lon"]
        description = "autour de votre position"
    elif data.get("commune") or data.get("ou"):
        try:
            commune = _commune(data.get("ou") or "", data.get("commune") or "")
        except ValidationError as e:
            form.add_error("ou", e)
            return None
        params["commune"] = commune.code_insee
        description = f"autour {de(commune.label)}"
    rayon = data.get("rayon_km") or RAYON_DEFAUT
    if not params:
        return params, description, commune
    if rayon == "commune":
        if "commune" in params:
            description = f"à {commune.nom}"
        else:
            params["rayon_km"] = float(RAYON_DEFAUT)
        return params, description, commune
    params["rayon_km"] = float(rayon)
    description += f", à moins de {rayon} km"
    if "commune" in params and commune.latitude is not None and commune.longitude is not None:
        # Même centre que celui que prendrait la recherche, sans relire la commune.
        del params["commune"]
        params["lat"], params["lon"] = commune.latitude, commune.longitude
    return params, description, commune


def _creneaux(data: dict) -> list:
    """« En soirée », « le samedi », « le [jour] à [heure] » : fenêtres de temps de `search_lieux`."""
    now = timezone.localtime()
    creneaux = []
    if data.get("soiree"):
        creneaux.append(h.fenetres_soiree(now.date()))
    if data.get("samedi"):
        creneaux.append(h.fenetres_jour(now.date(), 5))
    if data.get("jour"):
        heure = time.fromisoformat(data["heure"]) if data.get("heure") else None
        creneaux.append(h.fenetres_jour(now.date(), int(data["jour"]), heure, now=now))
    return creneaux


def _filters(data: dict) -> dict:
    """Quoi, pour qui, à quelles conditions, quand : les filtres de `search_lieux`."""
    params = {}
    if data.get("prise_en_charge"):
        params["prise_en_charge"] = data["prise_en_charge"]
    creneaux = _creneaux(data)
    if creneaux:
        params["creneaux"] = creneaux
    if data.get("besoin"):
        params["besoin"] = data["besoin"]
    if data.get("publics"):
        params["publics"] = data["publics"]
    if data.get("gratuit"):
        params["frais"] = [Frais.GRATUIT]
    for flag in ("accessible", "pass_numerique", "ouvert_maintenant"):
        if data.get(flag):
            params[flag] = True
    if data.get("q"):
        params["q"] = data["q"]
    if data.get("sur_place"):
        params["a_distance"] = False
    return params


_UUID_MODELE = uuid.UUID(int=0)


def _result_rows(items) -> list[dict]:
    """Les cartes de résultats ; un lieu est un objet `Lieu` ou la partie fixe que garde `api_sorties` (recherche
    autour d'un point : aucun objet à construire)."""
    now = timezone.now()
    fiche = reverse("lieux:detail", args=[_UUID_MODELE])  # une fois : l'adresse de chaque fiche en découle
    rows = []
    for item in items:
        lieu = item.lieu
        if isinstance(lieu, dict):
            public_id, arrets = lieu["id"], lieu["_horaires_arrets"]
            services = [s["code"] for s in lieu["services"]]
            frais = [f["code"] for f in lieu["frais_a_charge"]]
            itinerant = any(i["code"] == Itinerance.ITINERANT for i in lieu["itinerance"])
            accepte_pass = lieu["_accepte_pass"]
            champs = {k: lieu[k] for k in ("nom", "adresse", "code_postal", "commune", "horaires")}
        else:
            public_id, arrets, services, frais = lieu.public_id, lieu.arrets.all(), lieu.services, lieu.frais_a_charge
            itinerant, accepte_pass = lieu.is_itinerant, lieu.accepte_pass
            champs = {k: getattr(lieu, k) for k in ("nom", "adresse", "code_postal", "commune", "horaires")}
        rows.append({
            **champs,
            "url": fiche.replace(str(_UUID_MODELE), str(public_id)),
            "distance": format_distance(item.distance_km),
            "ouvert": item.ouvert_maintenant,
            # Lieu itinérant : ses arrêts ont leurs propres horaires, le badge « ouvert/fermé » suffit.
            "annonce": h.annonce(champs["horaires"], now) if champs["horaires"] and not arrets else None,
            "besoins": besoins_des_services(services or []),
            "gratuit": Frais.GRATUIT in (frais or []),
            "pass_numerique": accepte_pass,  # drapeau tenu par le Pass (aucune lecture de plus)
            "itinerant": itinerant,
            "intervient": item.intervient_dans_la_commune,
            "a_distance": item.a_distance,
        })  # fmt: skip
    return rows


#: Paramètres du haut du formulaire (« Où ? ») et de la page : hors de la clé du cache des critères.
_HORS_CRITERES = {"ou", "commune", "lat", "lon", "rayon_km", "page"}


def _cle_criteres(request) -> str:
    """Ce dont dépend le rendu des critères du formulaire (sans erreur) : les paramètres GET, hors « Où ? »."""
    return "&".join(sorted(f"{k}={v}" for k, vs in request.GET.lists() if k not in _HORS_CRITERES for v in vs))


def _add_results(request, context: dict, params: dict, page: int) -> bool:
    """Ajoute au contexte une page de résultats (liste, pagination, carte) ; False si la recherche est impossible
    (la raison est posée sur le formulaire)."""
    try:
        # Autour d'un point, la page lit comme l'API (parties fixes en mémoire, décision 0022).
        result = search_lieux(**params, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, lecteur=api_sorties.lire)
    except SearchError as error:
        context["form"].add_error(None, str(error))
        return False
    # Les liens seulement : la recherche a déjà lu sa page (un numéro au-delà de la fin donne une liste vide).
    pagination = with_links(request, Paginator(range(result.total), PAGE_SIZE).get_page(page))
    context.update(
        total=result.total,
        rows=_result_rows(result.items),
        pagination=pagination,
        has_centre=result.centre is not None,
        ignored_filters=result.ignored_filters,
        map_query=request.GET.urlencode(),
    )
    return True


@login_not_required
@transaction.non_atomic_requests  # lecture publique : pas de BEGIN/COMMIT à chaque requête
@require_GET
def recherche(request):
    """« Trouver un lieu » : où, quoi, pour qui, à quelles conditions ; résultats par distance (liste + carte)."""
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("rayon_km", RAYON_DEFAUT)  # un formulaire soumis sans distance garde la distance par défaut
    form = RechercheForm(data, initial={"rayon_km": RAYON_DEFAUT})
    context = {
        "form": form,
        "rows": [],
        "total": None,
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    status = 200
    params = None  # page d'arrivée sans critère : le formulaire seul (lister 50 000 lieux par nom n'aide personne)
    page = 1
    if form.is_bound:
        if form.is_valid():
            page = form.cleaned_data.get("page") or 1
            # params None : commune introuvable (message sous le champ, on ne cherche pas).
            params, description, commune = _search_params(form)
            context.update(description=description, commune=commune)
        else:
            status = 400  # paramètre impossible (hors bornes, valeur inconnue) : la raison est affichée
            params = None
    if params is not None and not _add_results(request, context, params, page):
        status = 400
    context["search_done"] = form.is_bound and not form.errors
    context["cle_criteres"] = f"{int(form.is_bound)}|{_cle_criteres(request)}"  # non lié : valeurs initiales
    return render(request, "lieux/recherche.html", context, status=status)


@login_not_required
@transaction.non_atomic_requests  # lecture publique : pas de BEGIN/COMMIT à chaque requête
@require_GET
def carte_points(request):
    """Points de la carte pour une recherche (mêmes paramètres que la page) : JSON léger, lu par recherche.js."""
    form = RechercheForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return JsonResponse({"erreur": _first_error(form)}, status=400)
    params = {}
    if form.is_bound:
        params, _description, _commune = _search_params(form)
        if params is None:
            return JsonResponse({"erreur": _first_error(form)}, status=400)
    try:
        result = search_lieux(**params, limit=MAP_LIMIT)
    except SearchError as error:
        return JsonResponse({"erreur": str(error)}, status=400)
    points = []
    for item in result.items:
        lieu = item.lieu
        url = reverse("lieux:detail", args=[lieu.public_id])
        coords = [(lieu.latitude, lieu.longitude, lieu.adresse)]
        coords += [(a.latitude, a.longitude, a.nom or a.adresse) for a in lieu.arrets.all()]
        for lat, lon, where in coords:
            if lat is not None and lon is not None:
                points.append({"nom": lieu.nom, "lat": lat, "lon": lon, "url": url, "adresse": where})
    response = JsonResponse({"total": result.total, "tronque": result.total > MAP_LIMIT, "points": points})
    response["Cache-Control"] = "public, max-age=60"
    return response


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "Recherche impossible."


# — Page d'un lieu et fiche imprimable —


class LieuFerme(Exception):
    """Un lieu fermé demandé par le public : la page « Ce lieu a fermé » remplace la page du lieu."""

    def __init__(self, lieu: Lieu):
        super().__init__(lieu.nom)
        self.lieu = lieu


def get_visible_lieu(request, public_id) -> Lieu:
    """Un lieu publié (tout le monde) ; un brouillon ou un lieu fermé pour qui peut le modifier. Un lieu fermé,
    pour les autres : `LieuFerme` (son ancienne adresse et son QR code répondent encore) ; un brouillon : 404."""
    lieu = Lieu.objects.select_related("structure").prefetch_related("arrets__commune").filter(public_id=public_id)
    lieu = lieu.first()
    if lieu is None:
        raise Http404("Lieu introuvable")
    if lieu.is_published:
        return lieu
    if request.user.is_authenticated and editable_lieux(request.user).filter(pk=lieu.pk).exists():
        return lieu
    if lieu.statut == StatutLieu.FERME:
        raise LieuFerme(lieu)
    raise Http404("Lieu introuvable")


RAYON_REMPLACANTS_KM = 30


def _remplacants(lieu: Lieu) -> list:
    """Les 3 lieux ouverts les plus proches qui offrent au moins un des services du lieu fermé (30 km, sinon
    partout en France) ; sans position ni commune connue, aucun."""
    centre = (lieu.latitude, lieu.longitude)
    if None in centre and lieu.commune_ref_id:
        centre = (lieu.commune_ref.latitude, lieu.commune_ref.longitude)
    if None in centre:
        return []
    params = {"lat": centre[0], "lon": centre[1], "services": lieu.services or None, "limit": 3}
    result = search_lieux(**params, rayon_km=RAYON_REMPLACANTS_KM)
    return result.items or search_lieux(**params).items


def lieu_ferme(request, lieu: Lieu):
    """« Ce lieu a fermé » : 410 (la ressource a existé et n'existe plus), avec les lieux ouverts les plus proches
    pour les mêmes besoins. 410 plutôt que 200 : les moteurs de recherche et les réutilisateurs oublient l'adresse,
    et la personne qui scanne le QR code voit la même page (le navigateur affiche le corps de la réponse)."""
    context = {
        "lieu": lieu,
        "besoins": besoins_of(lieu),
        "rows": _result_rows(_remplacants(lieu)),
        "commune_code": lieu.commune_ref_id or lieu.code_insee,
    }
    return render(request, "lieux/ferme.html", context, status=410)


@login_not_required
@transaction.non_atomic_requests  # lecture publique : pas de BEGIN/COMMIT à chaque requête
@require_GET
def detail(request, public_id):
    try:
        lieu = get_visible_lieu(request, public_id)
    except LieuFerme as ferme:
        return lieu_ferme(request, ferme.lieu)
    context = lieu_context(lieu)
    context["can_edit"] = can_edit_lieu(request.user, lieu)
    context["pass_numerique"] = bool(pass_accepted_ids([lieu.pk]))
    # Une prescriptrice ou un prescripteur qui consulte un lieu ouvert aux orientations peut y adresser une personne.
    context["can_orient_here"] = lieu.is_published and lieu.structure_id is not None and can_orient(request.user)
    points = [{"nom": lieu.nom, "lat": lieu.latitude, "lon": lieu.longitude}] if context["position"] else []
    points += [
        {"nom": a["arret"].nom or a["arret"].adresse, "lat": a["arret"].latitude, "lon": a["arret"].longitude}
        for a in context["arrets"]
        if a["arret"].latitude is not None and a["arret"].longitude is not None
    ]
    context.update(points=points, map_tile_url=settings.MAP_TILE_URL, map_attribution=settings.MAP_TILE_ATTRIBUTION)
    return render(request, "lieux/detail.html", context)


@login_not_required
@transaction.non_atomic_requests  # lecture publique : pas de BEGIN/COMMIT à chaque requête
@require_GET
def fiche(request, public_id):
    """Fiche A4 à imprimer et à remettre à la personne : gros caractères, pas de navigation, QR code vers la page."""
    import segno

    try:
        lieu = get_visible_lieu(request, public_id)
    except LieuFerme as ferme:
        return lieu_ferme(request, ferme.lieu)
    context = lieu_context(lieu)
    page_url = request.build_absolute_uri(reverse("lieux:detail", args=[lieu.public_id]))
    context["page_url"] = page_url
    context["qr_svg"] = segno.make(page_url, error="m").svg_inline(scale=3, omitsize=False)
    context["imprime_le"] = timezone.localdate()
    return render(request, "lieux/fiche.html", context)
