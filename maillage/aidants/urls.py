from django.urls import path

from maillage.aidants.views import charte, effacement, profil, public, reseau, structure

app_name = "aidants"

urlpatterns = [
    path("mon-profil/", profil.mon_profil, name="mon_profil"),
    path("mon-profil/verification/", profil.verification, name="verification"),
    path("mon-profil/charte/<uuid:public_id>/", profil.signer, name="signer"),
    path("mon-profil/retrait/<int:territoire_id>/", profil.retirer, name="retirer"),
    path("structure/", structure.mes_structures, name="mes_structures"),
    path("structure/<uuid:public_id>/", structure.structure, name="structure"),
    path("rattachement/<uuid:public_id>/detacher/", structure.detacher, name="detacher"),
    path("rattachement/<uuid:public_id>/archiver/", structure.archiver, name="archiver"),
    path("rattachement/<uuid:public_id>/signature-papier/", structure.signature_papier, name="signature_papier"),
    path("rattachement/<uuid:public_id>/badge/", structure.badge, name="badge"),
    path("profil/<uuid:public_id>/effacer/", effacement.effacer, name="effacer"),
    path("reseau/", reseau.reseau, name="reseau"),
    path("reseau/rapprochements/", reseau.rapprochements, name="rapprochements"),
    path("reseau/rapprochements/<uuid:public_id>/", reseau.decider, name="decider"),
    path("charte/", charte.chartes, name="chartes"),
    path("charte/nouvelle/", charte.nouvelle_version, name="nouvelle_version"),
    path("charte/delai/", charte.delai, name="delai"),
    path("charte/<uuid:public_id>/", charte.charte, name="charte"),
    path("charte/<uuid:public_id>/engagements/", charte.engagement_ajout, name="engagement_ajout"),
    path(
        "charte/<uuid:public_id>/engagements/<int:numero>/retirer/",
        charte.engagement_retrait,
        name="engagement_retrait",
    ),
    path("charte/<uuid:public_id>/publier/", charte.publier, name="publier"),
    path("charte/<uuid:public_id>/brouillon.<str:fmt>", charte.export_brouillon, name="export_brouillon"),
    path("charte/<uuid:public_id>/export.<str:fmt>", public.charte_export, name="charte_export"),
    path("verifier/", public.verifier, name="verifier"),
    path("verifier/badge/<str:token>/", public.verifier_badge, name="verifier_badge"),
]
