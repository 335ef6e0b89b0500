# ruff: noqa: E501 - Italian sentences of demo data read better unwrapped
"""The demo history of the table's meetings, 2021 to 2026 (used by meetings.demo)."""

from __future__ import annotations

SALA_CONSIGLIO = "Sala del Consiglio comunale, Piazza Garibaldi 1, Cervia"
CASA_ASSOCIAZIONI = "Casa delle Associazioni, via Caduti per la Libertà 21, Cervia"
MAGAZZINO = "Magazzino del Sale Torre, via Evangelisti 2, Cervia"
ONLINE = "https://videoconferenza.comune.example.it/tavolo-risorse"

# (title, kind, (y, m, d, h), place, online, public, [(item title, description, [theme slugs], outcome)], notes)
MEETINGS: list[tuple] = [
    (
        "Avvio del Tavolo delle Risorse",
        "plenary",
        (2021, 2, 18, 17),
        "",
        ONLINE,
        True,
        [
            (
                "Presentazione del Tavolo e del regolamento",
                "L'Assessore presenta finalità, regole e modalità di adesione.",
                ["volontariato-e-cittadinanza-attiva"],
                "Il regolamento è condiviso; le adesioni restano aperte in ogni momento.",
            ),
            (
                "Progetto Più delle Sentinelle l'Aurora - Welfare dell'Aggancio",
                "Stato del progetto e ruolo delle organizzazioni come sentinelle del territorio.",
                ["poverta-e-inclusione-sociale", "anziani"],
                "Si costituisce la rete delle sentinelle con 12 organizzazioni.",
            ),
            (
                "Bisogni emersi durante la pandemia",
                "Prima ricognizione dei bisogni delle famiglie in difficoltà.",
                ["poverta-e-inclusione-sociale", "minori-e-famiglie"],
                "La segreteria raccoglie le schede entro marzo.",
            ),
        ],
        "Incontro in videoconferenza per le misure anti-contagio. Partecipa l'Assessore al Welfare.",
    ),
    (
        "Povertà educativa e centri estivi",
        "thematic",
        (2021, 5, 13, 17),
        "",
        ONLINE,
        True,
        [
            (
                "Povertà educativa e centri estivi",
                "Posti disponibili, contributi alle famiglie e inclusione dei bambini con disabilità.",
                ["minori-e-famiglie", "istruzione", "disabilita"],
                "Si concordano 40 posti aggiuntivi con educatore di sostegno.",
            ),
            (
                "Trasporto verso i centri estivi di Pinarella e Tagliata",
                "Organizzazione del trasporto dei bambini dalle frazioni.",
                ["minori-e-famiglie"],
                "Il servizio Scuola verifica la fattibilità con due linee dedicate.",
            ),
        ],
        "Gruppo di lavoro tematico con le associazioni educative e sportive.",
    ),
    (
        "Solitudine degli anziani d'estate a Milano Marittima",
        "thematic",
        (2021, 6, 24, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Solitudine degli anziani d'estate a Milano Marittima",
                "Gli anziani soli restano isolati nei mesi turistici: telefonate, visite e spesa a domicilio.",
                ["anziani", "volontariato-e-cittadinanza-attiva"],
                "Parte il servizio di telefonate amiche da luglio a settembre.",
            ),
            (
                "Ondate di calore: piano di prevenzione",
                "Elenco delle persone fragili e luoghi climatizzati aperti.",
                ["anziani", "salute-mentale"],
                "Si aprono due sale climatizzate nei centri sociali.",
            ),
        ],
        "Prima riunione in presenza dopo le restrizioni.",
    ),
    (
        "Plenaria d'autunno 2021",
        "plenary",
        (2021, 11, 18, 17),
        SALA_CONSIGLIO,
        ONLINE,
        True,
        [
            (
                "Emergenza abitativa",
                "Sfratti per morosità incolpevole e affitti stagionali che tolgono alloggi ai residenti.",
                ["casa", "poverta-e-inclusione-sociale"],
                "Si propone un fondo di garanzia per i contratti a canone concordato.",
            ),
            (
                "Distribuzione alimentare e emporio solidale",
                "Coordinamento delle raccolte e dei giorni di apertura.",
                ["poverta-e-inclusione-sociale"],
                "Calendario unico delle distribuzioni dal 1° gennaio.",
            ),
            (
                "Bilancio del primo anno del Tavolo",
                "Cosa ha funzionato e cosa migliorare.",
                ["volontariato-e-cittadinanza-attiva"],
                "La segreteria invierà un questionario alle organizzazioni.",
            ),
        ],
        "Presenti anche i referenti di ASP e AUSL.",
    ),
    (
        "Plenaria di primavera 2022",
        "plenary",
        (2022, 3, 17, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Accoglienza delle persone in fuga dall'Ucraina",
                "Alloggi, corsi di italiano, inserimento scolastico.",
                ["migranti", "casa", "istruzione"],
                "Si attiva uno sportello unico presso i Servizi sociali.",
            ),
            (
                "Volontariato giovanile",
                "Come coinvolgere i giovani nelle attività delle associazioni.",
                ["giovani", "volontariato-e-cittadinanza-attiva"],
                "Si organizza una giornata del volontariato a maggio.",
            ),
        ],
        "",
    ),
    (
        "Centri estivi 2022 e inclusione",
        "thematic",
        (2022, 5, 12, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Posti per bambini con disabilità nei centri estivi",
                "Educatori di sostegno e formazione degli animatori.",
                ["disabilita", "minori-e-famiglie"],
                "Formazione comune degli animatori il 6 giugno.",
            ),
            (
                "Povertà educativa e centri estivi",
                "Contributi alle famiglie con ISEE basso.",
                ["minori-e-famiglie", "poverta-e-inclusione-sociale"],
                "Il contributo copre fino a 4 settimane.",
            ),
        ],
        "",
    ),
    (
        "Plenaria d'autunno 2022",
        "plenary",
        (2022, 10, 20, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Caro bollette e famiglie in difficoltà",
                "Aumento delle richieste di aiuto per le utenze.",
                ["poverta-e-inclusione-sociale", "casa"],
                "Si apre un punto di ascolto sulle bollette con i CAF.",
            ),
            (
                "Salute mentale dei giovani dopo la pandemia",
                "Segnali raccolti da scuole e associazioni sportive.",
                ["salute-mentale", "giovani"],
                "Incontro con il Centro di salute mentale entro dicembre.",
            ),
            (
                "Violenza di genere: rete antiviolenza",
                "Percorsi di uscita e case rifugio.",
                ["violenza-di-genere"],
                "Campagna comune per il 25 novembre.",
            ),
        ],
        "",
    ),
    (
        "Gruppo di lavoro: lavoro e inclusione",
        "thematic",
        (2022, 12, 1, 17),
        MAGAZZINO,
        "",
        False,
        [
            (
                "Tirocini di inclusione",
                "Aziende disponibili e accompagnamento delle persone fragili.",
                ["lavoro", "disabilita"],
                "Elenco condiviso delle aziende disponibili.",
            ),
        ],
        "Gruppo riservato alle organizzazioni aderenti.",
    ),
    (
        "Plenaria di primavera 2023",
        "plenary",
        (2023, 3, 16, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Emergenza abitativa",
                "Aggiornamento: alloggi sfitti e canone concordato.",
                ["casa"],
                "Tre proprietari aderiscono al fondo di garanzia.",
            ),
            (
                "Dipendenze e gioco d'azzardo",
                "Prevenzione nelle scuole e nei bar.",
                ["dipendenze", "giovani"],
                "Il marchio 'slot free' sarà promosso con le associazioni di categoria.",
            ),
        ],
        "",
    ),
    (
        "Alluvione di maggio: aiuti e volontari",
        "plenary",
        (2023, 6, 8, 17),
        SALA_CONSIGLIO,
        ONLINE,
        True,
        [
            (
                "Coordinamento dei volontari dopo l'alluvione",
                "Squadre, mezzi, magazzini e raccolte fondi.",
                ["volontariato-e-cittadinanza-attiva"],
                "Un unico magazzino presso la Protezione civile.",
            ),
            (
                "Famiglie sfollate",
                "Sistemazioni temporanee e sostegno economico.",
                ["casa", "poverta-e-inclusione-sociale"],
                "Le famiglie sfollate sono seguite da un'assistente sociale dedicata.",
            ),
        ],
        "Incontro straordinario dopo l'alluvione del 16-17 maggio 2023.",
    ),
    (
        "Solitudine degli anziani d'estate a Milano Marittima",
        "thematic",
        (2023, 6, 29, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Telefonate amiche e visite a domicilio: terza estate",
                "Bilancio e nuovi volontari.",
                ["anziani", "volontariato-e-cittadinanza-attiva"],
                "Si aggiungono 15 volontari.",
            ),
        ],
        "",
    ),
    (
        "Plenaria d'autunno 2023",
        "plenary",
        (2023, 11, 16, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Progetto Più delle Sentinelle l'Aurora - Welfare dell'Aggancio",
                "Risultati e rinnovo del contributo regionale.",
                ["poverta-e-inclusione-sociale", "volontariato-e-cittadinanza-attiva"],
                "Il progetto continua nel 2024.",
            ),
            (
                "Sport per tutti",
                "Accesso gratuito allo sport per ragazzi di famiglie a basso reddito.",
                ["sport", "giovani", "poverta-e-inclusione-sociale"],
                "Voucher sport con le società sportive aderenti.",
            ),
            (
                "Persone con disabilità e spiaggia accessibile",
                "Passerelle, sedie da mare e bagnini formati.",
                ["disabilita"],
                "Due stabilimenti in più aderiscono dal 2024.",
            ),
        ],
        "",
    ),
    (
        "Plenaria di primavera 2024",
        "plenary",
        (2024, 3, 14, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Povertà educativa e centri estivi",
                "Programmazione dell'estate 2024.",
                ["minori-e-famiglie", "istruzione"],
                "Bando unico per i centri estivi entro aprile.",
            ),
            (
                "Cittadini stranieri: corsi di italiano",
                "Orari serali e servizio di custodia dei bambini.",
                ["migranti", "istruzione"],
                "Corso serale con baby sitting volontario.",
            ),
        ],
        "",
    ),
    (
        "Gruppo di lavoro: anziani e caldo",
        "thematic",
        (2024, 6, 20, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Solitudine degli anziani d'estate a Milano Marittima",
                "Rete di vicinato e negozi sentinella.",
                ["anziani"],
                "I negozi sentinella espongono una vetrofania.",
            ),
        ],
        "",
    ),
    (
        "Plenaria d'autunno 2024",
        "plenary",
        (2024, 10, 17, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Emergenza abitativa",
                "Lavoratori stagionali e residenti senza casa.",
                ["casa", "lavoro"],
                "Studio di fattibilità per una foresteria comunale.",
            ),
            (
                "Violenza di genere nelle giovani coppie",
                "Interventi nelle scuole superiori.",
                ["violenza-di-genere", "giovani"],
                "Laboratori in tre classi nel 2025.",
            ),
        ],
        "",
    ),
    (
        "Gruppo di lavoro: salute mentale",
        "thematic",
        (2024, 12, 5, 17),
        MAGAZZINO,
        "",
        False,
        [
            (
                "Gruppi di auto mutuo aiuto",
                "Spazi e facilitatori.",
                ["salute-mentale"],
                "Due gruppi al mese presso la Casa delle Associazioni.",
            ),
        ],
        "",
    ),
    (
        "Plenaria di primavera 2025",
        "plenary",
        (2025, 3, 20, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Piano di zona: priorità per il 2025",
                "Contributo del Tavolo alla programmazione distrettuale.",
                ["poverta-e-inclusione-sociale", "anziani", "minori-e-famiglie"],
                "Il documento del Tavolo è trasmesso al distretto.",
            ),
            (
                "Trasporto sociale",
                "Accompagnamento a visite ed esami.",
                ["anziani", "disabilita"],
                "Nuovo mezzo attrezzato donato da una fondazione.",
            ),
        ],
        "",
    ),
    (
        "Povertà educativa e centri estivi",
        "thematic",
        (2025, 5, 15, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Povertà educativa e centri estivi",
                "Costi per le famiglie e trasporto.",
                ["minori-e-famiglie", "poverta-e-inclusione-sociale"],
                "Il trasporto è esteso a Castiglione di Cervia.",
            ),
        ],
        "",
    ),
    (
        "Plenaria d'autunno 2025",
        "plenary",
        (2025, 10, 16, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Emergenza abitativa",
                "Esito dello studio sulla foresteria.",
                ["casa"],
                "La Giunta valuterà il progetto nel bilancio 2026.",
            ),
            (
                "Giovani e lavoro stagionale",
                "Diritti, orari, sicurezza.",
                ["giovani", "lavoro"],
                "Sportello informativo nei mesi estivi.",
            ),
        ],
        "",
    ),
    (
        "Gruppo di lavoro: fine anno",
        "thematic",
        (2025, 12, 11, 17),
        MAGAZZINO,
        "",
        False,
        [
            (
                "Natale solidale",
                "Pranzi e doni per le persone sole.",
                ["anziani", "poverta-e-inclusione-sociale"],
                "Pranzo comune il 25 dicembre al centro sociale.",
            ),
        ],
        "",
    ),
    (
        "Plenaria di primavera 2026",
        "plenary",
        (2026, 3, 19, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Progetto Più delle Sentinelle l'Aurora - Welfare dell'Aggancio",
                "Cinque anni di rete: bilancio.",
                ["poverta-e-inclusione-sociale", "volontariato-e-cittadinanza-attiva"],
                "Pubblicazione del bilancio sociale della rete.",
            ),
            (
                "Disabilità e vita indipendente",
                "Progetti di abitare autonomo.",
                ["disabilita", "casa"],
                "Due appartamenti per la vita indipendente dal 2027.",
            ),
        ],
        "",
    ),
    (
        "Solitudine degli anziani d'estate a Milano Marittima",
        "thematic",
        (2026, 6, 18, 17),
        CASA_ASSOCIAZIONI,
        "",
        True,
        [
            (
                "Telefonate amiche: sesta estate",
                "Nuovi volontari e accordo con i medici di base.",
                ["anziani"],
                "I medici di base segnalano le persone sole con il loro consenso.",
            ),
        ],
        "",
    ),
    (
        "Plenaria d'autunno 2026",
        "plenary",
        (2026, 10, 15, 17),
        SALA_CONSIGLIO,
        "",
        True,
        [
            (
                "Emergenza abitativa",
                "Stagionali e residenti: aggiornamento.",
                ["casa", "lavoro"],
                "Il bando per la foresteria è previsto a gennaio.",
            ),
            (
                "Povertà energetica",
                "Bonus e consulenza sulle bollette.",
                ["poverta-e-inclusione-sociale"],
                "",
            ),
        ],
        "",
    ),
]

UPCOMING = (
    "Plenaria di dicembre 2026",
    "plenary",
    (2026, 12, 10, 17),
    SALA_CONSIGLIO,
    ONLINE,
    True,
    [
        (
            "Natale solidale 2026",
            "Pranzi, doni e visite alle persone sole durante le feste.",
            ["anziani", "poverta-e-inclusione-sociale"],
            "",
        ),
        (
            "Emergenza abitativa",
            "Bando per la foresteria e fondo di garanzia: stato di avanzamento.",
            ["casa"],
            "",
        ),
        (
            "Programma del Tavolo per il 2027",
            "Temi proposti dalle organizzazioni e calendario degli incontri.",
            ["volontariato-e-cittadinanza-attiva"],
            "",
        ),
    ],
    "",
)

DRAFT = (
    "Gruppo di lavoro: giovani e salute mentale",
    "thematic",
    (2027, 2, 11, 17),
    MAGAZZINO,
    "",
    False,
    [
        (
            "Ritiro sociale degli adolescenti",
            "Ragazzi che non escono di casa: come accorgersene e chi chiamare.",
            ["giovani", "salute-mentale"],
            "",
        ),
    ],
    "",
)

CONTRIBUTIONS = [
    "Su «{title}» il servizio mette a disposizione un operatore di riferimento per coordinarsi con le organizzazioni.",
    "Per «{title}» il servizio conferma le risorse già previste a bilancio e propone un incontro operativo entro un mese.",
    "Il servizio ha raccolto i dati dell'ultimo anno su «{title}»: li presenta all'incontro e li mette a disposizione del Tavolo.",
    "Su «{title}» il servizio può avviare un intervento sperimentale, con una verifica dei risultati dopo sei mesi.",
]

# (title, description, theme slugs, status, decision reason)
PROPOSALS = [
    (
        "Spazi per il doposcuola nelle frazioni",
        "Le famiglie di Castiglione e Pisignano non hanno un doposcuola vicino.",
        ["minori-e-famiglie", "istruzione"],
        "submitted",
        "",
    ),
    (
        "Sportello per il caro affitti",
        "Un punto di ascolto per inquilini in difficoltà con il canone.",
        ["casa"],
        "submitted",
        "",
    ),
    (
        "Orti sociali per anziani",
        "Appezzamenti comunali da assegnare a pensionati e scuole.",
        ["anziani", "volontariato-e-cittadinanza-attiva"],
        "deferred",
        "Ne parleremo nella plenaria di primavera 2027.",
    ),
    (
        "Feste di Natale per chi è solo",
        "Coordinare i pranzi di Natale delle parrocchie e delle associazioni.",
        ["anziani", "poverta-e-inclusione-sociale"],
        "accepted",
        "Inserito nella plenaria di dicembre.",
    ),
    (
        "Fondo di garanzia per gli affitti",
        "Aggiornamento sul fondo per i contratti a canone concordato.",
        ["casa"],
        "merged",
        "Accorpato al punto sull'emergenza abitativa.",
    ),
    (
        "Sagra dell'associazionismo",
        "Una festa annuale delle associazioni in piazza.",
        ["cultura-e-tempo-libero"],
        "declined",
        "L'iniziativa è già organizzata dalla Consulta del volontariato.",
    ),
]
