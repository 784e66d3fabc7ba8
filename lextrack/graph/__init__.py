"""The citation graph: build it from the store's index, query it, check it, export it."""

from lextrack.graph.build import build_graph, load_articles

__all__ = ["build_graph", "load_articles"]
