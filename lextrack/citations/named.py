"""Texts cited by name rather than by number: the Constitution, the European treaties, the ECHR.

Data only. Each row: how texts write the name (accents and case are matched loosely), the nature
(a name of lextrack.vocab.NATURES), and what identifies it: a short name where a number would stand (the
treaties were renumbered when renamed, so a date would not tell article 87 TCE from article 87 TFUE), or
the date of the Constitution of the Fifth Republic.
"""

from __future__ import annotations

from typing import NamedTuple


class NamedText(NamedTuple):
    name: str
    nature: str
    number: str | None = None
    date: str | None = None


NAMED_TEXTS: tuple[NamedText, ...] = (
    NamedText("Constitution du 4 octobre 1958", "constitution", date="1958-10-04"),
    NamedText("Constitution", "constitution", date="1958-10-04"),
    NamedText("traité sur le fonctionnement de l'Union européenne", "traité", "TFUE"),
    NamedText("traité sur l'Union européenne", "traité", "TUE"),
    NamedText("traité instituant la Communauté européenne de l'énergie atomique", "traité", "Euratom"),
    NamedText("traité instituant la Communauté européenne", "traité", "TCE"),
    NamedText("traité CE", "traité", "TCE"),
    NamedText("traité instituant la Communauté économique européenne", "traité", "TCEE"),
    NamedText("traité CEE", "traité", "TCEE"),
    NamedText(
        "convention européenne de sauvegarde des droits de l'homme et des libertés fondamentales",
        "convention",
        "CEDH",
    ),
    NamedText(
        "convention de sauvegarde des droits de l'homme et des libertés fondamentales", "convention", "CEDH"
    ),
    NamedText("convention européenne des droits de l'homme", "convention", "CEDH"),
    # Schengen: the accord of 14 June 1985 and the convention applying it, signed on 19 June 1990.
    NamedText("convention d'application de l'accord de Schengen", "convention", date="1990-06-19"),
)
