from django.urls import path

from maillage.label.views import carte, competences, coordination, demandes

app_name = "label"

urlpatterns = [
    path("mes-competences/", competences.mes_competences, name="mes_competences"),
    path("competences/<uuid:public_id>/", competences.competences, name="competences"),
    path("mon-label/", demandes.mon_label, name="mon_label"),
    path("demande/<uuid:public_id>/", demandes.demande, name="demande"),
    path("demande/<uuid:public_id>/decider/", demandes.decider, name="decider"),
    path("demande/<uuid:public_id>/retirer/", demandes.retirer, name="retirer"),
    path("demande/<uuid:public_id>/entretien/", demandes.entretien, name="entretien"),
    path("referentiel/", coordination.referentiel, name="referentiel"),
    path("referentiel/profil/<str:niveau>/", coordination.profil_reference, name="profil_reference"),
    path("referentiel/pairs/", coordination.pair_fondateur, name="pair_fondateur"),
    path("referentiel/export.json", coordination.referentiel_export, name="referentiel_export"),
    path("referentiel/import/", coordination.referentiel_import, name="referentiel_import"),
    path("commission/", coordination.commission, name="commission"),
    path("carte/", carte.carte, name="carte"),
]
