"""Defects of the portal's Italian already found once (docs/italiano.md): each a regex and an example.

The wording test (test_pages.py) renders pages and e-mails and fails on any match. When you find a new
defect, add it here with the text where you found it as its example (test_every_defect_matches_its_example
checks that the pattern catches it).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Defect(NamedTuple):
    name: str
    pattern: re.Pattern[str]
    example: str


def _re(text: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(text, flags)


# Numbers read with a vowel: 1 (uno, not 1°), 8, 11, 80-89, 8xx, 8.xxx, 11.xxx.
_VOWEL_NUMBER = r"(?:1(?![\d°.,])|1[,]\d|8\d{0,2}(?![\d°])|11(?![\d°])|8\.\d{3}|11\.\d{3})"
_PLURALS = (
    "ore|servizi|attestati|organizzazioni|iscritti|iscrizioni|posti|lezioni|partecipanti|sedute|incontri|"
    "argomenti|proposte|referenti|iniziative|persone|volontari|giorni|minuti|percorsi|temi|corsi|"
    "documenti|e-mail inviate|risposte|presenze|aderenti|verbali|versioni|anni|mesi|settimane"
)

DEFECTS: list[Defect] = [
    Defect(
        "article not elided before a number",
        _re(rf"\b(?:il|del|dal|al|nel|sul)\s+{_VOWEL_NUMBER}", re.I),
        "Approvato il 8 luglio 2026",
    ),
    Defect(
        "article not elided before a number (da)",
        _re(rf"\b(?:dal|del)\s+{_VOWEL_NUMBER}", re.I),
        "La frequenza è stata del 86,1%",
    ),
    Defect(
        "article before a month",
        _re(
            r"\b(?:il|del|dal|al|nel)\s+(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|"
            r"ottobre|novembre|dicembre)\b",
            re.I,
        ),
        "attiva dal aprile 2024",
    ),
    Defect(
        "first of the month without the ordinal",
        _re(
            r"(?<![\d.,:/°])\b1 (?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|"
            r"ottobre|novembre|dicembre)\b",
            re.I,
        ),
        "Incontro: Seduta di dicembre (1 ottobre 2026)",
    ),
    Defect(
        "elided article before a consonant number",
        _re(r"\b(?:l|dell|dall|all|nell)'\s*(?:[2-79]|1[02-9]|10)\b"),
        "dall'12 luglio",
    ),
    Defect(
        "apostrophe followed by a space", _re(r"\b(?:l|dell|dall|all|nell|un|quest)' \w"), "l' informativa"
    ),
    Defect("1 with a plural noun", _re(rf"(?<![\d.,])\b1\s+(?:{_PLURALS})\b"), "rilasciati 1 attestati"),
    Defect(
        "zero written as a digit in a sentence",
        _re(
            rf"(?<![\d.,])\b0\s+(?:{_PLURALS}|uscite|ingressi|collaborazioni|ore di lezione|osservazioni|"
            r"posti disponibili|disponibil[ei]|posto disponibile)\b"
        ),
        "e 0 uscite (recessi: 0; sospensioni: 0)",
    ),
    Defect(
        "English left in the interface",
        _re(
            r"Select an option|This password|This field|is too short|is too common|is entirely numeric|"
            r"Enter a valid|Choose all|Remove all|by selecting them|Task Results|AUDIT LOG|"
            r"Django administration|Amministrazione Django"
        ),
        "- Select an option -",
    ),
    Defect(
        "Title Case inside a sentence",
        _re(
            r"\b(?:la tua|il tuo|a Due|a due|di|la|il|le|i)\s+"
            r"(?:Password|Fattori|Autenticazione|Account|Indirizzo|Email|E-mail|Codice|Dati)\b"
        ),
        "Cambia la tua Password",
    ),
    Defect(
        "Title Case inside a sentence (two capitals)",
        _re(r"\bAutenticazione a Due Fattori\b"),
        "Autenticazione a Due Fattori",
    ),
    Defect("doubled word", _re(r"\b(\w{3,})\s+\1\b", re.I), "Aderente aderente dal 2024"),
    Defect("email without hyphen", _re(r"(?<![\w@.-])e?mail(?![.@\w-])", re.I), "Inserisci la tua email"),
    Defect("gender slash", _re(r"\b\w+[oa]/[ae]\b"), "Benvenuto/a"),
    Defect(
        "gender assumed",
        # "Benvenuto" the greeting ("Benvenuto, Anna", "Benvenuto nel portale"), not a first name.
        _re(
            r"\b(?:Sei|Ti sei) collegat[oa]\b|\bcollegato/a\b"
            r"|\bBenvenut[oa](?:\s*[,!.]|\s+(?:nel|nella|sul|su|al|a|in)\b)"
        ),
        "Ti sei collegato",
    ),
    Defect(
        "casual allauth wording",
        _re(r"Ciao da|fare il reset|nel nostro database|Grazie per usare|\b127\.0\.0\.1:\d+!"),
        "Ciao da 127.0.0.1:8202!",
    ),
]
