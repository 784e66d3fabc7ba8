"""Hostile names: article numbers, hrefs and paths that try to leave the store, or break it.

Through the parser (titles, LEGI NUM and LIEN attributes, hrefs), through `lextrack ingest` of files and of
git histories written with git fast-import (which takes paths a checkout would refuse), and through the
store's own file format. Each is refused with the reason, or encoded into a safe id; the store never writes
a file outside its own directory and every path of its git view is `code-slug/FOLDER/NUM.md`.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from lextrack.cli import cli
from lextrack.errors import ParseError
from lextrack.parser import parse_text

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "corpus" / "seeds" / "code-de-la-securite-sociale"
L227_1 = (SEEDS / "article-L227-1.markdown-html.txt").read_bytes()
L114_23 = (SEEDS / "article-L114-23.markdown-html.txt").read_bytes()
LEGI = (ROOT / "corpus" / "legi-xml" / "article_LEGIARTI000006291810.xml").read_bytes()
ART_1192 = (
    ROOT / "corpus/tricoteuses-code-civil/snapshot/api/data/livre_iii/titre_iii/sous-titre_ier/chapitre_iii"
    "/article_1192.md"
).read_bytes()
SEED_PATH = "corpus/seeds/code-de-la-securite-sociale/article-L227-1.markdown-html.txt"

SAFE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[\w*]+(?:[- ][\w*]+)*$")
SAFE_GIT_PATH = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*/[\w*]+(?:-[\w*]+)*/[\w*]+(?:-[\w*]+)*\.md$")

HOSTILE_NUMS = {
    "../../etc/passwd": "unsafe",
    "..": "unsafe",
    "/etc/passwd": "unsafe",
    "L227/1": "unsafe",
    "L227\\1": "unsafe",
    "L227-1\x00": "NUL",
    "L227-1\x07": "unsafe",
    "L227-1\x1b[31m": "unsafe",
    "CON": "reserved",
    "nul": "reserved",
    "COM1": "reserved",
    "AUX": "reserved",
    "LPT1": "reserved",
    "L" + "1" * 300: "longer than",
}


def with_title(num: str) -> bytes:
    return L227_1.replace(b"# Article L227-1", f"# Article {num}".encode(), 1)


@pytest.mark.parametrize("num", list(HOSTILE_NUMS))
def test_hostile_article_numbers_are_refused_with_the_reason(num: str) -> None:
    with pytest.raises(ParseError) as info:
        parse_text(with_title(num), path=SEED_PATH)
    assert HOSTILE_NUMS[num] in info.value.problem, info.value
    assert info.value.path == SEED_PATH


@pytest.mark.parametrize("num", ["../../etc/passwd", "CON", "L" + "1" * 300, "L227-1\x07"])
def test_hostile_legi_num_is_refused(num: str) -> None:
    doc = LEGI.replace(b"<NUM>D215-16</NUM>", f"<NUM>{num}</NUM>".encode(), 1)
    with pytest.raises(ParseError):
        parse_text(doc, path="article_LEGIARTI000006291810.xml")


def test_names_that_only_look_odd_are_encoded_into_safe_ids() -> None:
    """Spaces, dots after letters, accents, non-ASCII dashes: kept as one safe id, not refused."""
    for num, want in {"L. 227-1": "L227-1", "Annexe à l'article L227-1": "Annexe L227-1"}.items():
        art = parse_text(with_title(num), path=SEED_PATH)
        assert art.id == f"code-de-la-securite-sociale/{want}"
    art = parse_text(with_title("L227‐1 ／ ‮1"), path=SEED_PATH)  # U+2010, fullwidth solidus, RTL override
    assert SAFE_ID.match(art.id) and "／" not in art.id and "\u202e" not in art.id, art.id


HOSTILE_HREFS = [
    "../../../../etc/passwd",
    "/etc/passwd",
    "file:///etc/passwd",
    "http://127.0.0.1:9/x",
    "code-civil/article-..%2f..%2fetc.md",
    "code-civil/article-CON.md",
    "code-civil/article-" + "9" * 300 + ".md",
    "code-civil/article-1\x00.md",
    "javascript:alert(1)",
]


def test_hostile_hrefs_give_no_unsafe_link_target() -> None:
    """L114-23's real anchors, their hrefs and titles replaced: every target is None or a safe CODE/NUM."""
    assert len(re.findall(rb"href='([^']*)'", L114_23)) >= 5, "the seed has anchors"
    path = str(SEEDS / "article-L114-23.markdown-html.txt")
    real = parse_text(L114_23, path=path)
    assert "code-de-la-securite-sociale/L227-1" in {lk.target_article for lk in real.links}
    for bad in HOSTILE_HREFS:
        title = f"Code de la sécurité sociale. - art. {bad} (V)"
        data = re.sub(rb"href='[^']*'", b"href='" + bad.encode() + b"'", L114_23)
        data = re.sub(rb"title='[^']*'", b"title='" + title.encode() + b"'", data)
        try:
            art = parse_text(data, path=path)
        except ParseError as exc:
            assert exc.path == path
            continue
        for link in art.links:
            assert link.target_article is None or SAFE_ID.match(link.target_article), (bad, link)


def test_hostile_legi_link_attributes_give_no_unsafe_target() -> None:
    for bad in ["../../etc/passwd", "CON", "/x", "1\x1b[2J"]:
        doc = re.sub(rb'(<LIEN [^>]*?)num="[^"]*"', rb'\1num="' + bad.encode() + b'"', LEGI)
        doc = doc.replace(b'naturetexte="DECRET"', b'naturetexte="CODE"')
        try:
            art = parse_text(doc, path="article_LEGIARTI000006291810.xml")
        except ParseError as exc:  # a control character is not even valid XML
            assert "malformed XML" in exc.problem
            continue
        assert art.links
        for link in art.links:
            assert link.target_article is None or SAFE_ID.match(link.target_article), (bad, link)


# --- through the store -------------------------------------------------------------------------------


def run_cli(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def tree(root: Path, skip: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if skip not in p.parents and p != skip}


def git_paths(store: Path) -> list[str]:
    proc = subprocess.run(
        ["git", "--git-dir", str(store / "repo.git"), "ls-tree", "-r", "-z", "--name-only", "main"],
        capture_output=True,
    )
    out = proc.stdout if proc.returncode == 0 else b""  # no branch yet: nothing written
    return [p.decode() for p in out.split(b"\0") if p]


def test_ingest_of_files_with_hostile_numbers_is_refused_and_touches_nothing(tmp_path: Path) -> None:
    store = tmp_path / "store"
    folder = tmp_path / "in" / "code-de-la-securite-sociale"
    folder.mkdir(parents=True)
    (folder / "article-L227-1.md").write_bytes(L227_1)
    r = run_cli("ingest", str(tmp_path / "in"), "--store", str(store))
    assert r.exit_code == 0, r.output
    before = git_paths(store)
    for i, num in enumerate(HOSTILE_NUMS):
        bad = folder / f"article-bad{i}.md"
        bad.write_bytes(with_title(num))
        r = run_cli("ingest", "--strict", str(tmp_path / "in"), "--store", str(store))
        assert r.exit_code == 2, (num, r.output)
        assert str(bad) in r.output and HOSTILE_NUMS[num] in r.output, r.output
        assert "Traceback" not in r.output and "\x1b" not in r.output and "\x00" not in r.output
        bad.unlink()
    assert git_paths(store) == before == ["code-de-la-securite-sociale/L227/L227-1.md"]
    assert tree(tmp_path, store) == {
        "in",
        "in/code-de-la-securite-sociale",
        "in/code-de-la-securite-sociale/article-L227-1.md",
    }


def test_an_error_about_a_file_with_an_escape_sequence_in_its_name_is_printed_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "code-de-la-securite-sociale"
    folder.mkdir()
    (folder / "article-\x1b[2J\x1b[31mred.md").write_bytes(with_title(".."))
    lextrack = str(ROOT / ".venv/bin/lextrack")
    proc = subprocess.run(
        [lextrack, "ingest", "--strict", str(tmp_path), "--store", str(tmp_path / "s")], capture_output=True
    )
    assert proc.returncode == 2
    assert b"\x1b" not in proc.stderr and b"\\x1b[2J" in proc.stderr, proc.stderr


def fast_import(dest: Path, files: dict[str, bytes]) -> Path:
    """A bare repository whose one commit (2010-01-01) holds `files` at exactly these paths."""
    subprocess.run(["git", "init", "--bare", "-q", "--initial-branch=main", str(dest)], check=True)
    stream = b"commit refs/heads/main\ncommitter X <x@example.org> 1262304000 +0000\ndata 4\ntest\n"
    for path, data in files.items():
        quoted = path.encode().replace(b"\\", b"\\\\").replace(b'"', b'\\"').replace(b"\n", b"\\n")
        stream += b'M 100644 inline "%s"\ndata %d\n%s\n' % (quoted, len(data), data)
    proc = subprocess.run(
        ["git", "--git-dir", str(dest), "fast-import", "--quiet"], input=stream + b"\n", capture_output=True
    )
    assert proc.returncode == 0, proc.stderr
    return dest


HOSTILE_PATHS = [
    "code-de-la-securite-sociale/../../../escape/article-L227-1.md",
    "../code-de-la-securite-sociale/article-L227-1.md",
    "code-de-la-securite-sociale/CON/article-L227-1.md",
    "code-de-la-securite-sociale/x\x1b[31m/article-L227-1.md",
    "code-de-la-securite-sociale/" + "d" * 250 + "/article-L227-1.md",
    "code-de-la-securite-sociale/a\nb/article-L227-1.md",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_git_history_with_hostile_paths_lands_at_safe_paths(tmp_path: Path, path: str) -> None:
    repo = fast_import(tmp_path / "hostile.git", {path: L227_1})
    store = tmp_path / "store"
    before = tree(tmp_path, store)
    r = run_cli("ingest", "--git", str(repo), "--store", str(store))
    assert "Traceback" not in r.output
    if r.exit_code == 0:
        assert git_paths(store) == ["code-de-la-securite-sociale/L227/L227-1.md"]
        r = run_cli("verify", "--store", str(store))
        assert r.exit_code == 0, r.output
    else:
        assert r.exit_code == 2 and "error:" in r.output, r.output
    assert tree(tmp_path, store) == before  # nothing written outside the store
    for p in git_paths(store) if (store / "repo.git").exists() else []:
        assert SAFE_GIT_PATH.match(p), p


@pytest.mark.parametrize("num", ["../../etc/passwd", "CON", "L" + "1" * 300])
def test_git_history_with_a_hostile_number_is_refused_naming_path_and_commit(
    tmp_path: Path, num: str
) -> None:
    path = "code-de-la-securite-sociale/article-L227-1.md"
    repo = fast_import(tmp_path / "hostile.git", {path: with_title(num)})
    r = run_cli("ingest", "--strict", "--git", str(repo), "--store", str(tmp_path / "store"))
    assert r.exit_code == 2, r.output
    assert path in r.output and "commit" in r.output and HOSTILE_NUMS[num] in r.output, r.output


STORE_FILE = (
    '---\nid: {id}\nstate: in_force\nstart: 2009-05-12\nend: \nsource: "x"\n---\n\n'
    "# Article L227-1\n\nTexte.\n"
)


@pytest.mark.parametrize(
    "bad_id",
    [
        "../code-de-la-securite-sociale/L227-1",
        "code-de-la-securite-sociale/../../L227-1",
        "/etc/L227-1",
        "code-de-la-securite-sociale/CON",
        "Code De La Sécurité Sociale/L227-1",
        "code-de-la-securite-sociale/L227-1\x1b",
    ],
)
def test_a_file_in_the_stores_own_format_cannot_smuggle_an_id(tmp_path: Path, bad_id: str) -> None:
    """The store re-reads its own files (`---\\nid: CODE/NUM`): that id must be as safe as a parsed one."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "L227-1.md").write_text(STORE_FILE.format(id=bad_id), encoding="utf-8")
    store = tmp_path / "store"
    r = run_cli("ingest", "--strict", str(folder), "--store", str(store))
    assert r.exit_code == 2 and "Traceback" not in r.output, r.output
    assert "L227-1.md" in r.output and re.search("unsafe|reserved|id ", r.output), r.output
    assert git_paths(store) == []


def test_the_stores_own_format_with_bad_bytes_or_json_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = STORE_FILE.format(id="code-de-la-securite-sociale/L227-1")
    for name, data in {
        "L227-1.md": good.encode().replace(b"Texte.", b"Texte \xff."),
        "L227-2.md": good.replace("end: \n", "end: \nhierarchy:\n  - {not json\n").encode(),
        "L227-3.md": good.replace("end: \n", "end: \nhierarchy:\n  - 12\n").encode(),
    }.items():
        (folder / name).write_bytes(data)
        r = run_cli("ingest", "--strict", str(folder), "--store", str(tmp_path / "store"))
        assert "Traceback" not in r.output, r.output
        if r.exit_code != 0:
            assert r.exit_code == 2 and name in r.output, r.output
        (folder / name).unlink()


def test_whole_code_export_writes_only_inside_the_out_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in" / "code-de-la-securite-sociale"
    folder.mkdir(parents=True)
    (folder / "article-L227-1.md").write_bytes(L227_1)
    store = tmp_path / "store"
    assert run_cli("ingest", str(tmp_path / "in"), "--store", str(store)).exit_code == 0
    out = tmp_path / "out"
    for code in ("../..", "/", ".."):  # no slug at all: refused (an empty slug once meant every code)
        r = run_cli("at", "2030-01-01", "--code", code, "--out", str(out), "--store", str(store))
        assert r.exit_code == 2 and "not the name or slug of a code" in r.output, r.output
    # "CODE/../.." slugs to CODE itself: safely encoded, it writes inside --out like the plain name
    code = "code-de-la-securite-sociale/../.."
    r = run_cli("at", "2030-01-01", "--code", code, "--out", str(out), "--store", str(store))
    assert r.exit_code == 0, r.output
    assert {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if "store" not in p.parts} == {
        "in", "in/code-de-la-securite-sociale", "in/code-de-la-securite-sociale/article-L227-1.md",
        "out", "out/L227-1.md",
    }  # fmt: skip


def test_env_is_not_needed_for_names(monkeypatch) -> None:
    """LEXTRACK_STORE pointing at a hostile path is just a directory name (no shell, no expansion)."""
    monkeypatch.setenv("LEXTRACK_STORE", "$(touch /tmp/lextrack-pwned)")
    r = run_cli("history", "L227-1")
    assert r.exit_code == 2 and "no store here" in r.output, r.output
    assert not os.path.exists("/tmp/lextrack-pwned")


def test_control_characters_inside_an_article_never_reach_the_terminal(tmp_path: Path) -> None:
    """A file whose text holds an OSC title sequence and a screen clear: stored as it is (JSON escapes it),
    printed escaped by every text output (at, history, diff word and unified)."""
    folder = tmp_path / "in" / "code-de-la-securite-sociale"
    folder.mkdir(parents=True)
    hostile = L227_1.replace(b"I.-Dans", b"I.-\x1b]0;pwned\x07\x1b[2JDans", 1)
    (folder / "article-L227-1.md").write_bytes(hostile)
    store = str(tmp_path / "store")
    assert run_cli("ingest", str(tmp_path / "in"), "--store", store).exit_code == 0
    day = "2030-01-01"
    for args in (
        ["at", day, "L227-1"],
        ["history", "L227-1"],
        ["diff", "L227-1", "--from", "1990-01-01", "--to", day],
        ["diff", "L227-1", "--from", "1990-01-01", "--to", day, "--format", "unified"],
    ):
        r = run_cli(*args, "--store", store)
        assert r.exit_code == 0, r.output
        assert "\x1b" not in r.output and "\x07" not in r.output, args
    r = run_cli("at", day, "L227-1", "--store", store)
    assert "\\x1b[2J" in r.output  # shown, escaped
    r = run_cli("at", day, "L227-1", "--json", "--store", store)
    assert "\\u001b]0;pwned" in r.output  # the data itself is kept exactly


def test_a_bundle_named_like_a_git_option_is_read_as_a_file(tmp_path: Path, monkeypatch) -> None:
    """`./--upload-pack=touch pwned` became `--upload-pack=touch pwned` on git clone's command line: an
    option, not a path (the clone then failed). The path now follows `--`, made absolute."""
    bundle = ROOT / "corpus" / "git" / "steeve-code-de-la-securite-sociale.bundle"
    name = "--upload-pack=touch pwned"
    (tmp_path / name).write_bytes(bundle.read_bytes())
    monkeypatch.chdir(tmp_path)
    r = run_cli(
        "ingest",
        "--git",
        f"./{name}",
        "--under",
        "Code De La Sécurité Sociale/Partie Législative/Livre 2/Titre 2/Chapitre 7",
        "--store",
        "store",
    )
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "pwned").exists()
    assert "code-de-la-securite-sociale/L227/L227-1.md" in git_paths(tmp_path / "store")


def test_a_store_copied_from_elsewhere_runs_none_of_its_git_hooks(tmp_path: Path) -> None:
    """A store is a directory people share: its repo.git could carry hooks (reference-transaction runs on
    every update-ref) or point core.hooksPath elsewhere. lextrack's git never runs a hook."""
    folder = tmp_path / "in" / "code-de-la-securite-sociale"
    folder.mkdir(parents=True)
    (folder / "article-L227-1.md").write_bytes(L227_1)
    store = tmp_path / "store"
    assert run_cli("ingest", str(tmp_path / "in"), "--store", str(store)).exit_code == 0
    marker = tmp_path / "hook-ran"
    hooks = tmp_path / "evil-hooks"
    hooks.mkdir()
    for where in (store / "repo.git" / "hooks", hooks):
        for name in ("reference-transaction", "post-update", "pre-receive", "post-commit"):
            (where / name).write_text(f"#!/bin/sh\ntouch {marker}\n")
            (where / name).chmod(0o755)
    config = ["git", "--git-dir", str(store / "repo.git"), "config", "core.hooksPath", str(hooks)]
    subprocess.run(config, check=True)
    (folder / "article-L633-12.md").write_bytes((SEEDS / "article-L633-12.wrapped-liens.txt").read_bytes())
    r = run_cli("ingest", str(tmp_path / "in"), "--store", str(store))
    assert r.exit_code == 0, r.output
    assert run_cli("verify", "--repair", "--store", str(store)).exit_code == 0
    assert not marker.exists()


def test_a_store_path_that_looks_like_a_git_option_is_a_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in" / "code-de-la-securite-sociale"
    folder.mkdir(parents=True)
    (folder / "article-L227-1.md").write_bytes(L227_1)
    r = run_cli("ingest", "in", "--store", "./--template=evil")
    assert r.exit_code == 0, r.output
    assert git_paths(tmp_path / "--template=evil") == ["code-de-la-securite-sociale/L227/L227-1.md"]


def test_a_history_whose_config_names_a_gpg_program_runs_nothing(tmp_path: Path) -> None:
    """A repository handed to `ingest --git` with log.showSignature and gpg.program in its config, and a
    signed-looking commit: `git log` ran that program (arbitrary code) before the environment overrode it."""
    repo = fast_import(tmp_path / "h.git", {"code-de-la-securite-sociale/article-L227-1.md": L227_1})
    git_dir = ["git", "--git-dir", str(repo)]
    raw = subprocess.run([*git_dir, "cat-file", "commit", "main"], capture_output=True, check=True).stdout
    head, _, msg = raw.partition(b"\n\n")
    sig = b"gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----"
    signed = (
        subprocess.run(
            [*git_dir, "hash-object", "-t", "commit", "-w", "--stdin"],
            input=head + b"\n" + sig + b"\n\n" + msg,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    subprocess.run([*git_dir, "update-ref", "refs/heads/main", signed], check=True)
    marker = tmp_path / "gpg-ran"
    program = tmp_path / "gpg.sh"
    program.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    program.chmod(0o755)
    subprocess.run([*git_dir, "config", "log.showSignature", "true"], check=True)
    subprocess.run([*git_dir, "config", "gpg.program", str(program)], check=True)
    r = run_cli("ingest", "--git", str(repo), "--store", str(tmp_path / "store"))
    assert r.exit_code == 0, r.output
    assert not marker.exists()
