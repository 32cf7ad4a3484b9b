#!/usr/bin/env bash
# The report plugin: the summary analysis and its renderers on the demo data.
# Golden files for text, md and csv; every number of the text and Markdown
# output checked against direct sqlite3 queries; the JSON document checked
# against data/report-document.schema.json; the HTML rendered in headless
# Chromium; the XLSX unzipped and its sheets read; escaping of hostile unit
# names; a period without figures; the templates found where installed.
#
# UPDATE_GOLDEN=1 rewrites the golden files from the current output.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

golden_dir=$CAMPAIGN_SOURCE_DIR/tests/e2e/golden
build_dir=${CAMPAIGN_BUILD_DIR:?CAMPAIGN_BUILD_DIR names the campaign build tree}
db=$(new_db demo)
export CAMPAIGN_DB=$db
unset CAMPAIGN_PLUGIN_PATH NO_COLOR || true

for tool in unzip chromium; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e $E2E_NAME: FAIL: the report tests need '$tool' on PATH; install it with scripts/deps --test" >&2
    exit 1
  fi
done

run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$db"
assert_eq "load the demo data" 0 "$RC"

expect_ok plugins info report
stdout_has "analysis summary" "-O campaign=<string>" "-O period=<string>" "-O unit=<string>" "renderer text (.txt)" \
  "renderer md (.md)" "renderer html (.html)" "renderer csv (.csv)" "renderer xlsx (.xlsx)" "-O template=<path>" \
  "-O bom=<boolean>"

# ---- golden files
# golden NAME ARGS...: the report with ARGS equals tests/e2e/golden/NAME.
golden report.vi.2018-2023.txt --lang vi report --campaign ANTQ-ST --period 2018-2023
golden report.en.2023-2025.txt --lang en report --campaign ANTQ-ST --period 2023-2025
golden report.vi.2023-2025.md --lang vi report --campaign ANTQ-ST --period 2023-2025 --format md
golden report.en.2018-2023.md --lang en report --campaign ANTQ-ST --period 2018-2023 --format md
golden report.vi.2018-2023.csv --lang vi report --campaign ANTQ-ST --period 2018-2023 --format csv
golden report.en.2023-2025.csv --lang en report --campaign ANTQ-ST --period 2023-2025 --format csv

# ---- every number of the text and Markdown output against direct queries
# check_numbers LANG PERIOD FILE: the demo has no overlapping figures, so the
# summary's rules reduce to these queries: a sum (or, for "last" indicators,
# each unit's latest figure added up) over the figures whose span lies inside
# the period, for the province and the units below it.
# On a server, the queries read a SQLite copy of it (campaign migrate, which
# test_pg_migrate shows to copy every row), so the report made from the
# server is checked against SQLite's reading of the same rows.
numbers_db=$db
if [[ $E2E_BACKEND == postgresql ]]; then
  numbers_db=$E2E_TMP/numbers.db
  setup migrate --from "$db" --to "$numbers_db"
fi
check_numbers() {
  local lang=$1 period=$2 file=$3
  run "$E2E_PY" - "$numbers_db" "$lang" "$period" "$file" <<'PY'
import json, re, subprocess, sys

db, lang, period, path = sys.argv[1:5]
text = open(path, encoding="utf-8").read()

def q(sql):
    out = subprocess.run(["sqlite3", "-json", db, sql], check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else []

def fmt(value, qualifier=None):
    whole = float(value).is_integer()
    s = "{:,.0f}".format(value) if whole else "{:,.2f}".format(value).rstrip("0").rstrip(".")
    if lang == "vi":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    words = {"at_least": ("trên", "over"), "at_most": ("gần", "nearly"), "about": ("khoảng", "about")}
    if qualifier in words:
        s = words[qualifier][0 if lang == "vi" else 1] + " " + s
    return s

problems = []
p = q(f"SELECT p.start_date s, p.end_date e FROM periods p JOIN campaigns c ON c.id = p.campaign_id "
      f"WHERE c.code = 'ANTQ-ST' AND p.name = '{period}'")[0]
inside = (f"f.span_from >= '{p['s']}' AND f.span_to <= '{p['e']}' AND c.code = 'ANTQ-ST' "
          f"AND (u.code = 'ST' OR u.parent_id = (SELECT id FROM units WHERE code = 'ST'))")
qualifier_sql = ("CASE WHEN SUM(qualifier = 'about') > 0 OR (SUM(qualifier = 'at_least') > 0 AND "
                 "SUM(qualifier = 'at_most') > 0) THEN 'about' WHEN SUM(qualifier = 'at_least') > 0 "
                 "THEN 'at_least' WHEN SUM(qualifier = 'at_most') > 0 THEN 'at_most' ELSE 'exact' END")
latest = (f"SELECT u.code unit, u.name uname, i.code ind, f.value, f.qualifier, "
          f"ROW_NUMBER() OVER (PARTITION BY f.unit_id, f.indicator_id ORDER BY f.span_to DESC) rn, i.aggregation agg "
          f"FROM figures f JOIN units u ON u.id = f.unit_id JOIN indicators i ON i.id = f.indicator_id "
          f"JOIN campaigns c ON c.id = f.campaign_id WHERE {inside}")
counted = f"SELECT * FROM ({latest}) WHERE agg <> 'last' OR rn = 1"
name = "name_vi" if lang == "vi" else "name_en"
totals = q(f"SELECT i.code, i.{name} name, SUM(x.value) total, {qualifier_sql} qual, COUNT(*) n "
           f"FROM ({counted}) x JOIN indicators i ON i.code = x.ind GROUP BY i.code ORDER BY i.code")
per_unit = q(f"SELECT x.unit, x.uname, x.ind, SUM(x.value) total, {qualifier_sql} qual, i.direction dir "
             f"FROM ({counted}) x JOIN indicators i ON i.code = x.ind WHERE x.unit <> 'ST' GROUP BY x.unit, x.ind")
allowed = set()
lines = text.splitlines()
for t in totals:
    want = fmt(t["total"], t["qual"])
    allowed.update([t["total"], t["n"]])
    if not any(t["name"] in line and want in line for line in lines):
        problems.append(f"{t['code']} {t['name']}: no line shows {want!r}")
ranks = {}
for r in per_unit:
    allowed.add(r["total"])
    peers = [x["total"] for x in per_unit if x["ind"] == r["ind"]]
    better = sum(1 for v in peers if (v < r["total"] if r["dir"] == "lower" else v > r["total"]))
    rank = better + 1
    allowed.add(rank)
    row = [l for l in lines if r["uname"] in l and re.search(r"(^|\|)\s*%d\s+(\||\s)" % rank, l)
           and re.search(r"(\s|\|\s)%s\s*\|?\s*$" % re.escape(fmt(r["total"], r["qual"])), l)]
    if not row:
        problems.append(f"{r['ind']} {r['unit']}: no row with rank {rank} and value {fmt(r['total'], r['qual'])}")
figures = q(f"SELECT COUNT(DISTINCT x.ind || x.unit || x.value) n, COUNT(DISTINCT x.unit) units FROM ({counted}) x")[0]
allowed.update([figures["n"], figures["units"]])
straddling = q(f"SELECT COUNT(*) n FROM figures f JOIN units u ON u.id = f.unit_id JOIN campaigns c ON c.id = f.campaign_id "
               f"WHERE c.code = 'ANTQ-ST' AND f.span_from <= '{p['e']}' AND f.span_to >= '{p['s']}' "
               f"AND NOT (f.span_from >= '{p['s']}' AND f.span_to <= '{p['e']}') "
               f"AND (u.code = 'ST' OR u.parent_id = (SELECT id FROM units WHERE code = 'ST'))")[0]["n"]
allowed.add(straddling)
for f in q(f"SELECT f.value FROM figures f JOIN units u ON u.id = f.unit_id JOIN campaigns c ON c.id = f.campaign_id "
           f"WHERE f.span_from < '{p['s']}' OR f.span_to > '{p['e']}'"):
    allowed.add(f["value"])
awards = q(f"SELECT a.quantity, a.recipient_kind k FROM awards a JOIN periods p ON p.id = a.period_id "
           f"WHERE p.start_date >= '{p['s']}' AND p.end_date <= '{p['e']}'")
for kind in ("collective", "individual"):
    allowed.add(sum(a["quantity"] for a in awards if a["k"] == kind))
allowed.update(a["quantity"] for a in awards)
allowed.add(q("SELECT COUNT(*) n FROM models")[0]["n"])
targets = q(f"SELECT t.target FROM pledge_targets t JOIN pledges g ON g.id = t.pledge_id JOIN periods p ON p.id = g.period_id "
            f"WHERE p.name = '{period}'")
allowed.update(t["target"] for t in targets)
allowed.add(len(targets))
allowed.add(q(f"SELECT COUNT(DISTINCT signatory_id) n FROM pledges g JOIN periods p ON p.id = g.period_id "
              f"WHERE p.name = '{period}'")[0]["n"])
met = 0
for t in q(f"SELECT u.code unit, i.code ind, t.comparator c, t.target FROM pledge_targets t "
           f"JOIN pledges g ON g.id = t.pledge_id JOIN periods p ON p.id = g.period_id "
           f"JOIN units u ON u.id = g.signatory_id JOIN indicators i ON i.id = t.indicator_id WHERE p.name = '{period}'"):
    actual = [r["total"] for r in per_unit if r["unit"] == t["unit"] and r["ind"] == t["ind"]]
    if actual and (actual[0] >= t["target"] if t["c"] == ">=" else actual[0] <= t["target"]):
        met += 1
if targets:
    allowed.add(met)

# The sweep: what is left after dates, period names, section numbers,
# footnote marks and figure ids must be a number the queries gave.
scrub = text
scrub = re.sub(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{2}/\d{2}/\d{4}\b|\b\d{1,2} [A-Z][a-z]{2} \d{4}\b", " ", scrub)
scrub = re.sub(r"\b(2018-2023|2023-2025)\b", " ", scrub)
scrub = re.sub(r"(?m)^(#+ )?\d+\. ", " ", scrub)
scrub = re.sub(r"\[\^?\d+\]", " ", scrub)
scrub = re.sub(r"#\d+", " ", scrub)
number = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?" if lang == "vi" else r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
seen = 0
for token in re.findall(number, scrub):
    seen += 1
    plain = token.replace(".", "").replace(",", ".") if lang == "vi" else token.replace(",", "")
    if float(plain) not in {float(a) for a in allowed}:
        problems.append(f"number {token!r} matches no query result")
if seen < 10:
    problems.append(f"only {seen} numbers found: the checker does not read this output")
print("\n".join(problems) if problems else f"ok {seen} numbers")
PY
  assert_eq "every number of $(basename "$file") against sqlite3" "ok" "${OUT%% *}"
}
for name in report.vi.2018-2023.txt report.en.2023-2025.txt report.vi.2023-2025.md report.en.2018-2023.md; do
  IFS=. read -r _ lang period _ <<<"$name"
  check_numbers "$lang" "$period" "$E2E_TMP/$name"
done
assert_contains "the seed's sentence in Vietnamese" "$(cat "$E2E_TMP/report.vi.2018-2023.txt")" \
  "Nhân dân đã cung cấp trên 7.296 tin báo, tố giác tội phạm, trong đó trên 2.677 tin có giá trị."
assert_contains "qualifiers in English" "$(cat "$E2E_TMP/report.en.2018-2023.md")" \
  "The public provided over 7,296 crime tip-offs, of which over 2,677 were valuable."

# ---- the document and its schema
expect_ok --lang vi report --campaign ANTQ-ST --period 2018-2023 --format json
json_expect "report document" 'd["format"]' campaign-report 'd["version"]' 1 'd["lang"]' vi \
  'd["period"]' '{"name": "2018-2023", "start": "2018-01-01", "end": "2023-08-11"}' \
  'd["scope"]["code"]' ST '[p["code"] for p in d["issuer"]]' '["ST-CA", "ST-LDLD"]' \
  'one(d["sections"], id="key-figures")["blocks"][-1]["items"][0]["value"]' '{"value": 7296, "qualifier": "at_least"}' \
  'one(d["sections"], id="key-figures")["blocks"][-1]["items"][0]["subsets"][0]["key"]' AN02
# validate DOCUMENT against the JSON Schema: the keywords the schema uses.
validate() {
  run "$E2E_PY" "$CAMPAIGN_SOURCE_DIR/tests/e2e/validate_report.py" \
    "$CAMPAIGN_SOURCE_DIR/data/report-document.schema.json" "$1"
  assert_eq "$(basename "$1") follows data/report-document.schema.json" valid "$OUT"
}
for lang in vi en; do
  for period in 2018-2023 2023-2025 2019; do
    "$CAMPAIGN_BIN" --lang "$lang" report --campaign ANTQ-ST --period "$period" --format json \
      >"$E2E_TMP/doc.$lang.$period.json"
    validate "$E2E_TMP/doc.$lang.$period.json"
  done
done

# ---- colour: only on a terminal, never with NO_COLOR, forced with color=always
expect_ok report --campaign ANTQ-ST --period 2018-2023
assert_not_contains "no colour into a pipe" "$OUT" $'\e['
run script -qec "$(printf '%q ' "$CAMPAIGN_BIN" report --campaign ANTQ-ST --period 2018-2023)" /dev/null
assert_contains "colour on a terminal" "$OUT" $'\e[1m'
run script -qec "$(printf '%q ' env NO_COLOR=1 "$CAMPAIGN_BIN" report --campaign ANTQ-ST --period 2018-2023)" /dev/null
assert_not_contains "NO_COLOR on a terminal" "$OUT" $'\e['
expect_ok report --campaign ANTQ-ST --period 2018-2023 -O color=always
assert_contains "color=always" "$OUT" $'\e[1m'

# ---- periods: without figures, straddling, errors
expect_ok --lang vi report --campaign ANTQ-ST --period 2030
stdout_has "Không có số liệu nào trong kỳ báo cáo."
assert_not_contains "no empty table" "$OUT" "Chỉ tiêu  "
expect_ok --lang en report --campaign ANTQ-ST --period 2019 --format md
stdout_has "> There are no figures for this period." \
  "| Tỉnh Sóc Trăng | Crime tip-offs received | 1 Jan 2018 | 11 Aug 2023 | over 7,296 | runs past both ends of the period |"
expect_fail 3 report --campaign ANTQ-ST --period 2018-2O23
stderr_has "unknown period '2018-2O23'" "'2018-2023', '2023-2025'"
expect_fail 3 report --campaign ANTQ-ST --period 2018-2023 --unit SX
stderr_has "SX"
expect_fail 3 report --campaign NOPE --period 2018-2023
stderr_has "NOPE"
expect_fail 3 report --campaign ANTQ-ST --period 2018-2023 -O color=sometimes
stderr_has "color: 'sometimes' is not auto, always or never"
expect_fail 3 report --campaign ANTQ-ST --period 2018-2023 --format md -O template="$E2E_TMP/missing.mustache"
stderr_has "cannot read $E2E_TMP/missing.mustache"
printf '{{#sections}}\n' >"$E2E_TMP/broken.mustache"
expect_fail 3 report --campaign ANTQ-ST --period 2018-2023 --format html -O template="$E2E_TMP/broken.mustache"
stderr_has "template:"
# The renderers take only report documents. (Only the toy plugin is copied:
# the test folder also holds plugins that fail to load on purpose.)
toy_dir=$E2E_TMP/toy-plugin
mkdir -p "$toy_dir"
chmod 0755 "$toy_dir"
cp "${CAMPAIGN_TEST_PLUGIN_DIR:?}/toy.so" "$toy_dir/"
expect_fail 3 --plugin-dir "$toy_dir" report --analysis toy-count --format text
stderr_has "report document: /format"

# An office's own letterhead.
printf '<p class="letterhead">UBND TỈNH SÓC TRĂNG</p><h1>{{title}}</h1>{{#sections}}<h2>{{title}}</h2>{{/sections}}\n' \
  >"$E2E_TMP/office.mustache"
expect_ok report --campaign ANTQ-ST --period 2018-2023 --format html -O template="$E2E_TMP/office.mustache"
stdout_has '<p class="letterhead">UBND TỈNH SÓC TRĂNG</p>' "<h2>Overview</h2>"

# ---- hostile names: escaped in HTML, neutralised in CSV and XLSX
setup unit add --code ST-X1 --name "<script>alert(1)</script>" --kind district --parent ST
setup unit add --code ST-X2 --name '=HYPERLINK("http://example.invalid","x")' --kind district --parent ST
setup figure add --campaign ANTQ-ST --unit ST-X1 --indicator AN01 --period 2024 --value 99
setup figure add --campaign ANTQ-ST --unit ST-X2 --indicator AN01 --period 2024 --value 98
html=$E2E_TMP/report.html
expect_ok --lang vi report --campaign ANTQ-ST --period 2023-2025 --format html -o "$html"
page=$(cat "$html")
assert_contains "HTML: the name escaped" "$page" "&lt;script&gt;alert(1)&lt;/script&gt;"
assert_not_contains "HTML: no script element" "$page" "<script"
assert_contains "HTML: lang and charset" "$page" '<html lang="vi">' '<meta charset="utf-8">'
assert_contains "HTML: an inline SVG chart" "$page" "<svg xmlns=" "<rect "
assert_not_contains "HTML: nothing fetched" "$(grep -oE '(src|href)="[^"#][^"]*"' "$html" || true)" "="
expect_ok --lang vi report --campaign ANTQ-ST --period 2023-2025 --format csv -O bom=true
assert_eq "CSV: a BOM with bom=true" $'\xEF\xBB\xBFsection' "$(head -c 10 <<<"$OUT")"
assert_contains "CSV: the formula neutralised" "$OUT" "\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""
assert_not_contains "CSV: no live formula" "$OUT" ',"=HYPERLINK'
assert_contains "CSV: tidy rows" "$OUT" "units,units-AN01,ST-X1,<script>alert(1)</script>,,result,99,exact,"

# ---- XLSX: the sheets, numbers as numbers, neutralised text
xlsx=$E2E_TMP/report.xlsx
expect_ok --lang vi report --campaign ANTQ-ST --period 2023-2025 --format xlsx -o "$xlsx"
run unzip -p "$xlsx" xl/workbook.xml
assert_contains "XLSX: one sheet per table" "$OUT" 'name="Báo cáo"' 'name="Số liệu chủ yếu"' 'name="An ninh, trật tự"' \
  'name="Tin báo, tố giác tội phạm (tin)"' 'name="Giao ước thi đua"'
run unzip -p "$xlsx" xl/sharedStrings.xml
assert_contains "XLSX: formula text neutralised" "$OUT" "<t>'=HYPERLINK("
assert_not_contains "XLSX: no live formula text" "$OUT" "<t>=HYPERLINK"
strings=$OUT
run unzip -p "$xlsx" xl/worksheets/sheet2.xml
assert_contains "XLSX: the key figure is a number" "$OUT" "<v>2705</v>"
run unzip -p "$xlsx" xl/worksheets/sheet5.xml
assert_contains "XLSX: breakdown values are numbers" "$OUT" "<v>293</v>" "<v>99</v>"
assert_not_contains "XLSX: no formulas" "$OUT" "<f>"
run unzip -p "$xlsx" xl/styles.xml
assert_contains "XLSX: the number format keeps numbers" "$OUT" 'formatCode="#,##0"'
expect_ok --lang en report --campaign ANTQ-ST --period 2018-2023 --format xlsx -o "$E2E_TMP/en.xlsx"
run unzip -p "$E2E_TMP/en.xlsx" xl/styles.xml
assert_contains "XLSX: the qualifier shown by the number format" "$OUT" 'formatCode="&quot;over &quot;#,##0"'
run unzip -p "$E2E_TMP/en.xlsx" xl/worksheets/sheet2.xml
assert_contains "XLSX: over 7,296 stays the number 7296" "$OUT" "<v>7296</v>"
: "$strings"

# ---- HTML in headless Chromium: the DOM has the key figures
expect_ok --lang vi report --campaign ANTQ-ST --period 2018-2023 --format html -o "$E2E_TMP/seed.html"
chromium_run() {
  run timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d "$E2E_TMP/chromium.XXXXXX")" "$@"
}
chromium_run --dump-dom "file://$E2E_TMP/seed.html"
assert_eq "chromium --dump-dom: exit status" 0 "$RC"
dom=$OUT
assert_contains "DOM: the key figures" "$dom" \
  '<span class="value" data-value="7296" data-qualifier="at_least">trên 7.296</span>' \
  '<span class="value" data-value="2677" data-qualifier="at_least">trên 2.677</span>' \
  'trên 16.000' '>358<' '>779<' '>68<' '>620<' \
  'Nhân dân đã cung cấp trên 7.296 tin báo, tố giác tội phạm, trong đó trên 2.677 tin có giá trị.'
assert_contains "DOM: Vietnamese text intact" "$dom" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" "Liên đoàn Lao động tỉnh Sóc Trăng"
chromium_run --dump-dom "file://$html"
assert_contains "DOM: the hostile name is text" "$OUT" "&lt;script&gt;alert(1)&lt;/script&gt;"
assert_not_contains "DOM: no script element" "$OUT" "<script"
chromium_run --window-size=1000,3000 --screenshot="$E2E_TMP/report.png" "file://$html"
assert_true "chromium --screenshot wrote $E2E_TMP/report.png" test -s "$E2E_TMP/report.png"

# ---- installed: the plugin finds its templates from its own location
prefix=$E2E_TMP/prefix
run cmake --install "$build_dir" --prefix "$prefix"
assert_eq "install campaign" 0 "$RC"
assert_true "installed plugin" test -f "$prefix/lib/campaign/plugins/1/report.so"
assert_true "installed templates" test -f "$prefix/share/campaign/templates/report.md.mustache"
assert_true "installed schema" test -f "$prefix/share/campaign/report-document.schema.json"
printf '{{title}} (installed template)\n' >"$prefix/share/campaign/templates/report.md.mustache"
run "$prefix/bin/campaign" --lang en report --campaign ANTQ-ST --period 2018-2023 --format md
assert_eq "the installed template is used" \
  "Report on Phong trào toàn dân bảo vệ an ninh Tổ quốc (Sóc Trăng), period 2018-2023 (installed template)" "$OUT"

finish
