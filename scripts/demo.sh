#!/usr/bin/env bash
# `make demo`: the main job on the bundled corpus, as a user would run it, command by command.
set -euo pipefail
cd "$(dirname "$0")/.."
LEXTRACK=${LEXTRACK:-.venv/bin/lextrack}
export LEXTRACK_STORE=${LEXTRACK_STORE:-.lextrack-demo}
export COLUMNS=${COLUMNS:-120}
A=code-de-la-securite-sociale/L227-1

step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; "$@"; }

step "$LEXTRACK" parse --keep-going corpus
rm -rf "$LEXTRACK_STORE"
step "$LEXTRACK" ingest --git corpus/git/steeve-code-de-la-securite-sociale.bundle
step "$LEXTRACK" ingest --git corpus/git/etalab-code-de-commerce-livre-ii.bundle
step "$LEXTRACK" ingest corpus/seeds corpus/legi-xml
step "$LEXTRACK" history "$A"
step "$LEXTRACK" at 2010-06-01 "$A"
step "$LEXTRACK" diff "$A" --from 2005-01-01 --to 2012-01-01
step "$LEXTRACK" verify
