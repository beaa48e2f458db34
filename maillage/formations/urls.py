from django.urls import path

from maillage.formations.views import besoins, formations, offre, service_civique

app_name = "formations"

urlpatterns = [
    path("", formations.mes_besoins, name="mes_besoins"),
    path("sessions/", formations.catalogue, name="catalogue"),
    path("sessions.ics", formations.calendrier, name="calendrier"),
    path("sessions/<uuid:public_id>/", formations.session, name="session"),
    path("sessions/<uuid:public_id>/inscrire/", formations.inscrire, name="inscrire"),
    path("sessions/<uuid:public_id>/pointer/", formations.pointer, name="pointer"),
    path("inscriptions/<uuid:public_id>/annuler/", formations.annuler, name="annuler"),
    path("inscriptions/<uuid:public_id>/attestation.pdf", formations.attestation, name="attestation"),
    path("offre/", offre.offre, name="offre"),
    path("offre/nouvelle/", offre.creer_formation, name="creer_formation"),
    path("offre/<uuid:public_id>/session/", offre.creer_session, name="creer_session"),
    path("besoins/", besoins.besoins, name="besoins"),
    path("structures/<uuid:public_id>/besoin/", besoins.exprimer_besoin, name="exprimer_besoin"),
    path("service-civique/", service_civique.accueil, name="service_civique"),
    path("service-civique/missions/<uuid:public_id>/", service_civique.mission, name="mission"),
    path("service-civique/missions/<uuid:public_id>/decider/", service_civique.decider, name="decider_mission"),
    path("service-civique/volontariat/<uuid:public_id>/", service_civique.volontariat, name="volontariat"),
    path("service-civique/cohortes/nouvelle/", service_civique.creer_cohorte, name="creer_cohorte"),
    path("service-civique/cohortes/<uuid:public_id>/", service_civique.cohorte, name="cohorte"),
    path("service-civique/rencontres/<int:pk>/", service_civique.rencontre, name="rencontre"),
    path("service-civique/missions/<uuid:public_id>/volontaire/", service_civique.accueillir, name="accueillir"),
    path("service-civique/volontaires/<uuid:public_id>/terminer/", service_civique.terminer, name="terminer"),
]
