"""Le vrai chemin : la file en base de django-tasks et le processus `manage.py db_worker` (ici, une passe avec
--batch), sur SQLite comme sur PostgreSQL. Les autres tests font les tâches tout de suite (moteur « immédiat »)."""

import signal

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from maillage.lieux.models import Lieu
from maillage.taches.enums import EtatTache, GenreTache
from maillage.taches.models import Tache
from tests.lieux.test_views_import import ROW, URL, coordination, csv_file  # noqa: F401 — fixture


@pytest.fixture
def file_en_base(settings, transactional_db):
    """La file en base de django-tasks. Base « transactionnelle » : le processus des tâches valide ses propres
    transactions, il ne peut pas tourner dans celle du test."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_worker():
    """Une passe de `db_worker --batch` : fait tout ce qui attend, puis s'arrête. Ses gestionnaires de signaux
    (arrêt propre sur Ctrl+C) sont remis comme avant."""
    saved = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}

    def run():
        call_command("db_worker", batch=True, startup_delay=False, reload=False, interval=0, verbosity=0)

    yield run
    for s, handler in saved.items():
        signal.signal(s, handler)


def test_import_web_passe_par_la_file_et_le_processus_des_taches(client, coordination, file_en_base, db_worker):  # noqa: F811
    client.force_login(coordination)
    response = client.post(URL, {"etape": "verifier", "fichier": csv_file([ROW]), "source": "test-web"})
    verification = Tache.objects.get(genre=GenreTache.IMPORT_LIEUX_VERIFIER)
    assert response.status_code == 302 and response["Location"] == f"/taches/{verification.public_id}/"
    # La requête n'a rien vérifié : la tâche attend dans la file en base.
    assert verification.etat == EtatTache.EN_ATTENTE
    assert DBTaskResult.objects.get(id=verification.task_id).status == "READY"
    html = client.get(response["Location"]).content.decode()
    assert "En attente : la vérification du fichier commence" in html and 'hx-trigger="every 2s"' in html

    db_worker()
    verification.refresh_from_db()
    assert verification.etat == EtatTache.TERMINEE and verification.resultat["created"] == 1
    assert DBTaskResult.objects.get(id=verification.task_id).status == "SUCCESSFUL"
    assert "Confirmer l'import" in client.get(response["Location"]).content.decode()
    assert Lieu.objects.count() == 0

    response = client.post(URL, {"etape": "confirmer", "tache": str(verification.public_id)})
    ecriture = Tache.objects.get(genre=GenreTache.IMPORT_LIEUX_ECRIRE)
    assert response["Location"] == f"/taches/{ecriture.public_id}/" and ecriture.etat == EtatTache.EN_ATTENTE
    db_worker()
    ecriture.refresh_from_db()
    assert ecriture.etat == EtatTache.TERMINEE and ecriture.resultat["written"] is True
    assert Lieu.objects.get().historique.get().actor == coordination
    assert not any(default_storage.exists(n) for n in verification.fichiers)
    assert "Les lieux sont écrits" in client.get(response["Location"]).content.decode()


def test_un_echec_est_garde_dans_la_file_et_sur_la_tache(coordination, file_en_base, db_worker):  # noqa: F811
    from maillage.taches.services import enqueue_tache
    from tests.taches import taches_de_test

    tache = enqueue_tache(
        demandeur=coordination, genre=GenreTache.IMPORT_LIEUX_VERIFIER, task=taches_de_test.en_panne, parametres={}
    )
    db_worker()
    tache.refresh_from_db()
    assert tache.etat == EtatTache.ECHOUEE and "erreur inattendue" in tache.message
    resultat = DBTaskResult.objects.get(id=tache.task_id)
    assert resultat.status == "FAILED" and "RuntimeError" in resultat.exception_class_path
