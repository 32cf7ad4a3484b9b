#!/usr/bin/env bash
# campaign compare from the database's running totals (figure_sums) gives the
# same document as figure by figure (-O sums=false): on the demo data (shared
# days, --exclusive, --prorate, the merged Cần Thơ city) and on generated
# figures (disjoint periods, scopes, --per, a merger, an indicator taken as
# the latest value, figures across a period's edge, figures sharing time, a
# unit's figure above its sub-units'). Tampered totals show where the totals
# are really read, and that they are not read where they would differ.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

unset CAMPAIGN_PLUGIN_PATH NO_COLOR || true

# same_both NAME ARGS...: the compare document from the totals equals the one read figure by figure.
same_both() {
  local name=$1
  shift
  expect_ok --lang en compare --format json "$@"
  local fast=$OUT
  expect_ok --lang en compare --format json -O sums=false "$@"
  assert_eq "$name: totals and figures give the same document" "$OUT" "$fast"
}

# tampered DB: a copy of DB whose running totals are all 1000 too high.
tampered() {
  cp "$1" "$E2E_TMP/tampered.db"
  sqlite3 "$E2E_TMP/tampered.db" "UPDATE figure_sums SET total = total + 1000, largest = largest + 1000"
}

# reads_sums NAME ARGS...: the totals are read (the tampered copy gives another document).
reads_sums() {
  local name=$1
  shift
  expect_ok --lang en compare --format json "$@"
  local good=$OUT
  run_campaign --db "$E2E_TMP/tampered.db" --lang en compare --format json "$@"
  assert_eq "$name: runs on the tampered copy" 0 "$RC"
  assert_true "$name: the totals are read" test "$good" != "$OUT"
  run_campaign --db "$E2E_TMP/tampered.db" --lang en compare --format json -O sums=false "$@"
  assert_eq "$name: figure by figure, the totals are not read" "$good" "$OUT"
}

# figures_only NAME ARGS...: the totals are not read (the tampered copy gives the same document).
figures_only() {
  local name=$1
  shift
  expect_ok --lang en compare --format json "$@"
  local good=$OUT
  run_campaign --db "$E2E_TMP/tampered.db" --lang en compare --format json "$@"
  assert_eq "$name: the figures are read one by one" "$good" "$OUT"
}

# cells_of JSON TABLE KEY: the cells of the row KEY of the table TABLE of a
# compare document (without the rank of a units table, which other rows move).
cells_of() {
  "$E2E_PY" -c '
import json, sys
doc = json.loads(sys.argv[1])
skip = 1 if sys.argv[2].startswith("units-") else 0
print(json.dumps([row["cells"][skip:] for section in doc["sections"] for block in section["blocks"]
                  if block.get("id") == sys.argv[2] for row in block["rows"] if row["key"] == sys.argv[3]]))
' "$1" "$2" "$3"
}

# mixed NAME TABLE FIGURES TOTALS ARGS...: the totals are read for the row TOTALS
# of TABLE (it changes on the tampered copy) but not for the row FIGURES (it
# does not: its figures are read one by one).
mixed() {
  local name=$1 table=$2 figures=$3 totals=$4
  shift 4
  expect_ok --lang en compare --format json "$@"
  local good=$OUT
  run_campaign --db "$E2E_TMP/tampered.db" --lang en compare --format json "$@"
  assert_eq "$name: runs on the tampered copy" 0 "$RC"
  local bad=$OUT
  assert_true "$name: $table $figures has a value" test "$(cells_of "$good" "$table" "$figures")" != "[]"
  assert_eq "$name: $table $figures is read figure by figure" "$(cells_of "$good" "$table" "$figures")" \
    "$(cells_of "$bad" "$table" "$figures")"
  assert_true "$name: $table $totals is read from the totals" \
    test "$(cells_of "$good" "$table" "$totals")" != "$(cells_of "$bad" "$table" "$totals")"
}

# ---- the demo data
demo=$E2E_TMP/demo.db
export CAMPAIGN_DB=$demo
run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$demo"
assert_eq "load the demo data" 0 "$RC"
expect_ok plugins info report
stdout_has "-O sums=<boolean>"
same_both "demo" --campaign ANTQ-ST 2018-2023 2023-2025
same_both "demo, prorate" --campaign ANTQ-ST 2018-2023 2023-2025 --prorate
same_both "demo, exclusive" --campaign ANTQ-ST 2018-2023 2023-2025 --exclusive --per month
same_both "demo, merger" --campaign ANTQ-ST 2018-2023 2023-2025 --unit CT-2025 --indicator AN01
same_both "demo, years" --campaign ANTQ-ST 2019 2024 --per total
same_both "demo, three periods" --campaign ANTQ-ST 2018-2020 2021-2022 2024

# ---- generated figures
db=$E2E_TMP/sums.db
export CAMPAIGN_DB=$db
setup init
setup unit add --code P --name "Tỉnh Thử" --kind province
setup unit add --code D1 --name "Huyện Một" --kind district --parent P
setup unit add --code D2 --name "Huyện Hai" --kind district --parent P
setup unit add --code X1 --name "Xã Một" --kind commune --parent D1
setup unit add --code X2 --name "Xã Hai" --kind commune --parent D2
setup unit add --code X3 --name "Xã Ba" --kind commune --parent D2
setup unit add --code X4 --name "Xã Bốn" --kind commune --parent D2
setup lineage add --kind merge --date 2022-07-01 --predecessors X2,X3 --successors X4
setup campaign add --code C --name "Phong trào thử" --start-date 2021-01-01 --end-date 2022-12-31 --organisers P
setup period add --campaign C --name 2021-2022 --start-date 2021-01-01 --end-date 2022-12-31

# Monthly figures of the communes (indicators that add up, and AN08 taken as
# the latest value; X2 and X3 until they merge into X4), and of district D1
# for another indicator; none in December 2022.
"$E2E_PY" - "$E2E_TMP/figures.csv" <<'PY'
import sys
rows = ["unit,indicator,from,to,value,qualifier"]
last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
for u, unit in enumerate(["X1", "X2", "X3", "X4", "D1"]):
    for i, indicator in enumerate(["AN07"] if unit == "D1" else ["AN01", "AN02", "AN08"]):
        for year in (2021, 2022):
            for month in range(1, 13):
                if (unit in ("X2", "X3")) == ((year, month) >= (2022, 7)) and unit != "X1" and unit != "D1":
                    continue
                if (year, month) == (2022, 12):
                    continue
                value = (u * 7 + i * 13 + month * 3 + year) % 50
                qualifier = "at_least" if (month + i) % 11 == 0 else "exact"
                rows.append(f"{unit},{indicator},{year}-{month:02d}-01,{year}-{month:02d}-{last[month - 1]},"
                            f"{value},{qualifier}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
setup import csv "$E2E_TMP/figures.csv" -O campaign=C

sums=(--indicator AN01,AN02,AN07)
for periods in "2021 2022" "2021-Q1 2022-Q2" "2021-03 2021-05 2022-11" "2021-01-01..2021-06-30 2022-02-01..2022-12-31"; do
  # shellcheck disable=SC2086
  for unit in "" D1 D2 X4; do
    same_both "periods $periods unit ${unit:-none}" --campaign C $periods ${unit:+--unit "$unit"} "${sums[@]}"
  done
done
same_both "per month" --campaign C 2021 2022 --per month "${sums[@]}"
same_both "per total, prorate" --campaign C 2021 2022 --per total --prorate "${sums[@]}"
same_both "latest values" --campaign C 2021 2022
same_both "shared days" --campaign C 2021-01-01..2021-12-31 2021-07-01..2022-06-30 "${sums[@]}"
same_both "shared days, exclusive" --campaign C 2021-01-01..2021-12-31 2021-07-01..2022-06-30 --exclusive \
  "${sums[@]}"
same_both "shared days without figures" --campaign C 2022 2022-12 "${sums[@]}"
same_both "a month cut by a period" --campaign C 2021-01-01..2021-06-15 2022 "${sums[@]}"

tampered "$db"
reads_sums "disjoint periods" --campaign C 2021 2022 "${sums[@]}"
reads_sums "merged unit" --campaign C 2021 2022 --unit X4 "${sums[@]}"
reads_sums "shared days without figures" --campaign C 2022 2022-12 "${sums[@]}"
# The indicator taken as the latest value is read figure by figure, the others from the totals.
mixed "latest values" indicators AN08 AN01 --campaign C 2021 2022
figures_only "shared days" --campaign C 2021-01-01..2021-12-31 2021-07-01..2022-06-30 "${sums[@]}"
# June 2021 is cut: the communes reporting then are read one by one (D1's X1), X4 from the totals (in D2).
mixed "a month cut by a period" units-AN01 D1 D2 --campaign C 2021-01-01..2021-06-15 2022 "${sums[@]}"

# A figure across the edge of 2021, one sharing months already reported, a
# unit's figure above its sub-units': still the same documents, read one by one.
setup figure add --campaign C --unit X1 --indicator AN01 --span-from 2021-12-15 --span-to 2022-01-15 --value 9
for periods in "2021 2022" "2021-Q1 2022-Q2"; do
  # shellcheck disable=SC2086
  same_both "across an edge, periods $periods" --campaign C $periods "${sums[@]}"
  # shellcheck disable=SC2086
  same_both "across an edge, prorate, periods $periods" --campaign C $periods --prorate "${sums[@]}"
done
tampered "$db"
# Only X1's AN01 figures are read one by one (D1's line); D2's communes come from the totals.
mixed "across an edge" units-AN01 D1 D2 --campaign C 2021 2022 "${sums[@]}"
# (AN01 of X1 shares time with its monthly figures: the others are read from the totals.)
reads_sums "an edge outside the periods" --campaign C 2021-Q1 2022-Q2 --indicator AN02,AN07

setup figure add --campaign C --unit X2 --indicator AN02 --span-from 2022-04-01 --span-to 2022-06-30 --value 40
same_both "sharing time" --campaign C 2021-Q1 2022-Q2 "${sums[@]}"
tampered "$db"
# X2's AN02 figures are read one by one, its AN01 from the totals.
mixed "sharing time" indicators AN02 AN01 --campaign C 2021-Q1 2022-Q2 --unit X2 "${sums[@]}"
reads_sums "sharing time, another indicator" --campaign C 2021-Q1 2022-Q2 --indicator AN07

setup figure add --campaign C --unit P --indicator AN07 --span-from 2021-01-01 --span-to 2021-03-31 --value 77
same_both "a unit above" --campaign C 2021-Q1 2022-Q2 --indicator AN07
tampered "$db"
figures_only "a unit above" --campaign C 2021-Q1 2022-Q2 --indicator AN07

# Values that are not whole numbers (AN05, kilograms): their sums depend on
# the order of addition, so those units' figures are read one by one and the
# documents stay the same to the last digit.
kilograms_csv "$E2E_TMP/kilograms.csv" X1 X4
setup import csv "$E2E_TMP/kilograms.csv" -O campaign=C
same_both "kilograms" --campaign C 2021 2022 --indicator AN05,AN01
same_both "kilograms, per month, quarters" --campaign C 2021-Q1 2022-Q3 --indicator AN05 --per month
tampered "$db"
mixed "kilograms" indicators AN05 AN01 --campaign C 2021 2022 --indicator AN05,AN01 --unit X4

# A district whose only AN01 figure crosses the end of the days compared: its
# figures, read one by one, show a unit above the communes, and AN01 is then
# read whole.
setup figure add --campaign C --unit D2 --indicator AN01 --span-from 2022-06-15 --span-to 2022-07-15 --value 5
same_both "a unit above, seen in its figures" --campaign C 2021-Q1 2022-Q2 --indicator AN01,AN02
same_both "a unit above, seen in its figures, prorate" --campaign C 2021-Q1 2022-Q2 --indicator AN01 --prorate
tampered "$db"
mixed "a unit above, seen in its figures" indicators AN01 AN02 --campaign C 2021-Q1 2022-Q2 --indicator AN01,AN02

finish
