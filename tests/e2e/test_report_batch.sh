#!/usr/bin/env bash
# Reports from the database's running totals, one report per unit, batches.
# The summary read from the running totals (figure_sums) equals the summary
# read figure by figure (-O sums=false) for many scopes and periods, also
# with figures across a period's edge and figures that share time; a
# tampered total shows that the totals are really read. `report --each unit`
# writes one file per unit and never outside the output folder; `campaign
# batch` runs command lines in one process, stops at the first failure (or
# goes on with --keep-going) and names FILE:LINE; -o never writes colour;
# --period reads the core's period expressions.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

db=$E2E_TMP/sums.db
export CAMPAIGN_DB=$db
unset CAMPAIGN_PLUGIN_PATH NO_COLOR || true

setup init
setup unit add --code P --name "Tỉnh Thử" --kind province
setup unit add --code D1 --name "Huyện Một" --kind district --parent P
setup unit add --code D2 --name "Huyện Hai" --kind district --parent P
setup unit add --code X1 --name "Xã Một" --kind commune --parent D1
setup unit add --code X2 --name "Xã Hai" --kind commune --parent D2
setup campaign add --code C --name "Phong trào thử" --start-date 2021-01-01 --end-date 2022-12-31 --organisers P
setup period add --campaign C --name 2021-2022 --start-date 2021-01-01 --end-date 2022-12-31

# Monthly figures of the communes, and of district D1 for another indicator
# (indicators that add up).
"$E2E_PY" - "$E2E_TMP/figures.csv" <<'PY'
import sys
rows = ["unit,indicator,from,to,value,qualifier"]
last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
for u, unit in enumerate(["X1", "X2", "D1"]):
    for i, indicator in enumerate(["AN07"] if unit == "D1" else ["AN01", "AN02", "AN06"]):
        for year in (2021, 2022):
            for month in range(1, 13):
                value = (u * 7 + i * 13 + month * 3 + year) % 50
                qualifier = "at_least" if (month + i) % 11 == 0 else "exact"
                rows.append(f"{unit},{indicator},{year}-{month:02d}-01,{year}-{month:02d}-{last[month - 1]},"
                            f"{value},{qualifier}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
setup import csv "$E2E_TMP/figures.csv" -O campaign=C

# same_both NAME ARGS...: the JSON document from the running totals equals the one read figure by figure.
same_both() {
  local name=$1
  shift
  expect_ok report --campaign C --format json "$@"
  local fast=$OUT
  expect_ok report --campaign C --format json -O sums=false "$@"
  assert_eq "$name: totals and figures give the same document" "$OUT" "$fast"
}
for period in 2021-2022 2021-Q2 2021-03 2021-02-01..2022-06-30; do
  for unit in "" D1 D2 X1; do
    same_both "period $period unit ${unit:-none}" --period "$period" ${unit:+--unit "$unit"}
  done
done
same_both "english" --period 2021-2022 --lang en

# Values that are not whole numbers (AN05, kilograms) add up the same to the last digit.
kilograms_csv "$E2E_TMP/kilograms.csv" X1 X2
cp "$db" "$E2E_TMP/whole.db"
setup import csv "$E2E_TMP/kilograms.csv" -O campaign=C
for unit in "" D1 X1; do
  same_both "kilograms, unit ${unit:-none}" --period 2021-2022 ${unit:+--unit "$unit"}
done
same_both "kilograms, a quarter" --period 2022-Q3
cp "$E2E_TMP/whole.db" "$db" # the checks below count the other figures

# The totals are really read: tampered totals change the report (on a copy).
cp "$db" "$E2E_TMP/tampered.db"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE figure_sums SET total = total + 1000"
run_campaign --db "$E2E_TMP/tampered.db" report --campaign C --period 2021-2022 --format json
tampered=$(printf '%s' "$OUT" | cksum)
expect_ok report --campaign C --period 2021-2022 --format json
assert_true "tampered totals show in the report" test "$tampered" != "$(printf '%s' "$OUT" | cksum)"
run_campaign --db "$E2E_TMP/tampered.db" report --campaign C --period 2021-2022 --format json -O sums=false
assert_eq "figure by figure, the tampered totals are not read" "$(printf '%s' "$OUT" | cksum)" \
  "$(run_campaign report --campaign C --period 2021-2022 --format json && printf '%s' "$OUT" | cksum)"

# A figure across the edge of 2021 and one covering months already reported:
# still the same document, and the figures are listed as not attributed.
setup figure add --campaign C --unit X1 --indicator AN01 --span-from 2021-12-15 --span-to 2022-01-15 --value 9
setup figure add --campaign C --unit X2 --indicator AN02 --span-from 2022-01-01 --span-to 2022-03-31 --value 40
setup figure add --campaign C --unit P --indicator AN07 --span-from 2021-01-01 --span-to 2021-12-31 --value 77
for period in 2021-2022 2021; do
  for unit in "" D1; do
    same_both "edges and overlaps, period $period unit ${unit:-none}" --period "$period" ${unit:+--unit "$unit"}
  done
done
# Only what the totals cannot stand for is read figure by figure: X1's AN01
# and X2's AN02 (figures sharing time), AN07 whole (P above D1); the rest
# still comes from the totals.
cp "$db" "$E2E_TMP/tampered.db"
sqlite3 "$E2E_TMP/tampered.db" "UPDATE figure_sums SET total = total + 1000"
# value_of JSON TABLE KEY: the value cell of the row KEY of the table TABLE.
value_of() {
  "$E2E_PY" -c '
import json, sys
doc = json.loads(sys.argv[1])
print([row["cells"][2] for s in doc["sections"] for b in s["blocks"] if b.get("id") == sys.argv[2]
       for row in b["rows"] if row["key"] == sys.argv[3]])
' "$1" "$2" "$3"
}
expect_ok report --campaign C --period 2021-2022 --format json
good=$OUT
run_campaign --db "$E2E_TMP/tampered.db" report --campaign C --period 2021-2022 --format json
bad=$OUT
for row in "units-AN01 D1" "units-AN02 D2" "units-AN07 D1"; do
  # shellcheck disable=SC2086
  assert_true "$row has a value" test "$(value_of "$good" $row)" != "[]"
  # shellcheck disable=SC2086
  assert_eq "$row is read figure by figure" "$(value_of "$good" $row)" "$(value_of "$bad" $row)"
done
for row in "units-AN01 D2" "units-AN02 D1" "units-AN06 D1"; do
  # shellcheck disable=SC2086
  assert_true "$row is read from the totals" test "$(value_of "$good" $row)" != "$(value_of "$bad" $row)"
done
# In 2021, X1's AN01 is read figure by figure for the figure across the year's edge.
expect_ok report --campaign C --period 2021 --format json
good=$OUT
run_campaign --db "$E2E_TMP/tampered.db" report --campaign C --period 2021 --format json
assert_eq "2021: units-AN01 D1 is read figure by figure" "$(value_of "$good" units-AN01 D1)" \
  "$(value_of "$OUT" units-AN01 D1)"
assert_true "2021: units-AN01 D2 is read from the totals" \
  test "$(value_of "$good" units-AN01 D2)" != "$(value_of "$OUT" units-AN01 D2)"

expect_ok report --campaign C --period 2021 --format json
json_expect "the figure across the year's edge is listed" \
  '"2021-12-15" in [r["cells"][2] for s in d["sections"] if s["id"] == "unattributed" for b in s["blocks"] for r in b["rows"]]' \
  'true'

# ---- --period reads period expressions as the other commands do
expect_ok report --campaign C --period "2021 - 2022" --format json
json_expect "a spelling of the named period" 'd["period"]["name"]' '2021-2022'
expect_fail 3 report --campaign C --period 2021-Q5
stderr_has "--period"

# ---- -o never writes colour
expect_ok report --campaign C --period 2021 -O color=always -o "$E2E_TMP/coloured.txt"
assert_false "no escape sequence in the file" grep -q $'\e' "$E2E_TMP/coloured.txt"
expect_ok report --campaign C --period 2021 -O color=always
assert_contains "colour on stdout when asked" "$OUT" $'\e['

# ---- one report per unit
setup unit add --code ../x --name "Huyện <Lạ>" --kind district --parent P
mkdir -p "$E2E_TMP/each"
cd "$E2E_TMP/each"
run_campaign report --campaign C --period 2021 --each unit --unit-kind district --format html \
  -o 'out/{unit}-{period}.html'
cd - >/dev/null
assert_eq "report --each exits 0" 0 "$RC"
assert_true "D1's report" test -s "$E2E_TMP/each/out/D1-2021.html"
assert_true "D2's report" test -s "$E2E_TMP/each/out/D2-2021.html"
assert_true "the odd unit's report stays in the folder" test -s "$E2E_TMP/each/out/___x-2021.html"
assert_eq "only the three districts" 3 "$(find "$E2E_TMP/each" -type f | wc -l)"
assert_contains "D1's report is D1's" "$(cat "$E2E_TMP/each/out/D1-2021.html")" "Huyện Một"
assert_not_contains "D2's report is not D1's" "$(cat "$E2E_TMP/each/out/D2-2021.html")" "Xã Một"
expect_fail 2 report --campaign C --period 2021 --each unit -o "$E2E_TMP/no-placeholder.html"
expect_fail 2 report --campaign C --period 2021 --each unit -o "$E2E_TMP/{unit}-{colour}.html"

# ---- campaign batch
cat >"$E2E_TMP/good.batch" <<BATCH
# reports of 2021
report --campaign C --period 2021 --unit D1 -o "$E2E_TMP/b1.txt"

campaign report --campaign C --period 2021 --unit D2 --format md -o '$E2E_TMP/b2.md'
unit list --format csv
campaign show C --format csv
campaign campaign list --format csv
BATCH
expect_ok batch "$E2E_TMP/good.batch"
stdout_has "id,code,name,kind" "1,C,Phong trào thử"
assert_eq "two lines name the campaign" 2 "$(grep -c '^1,C,Phong trào thử' <<<"$OUT")"
assert_true "first report" test -s "$E2E_TMP/b1.txt"
assert_true "second report" test -s "$E2E_TMP/b2.md"
assert_contains "second report is Markdown of D2" "$(cat "$E2E_TMP/b2.md")" "Huyện Hai"

cat >"$E2E_TMP/bad.batch" <<BATCH
report --campaign C --period 2021 -o "$E2E_TMP/c1.txt"
report --campaign C --period 2021-Q5 -o "$E2E_TMP/c2.txt"
report --campaign C --period 2022 -o "$E2E_TMP/c3.txt"
unit show NOPE
BATCH
expect_fail 3 batch "$E2E_TMP/bad.batch"
stderr_has "bad.batch:2: campaign: error: --period"
assert_true "the line before the failure ran" test -s "$E2E_TMP/c1.txt"
assert_false "nothing after the failure ran" test -e "$E2E_TMP/c3.txt"
expect_fail 3 batch --keep-going "$E2E_TMP/bad.batch"
stderr_has "bad.batch:2:" "bad.batch:4:" "2 of 4 commands failed"
assert_true "--keep-going runs the rest" test -s "$E2E_TMP/c3.txt"

# A line builds only the command it names; global options first, a noun with
# extra verbs (pledge), help and a misspelt command still work as on the command line.
cat >"$E2E_TMP/words.batch" <<BATCH
--format csv unit list
pledge list --format csv
pledge rules --help
reprot --campaign C
BATCH
expect_exit 2 "$CAMPAIGN_BIN" batch --keep-going "$E2E_TMP/words.batch"
stdout_has "id,code,name,kind" "id,campaign,period,signatory" "Usage: campaign pledge rules"
stderr_has "words.batch:4:" "unknown command 'reprot'" "did you mean 'report'?" "1 of 4 commands failed"

printf 'report --db other.db\nbatch x\n' >"$E2E_TMP/refused.batch"
expect_fail 2 batch --keep-going "$E2E_TMP/refused.batch"
stderr_has "refused.batch:1:" "--db is set once" "refused.batch:2:" "cannot run another batch"
printf "report --period 'open\n" >"$E2E_TMP/quote.batch"
expect_fail 3 batch "$E2E_TMP/quote.batch"
stderr_has "quote.batch:1:" "not closed"
expect_fail 3 batch "$E2E_TMP/missing.batch"

finish
