#!/usr/bin/env bash
# docs/tutorial.md is true: its commands, run in order against an installed
# campaign (cmake --install into a temporary prefix, laid out as the package
# installs it), print what the page shows. tests/e2e/tutorial.py does the
# work; `tutorial.py update docs/tutorial.md DIR PREFIX` rewrites the outputs
# after a deliberate change. Any console block added to the page (a
# comparison of two periods, say) is run and compared the same way.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

build_dir=${CAMPAIGN_BUILD_DIR:?CAMPAIGN_BUILD_DIR names the campaign build tree}
prefix=$E2E_TMP/usr
run cmake --install "$build_dir" --prefix "$prefix"
assert_eq "install into $prefix" 0 "$RC"
work=$E2E_TMP/work
mkdir -p "$work"

run "$E2E_PY" "$CAMPAIGN_SOURCE_DIR/tests/e2e/tutorial.py" check "$CAMPAIGN_SOURCE_DIR/docs/tutorial.md" "$work" "$prefix"
assert_eq "every tutorial command prints what the page shows ($(printf '%s\n' "$OUT" | tail -1))" 0 "$RC"
assert_contains "the tutorial ran its commands" "$OUT" "ok: campaign init" "ok: campaign import csv"
assert_true "the published report" test -s "$work/bao-cao.html"
assert_contains "the report is HTML with the figures" "$(cat "$work/bao-cao.html")" "<html" "7.296"
assert_true "the database is in the default place" test -f "$work/home/.local/share/campaign/campaign.db"

finish
