"""Pagination des listes : une page Django et ses liens, rendus par `components/pagination.html` (DSFR).

Les liens gardent les autres paramètres de l'adresse (filtres, recherche) : changer de page ne perd pas les
critères. Un numéro de page illisible ou hors limites donne la première ou la dernière page, jamais une erreur.
"""

from django.core.paginator import Page, Paginator

#: Pages voisines affichées de part et d'autre de la page courante.
VOISINES = 2


def _liens(request, param: str):
    """Adresse d'une page : les autres paramètres encodés une fois, le numéro ajouté au bout."""
    query = request.GET.copy()
    query.pop(param, None)
    autres = query.urlencode()
    prefixe = f"?{autres}&{param}=" if autres else f"?{param}="
    return lambda number: f"{prefixe}{number}"


def with_links(request, page: Page, *, param: str = "page") -> Page:
    """Ajoute à la page ce que le gabarit affiche : `window` [(numéro, adresse)], `previous_url`, `next_url`."""
    number, last = page.number, page.paginator.num_pages
    url = _liens(request, param)
    page.window = [(n, url(n)) for n in range(max(1, number - VOISINES), min(last, number + VOISINES) + 1)]
    page.previous_url = url(number - 1) if page.has_previous() else None
    page.next_url = url(number + 1) if page.has_next() else None
    page.first_url, page.last_url = url(1), url(last)
    return page


def paginate(request, object_list, *, per_page: int = 20, param: str = "page") -> Page:
    """La page demandée (`?page=`) d'une requête ordonnée ou d'une liste, prête pour `components/pagination.html`."""
    return with_links(request, Paginator(object_list, per_page).get_page(request.GET.get(param)), param=param)
