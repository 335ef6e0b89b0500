"""Roles, reference lists and the first version of the rules.

Reference data are the municipality's starting point: staff edit them in the admin afterwards.
"""

import datetime

from django.db import migrations
from django.utils.text import slugify

ROLES = ["Presidenza", "Segreteria", "Referente servizio comunale", "Rappresentante organizzazione"]

SECTORS = ["Sociale", "Educativo", "Culturale", "Sanitario", "Altro"]

THEMES = [
    "Anziani",
    "Disabilità",
    "Minori e famiglie",
    "Giovani",
    "Povertà e inclusione sociale",
    "Casa",
    "Lavoro",
    "Salute mentale",
    "Dipendenze",
    "Migranti",
    "Violenza di genere",
    "Istruzione",
    "Cultura e tempo libero",
    "Sport",
    "Volontariato e cittadinanza attiva",
]

LEGAL_FORMS = [
    ("Comune o altro ente locale", True),
    ("Azienda sanitaria", True),
    ("Istituto scolastico", True),
    ("Università", True),
    ("Azienda pubblica di servizi alla persona (ASP)", True),
    ("Altro ente pubblico", True),
    ("Organizzazione di volontariato (ODV)", False),
    ("Associazione di promozione sociale (APS)", False),
    ("Cooperativa sociale", False),
    ("Impresa sociale", False),
    ("Fondazione", False),
    ("Ente religioso", False),
    ("Rete associativa", False),
    ("Società di mutuo soccorso", False),
    ("Altro ente del Terzo settore (ETS)", False),
    ("Associazione non iscritta al RUNTS", False),
    ("Impresa", False),
    ("Altro soggetto privato", False),
]

AREAS = [
    "Cervia centro",
    "Milano Marittima",
    "Pinarella",
    "Tagliata",
    "Savio",
    "Castiglione di Cervia",
    "Montaletto",
    "Pisignano",
    "Cannuzzo",
    "Villa Inferno",
    "Malva Nord e Malva Sud",
    "Terme",
]

REGULATION_BODY = """## Art. 1 - Finalità
Il Tavolo delle Risorse è lo strumento di partecipazione e collaborazione con cui il Comune e i soggetti del territorio concorrono a definire le politiche sociali. Il suo obiettivo è unire le risorse della comunità per sviluppare il welfare di comunità: progetti che migliorano la qualità della vita di cittadini, lavoratori e famiglie.

## Art. 2 - Chi può aderire
Possono aderire tutti i soggetti pubblici e privati che operano nei settori sociale, educativo, culturale e sanitario nel territorio comunale: enti pubblici, scuole, aziende sanitarie, enti del Terzo settore, cooperative, fondazioni, enti religiosi, associazioni e imprese.

## Art. 3 - Modalità di adesione
L'adesione è possibile in qualsiasi momento, attraverso il modulo pubblicato sul portale. La domanda è presentata dal legale rappresentante o da una persona da lui incaricata, che dichiara di accettare il presente regolamento. L'Ufficio Welfare verifica la domanda entro trenta giorni e comunica l'esito; può chiedere integrazioni. L'adesione decorre dalla data di accoglimento.

## Art. 4 - Presidenza e segreteria
Il Tavolo è presieduto dall'Assessore con delega al Welfare e ai Servizi alla Persona. La segreteria organizzativa è svolta dall'Ufficio Welfare del Comune, che convoca le sedute, cura l'ordine del giorno, redige i verbali e tiene l'elenco aggiornato dei componenti.

## Art. 5 - Sedute
Il Tavolo si riunisce in seduta plenaria almeno tre volte l'anno e in gruppi di lavoro tematici quando necessario. La convocazione, con l'ordine del giorno, è inviata almeno sette giorni prima della seduta. Ogni componente può proporre argomenti da inserire all'ordine del giorno. Il verbale è trasmesso ai componenti, che possono formulare osservazioni entro il termine indicato, ed è quindi approvato e pubblicato.

## Art. 6 - Coinvolgimento dei servizi comunali
Per ciascun argomento all'ordine del giorno sono coinvolti i servizi comunali competenti per materia, che ricevono l'argomento, designano un referente e forniscono il proprio contributo prima della seduta.

## Art. 7 - Formazione
Per facilitare la partecipazione dei soggetti aderenti il Tavolo organizza momenti formativi, aperti ai componenti e, quando indicato, a tutti gli interessati.

## Art. 8 - Documento di sintesi annuale
Ogni anno il Tavolo elabora un documento di sintesi sui processi di welfare di comunità attivi nel territorio comunale, costruito a partire dai dati raccolti dal portale e dai contributi dei componenti, e lo rende pubblico.

## Art. 9 - Impegni dei componenti
I componenti partecipano alle sedute, mantengono aggiornati i propri dati, condividono le informazioni sulle proprie iniziative e sulle risorse che mettono a disposizione della rete, e rispettano la riservatezza delle informazioni personali di cui vengono a conoscenza.

## Art. 10 - Recesso e sospensione
Ogni componente può recedere in qualsiasi momento con una comunicazione tramite il portale. La segreteria può sospendere un componente che violi il presente regolamento, dopo averlo ascoltato; la sospensione è motivata e può essere revocata. Chi ha receduto può aderire nuovamente.

## Art. 11 - Modifiche
Il regolamento è modificato dalla Giunta comunale, sentito il Tavolo. Ogni versione è pubblicata sul portale con la data di entrata in vigore."""


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    for model_name, names in (("Sector", SECTORS), ("Theme", THEMES), ("Area", AREAS)):
        model = apps.get_model("members", model_name)
        for position, name in enumerate(names):
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name, "position": position})
    LegalForm = apps.get_model("members", "LegalForm")
    for position, (name, is_public) in enumerate(LEGAL_FORMS):
        LegalForm.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "is_public": is_public, "position": position}
        )
    RegulationVersion = apps.get_model("members", "RegulationVersion")
    RegulationVersion.objects.get_or_create(
        version="1.0",
        defaults={
            "title": "Regolamento del Tavolo delle Risorse",
            "body": REGULATION_BODY,
            "effective_from": datetime.date(2021, 1, 1),
            "approved_by": "Giunta comunale",
            "is_published": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
