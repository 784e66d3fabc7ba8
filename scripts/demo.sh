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
step "$LEXTRACK" ingest  # the bundled corpus: both real git histories, then every article file
step "$LEXTRACK" history "$A"
step "$LEXTRACK" at 2010-06-01 "$A"
step "$LEXTRACK" diff "$A" --from 2005-01-01 --to 2012-01-01
step "$LEXTRACK" at 2018-01-01 code-de-la-securite-sociale/R133-19 --json
step "$LEXTRACK" cites code-de-la-securite-sociale/L114-23
step "$LEXTRACK" impact "Décret n°2017-864 du 9 mai 2017"
step "$LEXTRACK" graph export --format gexf -o "$LEXTRACK_STORE/graph.gexf"
printf '\n\033[1m$ %s check --date 2018-01-01 | head -n 6\033[0m\n' "$LEXTRACK"
"$LEXTRACK" check --date 2018-01-01 | head -n 6 || true  # exits 1: it finds broken references
step "$LEXTRACK" verify
printf '\nThe store is in %s: export LEXTRACK_STORE=%s to try the other commands (README.md).\n' \
  "$LEXTRACK_STORE" "$LEXTRACK_STORE"
