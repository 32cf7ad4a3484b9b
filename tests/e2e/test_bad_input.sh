#!/usr/bin/env bash
# End-to-end: bad input is refused with the right exit status (2 usage,
# 3 invalid data, 4 database unusable), a message on stderr that names what
# and where, nothing on stdout, and the database exactly as it was.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$CAMPAIGN_DB
# The demo database: the article's units, campaign, periods and figures.
run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$db"
if [[ $RC != 0 ]]; then
  fail "setup: data/demo/load.sh builds the demo database" "exit status $RC: $ERR"
fi
an01_figure=$("$CAMPAIGN_BIN" --db "$db" --format csv figure list --campaign ANTQ-ST --indicator AN01 --period 2018-2023 |
  awk -F, 'NR == 2 { print $1 }')

# ---------------------------------------------------------------- unknown codes
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit SX --indicator AN03 --period 2019 --value 5
stderr_has "unit" "unknown unit 'SX'" "did you mean" "'ST'"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN3 --period 2019 --value 5
stderr_has "indicator" "unknown indicator 'AN3'" "did you mean" "'AN03'"
expect_refusal 3 "$db" figure add --campaign ANTQ-SX --unit ST --indicator AN03 --period 2019 --value 5
stderr_has "unknown campaign 'ANTQ-SX'" "did you mean 'ANTQ-ST'"
expect_refusal 3 "$db" unit show SX
stderr_has "unknown unit 'SX'" "did you mean" "'ST'"
expect_refusal 3 "$db" unit show st
stderr_has "unknown unit 'st'" "did you mean" "'ST'"
expect_refusal 3 "$db" figure show abc
stderr_has "'abc' is not a record id"
expect_refusal 3 "$db" agreement add --title "Quy chế" --parties ST-CA,ST-LDLB
stderr_has "parties" "unknown unit 'ST-LDLB'" "did you mean 'ST-LDLD'"

# ---------------------------------------------------------------- duplicates
expect_refusal 3 "$db" unit add --code ST --name "Tỉnh Sóc Trăng mới" --kind province
stderr_has "unit 'ST' already exists"
expect_refusal 3 "$db" campaign add --code ANTQ-ST --name "Trùng mã"
stderr_has "campaign 'ANTQ-ST' already exists"
expect_refusal 3 "$db" indicator add --code AN01 --name-vi x --name-en x --measure-unit tin
stderr_has "indicator 'AN01' already exists"
expect_refusal 3 "$db" lineage add --kind merge --date 2025-07-01 --predecessors ST,ST --successors CT-2025
stderr_has "predecessors" "'ST' is named twice"

# ---------------------------------------------------------------- dates and spans
expect_refusal 3 "$db" unit add --code X1 --name "Xã Một" --kind commune --valid-from 2023-02-30
stderr_has "valid_from" "2023-02-30" "February 2023 has 28 days"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --span-from 2023-02-30 \
  --span-to 2023-03-31 --value 5
stderr_has "span_from" "2023-02-30"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --span-from 2023-05-01 \
  --span-to 2023-01-01 --value 5
stderr_has "span_from 2023-05-01 is after span_to 2023-01-01"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2023..2019 --value 5
stderr_has "period" "'2023..2019' ends before it starts" "did you mean '2019-2023'"
expect_refusal 3 "$db" unit add --code X1 --name "Xã Một" --kind commune --valid-from 11/8/2023
stderr_has "valid_from" "'11/8/2023'" "YYYY-MM-DD"
expect_refusal 3 "$db" unit add --code X1 --name "Xã Một" --kind commune --valid-from 2024-01-01 --valid-to 2023-12-31
stderr_has "valid_from 2024-01-01 is after valid_to 2023-12-31"
expect_refusal 3 "$db" period add --campaign ANTQ-ST --name 2017 --start-date 2017-01-01 --end-date 2017-12-31
stderr_has "period 2017-01-01..2017-12-31 lies outside campaign ANTQ-ST"

# ---------------------------------------------------------------- values
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value -5
stderr_has "value" "-5 is negative" "AN03"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value 5.5
stderr_has "value" "AN03 counts things" "whole number"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value 7.296
stderr_has "value" "ambiguous number '7.296'" "7296" "Vietnamese" "English"
expect_refusal 3 "$db" target add --pledge 1 --indicator AN01 --comparator ">=" --target 7,296
stderr_has "target" "ambiguous number '7,296'"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value abc
stderr_has "value" "invalid number 'abc'"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 \
  --value 99999999999999999999
stderr_has "value" "2^53"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value 5 \
  --qualifier tren
stderr_has "qualifier" "unknown qualifier 'tren'"
expect_refusal 3 "$db" unit add --code X1 --name "Xã Một" --kind provinse
stderr_has "kind" "'provinse' is not one of" "did you mean 'province'"
expect_refusal 3 "$db" target add --pledge 1 --indicator AN01 --comparator ">=" --target 5 --max-points -1
stderr_has "max_points" "below zero"
expect_refusal 3 "$db" model add --campaign ANTQ-ST --unit ST --name "Mô hình" --points -3
stderr_has "points" "-3"

# ---------------------------------------------------------------- domain rules
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit CT-2025 --indicator AN03 --period 2018-2023 --value 5
stderr_has "CT-2025" "2025-07-01" "cannot report for 2018-01-01..2023-08-11"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2025 --value 5
stderr_has "unit ST exists 1992-04-01..2025-06-30" "2025-01-01..2025-12-31"
expect_refusal 3 "$db" pledge add --campaign ANTQ-ST --period 2023-2025 --signatory CT-2025 --signed-on 2023-08-11
stderr_has "signatory" "CT-2025" "2023-08-11"
expect_refusal 3 "$db" agreement add --title "Quy chế" --parties ST-CA,CT-2025 --signed-on 2023-08-11
stderr_has "parties" "CT-2025" "2023-08-11"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2010 --value 5
stderr_has "2010-01-01..2010-12-31" "outside campaign ANTQ-ST"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN02 --period 2019 --value 5 --parent 3
stderr_has "parent" "not the parent of AN02"
expect_refusal 3 "$db" unit edit ST --parent ST-CA
stderr_has "parent" "its own ancestor"
expect_refusal 3 "$db" award add --campaign ANTQ-ST --recipient-kind collective --form "Bằng khen" --issuer "UBND tỉnh"
stderr_has "recipient"

# ---------------------------------------------------------------- periods a campaign does not have
expect_refusal 3 "$db" pledge add --campaign ANTQ-ST --period 2018-2022 --signatory ST-VC
stderr_has "period" "unknown period '2018-2022'" "did you mean '2018-2023'"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2018-2O23 --value 5
stderr_has "period" "unknown period '2018-2O23'" "did you mean '2018-2023'"
expect_refusal 3 "$db" figure list --campaign ANTQ-ST --period "giai đoạn 3"
stderr_has "period" "unknown period 'giai đoạn 3'" "'2018-2023', '2023-2025'"

# ---------------------------------------------------------------- invalid UTF-8
expect_refusal 3 "$db" unit add --code X1 --name "$(printf '\xc3\x28')" --kind commune
stderr_has "name" "invalid UTF-8" "byte 0"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value 5 \
  --note "ghi $(printf '\xe1\xba')"
stderr_has "note" "invalid UTF-8"

# ---------------------------------------------------------------- removing what others refer to
expect_refusal 3 "$db" unit remove ST
stderr_has "cannot remove unit 'ST'" "figures"
expect_refusal 3 "$db" indicator remove AN01
stderr_has "cannot remove indicator 'AN01'" "figures"
expect_refusal 3 "$db" figure remove "$an01_figure"
stderr_has "cannot remove figure" "figures.parent_id"
expect_refusal 3 "$db" period remove 2023-2025 --campaign ANTQ-ST
stderr_has "cannot remove period '2023-2025'" "pledges"
expect_refusal 3 "$db" figure remove 99999
stderr_has "no figure with id 99999"

# ---------------------------------------------------------------- usage
expect_refusal 2 "$db" unti list
stderr_has "unknown command 'unti'" "did you mean 'unit'"
expect_refusal 2 "$db" unit lsit
stderr_has "unknown command 'lsit'" "'campaign unit'" "did you mean 'list'"
expect_refusal 2 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019
stderr_has "figure needs value" "--value"
expect_refusal 2 "$db" unit add --code X1 --kind commune
stderr_has "needs name" "--name"
expect_refusal 2 "$db" unit show
stderr_has "ref"
expect_refusal 2 "$db" unit list --bogus
stderr_has "--bogus"
expect_refusal 2 "$db" --lang xx unit list
stderr_has "--lang"
expect_refusal 2 "$db" --format xml unit list
stderr_has "--format" "xml"
expect_refusal 2 "$db" period show 2018-2023
stderr_has "period '2018-2023' needs its campaign (--campaign)"
expect_refusal 2 "$db" unit edit ST
stderr_has "nothing to change"
expect_refusal 2 "$db" unit edit ST --name ""
stderr_has "name"
expect_refusal 2 "$db" figure add --campaign ANTQ-ST --unit ST --indicator AN03 --period 2019 --value 5 --batch 1
stderr_has "--batch"
expect_refusal 2 "$db" pledge list --period 2023-2025
stderr_has "--campaign"

# ---------------------------------------------------------------- a file that is not a SQLite database
csv=$E2E_TMP/units.csv
printf 'code,name,kind\r\nST,Tỉnh Sóc Trăng,province\r\n' >"$csv"
cp "$csv" "$E2E_TMP/units.csv.orig"
for args in "unit list" "unit add --code X1 --name Xa --kind commune" "init"; do
  # shellcheck disable=SC2086 # the words of $args are the arguments
  expect_fail 4 --db "$csv" $args
  stderr_has "$csv" "not a SQLite database"
  assert_true "the CSV file is byte-identical after: campaign --db units.csv $args" cmp -s "$csv" "$E2E_TMP/units.csv.orig"
done
assert_eq "no journal, WAL or shared-memory file beside the CSV file" "units.csv units.csv.orig" \
  "$(cd "$E2E_TMP" && echo units.csv*)"
CAMPAIGN_DB=$csv expect_fail 4 unit list
stderr_has "$csv" "not a SQLite database"

# A SQLite database of another program, a folder, a file that is not there.
other=$E2E_TMP/other.db
sqlite3 "$other" 'CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ("x");'
expect_refusal 4 "$other" --db "$other" unit add --code X1 --name Xa --kind commune
stderr_has "$other" "another application"
expect_refusal 4 "$other" --db "$other" init
stderr_has "another application"
expect_fail 4 --db "$E2E_TMP" unit list
stderr_has "$E2E_TMP" "is a directory"
expect_fail 4 --db "$E2E_TMP/missing.db" unit list
stderr_has "no database at $E2E_TMP/missing.db" "campaign init"
assert_false "a list does not create a missing database" test -e "$E2E_TMP/missing.db"

# ---------------------------------------------------------------- a database from a newer schema
newer=$E2E_TMP/newer.db
cp "$db" "$newer"
sqlite3 "$newer" 'PRAGMA user_version=99'
expect_refusal 4 "$newer" --db "$newer" unit list
stderr_has "$newer" "schema version 99" "newer"
expect_refusal 4 "$newer" --db "$newer" unit add --code X1 --name Xa --kind commune
stderr_has "schema version 99"
expect_refusal 4 "$newer" --db "$newer" init
stderr_has "schema version 99"
assert_eq "the newer database keeps its version" 99 "$(sqlite3 "$newer" 'PRAGMA user_version')"

# ---------------------------------------------------------------- a read-only database (as nobody)
# Root writes anything, so the binary runs as nobody on a file nobody may read but not write.
run as_nobody id -un
if [[ $RC != 0 || $OUT != nobody ]]; then
  fail "setpriv --reuid=nobody --regid=nogroup --clear-groups runs a command as nobody" \
    "the read-only tests need it (util-linux setpriv, user nobody, group nogroup)"
fi
pass
ro=$E2E_TMP/ro
mkdir -m 0755 "$ro"
install -m 0755 "$CAMPAIGN_BIN" "$ro/campaign"
cp "$db" "$ro/ro.db"
chmod 0644 "$ro/ro.db"
cp "$ro/ro.db" "$ro/ro.db.orig"
expect_exit 0 as_nobody "$ro/campaign" --version
assert_true "nobody can read the database" as_nobody test -r "$ro/ro.db"
assert_false "nobody cannot write the database" as_nobody test -w "$ro/ro.db"
nobody_env=(env HOME="$ro" XDG_DATA_HOME="$ro" CAMPAIGN_DB="$ro/ro.db")
expect_refusal_cmd 4 "$ro/ro.db" as_nobody "${nobody_env[@]}" "$ro/campaign" unit add --code X1 --name Xa --kind commune
stderr_has "read-only" "$ro/ro.db"
assert_true "the read-only database is byte-identical" cmp -s "$ro/ro.db" "$ro/ro.db.orig"

# In a folder nobody may write to, SQLite can keep its WAL files: reading works, writing does not.
shared=$E2E_TMP/shared
mkdir -m 1777 "$shared"
cp "$db" "$shared/ro.db"
chmod 0444 "$shared/ro.db"
expect_exit 0 as_nobody "$ro/campaign" --db "$shared/ro.db" --format json unit list
json_expect "a read-only database can be listed" 'one(d, code="ST")["name"]' "Tỉnh Sóc Trăng"
expect_refusal_cmd 4 "$shared/ro.db" as_nobody "$ro/campaign" --db "$shared/ro.db" figure add --campaign ANTQ-ST \
  --unit ST --indicator AN03 --period 2019 --value 5
stderr_has "read-only"

# ---------------------------------------------------------------- rules found broken when written
# (Last, so that everything above runs first: each of these failed at some point while the
# tests were written; see the report of the e2e tests.)
# ST's figures cover 2018-01-01..2023-08-11: ST cannot stop existing before that, just as
# a figure for those days could not be added once it had.
expect_refusal 3 "$db" unit edit ST --valid-to 2020-01-01
stderr_has "figures" "2020-01-01"
# Periods of ANTQ-ST reach 2025-06-30: the campaign cannot end before its periods, as a new period could not.
expect_refusal 3 "$db" campaign edit ANTQ-ST --end-date 2019-01-01
stderr_has "periods" "2019-01-01"
# The message names the broken rule, not a clash that did not happen.
expect_refusal 3 "$db" award add --campaign ANTQ-ST --recipient-kind collective --recipient-name "Tập thể" \
  --form "Bằng khen" --issuer "UBND tỉnh" --quantity 0
stderr_has "quantity"
assert_not_contains "an award with quantity 0 is not reported as a duplicate" "$ERR" "already exists"
# The field is named once.
expect_refusal 3 "$db" unit add --code X1 --name "$(printf '\xc3\x28')" --kind commune
assert_not_contains "invalid UTF-8: the field is named once" "$ERR" "name: name:"
# "a unit", not "an unit".
expect_refusal 2 "$db" unit add --code X1 --kind commune
assert_not_contains "the article before 'unit'" "$ERR" "an unit"
# An output format that does not exist is a usage error, found before anything is written
# (and before the database is opened).
expect_refusal 2 "$db" --format xml unit add --code X1 --name "Xã Một" --kind commune
stderr_has "--format"
expect_fail 2 --db "$E2E_TMP/missing.db" --format xml unit list
stderr_has "--format"
# A subset figure (trong đó) counts part of its parent: the same unit, campaign and span.
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST-VC --indicator AN02 --period 2024 --value 5 \
  --parent "$an01_figure"
stderr_has "parent"
# An exact parent cannot drop below an exact subset of it, just as the subset cannot rise above it.
setup --format json figure add --campaign ANTQ-ST --unit ST-KS --indicator AN01 --period 2022 --value 500
exact_parent=$(added_id)
setup figure add --campaign ANTQ-ST --unit ST-KS --indicator AN02 --period 2022 --value 200 --parent "$exact_parent"
expect_refusal 3 "$db" figure add --campaign ANTQ-ST --unit ST-KS --indicator AN02 --period 2022 --value 600 \
  --parent "$exact_parent" --source "Báo cáo khác"
stderr_has "value" "more than its parent figure"
expect_refusal 3 "$db" figure edit "$exact_parent" --value 100
stderr_has "value"

finish
