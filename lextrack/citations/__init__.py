"""Find citations in French legal text and resolve them to canonical ids.

extract(text, code=, article=, exists=)          -> list[Citation]  (spans in text)
extract_article(article, exists=)               -> [(citing clause pinpoint, Citation)]  (spans in its text)
Alineas(exists=).extract(text, code, article)   -> list[Citation], context carried between alinéas
to_json(citation)                               -> the dict `lextrack extract --json/--jsonl` prints
unresolved(citation)                            -> a bare number no code could be given
Catalogue(pairs, codes)                         -> an `exists` hook from known (code, num) pairs
"""

from lextrack.citations.catalogue import Catalogue
from lextrack.citations.extraction import Alineas, extract, extract_article, to_json, unresolved
from lextrack.citations.resolve import Exists

__all__ = ["Alineas", "Catalogue", "Exists", "extract", "extract_article", "to_json", "unresolved"]
