"""One reader per source format; each turns a file's text into a Draft (see lextrack.parser.draft)."""
