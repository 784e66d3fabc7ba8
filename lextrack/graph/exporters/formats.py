"""The export formats' names, known without importing any writer (the CLI lists them at start-up)."""

FORMAT_NAMES = ["graphml", "gexf", "json", "csv", "dot"]
