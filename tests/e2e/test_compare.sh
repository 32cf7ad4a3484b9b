#!/usr/bin/env bash
# campaign compare on the demo data: golden text, Markdown and CSV; rates,
# changes and verdicts against values computed here from the demo's figures;
# shared days, --exclusive and --prorate; the merged Cần Thơ city rolling up
# Sóc Trăng; a split district not comparable; pledges met; the document
# against the schema; the grouped-bar chart in HTML; bad input refused.
#
# UPDATE_GOLDEN=1 rewrites the golden files from the current output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

golden_dir=$CAMPAIGN_SOURCE_DIR/tests/e2e/golden
db=$(new_db demo)
export CAMPAIGN_DB=$db
unset CAMPAIGN_PLUGIN_PATH NO_COLOR || true

run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$db"
assert_eq "load the demo data" 0 "$RC"

expect_ok plugins info report
stdout_has "analysis compare" "-O periods=<string>" "-O per=<string>" "-O exclusive=<boolean>" \
  "-O prorate=<boolean>"

# ---- golden files
golden compare.vi.txt --lang vi compare --campaign ANTQ-ST 2018-2023 2023-2025
golden compare.en.txt --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --prorate
golden compare.en.md --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --per month --format md
golden compare.vi.csv --lang vi compare --campaign ANTQ-ST 2018-2023 2023-2025 --format csv

# ---- the numbers, computed here from the demo's figures
# 2018-2023 runs 2018-01-01..2023-08-11 (2049 days), 2023-2025 runs
# 2023-01-01..2025-06-30 (912 days); they share 2023-01-01..2023-08-11 (223).
# AN01: over 7,296 before (the province's figure), 2,508 after (the districts'
# 2024 figures, 150 + 13 i for i = 1..11).
expected() {
  "$E2E_PY" -c "
a = 7296 * 365.25 / 2049
b = 2508 * 365.25 / 912
print(round($1, 6))"
}
rate_a=$(expected a)
rate_b=$(expected b)
percent=$(expected "(b / a - 1) * 100")
expect_ok --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --format json
json_expect "periods, rates and the change of AN01" \
  'd["analysis"]' compare 'd["per"]' year \
  '[p["days"] for p in d["periods"]]' '[2049, 912]' \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["key"]' AN01 \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][2]' \
  '{"value": 7296, "qualifier": "at_least"}' \
  'round(one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][3]["value"], 6)' \
  "$rate_a" \
  'round(one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][5]["value"], 6)' \
  "$rate_b" \
  'round(one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][7]["value"], 6)' \
  "$percent" \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][7]["qualifier"]' at_most \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][8]' worse
# AN16 (lower is better) has figures only in 2023-2025: no data before.
json_expect "a missing base" \
  '[r["cells"][8] for r in one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"] if r["key"] == "AN16"]' \
  '["no data"]'
# The ten figures of the province for 2018-01-01..2023-08-11 cross the start of 2023-2025.
json_expect "straddling figures" \
  'len(one(one(d["sections"], id="straddling")["blocks"], id="straddling")["rows"])' 10 \
  'one(one(d["sections"], id="straddling")["blocks"], id="straddling")["rows"][0]["cells"][7]' "Not attributable" \
  'one(d["sections"], id="overlap")["blocks"][0]["values"]' '[{"value": 223, "qualifier": "exact"}]'
# Pledges: 11 districts x 3 targets in 2023-2025.
json_expect "pledges met" \
  'one(one(d["sections"], id="pledges")["blocks"], id="pledges")["rows"][0]["cells"][:3]' '["2023-2025", 11, 33]'
cp "$E2E_TMP/.out" "$E2E_TMP/plain.en.json"

# --prorate: 223 of the 2049 days of the province's figure fall in 2023-2025.
prorated=$(expected "2508 + 7296 * 223 / 2049")
expect_ok --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --prorate --indicator AN01 --format json
json_expect "prorated, an estimate" \
  'round(one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][4]["value"], 6)' \
  "$prorated" \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][4]["qualifier"]' about \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["notes"]' '[1]' \
  'd["footnotes"][0]["text"].startswith("Includes estimates")' true \
  'one(one(d["sections"], id="straddling")["blocks"], id="straddling")["rows"][0]["cells"][7]' \
  "Spread by days (estimate)"

# --exclusive: 2018-2023 ends on 2022-12-31, so the province's figures straddle it too.
expect_ok --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --exclusive --indicator AN01 --format json
json_expect "exclusive" \
  'd["periods"][0]["end"]' 2022-12-31 '[p["days"] for p in d["periods"]]' '[1826, 912]' \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][2]' null \
  'one(d["sections"], id="overlap")["blocks"][1]["text"]' \
  "The shared days count only in the later period (2023-2025), as --exclusive asks."

# ---- the merged city rolls up Sóc Trăng; a split district is not comparable
expect_ok --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --unit CT-2025 --indicator AN01 --format json
json_expect "merger" 'd["scope"]["code"]' CT-2025 \
  'one(one(d["sections"], id="indicators")["blocks"], id="indicators")["rows"][0]["cells"][2]["value"]' 7296 \
  'one(d["sections"], id="lineage")["blocks"][0]["text"]' \
  "Thành phố Cần Thơ (từ 1/7/2025) includes the figures of the units merged into it: Thành phố Cần Thơ, Tỉnh Hậu Giang, Tỉnh Sóc Trăng."
split_db=$(copy_db "$db" split)
expect_ok --db "$split_db" unit add --code ST-MX2 --name "Huyện Mỹ Xuyên 2" --kind district --parent ST \
  --valid-from 2024-01-01 --valid-to 2025-06-30
expect_ok --db "$split_db" lineage add --kind split --date 2024-01-01 --predecessors ST-MX --successors ST-MX,ST-MX2
expect_ok --db "$split_db" --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025 --unit ST --indicator AN01 \
  --format json
json_expect "split" \
  'one(one(one(d["sections"], id="units")["blocks"], id="units-AN01")["rows"], key="ST-MX")["cells"][5]' \
  "not comparable" \
  'one(one(one(d["sections"], id="units")["blocks"], id="units-AN01")["rows"], key="ST-MX")["cells"][0]' null

# ---- the document against the schema; every format renders
for lang in vi en; do
  "$CAMPAIGN_BIN" --lang "$lang" compare --campaign ANTQ-ST 2018-2023 2023-2025 --prorate --format json \
    >"$E2E_TMP/compare.$lang.json"
  run "$E2E_PY" "$CAMPAIGN_SOURCE_DIR/tests/e2e/validate_report.py" \
    "$CAMPAIGN_SOURCE_DIR/data/report-document.schema.json" "$E2E_TMP/compare.$lang.json"
  assert_eq "compare.$lang.json follows the schema" valid "$OUT"
done
expect_ok --lang en report --analysis compare -O campaign=ANTQ-ST -O "periods=2018-2023;2023-2025" --format json
assert_eq "report --analysis compare is campaign compare" "$(cat "$E2E_TMP/plain.en.json")" "$OUT"

expect_ok --lang vi compare 2018-2023 2023-2025 --format html -o "$E2E_TMP/compare.html"
run grep -c 'class="chart grouped"' "$E2E_TMP/compare.html"
assert_eq "one grouped-bar chart" 1 "$OUT"
run grep -c '<rect class="s1"' "$E2E_TMP/compare.html"
assert_true "bars of the second period" test "$OUT" -ge 2
run "$E2E_PY" -c 'import sys, xml.dom.minidom as m, re
html = open(sys.argv[1], encoding="utf-8").read()
for svg in re.findall(r"<svg.*?</svg>", html, re.S):
    m.parseString(svg)
print("ok")' "$E2E_TMP/compare.html"
assert_eq "the charts are well-formed SVG" ok "$OUT"
expect_ok compare 2018-2023 2023-2025 --format xlsx -o "$E2E_TMP/compare.xlsx"
run unzip -l "$E2E_TMP/compare.xlsx"
assert_contains "an xlsx workbook" "$OUT" "xl/workbook.xml"

# ---- bad input: clear message, non-zero exit, database unchanged
expect_refusal 2 "$db" compare --campaign ANTQ-ST 2018-2023
stderr_has "at least two periods"
expect_refusal 3 "$db" compare --campaign ANTQ-ST 2018-2023 2031-13
stderr_has "2031-13"
expect_refusal 3 "$db" compare --campaign ANTQ-ST 2018-2023 2023-2025 --indicator XX99
stderr_has "indicator" "XX99"
expect_refusal 2 "$db" compare --campaign ANTQ-ST 2018-2023 2023-2025 --per week
expect_refusal 3 "$db" compare --campaign NOPE 2018-2023 2023-2025
expect_refusal 3 "$db" compare --campaign ANTQ-ST 2018 2018-2019 --exclusive
stderr_has "same day"

finish
