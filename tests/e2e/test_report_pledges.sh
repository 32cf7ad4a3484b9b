#!/usr/bin/env bash
# campaign report --analysis pledges on the demo data (11 district pledges for
# 2023-2025): the ranking and every scoring sheet of the document against
# `campaign pledge rank --format json` and `campaign pledge score --format json`
# on the same day, in every format (json, text, md, html, csv, xlsx); golden
# text in Vietnamese and English; --unit; the document against the schema;
# bad input refused with a clear message.
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

day=2025-06-30
pledges=(--analysis pledges --campaign ANTQ-ST --period 2023-2025 --as-of "$day")

expect_ok plugins info report
stdout_has "analysis pledges" "-O as_of=<string>"

# ---- golden files
golden pledges.vi.txt --lang vi report "${pledges[@]}"
golden pledges.en.txt --lang en report "${pledges[@]}"

# ---- what the pledge commands say on the same day
"$CAMPAIGN_BIN" --format json pledge rank --campaign ANTQ-ST --period 2023-2025 --as-of "$day" >"$E2E_TMP/rank.json"
mapfile -t ids < <("$E2E_PY" -c 'import json, sys
for e in json.load(open(sys.argv[1]))["ranking"]:
    print(e["pledge"])' "$E2E_TMP/rank.json")
assert_eq "eleven signatories ranked" 11 "${#ids[@]}"
for id in "${ids[@]}"; do
  "$CAMPAIGN_BIN" --format json pledge score "$id" --as-of "$day" >"$E2E_TMP/score-$id.json"
done

for lang in vi en; do
  "$CAMPAIGN_BIN" --lang "$lang" report "${pledges[@]}" --format json >"$E2E_TMP/doc.$lang.json"
  "$CAMPAIGN_BIN" --lang "$lang" report "${pledges[@]}" --format csv >"$E2E_TMP/doc.$lang.csv"
  run "$E2E_PY" "$CAMPAIGN_SOURCE_DIR/tests/e2e/validate_report.py" \
    "$CAMPAIGN_SOURCE_DIR/data/report-document.schema.json" "$E2E_TMP/doc.$lang.json"
  assert_eq "pledges.$lang.json follows the schema" valid "$OUT"
done

# The document's ranking and sheets, and the tidy CSV's values, are the commands' numbers.
run "$E2E_PY" - "$E2E_TMP" "${ids[@]}" <<'PY'
import csv, io, json, sys
tmp, ids = sys.argv[1], sys.argv[2:]
rank = json.load(open(f"{tmp}/rank.json"))
scores = {i: json.load(open(f"{tmp}/score-{i}.json")) for i in ids}
problems = []
def check(what, got, want):
    if got != want:
        problems.append(f"{what}: document {got!r}, command {want!r}")
def value(cell):
    return cell["value"] if isinstance(cell, dict) else cell
for lang in ("vi", "en"):
    doc = json.load(open(f"{tmp}/doc.{lang}.json"))
    check("analysis", doc["analysis"], "pledges")
    check("period", doc["period"], {"name": "2023-2025", "start": rank["period_start"], "end": rank["period_end"]})
    check("as_of", doc["as_of"], rank["as_of"])
    sections = {s["id"]: s for s in doc["sections"]}
    table = next(b for b in sections["ranking"]["blocks"] if b.get("id") == "ranking")
    keys = [c["key"] for c in table["columns"]]
    rows = table["rows"]
    check("ranking rows", [r["key"] for r in rows], [e["signatory"] for e in rank["ranking"]])
    proposed = 0
    for row, entry in zip(rows, rank["ranking"]):
        cells = dict(zip(keys, row["cells"]))
        for key in ("rank", "self_points", "awarded_points", "max_points", "score", "percent"):
            check(f"{lang} {entry['signatory']} {key}", cells[key], entry[key])
        check(f"{lang} {entry['signatory']} proposed", cells["proposed"],
              {"vi": {True: "Có", False: "Không"}, "en": {True: "yes", False: "no"}}[lang][entry["proposed"]])
        others = [u for u in entry["tied_with"] if u != entry["signatory"]]
        check(f"{lang} {entry['signatory']} tie", cells["tie"] is not None, bool(others))
        proposed += entry["proposed"]
    check(f"{lang} sheet sections", [s["id"] for s in doc["sections"][1:]],
          ["sheet-" + e["signatory"] for e in rank["ranking"]])
    for i in ids:
        sc = scores[i]
        sheet = next(b for b in sections["sheet-" + sc["signatory"]]["blocks"] if b["type"] == "table")
        skeys = [c["key"] for c in sheet["columns"]]
        srows = sheet["rows"]
        check(f"{lang} pledge {i} rows", [r["key"] for r in srows], [str(t["target"]) for t in sc["targets"]] + ["total"])
        for row, t in zip(srows, sc["targets"]):
            cells = dict(zip(skeys, row["cells"]))
            where = f"{lang} pledge {i} target {t['target']}"
            check(where + " comparator", cells["comparator"], t["comparator"])
            check(where + " target value", cells["target_value"], t["target_value"])
            check(where + " actual", value(cells["actual"]), t["actual"])
            if t["actual"] is not None:
                check(where + " qualifier", cells["actual"]["qualifier"], t["actual_qualifier"])
            for key in ("max_points", "self_points", "awarded_points"):
                check(where + " " + key, cells[key], t[key])
        total = dict(zip(skeys, srows[-1]["cells"]))
        for key in ("max_points", "self_points", "awarded_points"):
            check(f"{lang} pledge {i} total {key}", total[key], sc["sheet"][key])
    # The tidy CSV: one value per cell, the same numbers.
    text = open(f"{tmp}/doc.{lang}.csv", encoding="utf-8").read()
    values = {(r["table"], r["row_key"], r["column"]): r["value"] for r in csv.DictReader(io.StringIO(text))}
    for entry in rank["ranking"]:
        for key in ("score", "max_points", "rank"):
            got = values.get(("ranking", entry["signatory"], key))
            check(f"{lang} csv {entry['signatory']} {key}", float(got) if got else None, float(entry[key]))
    for i in ids:
        sc = scores[i]
        got = values.get(("sheet-" + sc["signatory"], "total", "max_points"))
        check(f"{lang} csv pledge {i} total", float(got) if got else None, float(sc["sheet"]["max_points"]))
print("\n".join(problems[:20]) if problems else "same")
PY
assert_eq "ranking and sheets are those of pledge rank and pledge score" same "$OUT"

# The scores the commands give, formatted as each renderer writes them.
mapfile -t en_scores < <("$E2E_PY" -c 'import json, sys
for e in json.load(open(sys.argv[1]))["ranking"]:
    s = e["score"]
    print(f"{s:,.2f}".rstrip("0").rstrip(".") if s != int(s) else f"{int(s):,}")' "$E2E_TMP/rank.json")
top=$("$E2E_PY" -c 'import json, sys
print(json.load(open(sys.argv[1]))["ranking"][0]["signatory"])' "$E2E_TMP/rank.json")
for format in text md html; do
  expect_ok --lang en report "${pledges[@]}" --format "$format"
  assert_contains "$format: every score" "$OUT" "${en_scores[@]}"
  assert_contains "$format: the top signatory's sheet" "$OUT" "Scoring sheet: " "($top)"
done
expect_ok --lang vi report "${pledges[@]}" --format html
assert_contains "html: Vietnamese words" "$OUT" 'lang="vi"' "Bảng xếp hạng" "Phiếu chấm điểm" "Đề nghị khen thưởng"

xlsx=$E2E_TMP/pledges.xlsx
expect_ok --lang vi report "${pledges[@]}" --format xlsx -o "$xlsx"
run unzip -p "$xlsx" xl/workbook.xml
assert_contains "XLSX: a sheet for the ranking" "$OUT" 'name="Xếp hạng các đơn vị ký giao ước"'
run unzip -p "$xlsx" xl/worksheets/sheet2.xml
ranking_sheet=$OUT
run "$E2E_PY" -c 'import json, sys
for e in json.load(open(sys.argv[1]))["ranking"]:
    print("<v>%s</v>" % (int(e["score"]) if e["score"] == int(e["score"]) else e["score"]))' "$E2E_TMP/rank.json"
mapfile -t cells <<<"$OUT"
assert_contains "XLSX: the scores are numbers" "$ranking_sheet" "${cells[@]}"

# ---- --unit: the signatories at or below the unit, with their ranks among all
expect_ok --lang en report "${pledges[@]}" --unit "$top" --format json
json_expect "--unit keeps one signatory" \
  'd["scope"]["code"]' "$top" \
  '[r["key"] for r in one(d["sections"][0]["blocks"], id="ranking")["rows"]]' "[\"$top\"]" \
  'len(d["sections"])' 2

# ---- bad input
expect_fail 3 report --analysis pledges --campaign NOPE --period 2023-2025 --as-of "$day"
stderr_has "NOPE"
# A period of the campaign without pledges is no error: the report says so.
expect_ok --lang en report --analysis pledges --campaign ANTQ-ST --period 2018-2023 --as-of "$day"
stdout_has "No pledges in the period."
expect_fail 3 report --analysis pledges --campaign ANTQ-ST --period nope --as-of "$day"
stderr_has "nope"
expect_fail 3 report --analysis pledges --campaign ANTQ-ST --period 2023-2025 --as-of 2025-13-01
stderr_has "--as-of" "2025-13-01"
expect_fail 2 report --campaign ANTQ-ST --period 2023-2025 --as-of "$day"
stderr_has "--as-of" "summary"

finish
