"""The regular expressions of French citation grammar, compiled once.

The scanner never walks characters in Python: one trigger regex finds the few places where a
citation can start ("article", "loi", "décret", "présent", "même"…), and anchored regexes read the
citation forward from there (and the pinpoint chain backward, in a short window).
"""

from __future__ import annotations

import re
from functools import cache

from lextrack.citations.named import NAMED_TEXTS
from lextrack.codes import all_codes
from lextrack.dates import MONTHS
from lextrack.vocab import LATIN_ALTERNATION

APOS = "['’]"
# Hyphens inside numbers: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash (Légifrance prints
# "loi n° 2016‑1087" with U+2011 and "L. 1111‑2" with any of them).
HYPHEN = "[-\u2010\u2011\u2012\u2013]"
HYPHENS = "-\u2010\u2011\u2012\u2013"  # the same, for character classes that add to it
# Latin suffixes, longest first ("quaterdecies" before "quater").
LATIN = LATIN_ALTERNATION

MONTH_ALT = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = rf"(?:1er|premier|\d{{1,2}})\s+(?:{MONTH_ALT})\s+\d{{4}}"

# An article number: optional prefix (L, R, D, A, LO, L.O., R*, D*), digits in hyphenated groups,
# "1er", Latin suffixes and the capital letter the CGI adds ("39 bis A", "150-0 A", "1649 quater").
PREFIX = r"(?P<pfx>L\.?\s?O\b\.?|L\.?\s?O\.|LO|L|R|D|A)(?:\s*\.)?\s*(?P<star>\*)?\s*"
# The CGI's paragraph after a dash, "156-I", "812 A-II-2°" (not "Art. R. 321-8-I.-La convention": the heading
# of an article quoted whole, its paragraph I starting).
DASH_ROMAN = rf"[IVX]+\b(?!\.\s*[-–—])(?:{HYPHEN}(?:\d+°?|[a-z]\b))*"
# "575 A." ends a sentence: the capital is a suffix; "575 A. 331-2" would be a prefix (A.) of the next number.
CAP_DOT = r"\.(?!\s*$|\s+[A-ZÀ-ÖØ-Þ«\"(])"
NUMBER = (
    # "R. 513- 1" (a space after the dash: texts of the 1970s to 1990s, "l' article L. 141- 2")
    rf"(?P<digits>\d+(?:{HYPHEN}[ ]?\d+)*(?:\.\d+(?![\d°]))?)"
    rf"(?:{HYPHEN}(?P<dashpin>\d+°))?(?P<er>er(?:{HYPHEN}\d+)*\b)?"
    # CGI suffixes chain: "163 quinquies C bis", "1649 quater-0 B bis", "150 UC", "125-0A".
    # A capital's words are no suffix: "AUX ARTICLES R371-2 ET R372-2", "L'ARTICLE 706-26 DU CODE".
    rf"(?P<sfx>(?:\s+(?:{LATIN})\b(?:{HYPHEN}\d+)?"
    rf"|\s*(?<![A-Z])(?!(?:ET|OU|DU|AU)\b)[A-Z]{{1,2}}\b(?!{HYPHEN}(?!{DASH_ROMAN})|[’']|\s+\d|{CAP_DOT}))*)"
    # The CGI's paragraph written after a dash: "l'article 156-I", "125 A-III", "812 A-II-2°", "1517-II-1".
    rf"(?:{HYPHEN}(?P<dashroman>{DASH_ROMAN}))?"
)
# A number must not be an amount, a percentage, an ordinal item or a year in a date.
NOT_AMOUNT = (
    # "1 500 euros"; but "l'article R. 331-63 5°" (CCH R331-71) cites the 5° of R331-63
    rf"(?!\d|\s+\d(?!\d?°)|\s*(?:°|{HYPHEN}\d|%|‰|euros?\b|€|francs?\b|p\.\s*100|pour\s+cent|ans?\b|mois\b|jours?\b|heures?\b"
    rf"|(?:{MONTH_ALT})\b))"
)
ITEM_RE = re.compile(rf"(?:{PREFIX})?{NUMBER}{NOT_AMOUNT}")

# Between the items of a list or the two ends of a range.
SEP_RE = re.compile(r"\s*(?:,\s*(?:et\s+|ou\s+)?|\s+et\s+|\s+ou\s+)", re.IGNORECASE)
RANGE_RE = re.compile(r"\s+(?:à|au)\s+", re.IGNORECASE)
SUIVANTS_RE = re.compile(r"\s+et\s+suivants\b", re.IGNORECASE)

# Where a citation can start. Case-insensitive on the first letter only keeps the scan fast.
TRIGGER_RE = re.compile(
    r"\b(?:"
    r"(?P<art>[Aa]rt(?:icles?\b|\.)|ARTICLES?\b)"  # capitals: annexes' titles ("ANNEXE À L'ARTICLE A. 762-3")
    r"|(?P<txt>[Ll]ois?\b|[Oo]rdonnances?\b|[Dd][ée]crets?\b|[Aa]rr[êe]t[ée]s?\b|[Rr][èe]glements?\b"
    r"|[Dd]irectives?\b|[Dd][ée]cisions?\b|LOI\b|D[EÉ]CRET\b|ORDONNANCE\b|ARR[EÊ]T[EÉ]\b|L\.(?=\s*n\s*[°º]))"
    r"|(?P<pres>présente?)\s"
    r"|(?P<meme>même|dudit|audit|ledit|cet(?=\s+article))\b"
    # a code named where no article is cited: "du livre II du code pénal", "prévues par le code pénal"
    r"|(?P<code>(?<=[da]u\s|le\s)code\b)"
    # Texts named, not numbered, cited on their own: "la Constitution", "le traité sur l'Union européenne".
    r"|(?P<named>(?<=la\s)Constitution\b|[Tt]raité\s+(?:sur|instituant|CEE?\b)"
    # a convention is named by its date ("signée à Chicago le 7 décembre 1944") or is the ECHR or Schengen's
    r"|[Cc]onvention\b(?=\s+(?:européenne|de\s+sauvegarde|d['’]\s*application)|[^.;:]{0,200}?\d{4}))"
    r")"
)

# The prefilter: literal substrings are found by the regex engine's fast literal search (~1 GB/s),
# far faster than one alternation with \b, which is tried at every position. Each literal comes with
# how far before it the trigger word starts; TRIGGER_RE then confirms at that position.
TRIGGER_LITERALS = (
    ("rticle", 1), ("rt.", 1), ("loi", 0), ("Loi", 0), ("rdonnance", 1), ("écret", 1), ("ecret", 1),
    ("rrêt", 1), ("rret", 1), ("glement", 2), ("irective", 1), ("résent", 1), ("ême", 1), ("dit", 2),
    ("cet", 0), ("LOI", 0), ("ECRET", 1), ("ÉCRET", 1), ("RDONNANCE", 1), ("RRET", 1), ("RRÊT", 1),
    ("L. n", 0), ("écision", 1), ("Constitution", 0), ("raité", 1), ("onvention", 1), ("RTICLE", 1),
    ("du code", -3), ("au code", -3), ("le code", -3),
)  # fmt: skip
# Each search walks the whole text, but a one-character `in` is a memchr: a literal holding a character
# most articles lack (capitals of "LOI", "ê" of "même") is searched only where that character occurs.
_RARE_CHARS = "ÉÊONRê"  # rarest first, by share of real articles holding them
TRIGGER_SEARCHES = tuple(
    (lit, back, len(lit), next((c for c in _RARE_CHARS if c in lit), None)) for lit, back in TRIGGER_LITERALS
)
# A pinpoint chain can only end with one of these just before "de l'article": checked on a few
# characters before the costly backward search.
PIN_END_RE = re.compile(
    # every Latin suffix ends in "ies" but bis, ter, quater: cheaper than the 27 of them
    r"(?:°|\b[IVX]+|\b[A-Za-z]\)?|\do|alinéas?|phrases?|alinéa\s+(?:premier|1er)|\d\.?|[a-z]+ies|bis|ter|quater)\s*,?\s+"
    r"(?i:de\s+l['’]\s*|des\s+|du\s+|de\s+la\s+|de\s+)?$"
)
# PIN_END_RE read backward, matched from the start of the reversed window: one anchored try instead of
# a search trying every one of the window's characters. \b may also be the window's edge ($), where the
# forward search looks one character further: so this can say yes when PIN_END_RE says no, never the
# reverse, and PIN_END_RE confirms a yes.
PIN_END_REVERSED_RE = re.compile(
    r"(?i:\s*['’]l\s+ed|\s+sed|\s+ud|\s+al\s+ed|\s+ed)?\s+,?\s*"
    r"(?:°|[IVX]+(?:\b|$)|\)?[A-Za-z](?:\b|$)|o\d|s?aénila|s?esarhp|reimerp|re1|\.?\d|sei[a-z]|sib|ret|retauq)"
)

# "du présent code", "du code rural", "CGI"… after a list of numbers; the code name regex is built
# from the code table (names, aliases, abbreviations), longest first, accents optional.
_ACCENTS = {
    "e": "[eéèêë]", "é": "[eéèêë]", "è": "[eéèêë]", "ê": "[eéèêë]", "a": "[aàâ]", "à": "[aàâ]",
    "â": "[aàâ]", "i": "[iîï]", "î": "[iîï]", "o": "[oô]", "ô": "[oô]", "u": "[uùûü]", "û": "[uùûü]",
    "ù": "[uùûü]", "c": "[cç]", "ç": "[cç]",
}  # fmt: skip


def _loose(name: str) -> str:
    out = []
    for ch in name:
        low = ch.lower()
        if ch in " \u00a0":
            out.append(r"\s+")
        elif ch in "'’":
            out.append(r"['’]\s*")
        elif ch == ".":
            out.append(r"\.?\s*")
        elif ch == "-":
            out.append(r"[-\s]")
        elif low in _ACCENTS:
            out.append(_ACCENTS[low])
        else:
            out.append(re.escape(low))
    return "".join(out).replace(r"\s+\.?", r"\s*\.?")


@cache
def _code_alternatives() -> tuple[str, str]:
    """Every code name and alias, and every abbreviation, as two regex alternations (longest first)."""
    names: list[str] = []
    abbrs: list[str] = []
    for code in all_codes():
        for name in (code.name, *code.aliases):
            # "Code forestier (nouveau)": texts never write the parenthesis.
            names.append(re.sub(r"\s*\(.*?\)", "", name))
        abbrs.extend(code.abbreviations)
    names = sorted(set(names), key=len, reverse=True)
    abbrs = sorted(set(abbrs), key=len, reverse=True)
    return "|".join(_loose(n) for n in names), "|".join(re.escape(a).replace(r"\ ", r"\s*") for a in abbrs)


@cache
def code_alone_re() -> re.Pattern[str]:
    """A code's name alone, as notes write it before "art." ("(1) Voir livre des procédures fiscales, art.
    L. 9", "(6) Code du travail, art. L122-14-13", the CGI's "(1) Annexe III, art. 41 sexdecies A")."""
    name_alt, abbr_alt = _code_alternatives()
    return re.compile(
        rf"(?P<name>{name_alt})|(?P<abbr>(?-i:{abbr_alt}))|(?-i:[Aa]nnexe)\s+(?P<annex>(?-i:IV|III|II|I))",
        re.IGNORECASE,
    )


# The words a note writes before a code's name: "(1) Voir également …", "… 280 A et …".
NOTE_LEAD_RE = re.compile(r"\b(?:et|voir|également|cf\.)\s+", re.IGNORECASE)


# The territories that have, or had, codes of their own: "du code de procédure civile de la
# Nouvelle-Calédonie", "du code général des impôts applicable à Mayotte" name a local code, not the
# national one.
LOCAL_TERRITORY = (
    r"(?:Nouvelle-Calédonie|Polynésie\s+française|Mayotte|(?:îles\s+)?Wallis[-\s]et[-\s]Futuna"
    r"|Saint-Pierre-et-Miquelon|Saint-Barthélemy|Saint-Martin|Terres\s+australes\s+et\s+antarctiques\s+françaises)"
)
# What turns a code's name into another code's, written right after it: the one territory it is applicable in
# (singular: "applicables" agrees with the articles, which stay the national code's; "applicable en
# Nouvelle-Calédonie, en Polynésie française et à Mayotte" is the national code extended to them), or "local"
# (the local law of Alsace-Moselle: "l'article 66 du code civil local").
LOCAL_CODE = (
    r"(?P<local>\s+(?:local(?![\w'’])"
    r"|applicable\s+(?:à|en|dans)\s+(?:la\s+collectivité\s+(?:territoriale|départementale)\s+de\s+)?"
    rf"{LOCAL_TERRITORY}(?![\w-])(?!\s*(?:,|et)\s+(?:à|en|aux?|dans)\s)"  # several places: the national code
    rf"|de\s+(?:la\s+)?{LOCAL_TERRITORY}(?![\w-])))?"
)


# Words that end the name of a code the table lacks, not part of it: "du code de la voirie relatives à",
# "du code pour l'exécution", "du code mondial antidopage figurant en annexe", "du code susvisé".
_NOT_NAME = (
    r"(?!(?:relati|sont\b|pour\b|ainsi\b|entre\b|figurant|susvis|susmention|précit|mentionn|déjà\b|applicable\b"
    r"|dans\b|qui\b|est\b|sur\b|avec\b|recouvr|modifi|annex|reproduit|portant|ci-|par\b|les\b|aux\b|une\b"
    r"|que\b|leurs?\b|son\b|ses\b|cette\b|ces\b))"
)
# A further word of such a name, after "de", "des", "d'", "et de la"… ("du code général des propriétés des
# personnes publiques", "du code des procédures civile d'exécution"), or an adjective ("code mondial
# antidopage"): find_code_loosely then tells which code of the table it means.
_NAME_MORE = (
    rf"(?:\s+{_NOT_NAME}(?!local\b)(?:(?:et\s+)?(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+|d['’]\s*)"
    rf"{_NOT_NAME}[^\W\d]{{3,}}|et\s+{_NOT_NAME}[^\W\d]{{4,}}|[^\W\d]{{4,}}))"
)


def _table_name(name_alt: str) -> str:
    """A name of the table's codes as a regex group "name" ("du nouveau code pénal": the word aside)."""
    return rf"(?:nouveau\s+)?(?P<name>{name_alt})(?![\w'’])"


@cache
def code_name_re() -> re.Pattern[str]:
    """Every code name and alias, preceded by du/de la/des…; a fallback for codes the table lacks. The group
    local: what follows the name and makes it a local code's (LOCAL_CODE)."""
    name_alt, abbr_alt = _code_alternatives()
    return re.compile(
        r"\s*,?\s*(?:"
        rf"(?:du|au)\s+{_table_name(name_alt)}"
        rf"|(?:du\s+|,\s*)?(?P<abbr>(?-i:{abbr_alt}))(?![\w'’])"
        rf"|(?:du|au)\s+(?P<other>code\s+local\s+(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|de\s+)[^\W\d]{{4,}}"
        r"(?:\s+[^\W\d]{4,})?"  # Alsace-Moselle: "du code local des assurances sociales"
        rf"|code\s+(?:de\s+la\s+|de\s+l['’]\s*|des\s+|du\s+|d['’]\s*)?{_NOT_NAME}[^\W\d]{{3,}}{_NAME_MORE}{{0,4}})"
        rf"){LOCAL_CODE}",
        re.IGNORECASE,
    )


@cache
def code_named_re() -> re.Pattern[str]:
    """A code of the table named where no article is cited ("du livre II du code pénal", "prévues par le code
    de la mutualité", "dans le code"; not "modifiant le code …", whose "même code" may be another), with what
    makes it a local code. Matched from three characters before "code"; the words before "le" are
    checked by the caller (PAR_LE_RE)."""
    return re.compile(rf"(?:du|au|le)\s+{_table_name(_code_alternatives()[0])}{LOCAL_CODE}", re.IGNORECASE)


# What must come before "le code X" for it to name the code "même code" means: "prévues par le", "dans le".
PAR_LE_RE = re.compile(r"(?:\bpar|\bdans)\s+$")


PRESENT_CODE_RE = re.compile(
    r"\s*,?\s*(?:du|au)\s+(?:présent|même)\s+code\b|\s*,?\s*dudit\s+code\b|\s*,?\s*de\s+ce\s+(?:même\s+)?code\b"
    r"|\s+(?P<precite>précité|susvisé|susmentionné)(?!e)s?\b"
    r"|\s*,?\s*du\s+code\s+(?:précité|susvisé|susmentionné|déjà\s+cité|mentionné\s+ci-dessus)\b",
    re.IGNORECASE,
)
# "de l'annexe III (or 3) au code général des impôts"; "… au présent code" (the citing code's annex), "… au
# même code", "… à ce code", "… de ce même code", "… dudit code", "… au code précité", or no code at all
# before "et", "ainsi que", a comma… (the annex of the code named before: CGI annexe II 383, Code du
# tourisme D421-1).
CGI_ANNEX_RE = re.compile(
    r"\s*,?\s*de\s+l['’]\s*annexe\s+(?P<annex>IV|III|II|I|[1-4](?!\d))"
    r"(?:\s+(?:au|du)\s+(?:code\s+général\s+des\s+impôts|CGI)\b"
    r"|\s+(?:au|du|à|de)\s+(?P<which>présent|même|ce(?:\s+même)?)\s+code\b|\s+(?P<said>audit|dudit)\s+code\b"
    r"|\s+(?:au|du)\s+code\s+(?P<precited>précité|susvisé|susmentionné)\b"
    r"|(?<!\d)(?P<bare>)(?=\s*(?:[,;.:)]|et\b|ainsi\b|ou\b|$)))",  # a roman number only
    re.IGNORECASE,
)

# A legal text: nature, then an identifier (number and/or date).
NATURE = (
    r"(?P<nature>loi\s+organique|loi|l\.(?=\s*n)|ordonnance|d[ée]cret[-\s]loi|d[ée]cret|arr[êe]t[ée]"
    r"(?:\s+(?:minist[ée]riel|interminist[ée]riel|pr[ée]fectoral))?|r[èe]glement|directive|d[ée]cision)"
)
NUMERO = r"(?:n\s*[°º]|no\.?|n\.)\s*"
EU_NUMBER = r"(?P<eu>\d{1,4}\s*/\s*\d{1,4}(?:\s*/\s*(?:CEE|CE|UE|Euratom))?)"
# "n° 63.1240": a dot for the dash (Code de la sécurité sociale R351-12)
FR_NUMBER = rf"(?P<fr>\d{{2,4}}(?:{HYPHEN}|\.(?=\d))\d{{1,5}}(?!{HYPHEN}?\d)(?-i:\s+[A-Z]{{2,3}}\b)?)"
# What follows a nature: adjectives of EU acts, the tag, the number, the issuer, the date.
TEXT_TAIL = (
    r"(?:\s+(?:communautaire|européen(?:ne)?|délégué(?:e)?|d['’]\s*exécution|du\s+Conseil\s+constitutionnel"
    r"|(?:précité|susvisé|susmentionné|modifié)e?(?=\s+(?:du\s|n\s*[°º]))))?"  # "la loi précitée du …"
    r"(?:\s*\(\s*(?P<eu_tag>UE|CE|CEE|Euratom)\s*\)(?:\s+du\s+Conseil(?=\s+n\s*[°º]))?"
    r"|\s+(?-i:CEE|CE|UE)(?=\s+n\s*[°º]))?"  # "du règlement CEE n° 2137-85", "(CE) du Conseil n° 4/2009"
    # "la loi de finances pour 1999", "… du 13 juillet 1925" (Code de l'urbanisme R*126-1), "… n° 58-336",
    # "la loi d'orientation foncière du 30 décembre 1967", "la loi d'orientation n° 92-125"
    r"(?:\s+de\s+finances(?:\s+rectificative)?(?:\s+pour\s+\d{4}|(?=,?\s+(?:du\s+\d|n\s*[°º])))"
    r"|\s+d['’]\s*orientation(?:\s+(?!du\b)[^\W\d]{4,})?(?=,?\s+(?:du\s+\d|n\s*[°º]))"
    r"|\s+de\s+financement\s+de\s+la\s+sécurité\s+sociale\s+pour\s+\d{4})?"
    rf"(?:\s+(?P<iso0>\d{{4}}-\d\d-\d\d)\b"
    # "le règlement communautaire (CEE n° 2092/91)": the tag inside the parenthesis, with the number.
    rf"|\s*\(\s*(?P<eu_tag2>CEE|CE|UE)\s+(?:{NUMERO})?(?P<eu2>\d{{1,4}}\s*/\s*\d{{1,4}})\s*\)"
    rf"|(?:\s*\(\s*|\s*)(?:{NUMERO})?(?:{EU_NUMBER}|{FR_NUMBER})"
    # "la loi n° 329 du 4 mars 1942", "l'ordonnance n° 174 du 2 février 1945": a number within its year
    # (lextrack.citations.texts makes it 45-174 from 1945 on; before, the text is known by its date)
    rf"|\s*{NUMERO}(?P<fr_year>\d{{1,4}})(?=,?\s+du\s+\d))?"
    r"(?:,?\s+(?:du\s+Parlement(?:\s+européen)?\s+et\s+du\s+Conseil|du\s+Conseil|de\s+la\s+Commission(?:\s+européenne)?)(?=,?\s+du\s+\d))?"
    # "la loi n° 95-115 modifiée du 4 février 1995": the word between the number and the date
    rf"(?(iso0)|(?:(?:\s+modifiée?)?,?\s+(?:du|en\s+date\s+du)\s+(?P<date>{DATE})|,\s*(?P<date2>{DATE})"
    rf"|\s+(?P<iso>\d{{4}}-\d\d-\d\d)\b)?)"
)
TEXT_RE = re.compile(rf"{NATURE}s?{TEXT_TAIL}", re.IGNORECASE)
TEXT_TAIL_RE = re.compile(TEXT_TAIL, re.IGNORECASE)
# "les règlements (CE) n° 1005/2009 et (UE) n° 517/2014": the next text of a list, same nature.
TEXT_NEXT_RE = re.compile(
    r"\s*(?:,\s*(?:et\s+|ou\s+)?|\s+et\s+|\s+ou\s+)(?:(?:le|la|du|de\s+la|au|à\s+la)\s+)?"
    r"(?:(?:règlement|directive)s?\s+)?(?=\(\s*(?:UE|CE|CEE|Euratom)\s*\)|n\s*[°º]|\d{1,4}\s*/\s*\d)",
    re.IGNORECASE,
)


# "les lois du 7 janvier 1983 et du 23 juillet 1987": texts known by their date, listed.
TEXT_NEXT_DATE_RE = re.compile(
    rf"\s*(?:,|\s+et|\s+ou)\s+(?:du|en\s+date\s+du)\s+(?P<date>{DATE})", re.IGNORECASE
)


# Texts named, not numbered (lextrack.citations.named), and conventions, treaties, accords by their date.
def _named_alt() -> str:
    """The names of lextrack.citations.named, longest first; "Constitution" only with its capital."""
    names = sorted(NAMED_TEXTS, key=lambda n: len(n.name), reverse=True)
    return "|".join("(?-i:C)" + _loose(n.name[1:]) if n.name[0] == "C" else _loose(n.name) for n in names)


_NAMED_BODY = (
    rf"(?:(?P<named>{_named_alt()})(?![\w'’-])"
    r"|(?P<dnat>convention|traité|accord)(?:\s+(?:de|d['’])\s*[A-ZÉ][\w-]+)?"
    # "la convention interprofessionnelle du 27 mars 1979", "la convention collective nationale du 15 mars …"
    rf"(?:(?:\s+(?!du\b)[a-zéèêà]+){{0,3}}\s+(?:du|en\s+date\s+du)\s+(?P<ddate>{DATE})"
    # "la convention relative à l'aviation civile internationale signée à Chicago le 7 décembre 1944"
    rf"|(?:\s+[^.;:]{{1,160}}?)?,?\s+signée?\s+à\s+[A-ZÉ][\w-]+\s+le\s+(?P<ddate2>{DATE})))"
)
NAMED_TEXT_RE = re.compile(rf"\s*,?\s*(?:du|de\s+la|de\s+l['’]\s*)\s*{_NAMED_BODY}", re.IGNORECASE)
NAMED_BARE_RE = re.compile(_NAMED_BODY, re.IGNORECASE)
# "de la même loi", "dudit décret", "de la loi précitée": the text named last.
SAME_TEXT_RE = re.compile(
    r"\s*,?\s*(?:de\s+la\s+même\s+(?P<n1>loi|ordonnance|directive)|du\s+même\s+(?P<n2>décret|arrêté|règlement)"
    r"|de\s+ladite\s+(?P<n3>loi|ordonnance|directive)|dudit\s+(?P<n4>décret|arrêté|règlement)"
    r"|de\s+l['’]\s*(?P<n5>ordonnance|arrêté)\s+(?:précité|susvisé|susmentionné)e?"
    r"|(?:de\s+la|du)\s+(?P<n6>loi|décret|règlement|directive)\s+(?:précité|susvisé|susmentionné)e?"
    r"|de\s+cette\s+(?P<n7>loi|ordonnance|directive)|de\s+ce\s+(?P<n8>décret|règlement)"
    r"|de\s+la\s+présente\s+(?P<n9>loi|ordonnance)"
    # "du traité" alone: the treaty named last ("du traité sur…", "du traité CE" are named, above).
    r"|du\s+(?P<n10>traité)(?!\s+(?:sur|instituant|de|d['’]|portant|relatif|établissant|signé|entre|conclu|CEE?|UE)\b)"
    r"|de\s+(?:la\s+même|ladite|cette)\s+(?P<n11>convention)"
    r"|de\s+la\s+(?P<n12>convention)\s+(?:précitée|susvisée|susmentionnée))\b"
    # "de la loi précitée du 10 septembre 1947" names its text again: read as a text, not as the last one
    r"(?!\s+(?:du\s+(?:\d|1er|premier)|n\s*[°º]))",
    re.IGNORECASE,
)
# What links a list of numbers to the text they belong to: "de la loi", "du décret", "de l'ordonnance".
OF_TEXT_RE = re.compile(
    r"\s*,?\s*(?:de\s+la|du|de\s+l['’]|des)\s*"
    r"(?:(?:première|deuxième|troisième|quatrième|cinquième|sixième|septième|huitième|neuvième|dixième|onzième"
    r"|douzième|treizième)\s+)?"  # "de la septième directive 83/349/CEE"
    r"(?=(?:loi|ordonnance|décret|arrêté|"
    r"règlement|directive|décision)s?\b)",
    re.IGNORECASE,
)
# Articles of a text we cannot name ("de la convention", "du statut", "de l'accord"): not the citing code.
# The Constitution, the named treaties and dated conventions are tried first (NAMED_TEXT_RE).
FOREIGN_RE = re.compile(
    r"\s*,?\s*(?:du|de\s+la|de\s+l['’]\s*|des)\s*(?:traité|convention|accord|constitution|protocole|charte"
    r"|pacte|annexe|statuts?|règlement\s+(?:général|intérieur)|code\s+des\s+assurances\s+sociales)s?\b",
    re.IGNORECASE,
)
# "l'article 8 et de l'article 19 du règlement …": bare numbers before a text's article share that text.
# Division words between numbers and their code: "du chapitre V du titre II du livre VII du code rural".
DIVISIONS_RE = re.compile(
    # "les articles 121-5 et 121-7 ainsi que du chapitre II du titre II du livre Ier du code pénal"
    r"(?:\s*,?\s*(?:ainsi\s+que\s+)?(?:(?:du|de\s+la|de\s+l['’])\s*)?(?:chapitre|titre|livre|section|sous-section|partie)\s+"
    r"(?:[IVXL]+|\d+|premier|unique|préliminaire)(?:er)?\b(?:\s+(?:bis|ter))?\s*,?)+",
    re.IGNORECASE,
)
PRESENT_ARTICLE_RE = re.compile(r"\s*,?\s*(?:du|au)\s+présent\s+article\b", re.IGNORECASE)

# Pinpoints: "II", "5°", "2° bis", "b", "a)", "premier alinéa", "alinéa 3", "première phrase".
ORDINALS = {
    "premier": 1, "première": 1, "1er": 1, "1re": 1, "deuxième": 2, "second": 2, "seconde": 2,
    "2e": 2, "2ème": 2, "troisième": 3, "3e": 3, "quatrième": 4, "4e": 4, "cinquième": 5, "sixième": 6,
    "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12,
    "treizième": 13, "quatorzième": 14, "quinzième": 15, "seizième": 16, "dernier": -1, "dernière": -1,
    "avant-dernier": -2, "avant-dernière": -2,
}  # fmt: skip
# "5e alinéa", "12ème alinéa" (Code de la route L441-2: "articles 25, 5e alinéa, et 34 … de la loi n° 82-213")
ORDINALS.update({f"{n}{sfx}": n for n in range(3, 17) for sfx in ("e", "ème")})
ORD_ALT = "|".join(sorted((re.escape(k) for k in ORDINALS), key=len, reverse=True))
COUNTS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6}
# "l'article premier"; not "1090 B, premier alinéa" nor "premier ou quatrième alinéa", alinéas of the article
# before
WORD_NUM_RE = re.compile(
    rf"(?P<word>premier|première)\b(?!\s+(?:alinéa|phrase)|\s*(?:,|et|ou|à)\s*(?:{ORD_ALT})\b)", re.IGNORECASE
)
_LAT_SFX = rf"(?:\s+(?:{LATIN}))?"
_PIN_SEP = r"\s*(?:,|\bet\b|\bà\b|\bou\b)\s*(?:(?:au|aux|à\s+la|le|la|du|de\s+la|des)\s+)?"
PIN_ELEM = (
    rf"(?:(?:{ORD_ALT})(?:\s*(?:,|\bet\b|\bà\b|\bou\b)\s*(?:le\s+|la\s+)?(?:{ORD_ALT}))*\s+(?:(?:alinéa|phrase)s?\b|al\.)"
    r"|(?:deux|trois|quatre|cinq|six)\s+premi(?:ers\s+alinéas|ères\s+phrases)\b|deux\s+derni(?:ers\s+alinéas|ères\s+phrases)\b"
    r"|alinéa\s+(?:premier|1er)\b"  # "à l'alinéa premier du présent article"
    r"|(?:alinéa|paragraphe)s?\s+\d+(?:\s*(?:,|\bet\b|\bà\b|\bou\b)\s*\d+)*\b"
    rf"|\d+(?:°|o\b){_LAT_SFX}|[IVX]+\b{_LAT_SFX}|[A-Z]\b{_LAT_SFX}"
    rf"|(?<![\wÀ-ÿ'’])[a-z](?:\s+(?:bis|ter))?\)?(?![\wÀ-ÿ'’])|\d+\b(?![,.]\d|\s*%){_LAT_SFX}(?:\)|\.(?=\s))?)"
)
PIN_LIST = rf"{PIN_ELEM}(?:{_PIN_SEP}{PIN_ELEM})*"
PIN_CHAIN = rf"{PIN_LIST}(?:\s*,?\s+(?:du|de\s+la|de\s+l['’]\s*|des)\s*{PIN_LIST})*"
# Read backward: the window before "article" must end with "au II de l'" / "au 1° du même " etc.
PIN_BEFORE_RE = re.compile(
    r"(?:^|[\s(.,;:‐-―-])(?:(?i:au|aux|du|des|le|les|la|à|a|en|dans\s+le|dans\s+la|par\s+le|sous\s+le|et|ou)\s+|l['’]\s*)"
    rf"(?P<chain>{PIN_CHAIN})\s*,?\s+(?P<link>(?i:de\s+l['’]\s*|des\s+|du\s+|de\s+la\s+|de\s+)?)$"
)
PIN_ELEM_RE = re.compile(PIN_ELEM)
# "au a du 3° et au 6°", "des 2° et 3° du I, du II et du III": a list of paths, each with its own parents
# (after a comma, "du II" starts the next path: a chain never nests through a comma).
PIN_PATH_SPLIT_RE = re.compile(r"(?:,?\s+(?:et|ou)|,)\s+(?:au|aux|à\s+la|à\s+l['’]\s*|du|de\s+la|des)\s+")
PIN_JOIN_RE = re.compile(r"\s*,?\s+(?:du|de\s+la|de\s+l['’]\s*|des)\s*", re.IGNORECASE)
# "du présent I", "au présent 2°" (a clause of the citing article).
PRESENT_PIN_RE = re.compile(
    rf"(?i:présente?)\s+(?P<pin>\d+°{_LAT_SFX}|[IVX]+\b{_LAT_SFX}|[A-Z]\b|[a-z]\)|(?:{ORD_ALT})\s+alinéa"
    # "du présent 4": a numbered paragraph of the article ("4. L'expression…"), not an amount.
    r"|\d{1,2}(?!\d|[,.]\d|\s*(?:%|‰|°|euros?\b|€|ans?\b|mois\b|jours?\b)))(?![\w'’])"
)
PRESENT_ART_TRIG_RE = re.compile(r"présent\s+article\b")
MEME_ARTICLE_RE = re.compile(r"(?:même|dudit|audit|ledit|cet)\s+article\b")
# "du même article L. 141-1": the number written after it.
MEME_ARTICLE_NUM_RE = re.compile(r"\s+(?=[LRDA]\.?\s*\*?\s*\d|\d)")
PRECITE_RE = re.compile(r"\s*(?:précité|susvisé|susmentionné|ci-dessus)", re.IGNORECASE)
# Légifrance's link style: "Décret n° 2007-1480 du 16 octobre 2007 - art. 1", "…, art. 73, III)".
POSTFIX_ART_RE = re.compile(r"\s*(?:,|[-‑–—]|\()?\s*art(?:icle|\.)\s*")
POSTFIX_PIN_RE = re.compile(rf"\s*(?:,\s*|[-‑])(?P<pin>\d+°{_LAT_SFX}|[IVX]+\b{_LAT_SFX})(?=\s*[),;.]|$)")
# "l'article 8 et de l'article 19 du règlement …", "au I de l'article 125-0 A, au 1 de l'article
# 150-0 D … du code général des impôts": bare numbers listed before a qualifier share it.
NEXT_ARTICLE_RE = re.compile(
    r"\s*(?:,\s*(?:(?:et|ou)\s*,?\s*|ainsi\s+qu['’]\s*)?|(?:et|ou)\s*,?\s*|ainsi\s+qu['’]\s*"
    # "l'article 36 devenu l'article 30 du traité…": the old number shares the new one's text.
    r"|,?\s*deven(?:u|ue|us|ues)\s+(?:respectivement\s+)?)"
    # "prévues par les articles 222-38, 421-2-1, par le deuxième alinéa de l'article 421-5 et par l'article
    # 450-1 du code pénal": each group repeats "par".
    r"(?:par\s+)?"
    rf"(?:(?:(?:au|aux|à\s+la|à|du|des|de\s+la|le|la|les)\s+)?(?:{PIN_CHAIN})\s*,?\s+(?:de\s+l['’]\s*|des\s+|du\s+))?"
    r"(?:(?:de|à)\s+l['’]\s*|l['’]\s*|aux\s+|des\s+|les\s+|au\s+)?art(?:icles?\b|\.)\s*",
    re.IGNORECASE,
)
# Every qualifier starts with one of these words (or an abbreviation): a cheap test before the others.
QUAL_START_RE = re.compile(r"\s*,?\s*(?:d[eu]|au|des|précit|sus|[A-Z]|c[eh])", re.IGNORECASE)
# LEGI link labels give the date in ISO form: "Décret 62-1587 1962-12-29 art. 80 à 95".

# "l'article 3, paragraphe 2, du règlement…": EU style puts the paragraph after the article number.
POST_PIN_RE = re.compile(
    r"\s*,\s*(?P<par>(?:paragraphe|alinéa)s?\s+\d+(?:\s*(?:,|\bet\b|\bà\b|\bou\b)\s*\d+)*"
    # "l'article L. 24, premier alinéa, du présent code", "l'article L. 69-1, deuxième et troisième alinéas,",
    # "34, III, 2e alinéa, de la loi n° 82-213" (Code de la route L441-2)
    rf"|(?:(?:[IVX]+|\d+°)\s*,\s*)?(?:{ORD_ALT})(?:\s*(?:,|\bet\b|\bà\b|\bou\b)\s*(?:{ORD_ALT}))*\s+alinéas?)"
    r"(?:\s*,\s*(?:point|sous-paragraphe)\s+(?P<point>[a-z]|\d+)\)?)?"
    # then the text ("…, du règlement"), or the next article of a list sharing it ("…, à l'article 8")
    r"(?=\s*,?\s*(?:du|de|des|dudit)\s"
    r"|\s*,\s*(?:et\s+|ou\s+)?(?:(?:à|de)\s+l['’]\s*|aux\s+|des\s+|l['’]\s*|les\s+)art"
    # or the sentence ends, a note's call between ("… et 1090 B, premier alinéa (1)."), or the apposition of
    # alinéas closes ("l'article L. 69-1, deuxième et troisième alinéas, la valeur …"; not "19, paragraphe 1
    # ou 2, 20, paragraphe 1": numbers of paragraphs and of articles alternate)
    r"|\s*(?:\(\d+\)\s*)?(?:[.;:]|$)|(?<=alinéa)\s*,|(?<=alinéas)\s*,)",
    re.IGNORECASE,
)
# "l'article R. 331-63 1°, 3° et 5°", "235 quinquies-III 2°": items of the article written right after it.
ITEM_PIN_RE = re.compile(r"\s+(?P<par>\d{1,2}°(?:\s*(?:,|\bet\b|\bà\b|\bou\b)\s*\d{1,2}°)*)(?![\w°])")
# "l'article R. 421-22 (1er alinéa)", "l'article L. 322-3 (3°)", "l'article L. 822-11 (II)": the pinpoint
# in parentheses after the number.
_PAREN_ITEM = r"\d+°(?:\s+(?:bis|ter))?|[IVX]+"
PAREN_PIN_RE = re.compile(
    rf"\s*\(\s*(?P<par>(?:{ORD_ALT})\s+al(?:inéa|\.)"
    # "222-12 (1° à 14°)" in a list (Code de procédure pénale 398-1)
    rf"|(?:{_PAREN_ITEM})(?:\s*(?:,|\bà\b|\bet\b|\bou\b)\s*(?:{_PAREN_ITEM}))*)\s*\)",
    re.IGNORECASE,
)
# "l'article 192 modifié de la loi du 24 juillet 1966": a word between the numbers and their text.
AMENDED_RE = re.compile(r"\s+modifiée?s?\b")
# "… 44 et les annexes I à XV du règlement": annexes named between the numbers and their text.
ANNEXES_RE = re.compile(
    r"\s*,?\s*(?:et|ainsi\s+que)\s+(?:les|l['’]|aux|à\s+l['’])\s*annexes?\s+[IVX\d]+(?:\s+(?:à|et)\s+[IVX\d]+)?",
    re.IGNORECASE,
)
# Articles being created or renumbered: "il est inséré un article L. 1111-2-1", "devient l'article L. 213-3",
# "les articles R. 241-4 à R. 241-6 deviennent les articles R. 242-1 à R. 242-3", "[*nouvel article 1817*]".
# Searched in the words before "article(s)" only when one of NEW_HINTS is there.
NEW_HINTS = (
    "insér",
    "ajout",
    "rétabli",
    "créé",
    "introdui",
    "complét",
    "devien",
    "devenu",
    "renumérot",
    "nouve",
)
NEW_LAST_WORDS = (
    "un ", "une ", "des ", "deux ", "trois ", "quatre ", "cinq ", "six ", "les ", "le ", "l'", "l’",
    "nouvel ", "nouveaux ", "l' ", "l’ ",
)  # fmt: skip
NOT_NEW_LAST_WORDS = ("de l'", "à l'", "de l’", "à l’", "A l'", "A l’", "ar l'", "ar l’")
NEW_BEFORE_RE = re.compile(
    r"(?:\b(?:insérée?s?|ajoutée?s?|rétablie?s?|créée?s?|introduite?s?|complétée?s?\s+par|devien(?:nen)?t"
    r"|deven(?:u|ue|us|ues)|renumérotée?s?(?:\s+en)?)(?:\s*,[^,]{0,80},)?\s+(?:respectivement\s+)?"
    r"(?:un|une|des|deux|trois|quatre|cinq|six|le|les|l['’])\s*(?:(?:nouvel|nouveaux)\s+)?"
    r"|\b(?:nouvel|nouveaux)\s+)$",
    re.IGNORECASE,
)
# Where a sentence starts, for "the code of the sentence".
SENTENCE_END_RE = re.compile(r"(?<![A-Z])(?<!\bart)[.!?](?=\s+[A-ZÀ-ÖØ-Þ«\"])|;(?=\s)|\n")
# An alinéa opening on a quote and "Art." reproduces an article: '" Art. L. 233-7-1.-Lorsque…'.
HEAD_BEFORE_RE = re.compile(r"\s*[\"«“]\s*$")
# "l'article 1768 [*nouvel article 1817*] du Code général des impôts": Légifrance's editorial notes.
NOTE_RE = re.compile(r"\s*\[\*[^\]\n]{0,120}?\*\]")
NOTE_END_RE = re.compile(r"\s*\*\]")
# "les articles R. 241-4 à R. 241-6 deviennent les articles R. 242-1 à R. 242-3": renumbered, both ends.
RENUMBERED_AFTER_RE = re.compile(r"\s*,?\s*(?:devien(?:nen)?t|sont\s+renumérotée?s|est\s+renumérotée?)\b")
