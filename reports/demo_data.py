"""The demo's community-welfare initiatives and report texts (Cervia, 2021-2026). Data only."""

from __future__ import annotations

import datetime as dt

D = dt.date

# (title, lead hint, starts_on, ends_on, themes, target groups, areas, funding sources, service hints,
#  people reached in the first year, volunteers, status, description)
# The lead hint is matched against the names of the member organisations; "@rep" is the organisation of
# the demo representative. Status "validated" unless given.
# fmt: off
INITIATIVES = [
    ("Estate anziani a Milano Marittima", "Auser", D(2021, 6, 1), None,
     ["anziani", "cultura-e-tempo-libero"], ["anziani"],
     ["milano-marittima"], ["contributo-comunale", "fondi-propri"],
     ["sociali"], 140, 18, "validated",
     "Pomeriggi di compagnia, gite e accompagnamento per le persone anziane sole durante i mesi "
     "estivi."),
    ("Doposcuola solidale a Pinarella", "Parrocchia", D(2021, 9, 15), None,
     ["minori-e-famiglie", "istruzione"], ["minori", "famiglie"],
     ["pinarella", "tagliata"], ["fondazioni-bancarie", "donazioni-e-raccolte-fondi"],
     ["scuola", "sociali"], 45, 12, "validated",
     "Aiuto nei compiti tre pomeriggi a settimana per ragazze e ragazzi delle scuole primarie e medie."),
    ("Emporio solidale", "Caritas", D(2021, 3, 1), None,
     ["poverta-e-inclusione-sociale"], ["famiglie", "persone-disoccupate"],
     ["cervia-centro"], ["contributo-regionale", "donazioni-e-raccolte-fondi", "5-per-mille"],
     ["sociali"], 310, 35, "validated",
     "Un market a punti dove le famiglie in difficoltà scelgono gratuitamente la spesa, con un "
     "percorso di accompagnamento."),
    ("Orti sociali di Savio", "Centro sociale", D(2022, 3, 20), None,
     ["anziani", "volontariato-e-cittadinanza-attiva"], ["anziani", "cittadinanza"],
     ["savio"], ["contributo-comunale", "fondi-propri"],
     ["ambiente", "sociali"], 60, 20, "validated",
     "Appezzamenti coltivati insieme da pensionati, famiglie e scuole, con un banco di scambio dei "
     "prodotti."),
    ("Sportello casa", "ACER", D(2022, 1, 10), None,
     ["casa", "poverta-e-inclusione-sociale"], ["famiglie", "migranti"],
     ["cervia-centro", "malva-nord-e-malva-sud"], ["contributo-regionale", "contributo-comunale"],
     ["casa", "sociali"], 180, 6, "validated",
     "Orientamento su affitti, bandi per la casa e mediazione tra inquilini e proprietari."),
    ("Welfare dell'Aggancio - sentinelle di quartiere", "@rep", D(2023, 2, 1), None,
     ["anziani", "volontariato-e-cittadinanza-attiva"], ["anziani", "cittadinanza"],
     ["cervia-centro", "pisignano", "cannuzzo"], ["contributo-regionale", "fondi-propri"],
     ["sociali"], 95, 40, "validated",
     "Volontari formati come sentinelle che intercettano le fragilità nascoste e le segnalano ai "
     "servizi."),
    ("Spesa a domicilio per chi è solo", "Croce", D(2021, 1, 15), D(2022, 6, 30),
     ["anziani", "disabilita"], ["anziani", "persone-con-disabilita"],
     ["cervia-centro", "milano-marittima"], ["fondi-propri", "donazioni-e-raccolte-fondi"],
     ["sociali"], 120, 25, "validated",
     "Consegna della spesa e dei farmaci alle persone anziane e fragili nei mesi della pandemia."),
    ("Trasporto sociale", "Auser", D(2021, 1, 1), None,
     ["anziani", "disabilita"], ["anziani", "persone-con-disabilita"],
     ["castiglione-di-cervia", "montaletto", "savio"], ["contributo-comunale", "5-per-mille"],
     ["sociali"], 210, 22, "validated",
     "Accompagnamento a visite mediche, terapie e uffici per chi non ha un mezzo proprio."),
    ("Caffè Alzheimer", "ASP", D(2021, 10, 1), None,
     ["anziani", "salute-mentale"], ["anziani", "famiglie"],
     ["terme"], ["fondazioni-bancarie", "contributo-regionale"],
     ["sociali"], 35, 8, "validated",
     "Incontri mensili per persone con demenza e i loro familiari, con psicologi ed educatori."),
    ("Bici in comune", "Coop", D(2022, 5, 1), None,
     ["lavoro", "poverta-e-inclusione-sociale"], ["persone-disoccupate", "migranti"],
     ["cervia-centro"], ["fondi-europei", "fondi-propri"],
     ["lavoro"], 25, 5, "validated",
     "Ciclofficina sociale che ripara biciclette abbandonate e forma persone in cerca di lavoro."),
    ("Casa delle donne - ascolto e ospitalità", "donne", D(2021, 1, 1), None,
     ["violenza-di-genere"], ["donne-vittime-di-violenza"],
     ["cervia-centro"], ["contributo-regionale", "contributo-comunale", "5-per-mille"],
     ["sociali"], 48, 14, "validated",
     "Sportello di ascolto, consulenza legale e ospitalità protetta per donne che escono dalla "
     "violenza."),
    ("Scuola di italiano per adulti", "APS", D(2021, 10, 1), None,
     ["migranti", "istruzione"], ["migranti"],
     ["cervia-centro", "pinarella"], ["fondi-propri", "fondazioni-bancarie"],
     ["scuola"], 70, 16, "validated",
     "Corsi serali di lingua italiana e di educazione civica per cittadine e cittadini stranieri."),
    ("Mensa e docce per chi vive in strada", "Caritas", D(2021, 1, 1), None,
     ["poverta-e-inclusione-sociale"], ["persone-senza-dimora"],
     ["cervia-centro"], ["donazioni-e-raccolte-fondi", "contributo-comunale"],
     ["sociali"], 85, 30, "validated",
     "Pasti caldi, docce e guardaroba, con un punto di ascolto per chi non ha una casa."),
    ("Piano freddo", "Croce", D(2022, 12, 1), D(2023, 3, 31),
     ["poverta-e-inclusione-sociale", "casa"], ["persone-senza-dimora"],
     ["cervia-centro", "terme"], ["contributo-comunale"],
     ["sociali"], 22, 15, "validated",
     "Posti letto e unità di strada notturna nei mesi più freddi."),
    ("Giovani al centro", "Cooperativa", D(2022, 9, 1), None,
     ["giovani", "cultura-e-tempo-libero"], ["giovani"],
     ["pinarella", "tagliata", "villa-inferno"], ["fondi-europei", "contributo-comunale"],
     ["giovani"], 130, 10, "validated",
     "Uno spazio aggregativo con educatori di strada, laboratori musicali e progetti di volontariato."),
    ("Sport per tutti", "Polisportiva", D(2021, 9, 1), None,
     ["sport", "disabilita"], ["persone-con-disabilita", "giovani"],
     ["cervia-centro", "savio"], ["fondazioni-bancarie", "5-per-mille"],
     ["sport"], 90, 20, "validated",
     "Attività sportive inclusive per ragazze e ragazzi con e senza disabilità."),
    ("Patto educativo di comunità", "Istituto", D(2023, 9, 1), None,
     ["istruzione", "minori-e-famiglie"], ["minori", "famiglie"],
     ["cervia-centro", "montaletto", "castiglione-di-cervia"], ["contributo-comunale", "fondazioni-bancarie"],
     ["scuola"], 400, 25, "validated",
     "Scuole, associazioni e famiglie insieme contro la dispersione scolastica."),
    ("Lavoro di comunità: tirocini inclusivi", "Cooperativa", D(2023, 1, 15), None,
     ["lavoro", "disabilita"], ["persone-disoccupate", "persone-con-disabilita"],
     ["cervia-centro"], ["fondi-europei", "contributo-regionale"],
     ["lavoro", "sociali"], 30, 4, "validated",
     "Tirocini accompagnati da un tutor in imprese del territorio per persone fragili."),
    ("Memoria in gioco - laboratori per anziani", "Biblioteca", D(2023, 10, 1), D(2025, 6, 30),
     ["anziani", "cultura-e-tempo-libero"], ["anziani"],
     ["cervia-centro", "pisignano"], ["contributo-comunale"],
     ["cultura"], 55, 6, "validated",
     "Laboratori di lettura, giochi di memoria e racconto per mantenere attiva la mente."),
    ("Salute mentale e comunità", "AUSL", D(2022, 2, 1), None,
     ["salute-mentale"], ["cittadinanza", "famiglie"],
     ["cervia-centro", "terme"], ["contributo-regionale", "fondi-propri"],
     ["sociali"], 75, 9, "validated",
     "Gruppi di auto mutuo aiuto e iniziative pubbliche contro lo stigma."),
    ("Prevenzione dipendenze nelle scuole", "AUSL", D(2023, 10, 1), None,
     ["dipendenze", "giovani"], ["giovani"],
     ["cervia-centro", "pinarella"], ["contributo-regionale"],
     ["scuola", "giovani"], 600, 5, "validated",
     "Percorsi nelle classi sul gioco d'azzardo, l'alcol e l'uso consapevole del digitale."),
    ("Nonni civici davanti alle scuole", "Auser", D(2022, 9, 10), None,
     ["volontariato-e-cittadinanza-attiva", "minori-e-famiglie"], ["minori", "cittadinanza"],
     ["cervia-centro", "pinarella", "savio"], ["fondi-propri"],
     ["scuola"], 900, 28, "validated",
     "Volontari che vigilano sugli ingressi e le uscite delle scuole primarie."),
    ("Banco alimentare del litorale", "Parrocchia", D(2021, 1, 1), None,
     ["poverta-e-inclusione-sociale"], ["famiglie"],
     ["milano-marittima", "pinarella", "tagliata"], ["donazioni-e-raccolte-fondi"],
     ["sociali"], 260, 24, "validated",
     "Raccolta e distribuzione di generi alimentari alle famiglie segnalate dai servizi."),
    ("Estate ragazzi inclusiva", "Cooperativa", D(2024, 6, 10), D(2024, 9, 6),
     ["minori-e-famiglie", "disabilita"], ["minori", "persone-con-disabilita"],
     ["cervia-centro", "savio"], ["contributo-comunale", "fondi-propri"],
     ["scuola", "sociali"], 150, 18, "validated",
     "Centri estivi con educatori di sostegno per bambine e bambini con disabilità."),
    ("Sportello di facilitazione digitale", "Biblioteca", D(2024, 2, 1), None,
     ["anziani", "volontariato-e-cittadinanza-attiva"], ["anziani", "cittadinanza"],
     ["cervia-centro", "castiglione-di-cervia"], ["fondi-europei"],
     ["cultura"], 320, 12, "validated",
     "Aiuto per SPID, fascicolo sanitario e servizi online, con volontari e giovani del servizio "
     "civile."),
    ("Accoglienza diffusa per famiglie ucraine", "Caritas", D(2022, 3, 15), D(2023, 12, 31),
     ["migranti", "casa"], ["migranti", "famiglie"],
     ["cervia-centro", "milano-marittima"], ["donazioni-e-raccolte-fondi", "contributo-regionale"],
     ["sociali", "casa"], 65, 30, "validated",
     "Alloggi messi a disposizione da privati e un accompagnamento per scuola, salute e lavoro."),
    ("Condominio solidale di Malva", "ACER", D(2024, 4, 1), None,
     ["casa", "anziani"], ["anziani", "famiglie"],
     ["malva-nord-e-malva-sud"], ["contributo-comunale", "fondazioni-bancarie"],
     ["casa", "sociali"], 70, 8, "validated",
     "Un portierato sociale che costruisce relazioni di buon vicinato negli alloggi pubblici."),
    ("Respiro - sollievo per chi assiste", "ASP", D(2024, 10, 1), None,
     ["anziani", "disabilita"], ["famiglie"],
     ["cervia-centro", "savio", "terme"], ["contributo-regionale"],
     ["sociali"], 40, 10, "validated",
     "Ore di sollievo e gruppi di sostegno per i caregiver familiari."),
    ("Cammini della salute", "Polisportiva", D(2025, 3, 1), None,
     ["sport", "anziani"], ["anziani", "cittadinanza"],
     ["milano-marittima", "pinarella", "terme"], ["fondi-propri"],
     ["sport"], 180, 9, "validated",
     "Camminate settimanali guidate nella pineta, aperte a tutti."),
    ("Rete antiviolenza nelle scuole", "donne", D(2025, 1, 15), None,
     ["violenza-di-genere", "giovani"], ["giovani", "donne-vittime-di-violenza"],
     ["cervia-centro"], ["contributo-regionale", "5-per-mille"],
     ["scuola"], 350, 7, "validated",
     "Laboratori sulle relazioni rispettose nelle scuole superiori."),
    ("Emporio del tempo libero", "@rep", D(2025, 5, 1), None,
     ["cultura-e-tempo-libero", "minori-e-famiglie"], ["famiglie", "minori"],
     ["pinarella"], ["fondi-propri", "donazioni-e-raccolte-fondi"],
     ["cultura"], 60, 9, "submitted",
     "Biglietti gratuiti per cinema, teatro e sport donati alle famiglie con figli."),
    ("Pranzi della domenica", "Parrocchia", D(2026, 1, 11), None,
     ["anziani", "poverta-e-inclusione-sociale"], ["anziani", "persone-senza-dimora"],
     ["cervia-centro"], ["donazioni-e-raccolte-fondi"],
     ["sociali"], 50, 15, "submitted",
     "Un pranzo insieme ogni domenica per chi altrimenti mangerebbe da solo."),
    ("Laboratorio di cucina interculturale", "APS", D(2026, 3, 1), None,
     ["migranti", "cultura-e-tempo-libero"], ["migranti", "cittadinanza"],
     ["savio"], ["fondi-propri"],
     ["cultura"], 40, 6, "draft",
     "Serate in cui famiglie di diverse provenienze cucinano e mangiano insieme."),
    ("Sportello badanti", "@rep", D(2026, 2, 1), None,
     ["anziani", "lavoro"], ["anziani", "famiglie"],
     ["cervia-centro"], ["fondi-propri"],
     ["sociali", "lavoro"], 30, 3, "rejected",
     "Incontro tra famiglie e assistenti familiari, con formazione di base."),
]
# fmt: on

# Narrative sections by year: (presentation, context, conclusions).
NARRATIVES = {
    2021: (
        "Care cittadine e cari cittadini,\n\n"
        "questo è il primo documento di sintesi del Tavolo delle Risorse, nato alla fine del 2020 per unire "
        "le forze del Comune e delle organizzazioni del territorio. È stato un anno ancora segnato dalla "
        "pandemia, in cui la rete ha dimostrato di saper rispondere con rapidità ai bisogni delle persone "
        "più "
        "fragili.\n\n"
        "Ringrazio tutte le organizzazioni che hanno scelto di aderire e i volontari che hanno reso "
        "possibile "
        "quanto raccontiamo in queste pagine.",
        "Il 2021 si è aperto con le restrizioni sanitarie e si è chiuso con una lenta ripresa della vita "
        "sociale. Sono cresciute le richieste di aiuto alimentare e di accompagnamento delle persone anziane "
        "sole, mentre la scuola a distanza ha pesato sulle famiglie con figli.",
        "## Priorità\n"
        "Consolidare la rete delle organizzazioni aderenti, portare al Tavolo i temi dell'abitare e del "
        "lavoro, e costruire strumenti comuni per conoscere le risorse disponibili sul territorio.",
    ),
    2022: (
        "Care cittadine e cari cittadini,\n\n"
        "nel secondo anno di attività il Tavolo ha allargato la propria rete e ha affrontato un'emergenza "
        "nuova: l'accoglienza delle famiglie in fuga dalla guerra in Ucraina. La risposta della comunità "
        "cervese è stata generosa e ordinata, grazie alla collaborazione tra servizi e associazioni.",
        "L'aumento del costo dell'energia e dei beni di prima necessità ha messo in difficoltà anche "
        "famiglie "
        "che prima non si rivolgevano ai servizi. Il mercato degli affitti, condizionato dalla vocazione "
        "turistica del territorio, resta un nodo critico.",
        "## Priorità\n"
        "Rafforzare lo Sportello casa, sostenere i giovani dopo gli anni della pandemia e avviare un "
        "percorso "
        "formativo comune per i volontari.",
    ),
    2023: (
        "Care cittadine e cari cittadini,\n\n"
        "il 2023 è stato l'anno dell'alluvione che ha colpito la Romagna. Anche in quei giorni il "
        "Tavolo si è "
        "rivelato uno strumento prezioso: le organizzazioni si sono coordinate con la Protezione civile e i "
        "servizi sociali per raggiungere chi aveva bisogno.",
        "Accanto all'emergenza, il lavoro ordinario è proseguito: sono nati il Patto educativo di comunità e "
        "il progetto delle sentinelle di quartiere, che porta il welfare dove i servizi faticano ad "
        "arrivare.",
        "## Priorità\n"
        "Prevenire l'isolamento delle persone anziane, investire sui progetti educativi e misurare meglio i "
        "risultati delle iniziative.",
    ),
    2024: (
        "Care cittadine e cari cittadini,\n\n"
        "questo documento racconta un anno di lavoro comune. Le organizzazioni aderenti sono cresciute e "
        "lavorano sempre più spesso insieme, tra settori diversi: scuole e associazioni, cooperative e "
        "parrocchie, servizi comunali e volontariato.",
        "La popolazione di Cervia invecchia e molte persone anziane vivono sole, soprattutto nelle frazioni. "
        "Il lavoro stagionale rende fragili i redditi di molte famiglie.",
        "## Priorità\n"
        "Sostenere chi assiste un familiare, rafforzare i trasporti sociali nelle frazioni e accompagnare le "
        "persone nell'uso dei servizi digitali.",
    ),
    2025: (
        "Care cittadine e cari cittadini,\n\n"
        "il quinto anno del Tavolo conferma che il welfare di comunità è una realtà: decine di iniziative, "
        "centinaia di volontari e migliaia di persone raggiunte. Il documento che presentiamo nasce dai dati "
        "che le organizzazioni hanno condiviso sul portale.",
        "Nel 2025 il Tavolo ha lavorato sui temi della salute, dell'abitare e della prevenzione della "
        "violenza, con una attenzione crescente ai giovani.",
        "## Priorità\n"
        "Dare continuità ai progetti per i caregiver, ampliare la rete antiviolenza e coinvolgere nuove "
        "imprese del territorio.",
    ),
    2026: (
        "Care cittadine e cari cittadini,\n\n"
        "bozza in lavorazione: la presentazione sarà completata dopo l'ultima seduta plenaria dell'anno.",
        "",
        "",
    ),
}

# The reports already published: year -> list of (published_at, note) for each version.
PUBLICATIONS = {
    2021: [(D(2022, 3, 18), "")],
    2022: [(D(2023, 3, 24), "")],
    2023: [(D(2024, 3, 22), "")],
    2024: [
        (D(2025, 3, 21), ""),
        (
            D(2025, 4, 11),
            "Seconda versione: aggiornati i dati delle iniziative dichiarate dopo la prima pubblicazione.",
        ),
    ],
    2025: [(D(2026, 3, 20), "")],
}
