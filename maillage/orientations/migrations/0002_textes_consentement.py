from django.db import migrations
from django.utils import timezone

TEXTES = {
    "ORIENTATION": (
        "Je vais transmettre votre prénom (ou vos initiales), votre commune et votre besoin au lieu choisi, "
        "pour qu'il puisse vous accueillir. Votre téléphone ou votre adresse ne sont transmis que si vous le "
        "voulez. Ces informations sont effacées 6 mois après la fin de l'orientation. Êtes-vous d'accord ?"
    ),
    "SUIVI": (
        "Notre structure voudrait garder votre prénom, votre nom et la liste de vos rendez-vous, pour mieux vous "
        "aider la prochaine fois. Seule notre structure (et celles que vous acceptez) peut les voir. Vous pouvez "
        "demander une copie ou la suppression à tout moment. Sans nouvelle visite pendant 24 mois, tout est "
        "effacé. Êtes-vous d'accord ?"
    ),
}


def create_texts(apps, schema_editor):
    TexteConsentement = apps.get_model("orientations", "TexteConsentement")
    for type_, texte in TEXTES.items():
        if not TexteConsentement.objects.filter(type=type_).exists():
            TexteConsentement.objects.create(type=type_, version=1, texte=texte, created_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("orientations", "0001_initial")]

    operations = [migrations.RunPython(create_texts, reverse_code=migrations.RunPython.noop, elidable=True)]
