"""Le drapeau `Lieu.accepte_pass` reprend les qualifications déjà approuvées (ensuite tenu par le service)."""

from django.db import migrations


def poser_drapeau(apps, schema_editor):
    Lieu = apps.get_model("lieux", "Lieu")
    QualificationPass = apps.get_model("pass_numerique", "QualificationPass")
    approuvees = QualificationPass.objects.filter(statut="APPROUVEE").values("lieu_id")
    Lieu.objects.filter(pk__in=approuvees).update(accepte_pass=True)


class Migration(migrations.Migration):
    dependencies = [
        ("pass_numerique", "0008_declencheurs_journal"),
        ("lieux", "0010_lieu_accepte_pass"),
    ]

    operations = [migrations.RunPython(poser_drapeau, migrations.RunPython.noop, elidable=True)]
