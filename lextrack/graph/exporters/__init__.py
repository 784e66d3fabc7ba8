"""Graph exports: one writer and one reader per format (lextrack.graph.exporters.registry).

Re-exported lazily: listing the formats (lextrack.graph.exporters.formats) imports no writer.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FORMATS", "export", "read"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from lextrack.graph.exporters import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
