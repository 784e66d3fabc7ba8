"""The words lextrack shares between its layers, as data: one place knows each list.

Parser, citations, store, graph, CLI and web import these; none keeps a copy. Enums are StrEnums, so a
value compares equal to its string (JSON, SQL rows and templates see plain strings).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

# --- article numbers -------------------------------------------------------------------------------------

# Latin multiplicative suffixes of article and item numbers ("19 quater", "2° bis", "L. 137-11-1 septvicies"),
# in counting order. Regexes must try the longest first ("quaterdecies" before "quater"): LATIN_ALTERNATION.
LATIN_SUFFIXES: tuple[str, ...] = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "novies", "decies",
    "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies", "septdecies",
    "octodecies", "novodecies", "vicies", "unvicies", "duovicies", "tervicies", "quatervicies",
    "quinvicies", "sexvicies", "septvicies",
)  # fmt: skip
LATIN_ALTERNATION = "|".join(sorted(LATIN_SUFFIXES, key=len, reverse=True))


# --- natures of legal texts ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Nature:
    """A kind of legal text: how lextrack names it, how texts spell it, how LEGI codes it."""

    name: str  # LegalText.nature: "décret", "loi organique"
    title: str  # how a label starts: "Décret"
    spellings: tuple[str, ...]  # lower case, accents stripped, single spaces: "decret", "decret loi"
    legi: tuple[str, ...] = ()  # LEGI NATURE / naturetexte values

    @property
    def slug(self) -> str:
        """The first segment of a text's canonical id (`decret/2013-597`)."""
        from lextrack.codes import slugify

        return slugify(self.name)


NATURES: tuple[Nature, ...] = (
    Nature("loi organique", "Loi organique", ("loi organique",), ("LOI_ORGANIQUE",)),
    Nature("loi constitutionnelle", "Loi constitutionnelle", ("loi constitutionnelle",), ("LOI_CONSTIT",)),
    Nature("loi", "Loi", ("loi", "l."), ("LOI",)),
    Nature("ordonnance", "Ordonnance", ("ordonnance",), ("ORDONNANCE",)),
    Nature("décret-loi", "Décret-loi", ("decret-loi", "decret loi"), ("DECRET_LOI",)),
    Nature("décret", "Décret", ("decret",), ("DECRET",)),
    Nature("arrêté", "Arrêté", ("arrete",), ("ARRETE",)),
    Nature("règlement", "Règlement", ("reglement",), ("REGLEMENTEUROPEEN", "REGLEMENT")),
    Nature("directive", "Directive", ("directive",), ("DIRECTIVE_EURO", "DIRECTIVE")),
    Nature("décision", "Décision", ("decision",), ("DECISION",)),
    Nature("circulaire", "Circulaire", ("circulaire",), ("CIRCULAIRE",)),
    Nature("délibération", "Délibération", ("deliberation",), ("DELIBERATION",)),
    Nature("rapport", "Rapport", ("rapport",), ("RAPPORT",)),
    Nature("avis", "Avis", ("avis",), ("AVIS",)),
    Nature("instruction", "Instruction", ("instruction",), ("INSTRUCTION",)),
    Nature("accord", "Accord", ("accord",), ("ACCORD",)),
    Nature("constitution", "Constitution", ("constitution",), ("CONSTITUTION",)),
    Nature("traité", "Traité", ("traite",), ("TRAITE",)),
    Nature("convention", "Convention", ("convention",), ("CONVENTION",)),
    Nature("code", "Code", ("code",), ("CODE",)),
)


@cache
def _natures_by_key() -> dict[str, Nature]:
    out: dict[str, Nature] = {}
    for n in NATURES:
        for key in (*n.spellings, n.name, *(c.lower() for c in n.legi)):
            out.setdefault(key, n)
    return out


def nature_of(word: str) -> Nature | None:
    """The nature a word names ("Décret", "decret loi", "DECRET_LOI", "arrêtés"), or None."""
    from lextrack.codes import strip_accents

    key = " ".join(strip_accents(word).lower().replace("’", "'").split())
    found = _natures_by_key().get(key)
    if found is None and key.endswith("s"):  # plurals: "décrets", "arrêtés"
        found = _natures_by_key().get(key[:-1])
    return found


def nature_from_legi(code: str | None) -> Nature | None:
    """A LEGI NATURE / naturetexte value ("DECRET", "LOI_ORGANIQUE") -> Nature."""
    return _natures_by_key().get((code or "").strip().lower()) if code else None


# First segments of text ids: an id starting with one is a legal text's, not a code article's.
TEXT_ID_PREFIXES: tuple[str, ...] = tuple(dict.fromkeys(n.slug for n in NATURES if n.name != "code"))


def is_text_id(node: str) -> bool:
    return node.split("/", 1)[0] in TEXT_ID_PREFIXES


# --- metadata links ---------------------------------------------------------------------------------------


class LinkKind(StrEnum):
    """A metadata relation as seen from the article that states it."""

    CREATED_BY = "created_by"
    MODIFIED_BY = "modified_by"
    ABROGATED_BY = "abrogated_by"
    CODIFIED_BY = "codified_by"
    TRANSFERRED_BY = "transferred_by"
    CITES = "cites"
    CITED_BY = "cited_by"
    PREVIOUS_TEXT = "previous_text"  # Anciens textes
    NEXT_TEXT = "next_text"  # Nouveaux textes
    CONCORDANCE = "concordance"
    RATIFIED_BY = "ratified_by"
    ANNULLED_BY = "annulled_by"
    DISJOINED_BY = "disjoined_by"
    LAPSED_BY = "lapsed_by"  # PERIME
    MOVED_BY = "moved_by"  # DEPLACE
    ASSOCIATED = "associated"  # TXT_ASSOCIE and other LEGI link types without a heading
    MODIFIES = "modifies"  # the article modifies the target (LEGI MODIFIE with sens=source)
    CREATES = "creates"
    ABROGATES = "abrogates"
    TRANSFERS = "transfers"


_K = LinkKind
# LEGI typelien pairs, legi.py's pairing: (passive noun, active participle) -> (kind when the article
# undergoes it, kind when it acts). The noun names the relation from the acted-upon side, the participle
# from the actor's side: (CREATION, source) and (CREE, cible) both read "created by the target".
LEGI_LINK_PAIRS: dict[tuple[str, str], tuple[LinkKind, LinkKind]] = {
    ("CREATION", "CREE"): (_K.CREATED_BY, _K.CREATES),
    ("MODIFICATION", "MODIFIE"): (_K.MODIFIED_BY, _K.MODIFIES),
    ("ABROGATION", "ABROGE"): (_K.ABROGATED_BY, _K.ABROGATES),
    ("CODIFICATION", "CODIFIE"): (_K.CODIFIED_BY, _K.ASSOCIATED),
    ("TRANSFERT", "TRANSFERE"): (_K.TRANSFERRED_BY, _K.TRANSFERS),
    ("RATIFICATION", "RATIFIE"): (_K.RATIFIED_BY, _K.ASSOCIATED),
    ("ANNULATION", "ANNULE"): (_K.ANNULLED_BY, _K.ASSOCIATED),
    ("DISJONCTION", "DISJOINT"): (_K.DISJOINED_BY, _K.ASSOCIATED),
    ("PEREMPTION", "PERIME"): (_K.LAPSED_BY, _K.ASSOCIATED),
    ("DEPLACEMENT", "DEPLACE"): (_K.MOVED_BY, _K.ASSOCIATED),
}
# Types that read the same from both sides.
LEGI_SYMMETRIC: dict[str, LinkKind] = {
    "CONCORDANCE": _K.CONCORDANCE,
    "CONCORDE": _K.CONCORDANCE,
}
# (typelien, sens) -> the kind as seen from the article holding the LIEN. CITATION sens=source is "Cite"
# (D215-16's text cites exactly its two CITATION source targets), sens=cible "Cité par".
LEGI_LINK_KINDS: dict[tuple[str, str], LinkKind] = {
    ("CITATION", "source"): _K.CITES,
    ("CITATION", "cible"): _K.CITED_BY,
}
for (_noun, _participle), (_passive, _active) in LEGI_LINK_PAIRS.items():
    LEGI_LINK_KINDS[(_noun, "source")] = LEGI_LINK_KINDS[(_participle, "cible")] = _passive
    LEGI_LINK_KINDS[(_noun, "cible")] = LEGI_LINK_KINDS[(_participle, "source")] = _active
for _type, _kind in LEGI_SYMMETRIC.items():
    LEGI_LINK_KINDS[(_type, "source")] = LEGI_LINK_KINDS[(_type, "cible")] = _kind


# --- versions: row kinds, states, statuses ----------------------------------------------------------------


class RowKind(StrEnum):
    """What one index row says about an article from its start on."""

    TEXT = "text"  # a text in force from start to end
    ABROGATION = "abrogation"  # the article stops existing at start
    TRANSFER = "transfer"  # the article moves to a successor at start


END_KINDS: tuple[RowKind, ...] = (RowKind.ABROGATION, RowKind.TRANSFER)


class State(StrEnum):
    """What a stored version was."""

    IN_FORCE = "in_force"  # the open, current version
    MODIFIED = "modified"  # closed by a later version
    ABROGATED = "abrogated"
    TRANSFERRED = "transferred"
    STILLBORN = "stillborn"  # LEGI MODIFIE_MORT_NE: never in force
    REPEAT = "repeat"  # says nothing the version before it did not: kept, not shown
    SUPERSEDED = "superseded"  # took effect the day a later text replaced it: in the history, never in force


HIDDEN_STATES: tuple[State, ...] = (State.STILLBORN, State.REPEAT)
# The same in SQL, on the versions table's `state` (a row that takes part in intervals: timeline.live).
LIVE_SQL = "state NOT IN (" + ", ".join(f"'{s}'" for s in HIDDEN_STATES) + ")"

# The state of each kind of row: a text is in force until closed (then modified, whatever closed it: the
# abrogation or transfer row is the version that says the article ended, and how).
KIND_STATE: dict[RowKind, State] = {
    RowKind.TEXT: State.IN_FORCE,
    RowKind.ABROGATION: State.ABROGATED,
    RowKind.TRANSFER: State.TRANSFERRED,
}


class Status(StrEnum):
    """The answer to "was article X in force on day D?" (`at`, the graph, `check`, the web view)."""

    IN_FORCE = "in_force"
    NOT_YET_IN_FORCE = "not_yet_in_force"
    ABROGATED = "abrogated"
    TRANSFERRED = "transferred"
    UNKNOWN = "unknown"  # a gap the sources leave, or no dated version around the day


# LEGI ETAT -> the store's states.
LEGI_STATES: dict[str, State] = {
    "VIGUEUR": State.IN_FORCE,
    "VIGUEUR_DIFF": State.IN_FORCE,
    "MODIFIE": State.MODIFIED,
    "ABROGE": State.ABROGATED,
    "ABROGE_DIFF": State.ABROGATED,
    "TRANSFERE": State.TRANSFERRED,
    "MODIFIE_MORT_NE": State.STILLBORN,
    "PERIME": State.ABROGATED,
    "ANNULE": State.ABROGATED,
    "DISJOINT": State.ABROGATED,
}
# LEGI states that end an article, and the row each ends it with.
LEGI_END_KINDS: dict[str, RowKind] = {
    etat: RowKind.TRANSFER if state == State.TRANSFERRED else RowKind.ABROGATION
    for etat, state in LEGI_STATES.items()
    if state in (State.ABROGATED, State.TRANSFERRED)
}
