"""The code table knows every code of the real histories, under the folder names they use."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.codes import all_codes, find_code, find_code_folder, slugify
from lextrack.parser import parse_file, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "codes"
STEEVE = FIXTURES / "steeve"


def _folders() -> list[tuple[str, str]]:
    rows = []
    for line in (FIXTURES / "steeve-64-folders.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            folder, _, expected = line.partition("\t")
            rows.append((folder, expected or folder))
    return rows


def test_every_top_level_folder_of_the_64_code_bundle_names_its_code():
    rows = _folders()
    assert len(rows) == 64
    wrong = {}
    for folder, expected in rows:
        code = find_code_folder(folder)
        if code is None or code.name.casefold() != expected.casefold():
            wrong[folder] = code.name if code else None
    assert wrong == {}
    assert len({find_code_folder(f) for f, _ in rows}) == 64  # 64 folders, 64 distinct codes


def test_folder_names_of_the_real_histories():
    cgi = find_code("Code général des impôts")
    assert cgi is not None and cgi.slug == "code-general-des-impots"
    # etalab's folder (named in the issue) and steeve's, same code
    assert find_code_folder("code-general-des-impots-cgi") is cgi
    assert find_code_folder("Code Général Des Impôts, Cgi") is cgi
    assert find_code_folder("code-forestier-de-mayotte").name == "Code forestier de Mayotte"
    annex1 = find_code_folder("Code Général Des Impôts Annexe 1, Cgian1")
    assert annex1.name == "Code général des impôts, annexe I" and annex1.legitext == "LEGITEXT000006069568"
    assert find_code_folder("Code Forestier (Nouveau)").slug == "code-forestier-nouveau"
    # LEGITEXT000006071367 was titled "Code rural (nouveau)" until 2010, beside "Code rural (ancien)"
    crpm = find_code("LEGITEXT000006071367")
    assert find_code_folder("Code Rural (Nouveau)") is crpm and find_code_folder("code-rural-nouveau") is crpm
    assert find_code_folder("Code Rural (Ancien)").legitext == "LEGITEXT000006071366"


def test_elided_words_glued_as_etalab_slugs_them():
    # the seeds' hrefs write "d'allocations" as "dallocations": a slug of "Code de la Légion d'honneur…"
    # written so names the same code as steeve's folder
    steeve = find_code_folder("Code De La Légion D'Honneur Et De La Médaille Militaire")
    assert find_code_folder("code-de-la-legion-dhonneur-et-de-la-medaille-militaire") is steeve
    cesed = find_code("CESEDA")
    assert find_code_folder("code-de-lentree-et-du-sejour-des-etrangers-et-du-droit-dasile") is cesed


def test_old_code_minier_folder_is_not_the_code_texts_now_cite():
    # steeve's "Code Minier" holds the old code (articles 1 to 200, last changed 2011-01-20) …
    assert find_code_folder("Code Minier").name == "Code minier (ancien)"
    assert find_code_folder("Code Minier (Nouveau)").name == "Code minier (nouveau)"
    # … while "code minier" in a text means the new one, as before
    assert find_code("code minier").name == "Code minier (nouveau)"
    # LEGI titles the Code forestier the same way: "Code forestier" is the old code, "(nouveau)" the new
    assert find_code_folder("Code Forestier").name == "Code forestier (ancien)"
    assert find_code("code forestier").name == "Code forestier (nouveau)"


def test_legitext_of_the_code_des_marches_publics_from_the_real_legi_file():
    xml = (FIXTURES / "texte_version_LEGITEXT000005627819.xml").read_text(encoding="utf-8")
    legitext = re.search(r"<ID>(LEGITEXT\d+)</ID>", xml).group(1)
    title = re.search(r"<TITRE>(.*?)</TITRE>", xml).group(1)
    assert find_code(legitext).name == title == "Code des marchés publics"
    assert find_code(legitext).slug == "code-des-marches-publics"


def test_table_is_consistent():
    codes = all_codes()
    assert len({c.slug for c in codes}) == len(codes)
    ids = [c.legitext for c in codes if c.legitext]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"LEGITEXT\d{12}", i) for i in ids)
    # no name, alias or folder name is claimed by two codes (a lookup would pick one silently); a folder
    # name may be another code's alias ("Code Minier"): folder names are looked up first
    for group in ((lambda c: (c.name, *c.aliases)), (lambda c: c.folders)):
        seen: dict[str, str] = {}
        for c in codes:
            for name in group(c):
                assert seen.setdefault(slugify(name), c.slug) == c.slug, (name, seen[slugify(name)], c.slug)


def test_real_files_of_unusual_code_folders_parse_with_their_code():
    expect = {
        "Article 1043 A.md": ("code-general-des-impots", "1043 A"),
        "Article 310 undecies.md": ("code-general-des-impots-annexe-i", "310 undecies"),
        "Article 50.md": ("code-minier-ancien", "50"),
        "Article 96.md": ("code-des-douanes-de-mayotte", "96"),
        "Article R88.md": (
            "code-de-la-legion-d-honneur-de-la-medaille-militaire-et-de-l-ordre-national-du-merite",
            "R88",
        ),
        "Article L186.md": ("livre-des-procedures-fiscales", "L186"),
    }
    files = sorted(STEEVE.rglob("*.md"))
    assert len(files) == len(expect)
    for f in files:
        history_path = f.relative_to(STEEVE).as_posix()
        from_history = parse_text(f.read_bytes(), path=history_path)
        assert (from_history.code, from_history.num) == expect[f.name]
        assert from_history.warnings == ()
        assert parse_file(f).id == from_history.id
    result = CliRunner().invoke(cli, ["parse", str(STEEVE)])
    assert result.exit_code == 0, result.output
    assert "6 article(s), 0 rejected" in result.output and "warning" not in result.output


# --- a code the table does not know ---------------------------------------------------------------------

MAYOTTE_96 = "Code Des Douanes De Mayotte/Partie Législative/Titre IV/Chapitre IV/Article 96.md"
LPF_L186 = (
    "Livre Des Procédures Fiscales/Partie Législative/Première Partie/Titre II/Chapitre IV/Article L186.md"
)




def test_a_code_folder_the_table_does_not_know_names_the_code(table_without):
    data = (STEEVE / MAYOTTE_96).read_bytes()
    known = parse_text(data, path=MAYOTTE_96)
    table_without("code-des-douanes-de-mayotte")
    article = parse_text(data, path=MAYOTTE_96)
    # the slug of the folder: the id the table gives it once it knows the code
    assert article.id == "code-des-douanes-de-mayotte/96"
    assert article.code_name == "Code Des Douanes De Mayotte"
    assert article.warnings == (
        "folder 'Code Des Douanes De Mayotte' is not in the code table: "
        "code 'code-des-douanes-de-mayotte' taken from its name",
    )
    # the sections below the folder, as when the table knows it
    assert article.hierarchy == known.hierarchy
    assert [level for level, _ in article.hierarchy] == ["partie", "titre", "chapitre"]
    # etalab's layout: the code folder is below codes-en-vigueur
    etalab = (
        "codes-en-vigueur/code-des-douanes-de-mayotte/partie-legislative/titre-iv/chapitre-iv/article-96.md"
    )
    assert parse_text(data, path=etalab).id == "code-des-douanes-de-mayotte/96"
    # from disk too, and through the CLI: the article is printed with its warning, exit 0
    assert parse_file(STEEVE / MAYOTTE_96).id == "code-des-douanes-de-mayotte/96"
    result = CliRunner().invoke(cli, ["parse", str(STEEVE)])
    assert result.exit_code == 0, result.output
    assert "6 article(s), 0 rejected" in result.output
    assert "warning: folder 'Code Des Douanes De Mayotte' is not in the code table" in result.output


def test_the_top_folder_of_a_history_path_names_the_code(table_without):
    table_without("livre-des-procedures-fiscales")
    article = parse_text((STEEVE / LPF_L186).read_bytes(), path=LPF_L186)
    assert article.id == "livre-des-procedures-fiscales/L186"
    assert "top folder 'Livre Des Procédures Fiscales'" in article.warnings[0]


def test_a_file_that_names_no_code_is_read_under_unknown_code():
    data = (STEEVE / LPF_L186).read_bytes()
    article = parse_text(data)
    assert article.id == "unknown-code/L186" and article.code_name is None
    assert "no code" in article.warnings[0] and "--code" in article.warnings[0]
    assert parse_text(data, code="LPF").id == "livre-des-procedures-fiscales/L186"
    assert parse_text(data, code="LPF").warnings == ()


def test_every_code_of_legis_list_is_in_the_table_under_its_legitext() -> None:
    """LEGI's list of codes (tests/fixtures/codes/legi-codes-2019.txt): each id finds a code of that name."""
    from lextrack.codes import find_code, slugify

    listed = Path(__file__).parent / "fixtures" / "codes" / "legi-codes-2019.txt"
    for line in listed.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        legitext, _, title = line.partition("|")
        code = find_code(legitext)
        assert code is not None, line
        words = set(slugify(title.rstrip(".")).split("-")) - {"code", "de", "des", "du", "la", "l", "et"}
        assert words & set(slugify(code.name).split("-")), (line, code.name)


def test_a_section_named_after_another_code_is_a_section():
    """The Code des communes' section "Taxes, Redevances Ou Versements Autres Que Ceux Prévus Par Le Code
    Général Des Impôts" ends with the CGI's name; its articles are the Code des communes' (they were filed
    as the CGI's, "code-general-des-impots/R233-17")."""
    section = "Taxes, Redevances Ou Versements Autres Que Ceux Prévus Par Le Code Général Des Impôts"
    path = f"Code Des Communes/Partie Réglementaire/Finances Communales/Recettes/{section}/Article R233-17.md"
    data = (FIXTURES.parent / "section-named-after-a-code" / "R233-17-communes.md").read_bytes()
    art = parse_text(data, path=path)
    assert art.id == "code-des-communes/R233-17"
    assert art.hierarchy[-1][1] == section and art.hierarchy[0] == ("partie", "Partie Réglementaire")
    # a repository folder that ends with a code's name still names it
    assert parse_text(data, path=f"tricoteuses-code-des-communes/{section}/Article R233-17.md").code == (
        "code-des-communes"
    )
