#!/usr/bin/env bash
# A third party's plugin: install campaign into a fresh prefix, build the
# example plugin out of tree against the installed SDK, install it into the
# prefix's plugin folder, and use it from the installed binary.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

build_dir=${CAMPAIGN_BUILD_DIR:?CAMPAIGN_BUILD_DIR names the campaign build tree}
prefix=$E2E_TMP/prefix
run cmake --install "$build_dir" --prefix "$prefix"
assert_eq "install campaign: exit" 0 "$RC"
assert_true "installed binary" test -x "$prefix/bin/campaign"
assert_true "installed C header" test -f "$prefix/include/campaign/plugin.h"
assert_true "installed package" test -f "$prefix/lib/cmake/Campaign/CampaignConfigVersion.cmake"
assert_true "installed catalogue" test -f "$prefix/share/campaign/indicators.json"

# A plugin asking for another major version fails at configure time.
mkdir -p "$E2E_TMP/wrong-major"
cat >"$E2E_TMP/wrong-major/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(wrong_major LANGUAGES CXX)
find_package(Campaign 2 REQUIRED)
CMAKE
run cmake -S "$E2E_TMP/wrong-major" -B "$E2E_TMP/wrong-major/build" -DCMAKE_PREFIX_PATH="$prefix"
assert_eq "major 2 refused at configure time" 1 "$RC"
assert_contains "major 2: reason" "$ERR" "compatible with requested version \"2\""

example=$CAMPAIGN_SOURCE_DIR/examples/acme-importer
run cmake -S "$example" -B "$E2E_TMP/acme" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release
assert_eq "configure the example: exit" 0 "$RC"
run cmake --build "$E2E_TMP/acme"
assert_eq "build the example: exit" 0 "$RC"
run cmake --install "$E2E_TMP/acme" --prefix "$prefix"
assert_eq "install the example: exit" 0 "$RC"
assert_true "plugin in the plugin folder" test -f "$prefix/lib/campaign/plugins/1/acme_importer.so"

# Only the entry point is exported (hidden visibility).
exported=$(nm -D --defined-only "$prefix/lib/campaign/plugins/1/acme_importer.so" | awk '$2 == "T" { print $3 }')
assert_eq "only the entry point exported" campaign_plugin_entry_v1 "$exported"

installed=$prefix/bin/campaign
db=$E2E_TMP/acme.db
run "$installed" --db "$db" --format json plugins list
json_expect "installed binary finds the plugin" 'one(d, name="acme")["status"]' ok \
  'one(d, name="acme")["path"]' "$prefix/lib/campaign/plugins/1/acme_importer.so" \
  'one(d, name="csv")["path"]' "$prefix/lib/campaign/plugins/1/csv.so"
run "$installed" --db "$db" init
assert_eq "init from the installed catalogue" 0 "$RC"
assert_contains "catalogue loaded" "$OUT" "16 added"
"$installed" --db "$db" -q unit add --code ST-KS --name "Huyện Kế Sách" --kind district >/dev/null
"$installed" --db "$db" -q campaign add --code ANTQ-ST --name "Phong trào" >/dev/null
cat >"$E2E_TMP/sheet.acme" <<'SHEET'
# ACME monthly sheet
campaign=ANTQ-ST
unit=ST-KS;indicator=AN01;from=2024-01-01;to=2024-01-31;value=12
unit=ST-KS;indicator=AN01;from=2024-02-01;to=2024-02-29;value=30;qualifier=at_least
SHEET
run "$installed" --db "$db" import acme "$E2E_TMP/sheet.acme"
assert_eq "import with the third-party plugin" 0 "$RC"
assert_contains "import summary" "$OUT" "added 2 (figure 2), revised 0, skipped 0"
run "$installed" --db "$db" --format json figure list
json_expect "figures from the third-party plugin" 'len(d)' 2 'd[1]["value"]' 30 'd[1]["qualifier"]' at_least \
  'd[1]["span_to"]' 2024-02-29

finish
