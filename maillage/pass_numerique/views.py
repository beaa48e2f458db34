"""Pages du Pass numérique. Chaque vue : récupère (périmètre du compte), vérifie, valide, appelle le service, affiche."""

import io
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.utils import client_ip
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation
from maillage.pass_numerique import codes, pdf, selectors, services
from maillage.pass_numerique.enums import StatutCampagne, StatutQualification
from maillage.pass_numerique.forms import (
    AllocationForm,
    AnnulationForm,
    CampagneForm,
    CorrectionForm,
    DecisionForm,
    EncaissementForm,
    PaiementForm,
    QualificationForm,
    ReleveMoisForm,
    RemiseForm,
)
from maillage.pass_numerique.models import (
    Campagne,
    Carnet,
    Cheque,
    Mouvement,
    QualificationPass,
    QualificationService,
    Releve,
)
from maillage.pass_numerique.permissions import (
    ROLES_DISTRIBUTION,
    can_allocate_carnets,
    can_apply_qualification,
    can_cancel_carnet,
    can_correct_encaissement,
    can_decide_qualification,
    can_hand_out_carnet,
    can_manage_campagne,
    can_manage_campagnes,
    can_redeem_at,
    can_view_campagne,
    can_view_releve,
    lieux_encaissement,
)


def _apply_errors(form, error: ValidationError) -> None:
    """Reporter les erreurs d'un service sur le formulaire (champ connu) ou en erreur générale."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _client_ip(request) -> str:
    return client_ip(request)


# ---------------------------------------------------------------------------------------------------------------
# Accueil (selon les rôles)
# ---------------------------------------------------------------------------------------------------------------


def accueil(request):
    user = request.user
    territoires = territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR)
    campagnes = Campagne.objects.filter(territoire_id__in=territoires).select_related("territoire")
    qualifications = (
        QualificationPass.objects.filter(territoire_id__in=territoires)
        .select_related("lieu", "territoire")
        .order_by("statut", "lieu__nom")
    )
    mes_lieux = Lieu.objects.filter(structure_id__in=structure_ids_for(user, Role.GESTIONNAIRE)).order_by("nom")
    mes_qualifications = QualificationPass.objects.filter(lieu__in=mes_lieux).select_related("lieu", "territoire")
    stock = (
        Carnet.objects.filter(structure_id__in=structure_ids_for(user, *ROLES_DISTRIBUTION))
        .select_related("campagne", "structure")
        .order_by("campagne_id", "numero")
    )
    lieux_enc = lieux_encaissement(user)
    releves = (
        Releve.objects.filter(qualification__lieu__in=Lieu.objects.filter(
            structure_id__in=structure_ids_for(user, Role.GESTIONNAIRE, Role.MEDIATEUR)))
        .select_related("campagne", "qualification__lieu")[:50]
    )  # fmt: skip
    context = {
        "campagnes": list(campagnes),
        "peut_creer": bool(territoire_ids_for(user, Role.COMMANDITAIRE)),
        "qualifications": list(qualifications),
        "mes_lieux": list(mes_lieux),
        "mes_qualifications": list(mes_qualifications),
        "stock_disponible": list(stock.filter(handed_out_at__isnull=True, cancelled_at__isnull=True)[:200]),
        "stock_remis": list(stock.filter(handed_out_at__isnull=False)[:50]),
        "stock_total": stock.filter(handed_out_at__isnull=True, cancelled_at__isnull=True).count(),
        "peut_encaisser": lieux_enc.exists(),
        "releves": list(releves),
        "decision_form": DecisionForm(),
    }
    return render(request, "pass_numerique/accueil.html", context)


# ---------------------------------------------------------------------------------------------------------------
# Qualification
# ---------------------------------------------------------------------------------------------------------------


def qualification_demande(request):
    lieux = Lieu.objects.filter(structure_id__in=structure_ids_for(request.user, Role.GESTIONNAIRE)).order_by("nom")
    if not lieux.exists():
        raise PermissionDenied(
            "Seul·e un·e gestionnaire d'une structure qui a des lieux peut demander la qualification."
        )
    charte = services.current_charte()
    if charte is None:
        raise Http404("Aucune charte du Pass numérique n'est encore publiée.")
    form = QualificationForm(request.POST or None, lieux=lieux)
    if request.method == "POST" and form.is_valid():
        lieu = form.cleaned_data["lieu"]
        if not can_apply_qualification(request.user, lieu):
            raise PermissionDenied
        try:
            services.apply_qualification(
                lieu=lieu, territoire=form.cleaned_data["territoire"], siret=form.cleaned_data["siret"],
                titulaire_compte=form.cleaned_data["titulaire_compte"], iban=form.cleaned_data["iban"],
                bic=form.cleaned_data["bic"], offres=form.offres(), charte=charte,
                charte_acceptee=form.cleaned_data["charte_acceptee"], by=request.user,
            )  # fmt: skip
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"Demande de qualification envoyée pour « {lieu.nom} ».")
            return redirect("pass_numerique:accueil")
    return render(request, "pass_numerique/qualification_demande.html", {"form": form, "charte": charte})


@require_POST
def qualification_decision(request, public_id):
    qualification = get_object_or_404(QualificationPass.objects.select_related("lieu"), public_id=public_id)
    if not can_decide_qualification(request.user, qualification):
        # 404 et non 403 : celui ou celle qui ne décide pas (autre territoire, le lieu lui-même) n'apprend même pas
        # que cette demande existe.
        raise Http404
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_qualification(
                qualification=qualification, statut=form.cleaned_data["statut"], by=request.user,
                motif=form.cleaned_data["motif"],
            )  # fmt: skip
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, f"Décision enregistrée pour « {qualification.lieu.nom} ».")
    else:
        messages.error(request, "Choisissez une décision.")
    return redirect("pass_numerique:accueil")


# ---------------------------------------------------------------------------------------------------------------
# Campagnes
# ---------------------------------------------------------------------------------------------------------------


def _campagne_form(request, data=None):
    territoire_ids = territoire_ids_for(request.user, Role.COMMANDITAIRE)
    territoires = Territoire.objects.filter(pk__in=territoire_ids)
    financeurs = Structure.objects.filter(
        pk__in=structure_ids_for(request.user, Role.COMMANDITAIRE)
    ) | Structure.objects.filter(memberships__role=Role.COMMANDITAIRE, memberships__territoire_id__in=territoire_ids)
    lieux = Lieu.objects.filter(
        qualifications_pass__territoire_id__in=territoire_ids,
        qualifications_pass__statut=StatutQualification.APPROUVEE,
    ).distinct()
    return CampagneForm(data, territoires=territoires, financeurs=financeurs.distinct(), lieux=lieux)


def campagne_nouvelle(request):
    if not territoire_ids_for(request.user, Role.COMMANDITAIRE):
        raise PermissionDenied("Seul un financeur crée une campagne.")
    form = _campagne_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        if not can_manage_campagnes(request.user, cd["territoire"]):
            raise PermissionDenied
        try:
            campagne = services.create_campagne(
                territoire=cd["territoire"], nom=cd["nom"], valeur_cheque=cd["valeur_cheque"],
                cheques_par_carnet=cd["cheques_par_carnet"], nombre_carnets=cd["nombre_carnets"],
                starts_on=cd["starts_on"], ends_on=cd["ends_on"], tolerance_jours=cd["tolerance_jours"],
                budget=cd["budget"], services=list(cd["services"]), lieux=list(cd["lieux"]),
                cofinancements=form.cofinancements(), by=request.user,
            )  # fmt: skip
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"Campagne « {campagne.nom} » créée. Générez maintenant ses carnets.")
            return redirect("pass_numerique:campagne", public_id=campagne.public_id)
    return render(request, "pass_numerique/campagne_nouvelle.html", {"form": form})


def _get_campagne(request, public_id) -> Campagne:
    campagne = get_object_or_404(Campagne.objects.select_related("territoire"), public_id=public_id)
    if not can_view_campagne(request.user, campagne):
        raise Http404
    return campagne


def campagne_detail(request, public_id):
    campagne = _get_campagne(request, public_id)
    structures = Structure.objects.filter(commune__territoires=campagne.territoire).order_by("nom")
    obs = selectors.observatoire(campagne)
    context = {
        "campagne": campagne,
        "obs": obs,
        "tableaux": obs.tableaux(),
        "carte": {
            "remises": [{"nom": n, "lat": la, "lon": lo, "n": c} for n, la, lo, c in obs.points_remise],
            "encaissements": [{"nom": n, "lat": la, "lon": lo, "n": c} for n, la, lo, c in obs.points_encaissement],
        },
        "map_tile_url": settings.MAP_TILE_URL,
        "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "peut_gerer": can_manage_campagne(request.user, campagne),
        "peut_attribuer": can_allocate_carnets(request.user, campagne) and campagne.statut == StatutCampagne.GENEREE,
        "allocation_form": AllocationForm(structures=structures),
        "releve_form": ReleveMoisForm(),
        "correction_form": CorrectionForm(),
        "paiement_form": PaiementForm(),
        "cofinancements": list(campagne.cofinancements.select_related("financeur")),
        "releves": list(campagne.releves.select_related("qualification__lieu").order_by("-mois", "pk")),
        "avoirs": list(campagne.avoirs.select_related("financeur").order_by("pk")),
        "services_eligibles": list(campagne.services_eligibles.all()),
        # Index carnet_stock_idx (campagne, structure, …) : pas de jointure sur les 100 000 carnets.
        "stocks": list(
            Structure.objects.filter(
                pk__in=Carnet.objects.filter(campagne=campagne, structure__isnull=False).values("structure_id")
            ).order_by("nom")
        ),
    }
    return render(request, "pass_numerique/campagne_detail.html", context)


@require_POST
def campagne_generer(request, public_id):
    campagne = _get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    try:
        n = services.generate_carnets(campagne=campagne, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(request, f"{campagne.nombre_carnets} carnets générés ({n} chèques).")
    return redirect("pass_numerique:campagne", public_id=public_id)


@require_POST
def campagne_attribuer(request, public_id):
    campagne = _get_campagne(request, public_id)
    if not can_allocate_carnets(request.user, campagne):
        raise PermissionDenied
    structures = Structure.objects.filter(commune__territoires=campagne.territoire)
    form = AllocationForm(request.POST, structures=structures)
    if form.is_valid():
        try:
            lo, hi = services.allocate_carnets(
                campagne=campagne, structure=form.cleaned_data["structure"], nombre=form.cleaned_data["nombre"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            selectors.invalidate(campagne.pk)
            messages.success(request, f"Carnets n° {lo} à {hi} attribués à {form.cleaned_data['structure']}.")
    else:
        messages.error(request, "Choisissez une structure et un nombre de carnets d'au moins 1.")
    return redirect("pass_numerique:campagne", public_id=public_id)


@require_POST
def campagne_releves(request, public_id):
    campagne = _get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    form = ReleveMoisForm(request.POST)
    if form.is_valid():
        try:
            releves = services.build_releves(mois=form.cleaned_data["mois"], by=request.user, campagne=campagne)
        except ValidationError as e:
            messages.error(request, " ".join(e.messages))
        else:
            messages.success(request, f"{len(releves)} relevé(s) établi(s) pour {form.cleaned_data['mois']:%m/%Y}.")
    else:
        messages.error(request, "Indiquez un mois.")
    return redirect("pass_numerique:campagne", public_id=public_id)


@require_POST
def campagne_cloturer(request, public_id):
    campagne = _get_campagne(request, public_id)
    if not can_manage_campagne(request.user, campagne):
        raise PermissionDenied
    try:
        cloture = services.close_campagne(campagne=campagne, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(
            request, f"Campagne clôturée : {cloture.cheques_inutilises} chèque(s) non utilisé(s) portés en avoir."
        )
    return redirect("pass_numerique:campagne", public_id=public_id)


@require_POST
def campagne_corriger(request, public_id):
    campagne = _get_campagne(request, public_id)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez le code du chèque et le motif de la correction.")
        return redirect("pass_numerique:campagne", public_id=public_id)
    cheque = Cheque.objects.filter(campagne=campagne, code=codes.normalize(form.cleaned_data["code"])).first()
    if cheque is None:
        messages.error(request, "Aucun chèque de cette campagne ne porte ce code.")
        return redirect("pass_numerique:campagne", public_id=public_id)
    if not can_correct_encaissement(request.user, cheque):
        raise PermissionDenied
    try:
        services.correct_encaissement(cheque=cheque, by=request.user, motif=form.cleaned_data["motif"])
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        selectors.invalidate(campagne.pk)
        messages.success(request, "Encaissement corrigé : une ligne de correction est ajoutée au registre.")
    return redirect("pass_numerique:campagne", public_id=public_id)


def campagne_export(request, public_id, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    campagne = _get_campagne(request, public_id)
    rows = selectors.export_rows(selectors.observatoire(campagne))
    filename = f"observatoire-pass-{campagne.public_id}"
    if fmt == "csv":
        from defusedcsv import csv as safe_csv  # neutralise =, +, -, @ en début de cellule (injection de formule)

        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        response.write("\ufeff")
        writer = safe_csv.writer(response, delimiter=";")
        writer.writerows(rows)
        return response
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = workbook.add_worksheet("Observatoire")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            sheet.write_string(i, j, str(value))
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def campagne_registre(request, public_id):
    """Le registre complet de la campagne (CSV), pour la ou le comptable public : une ligne par mouvement."""
    from defusedcsv import csv as safe_csv

    campagne = _get_campagne(request, public_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="registre-pass-{campagne.public_id}.csv"'
    response.write("\ufeff")
    writer = safe_csv.writer(response, delimiter=";")
    writer.writerow(
        ["N°", "Date", "Mouvement", "Chèques", "Montant (€)", "Carnet", "Lieu", "Structure", "Par", "Corrige le n°",
         "Motif"]
    )  # fmt: skip
    mouvements = (
        Mouvement.objects.filter(campagne=campagne)
        .select_related("carnet", "lieu", "structure", "actor")
        .order_by("created_at", "pk")
    )
    for m in mouvements.iterator(chunk_size=2000):
        writer.writerow([
            m.pk, timezone.localtime(m.created_at).isoformat(timespec="seconds"), m.get_type_display(), m.quantite,
            m.montant, m.carnet.numero if m.carnet else "", m.lieu.nom if m.lieu else "",
            m.structure.nom if m.structure else "", m.actor.email if m.actor else "", m.corrige_id or "", m.motif,
        ])  # fmt: skip
    return response


def carnets_pdf(request, public_id):
    """Carnets imprimables (A4) du stock d'une structure, avec la lettre d'accompagnement."""
    campagne = get_object_or_404(Campagne, public_id=public_id)
    try:
        structure_id = uuid.UUID(request.GET.get("structure", ""))
    except ValueError:
        raise Http404("Structure inconnue.") from None
    structure = get_object_or_404(Structure, public_id=structure_id)
    if not (
        can_view_campagne(request.user, campagne)
        or structure.pk in structure_ids_for(request.user, *ROLES_DISTRIBUTION)
    ):
        raise Http404
    carnets = list(
        Carnet.objects.filter(
            campagne=campagne, structure=structure, handed_out_at__isnull=True, cancelled_at__isnull=True
        )
        .order_by("numero")
        .prefetch_related("cheques")[: pdf.MAX_CARNETS_PAR_PDF]
    )
    if not carnets:
        messages.error(request, "Aucun carnet en stock à imprimer pour cette structure.")
        return redirect("pass_numerique:accueil")
    content = pdf.carnets_pdf(campagne=campagne, structure=structure, carnets=carnets)
    response = HttpResponse(bytes(content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="carnets-{campagne.public_id}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------------------------
# Distribution
# ---------------------------------------------------------------------------------------------------------------


def _get_carnet(request, public_id, numero) -> Carnet:
    carnet = get_object_or_404(
        Carnet.objects.select_related("campagne", "structure"), campagne__public_id=public_id, numero=numero
    )
    if not can_cancel_carnet(request.user, carnet):
        raise Http404
    return carnet


def carnet_remise(request, public_id, numero):
    carnet = _get_carnet(request, public_id, numero)
    if not can_hand_out_carnet(request.user, carnet):
        raise PermissionDenied
    recentes = (
        Orientation.objects.sent_by(request.user)
        .filter(created_at__gte=timezone.now() - timedelta(days=90))
        .select_related("lieu")
        .order_by("-created_at")
    )
    form = RemiseForm(request.POST or None, orientations=recentes)
    if request.method == "POST" and form.is_valid():
        cd = form.cleaned_data
        try:
            services.hand_out_carnet(
                carnet=carnet, by=request.user, tranche_age=cd["tranche_age"], commune=cd["commune"],
                situation=cd["situation"], besoin=cd["besoin"], orientation=cd["orientation"],
            )  # fmt: skip
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            selectors.invalidate(carnet.campagne_id)
            messages.success(request, f"Carnet n° {carnet.numero} remis. Pensez à donner la lettre d'accompagnement.")
            return redirect("pass_numerique:accueil")
    return render(request, "pass_numerique/carnet_remise.html", {"form": form, "carnet": carnet})


def carnet_annulation(request, public_id, numero):
    carnet = _get_carnet(request, public_id, numero)
    form = AnnulationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.cancel_carnet(carnet=carnet, by=request.user, motif=form.cleaned_data["motif"])
        except ValidationError as e:
            _apply_errors(form, e)
        else:
            selectors.invalidate(carnet.campagne_id)
            messages.success(request, f"Carnet n° {carnet.numero} annulé : {n} chèque(s) seront refusés.")
            return redirect("pass_numerique:accueil")
    return render(request, "pass_numerique/carnet_annulation.html", {"form": form, "carnet": carnet})


# ---------------------------------------------------------------------------------------------------------------
# Encaissement
# ---------------------------------------------------------------------------------------------------------------


def encaisser(request):
    lieux = lieux_encaissement(request.user)
    if not lieux.exists():
        raise PermissionDenied("Seule l'équipe d'un lieu peut encaisser des chèques.")
    initial = {"code": request.GET.get("code", "")}
    if lieux.count() == 1:
        initial["lieu"] = lieux.first()
    seances = (
        Accompagnement.objects.visible_by(request.user)
        .filter(date__gte=timezone.localdate() - timedelta(days=30))
        .select_related("lieu")
        .order_by("-created_at")
    )
    form = EncaissementForm(request.POST or None, lieux=lieux, accompagnements=seances, initial=initial)
    resultat = None
    if request.method == "POST" and form.is_valid():
        lieu = form.cleaned_data["lieu"]
        if not can_redeem_at(request.user, lieu):
            raise PermissionDenied
        try:
            cheque = services.redeem_cheque(
                raw_code=form.cleaned_data["code"], lieu=lieu, service=form.cleaned_data["service"],
                by=request.user, ip=_client_ip(request), accompagnement=form.cleaned_data["accompagnement"],
            )  # fmt: skip
        except services.EncaissementRefuse as refus:
            resultat = {"ok": False, "message": refus.message, "motif": refus.motif}
        else:
            selectors.invalidate(cheque.campagne_id)
            message = (
                f"Chèque {codes.format_code(cheque.code)} encaissé : {cheque.campagne.valeur_cheque} € "
                f"pour « {cheque.service.libelle} »."
            )
            prix = (
                QualificationService.objects.filter(
                    qualification__lieu=lieu, qualification__territoire_id=cheque.campagne.territoire_id,
                    service=cheque.service,
                ).values_list("prix_cheques", flat=True).first()
            )  # fmt: skip
            if prix and prix > 1:
                suite = "le chèque suivant" if prix == 2 else f"les {prix - 1} chèques suivants"
                message += f" Dans votre lieu, ce service vaut {prix} chèques : encaissez aussi {suite}."
            resultat = {"ok": True, "message": message}
            form = EncaissementForm(
                lieux=lieux, accompagnements=seances, initial={"lieu": lieu, "service": form.cleaned_data["service"]}
            )
    status = 200 if resultat is None or resultat["ok"] else 422
    return render(request, "pass_numerique/encaisser.html", {"form": form, "resultat": resultat}, status=status)


# ---------------------------------------------------------------------------------------------------------------
# Relevés
# ---------------------------------------------------------------------------------------------------------------


def _get_releve(request, public_id) -> Releve:
    releve = get_object_or_404(Releve.objects.select_related("campagne", "qualification__lieu"), public_id=public_id)
    if not can_view_releve(request.user, releve):
        raise Http404
    return releve


def releve_detail(request, public_id):
    releve = _get_releve(request, public_id)
    cheques = releve.cheques.select_related("service").order_by("redeemed_at")
    return render(
        request,
        "pass_numerique/releve_detail.html",
        {"releve": releve, "cheques": cheques, "peut_gerer": can_manage_campagne(request.user, releve.campagne),
         "paiement_form": PaiementForm()},
    )  # fmt: skip


def releve_fichier(request, public_id, fmt):
    if fmt not in ("pdf", "csv"):
        raise Http404
    releve = _get_releve(request, public_id)
    cheques = list(releve.cheques.select_related("service").order_by("redeemed_at"))
    name = f"releve-{releve.mois:%Y-%m}-{releve.public_id}"
    if fmt == "pdf":
        response = HttpResponse(bytes(pdf.releve_pdf(releve=releve, cheques=cheques)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    from defusedcsv import csv as safe_csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    writer = safe_csv.writer(response, delimiter=";")
    writer.writerow(["Code du chèque", "Encaissé le", "Service", "Montant (€)"])
    for c in cheques:
        writer.writerow(
            [codes.format_code(c.code), c.redeemed_at.isoformat(), c.service.libelle, releve.campagne.valeur_cheque]
        )
    writer.writerow(["Total", "", f"{releve.nombre_cheques} chèques", releve.montant])
    return response


@require_POST
def releve_valider(request, public_id):
    releve = _get_releve(request, public_id)
    if not can_manage_campagne(request.user, releve.campagne):
        raise PermissionDenied
    try:
        services.validate_releve(releve=releve, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Relevé validé.")
    return redirect("pass_numerique:releve", public_id=public_id)


@require_POST
def releve_payer(request, public_id):
    releve = _get_releve(request, public_id)
    if not can_manage_campagne(request.user, releve.campagne):
        raise PermissionDenied
    form = PaiementForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Indiquez la référence du paiement (numéro de mandat ou de virement).")
        services.mark_releve_paid(
            releve=releve, by=request.user, payment_reference=form.cleaned_data["payment_reference"]
        )
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, "Relevé marqué payé.")
    return redirect("pass_numerique:releve", public_id=public_id)
