"""The citation graph: build it from the store's index, query it, check it, export it.

Re-exported lazily: the questions about one article (lextrack.graph.local) never import networkx.
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_graph", "load_articles"]


def __getattr__(name: str) -> Any:
    if name == "build_graph":
        from lextrack.graph.build import build_graph

        return build_graph
    if name == "load_articles":
        from lextrack.graph.articles import load_articles

        return load_articles
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
