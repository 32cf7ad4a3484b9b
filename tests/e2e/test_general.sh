#!/usr/bin/env bash
# End-to-end: help and version open no database; init is idempotent; the demo
# loader builds the article's figures; which database file is used (--db,
# CAMPAIGN_DB, XDG_DATA_HOME, HOME); stdout carries only results.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

c=$CAMPAIGN_BIN
record_nouns=(unit lineage campaign period indicator figure pledge target award model agreement)
verbs=(add list show edit remove)

# ---------------------------------------------------------------- help and version open no database
export CAMPAIGN_DB=$E2E_TMP/never/campaign.db
no_database_yet() {
  assert_false "no database file or folder created by: $E2E_LAST_CMD" \
    test -e "$E2E_TMP/never" -o -e "$XDG_DATA_HOME" -o -e "$HOME/.local"
}

expect_ok --help
assert_contains "--help shows the usage" "$OUT" "Usage: campaign" "Subcommands:" "--db" "--format" "--lang"
assert_empty "--help writes nothing on stderr" "$ERR"
for noun in init "${record_nouns[@]}"; do
  assert_contains "--help lists '$noun'" "$OUT" "
  $noun "
done
no_database_yet
top_help=$OUT

project_version=$(sed -n 's/^ *VERSION \([0-9][0-9.]*\).*/\1/p' "$CAMPAIGN_SOURCE_DIR/CMakeLists.txt" | head -1)
expect_ok --version
assert_eq "--version prints the project version" "campaign $project_version" "$OUT"
no_database_yet

expect_exit 2 "$c"
assert_contains "no command is a usage error" "$ERR" "subcommand is required"
assert_empty "no command: nothing on stdout" "$OUT"
no_database_yet

# Every command the top help lists has its own help, and so has every verb of a record noun.
mapfile -t listed < <(printf '%s\n' "$top_help" | sed -n '/^Subcommands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
assert_true "the top help lists at least the 12 core commands" test "${#listed[@]}" -ge 12
for noun in "${listed[@]}"; do
  expect_ok "$noun" --help
  assert_contains "'$noun --help' shows its usage" "$OUT" "Usage: campaign $noun"
done
for noun in "${record_nouns[@]}"; do
  expect_ok "$noun" --help
  assert_contains "'$noun --help' lists its verbs" "$OUT" "add" "list" "show" "edit" "remove"
  for verb in "${verbs[@]}"; do
    expect_ok "$noun" "$verb" --help
    assert_contains "'$noun $verb --help' shows its usage" "$OUT" "Usage: campaign $noun $verb"
  done
done
expect_ok unit add --help
assert_contains "unit add --help marks required fields and lists choices" "$OUT" "--code" "(required)" "province|city"
expect_ok figure add --help
assert_contains "figure add --help offers --period" "$OUT" "--period" "--qualifier" "--span-from"
expect_ok unit edit --help
assert_contains "edit --help says an empty value clears" "$OUT" "empty to clear"
expect_ok unit list -h
assert_contains "-h is --help" "$OUT" "Usage: campaign unit list"
no_database_yet

# Help does not even look at the database: a CSV file named as the database stays as it is.
printf 'code,name\r\nST,Sóc Trăng\r\n' >"$E2E_TMP/not-a-db.csv"
cp "$E2E_TMP/not-a-db.csv" "$E2E_TMP/not-a-db.csv.orig"
expect_ok --db "$E2E_TMP/not-a-db.csv" --help
expect_ok --db "$E2E_TMP/not-a-db.csv" unit list --help
expect_ok --db "$E2E_TMP/not-a-db.csv" --version
assert_true "help and version leave a file named by --db untouched" \
  cmp -s "$E2E_TMP/not-a-db.csv" "$E2E_TMP/not-a-db.csv.orig"
no_database_yet

# ---------------------------------------------------------------- init is idempotent
export CAMPAIGN_DB=$E2E_TMP/init.db
expect_ok init
assert_true "init created the database" test -f "$CAMPAIGN_DB"
schema_version=$(sqlite3 "$CAMPAIGN_DB" 'PRAGMA user_version')
assert_true "the schema version is a number >= 1" test "$schema_version" -ge 1
assert_eq "first init" "database $CAMPAIGN_DB at schema version $schema_version
indicators: 16 added, 0 already present" "$OUT"
before=$(db_dump "$CAMPAIGN_DB")
expect_ok init
assert_eq "second init adds nothing" "database $CAMPAIGN_DB at schema version $schema_version
indicators: 0 added, 16 already present" "$OUT"
assert_eq "second init changes nothing in the database" "$before" "$(db_dump "$CAMPAIGN_DB")"
expect_ok --format json indicator list
json_expect "16 indicators after two inits" 'len(d)' 16 \
  '[x["code"] for x in d]' '["AN01", "AN02", "AN03", "AN04", "AN05", "AN06", "AN07", "AN08", "AN09", "AN11", "AN12", "AN14", "AN16", "TD01", "TD02", "TD05"]' \
  'one(d, code="AN02")["parent"]' AN01 'one(d, code="AN16")["direction"]' lower \
  'one(d, code="AN05")["value_kind"]' quantity 'one(d, code="AN01")["name_vi"]' "Tin báo, tố giác tội phạm"
expect_ok --db "$E2E_TMP/bare.db" init --no-catalogue
assert_not_contains "init --no-catalogue loads no indicator" "$OUT" "indicators:"
expect_ok --db "$E2E_TMP/bare.db" --format json indicator list
json_expect "init --no-catalogue: no indicators" 'len(d)' 0

# ---------------------------------------------------------------- the demo database
demo=$E2E_TMP/demo.db
expect_exit 0 bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$c" "$demo"
assert_empty "the demo loader is quiet" "$ERR$OUT"
expect_ok --db "$demo" --format json figure list --campaign ANTQ-ST --period 2018-2023
json_expect "demo figures for ANTQ-ST 2018-2023" \
  'len(d)' 10 \
  'sorted(x["indicator"] for x in d)' '["AN01", "AN02", "AN03", "AN04", "AN06", "AN07", "AN08", "AN09", "TD01", "TD02"]' \
  'sorted(set((x["unit"], x["span_from"], x["span_to"]) for x in d))' '[["ST", "2018-01-01", "2023-08-11"]]' \
  '[one(d, indicator="AN01")[k] for k in ("value", "qualifier")]' '[7296, "at_least"]' \
  '[one(d, indicator="AN02")[k] for k in ("value", "qualifier")]' '[2677, "at_least"]' \
  'one(d, indicator="AN02")["parent"] == one(d, indicator="AN01")["id"]' true \
  '[one(d, indicator="AN03")[k] for k in ("value", "qualifier")]' '[358, "exact"]' \
  '[one(d, indicator="AN04")[k] for k in ("value", "qualifier")]' '[779, "exact"]' \
  '[one(d, indicator="AN06")[k] for k in ("value", "qualifier")]' '[300, "at_least"]' \
  '[one(d, indicator="AN07")[k] for k in ("value", "qualifier")]' '[16000, "at_least"]' \
  '[one(d, indicator="AN08")[k] for k in ("value", "qualifier")]' '[68, "exact"]' \
  '[one(d, indicator="AN09")[k] for k in ("value", "qualifier")]' '[620, "exact"]' \
  '[one(d, indicator="TD01")[k] for k in ("value", "qualifier")]' '[15, "exact"]' \
  '[one(d, indicator="TD02")[k] for k in ("value", "qualifier")]' '[25, "exact"]' \
  'sorted(set(x["parent"] is None for x in d if x["indicator"] != "AN02"))' '[true]' \
  'sorted(set(x["source_date"] for x in d))' '["2023-08-11"]'
expect_ok --db "$demo" --lang vi figure list --campaign ANTQ-ST --period 2018-2023 --indicator AN07
assert_contains "demo: AN07 printed back in Vietnamese" "$OUT" "trên 16.000"
expect_ok --db "$demo" --format json figure list --campaign ANTQ-ST --period 2024
json_expect "demo: the illustrative 2024 district figures are outside 2018-2023" 'len(d)' 33 \
  'sorted(set(x["unit"] for x in d)) == sorted(set(x["unit"] for x in d if x["unit"].startswith("ST-")))' true
expect_ok --db "$demo" --format json lineage list
json_expect "demo: the 2025 merge" 'len(d)' 1 'd[0]["predecessors"]' '["CT", "HG", "ST"]' \
  'd[0]["successors"]' '["CT-2025"]' 'd[0]["date"]' 2025-07-01
expect_ok --db "$demo" --format json award list --campaign ANTQ-ST --period 2018-2023
json_expect "demo: 15 collectives and 25 individuals commended" \
  'sorted((x["recipient_kind"], x["quantity"]) for x in d)' '[["collective", 15], ["individual", 25]]'
expect_ok --db "$demo" --format json pledge list --campaign ANTQ-ST --period 2023-2025
json_expect "demo: eleven district pledges for 2023-2025" 'len(d)' 11 \
  'sorted(set(x["counterpart"] for x in d))' '["ST-UBND"]'
expect_ok --db "$demo" --format json agreement list
json_expect "demo: the coordination agreement" 'len(d)' 1 'd[0]["parties"]' '["ST-CA", "ST-LDLD"]'

# ---------------------------------------------------------------- which database: --db, CAMPAIGN_DB, XDG_DATA_HOME, HOME
where=$E2E_TMP/where
mkdir -p "$where/home"
xdg_db=$where/xdg/campaign/campaign.db
home_db=$where/home/.local/share/campaign/campaign.db
in_where() {
  (cd "$where" && find . -name '*.db' | sort | tr '\n' ' ' | sed 's/ $//')
}
export HOME=$where/home XDG_DATA_HOME=$where/xdg
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" --db "$where/flag.db" -q init
assert_eq "--db beats CAMPAIGN_DB and XDG_DATA_HOME" "./flag.db" "$(in_where)"
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" -q init
assert_eq "CAMPAIGN_DB beats XDG_DATA_HOME" "./env.db ./flag.db" "$(in_where)"
expect_exit 0 env -u CAMPAIGN_DB "$c" -q init
assert_eq "XDG_DATA_HOME/campaign/campaign.db without --db and CAMPAIGN_DB" \
  "./env.db ./flag.db ./xdg/campaign/campaign.db" "$(in_where)"
assert_contains "init names the database it used" "$OUT" "$xdg_db"
expect_exit 0 env CAMPAIGN_DB= "$c" unit add --code XDG --name "Đơn vị" --kind agency
expect_exit 0 env -u CAMPAIGN_DB -u XDG_DATA_HOME "$c" -q init
assert_eq "HOME/.local/share/campaign/campaign.db without XDG_DATA_HOME" \
  "./env.db ./flag.db ./home/.local/share/campaign/campaign.db ./xdg/campaign/campaign.db" "$(in_where)"
assert_contains "init names the HOME database" "$OUT" "$home_db"
expect_exit 0 env CAMPAIGN_DB= XDG_DATA_HOME= "$c" unit list
assert_contains "an empty XDG_DATA_HOME counts as unset" "$ERR" "no units"
mkdir "$where/cwd"
(cd "$where/cwd" && run env -u CAMPAIGN_DB -u XDG_DATA_HOME -u HOME "$c" -q init --no-catalogue && echo "$RC" >rc)
assert_eq "without HOME: init succeeds" 0 "$(cat "$where/cwd/rc")"
assert_true "without HOME either: campaign.db in the current folder" test -f "$where/cwd/campaign.db"
(cd "$where/cwd" && run "$c" --db relative.db -q init --no-catalogue && echo "$RC" >rc)
assert_true "a relative --db is relative to the current folder" test -f "$where/cwd/relative.db"
# Reads follow the same order.
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" --db "$where/flag.db" unit add --code FLAG --name "Cờ" --kind agency
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" unit add --code ENV --name "Môi trường" --kind agency
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" --db "$where/flag.db" --format json unit list
json_expect "--db is read over CAMPAIGN_DB" '[x["code"] for x in d]' '["FLAG"]'
expect_exit 0 env CAMPAIGN_DB="$where/env.db" "$c" --format json unit list
json_expect "CAMPAIGN_DB is read over XDG_DATA_HOME" '[x["code"] for x in d]' '["ENV"]'
expect_exit 0 env -u CAMPAIGN_DB "$c" --format json unit list
json_expect "an empty CAMPAIGN_DB counts as unset (the unit went to XDG_DATA_HOME)" '[x["code"] for x in d]' '["XDG"]'
export HOME=$E2E_TMP/home XDG_DATA_HOME=$E2E_TMP/xdg

# ---------------------------------------------------------------- stdout carries only results
export CAMPAIGN_DB=$demo
expect_ok -v --format json unit list
json_expect "-v: stdout of a list is still JSON" 'len(d)' 18
expect_ok -vv --format json figure list --campaign ANTQ-ST --indicator AN01
json_expect "-vv: stdout of a list is still JSON" 'len(d)' 12
expect_exit 0 "$c" -vv --db "$E2E_TMP/verbose.db" init
assert_eq "-vv init: stdout has only the results" "database $E2E_TMP/verbose.db at schema version $schema_version
indicators: 16 added, 0 already present" "$OUT"
assert_contains "-vv init: the logs go to stderr" "$ERR" "campaign: debug:" "migration"
expect_exit 0 "$c" -q --db "$E2E_TMP/quiet.db" init
assert_empty "-q init: nothing on stderr" "$ERR"
expect_ok -v --format csv figure list --campaign ANTQ-ST --period 2018-2023
assert_eq "-v: a CSV list is the header and one line per figure" 11 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
expect_ok --format json unit add --code JSON-1 --name "Đơn vị JSON" --kind agency
json_expect "add --format json reports on stdout as JSON" 'd["action"]' added 'd["kind"]' unit 'type(d["id"]).__name__' int
expect_fail 3 -v unit show NO-SUCH
assert_empty "-v: an error leaves stdout empty" "$OUT"

finish
