"""Directories -> article files -> Articles, with a report of what was rejected and why.

iter_article_files is the one definition of which files of a directory are article files: `lextrack parse`
and `lextrack ingest` both walk directories with it (a history's paths have their own filter,
store.articles.is_article_path, since they name files in a git tree, not on this disk).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lextrack.errors import ParseError, UsageError
from lextrack.model import Article

EXTENSIONS = frozenset({".md", ".markdown", ".txt", ".html", ".xml"})


@dataclass
class ParseReport:
    articles: list[Article] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    sections: int = 0  # section README.md files seen (they name sections; they are not articles)
    legi_structure: int = 0  # LEGI section and text files seen (`section_ta_LEGISCTA….xml`): not articles


def _is_readme(p: Path) -> bool:
    return p.name.lower() == "readme.md"


def is_section_readme(p: Path) -> bool:
    """A README titled like a section or a code ("# LIVRE II : …", "# Code de commerce"), not a project's."""
    from lextrack.parser.hierarchy import code_of_folder, level_of, readme_title

    title = readme_title(str(p.parent))
    return title is not None and (level_of(title) is not None or code_of_folder(title) is not None)


ARTICLE, README, LEGI_STRUCTURE = "article", "readme", "legi-structure"


def _kind(p: Path) -> str:
    from lextrack.legi.layout import is_loose_structure  # (lextrack.legi imports the parser)

    if _is_readme(p):
        return README
    return LEGI_STRUCTURE if p.suffix == ".xml" and is_loose_structure(p.name) else ARTICLE


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str]]:
    """(file, kind) for every candidate file, directories walked in sorted order, dot-dirs skipped."""
    for given in paths:
        root = Path(given)
        if root.is_file():
            yield root, ARTICLE
            continue
        if not root.is_dir():
            raise UsageError(f"{root}: no such file or directory")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                p = Path(dirpath) / name
                if p.suffix.lower() not in EXTENSIONS or name.startswith("."):
                    continue
                yield p, _kind(p)


def iter_article_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to parse: each given file, and under each directory (sorted, dot-folders and dot-files skipped)
    every .md .markdown .txt .html .xml file but README.md and LEGI's section and text files (named by a
    LEGISCTA or LEGITEXT id); UsageError for a path that does not exist."""
    for p, kind in _walk(paths):
        if kind == ARTICLE:
            yield p


def parse_paths(
    paths: Iterable[str | Path],
    *,
    format: str | None = None,
    code: str | None = None,
    keep_going: bool = False,
) -> ParseReport:
    """Parse every article file; stop at the first bad one unless keep_going, then report them all."""
    from lextrack.parser import parse_file

    report = ParseReport()
    for p, kind in _walk(paths):
        if kind == README:
            if is_section_readme(p):
                report.sections += 1
            continue
        if kind == LEGI_STRUCTURE:
            report.legi_structure += 1
            continue
        try:
            report.articles.append(parse_file(p, format=format, code=code))
        except ParseError as exc:
            if not keep_going:
                raise
            where = f"line {exc.line}: " if exc.line is not None else ""
            report.rejected.append((str(p), where + exc.problem))
    return report
