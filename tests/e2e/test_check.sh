#!/usr/bin/env bash
# `campaign check`, `campaign backup` and `campaign restore`. A clean
# database passes; each domain rule is then broken behind campaign's back
# (with the sqlite3 shell) and named by check, in text and JSON, with exit
# status 3; a damaged file exits 4. A backup is a checked campaign database
# that restore brings back exactly; restore refuses other files, damaged
# ones and newer schemas, leaving the database as it was.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$CAMPAIGN_DB
setup -q init
setup unit add --code P --name "Tỉnh" --kind province
setup unit add --code D1 --name "Huyện 1" --kind district --parent P --valid-from 2020-01-01 --valid-to 2024-12-31
setup campaign add --code K --name "Phong trào" --start-date 2020-01-01 --end-date 2025-12-31
setup period add --campaign K --name 2021 --start-date 2021-01-01 --end-date 2021-12-31
setup --format json figure add --campaign K --unit D1 --indicator AN01 --period 2021 --value 100
tips=$(added_id)
setup --format json figure add --campaign K --unit D1 --indicator AN02 --period 2021 --value 40 --parent "$tips"
valuable=$(added_id)
setup --format json pledge add --campaign K --period 2021 --signatory D1 --counterpart P
pledge=$(added_id)
setup --format json target add --pledge "$pledge" --indicator AN03 --comparator ">=" --target 5
target=$(added_id)

expect_ok check
stdout_has "$db: ok ("
expect_ok --format json check
json_expect "clean database" 'd["ok"]' true 'd["damaged"]' false 'd["problems"]' '[]' \
  '"subset_above_parent" in d["rules"] and "foreign_key" in d["rules"] and "integrity" in d["rules"]' true

# Each rule broken behind campaign's back is found, naming the row.
broken() { # name sql rule count expected-words...
  local name=$1 sql=$2 rule=$3 count=$4
  shift 4
  cp "$db" "$E2E_TMP/$name.db"
  sqlite3 "$E2E_TMP/$name.db" "$sql"
  expect_exit 3 "$CAMPAIGN_BIN" --db "$E2E_TMP/$name.db" check
  stdout_has "$rule: " "$@"
  if [[ $count == 1 ]]; then stderr_has "1 problem found"; else stderr_has "$count problems found"; fi
  expect_exit 3 "$CAMPAIGN_BIN" --db "$E2E_TMP/$name.db" --format json check
  json_expect "$name as JSON" 'd["ok"]' false 'len(d["problems"])' "$count" 'd["problems"][0]["rule"]' "$rule"
}
broken subset "UPDATE figures SET value = 140 WHERE id = $valuable" subset_above_parent 1 \
  "figure $valuable (AN02, exact 140) is above its parent figure $tips (AN01, exact 100)"
broken unit-validity "UPDATE units SET valid_to = '2021-06-30' WHERE code = 'D1'" figure_outside_unit_validity 2 \
  "unit D1, which exists 2020-01-01..2021-06-30"
broken period-dates "UPDATE periods SET end_date = '2026-01-31'" period_outside_campaign 1 \
  "period 2021 (2021-01-01..2026-01-31) lies outside campaign K (2020-01-01..2025-12-31)"
broken value "UPDATE figures SET value = 2.5 WHERE id = $valuable" figure_value_unsuited 1 \
  "figure $valuable has value 2.5, but indicator AN02 takes whole numbers >= 0"
broken date "UPDATE pledges SET signed_on = '2021-02-30'" date_format 1 "signed_on '2021-02-30' is not a date"
broken batch "INSERT INTO import_batches (importer, started_at) VALUES ('csv', '2024-01-01')" \
  import_batch_unfinished 1 "stored without being finished"
broken cycle "UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'D1') WHERE code = 'P'" \
  unit_own_ancestor 2 "is its own ancestor"
cp "$db" "$E2E_TMP/target.db"
sqlite3 "$E2E_TMP/target.db" "DELETE FROM indicators WHERE code = 'AN03'"
expect_exit 3 "$CAMPAIGN_BIN" --db "$E2E_TMP/target.db" --format json check
json_expect "target on a missing indicator" \
  'sorted(p["rule"] for p in d["problems"])' '["foreign_key", "target_without_indicator"]' \
  'one(d["problems"], rule="target_without_indicator")["row"]' "$target" \
  'one(d["problems"], rule="foreign_key")["table"]' pledge_targets

# Many problems of one kind: the first 100 are listed, then a count.
cp "$db" "$E2E_TMP/many.db"
sqlite3 "$E2E_TMP/many.db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150)
  INSERT INTO import_batches (importer, started_at) SELECT 'csv', '2024-01-01' FROM n"
expect_exit 3 "$CAMPAIGN_BIN" --db "$E2E_TMP/many.db" --format json check
json_expect "many problems" 'len(d["problems"])' 101 'd["problems"][100]["message"]' "... and 50 more of this kind"
stderr_has "150 problems found"

# A damaged file: SQLite's own check fails, exit 4.
cp "$db" "$E2E_TMP/damaged.db"
sqlite3 "$E2E_TMP/damaged.db" "PRAGMA journal_mode = DELETE" >/dev/null
pages=$(sqlite3 "$E2E_TMP/damaged.db" "PRAGMA page_count")
root=$(sqlite3 "$E2E_TMP/damaged.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'figures_key'")
# Scribble over the index of figures: the table and its index no longer agree.
dd if=/dev/urandom of="$E2E_TMP/damaged.db" bs=4096 seek=$((root - 1)) count=1 conv=notrunc status=none
assert_true "the file has pages" test "$pages" -gt "$root"
run "$CAMPAIGN_BIN" --db "$E2E_TMP/damaged.db" check
assert_eq "damaged file: exit status" 4 "$RC"
stderr_has "is damaged"

# Backup: a new file, a campaign database with the same records.
expect_ok backup "$E2E_TMP/copy.db"
stdout_has "backed up $db to $E2E_TMP/copy.db"
assert_eq "backup application id" 1128353104 "$(sqlite3 "$E2E_TMP/copy.db" 'PRAGMA application_id')"
assert_eq "backup is one file (no write-ahead log)" delete "$(sqlite3 "$E2E_TMP/copy.db" 'PRAGMA journal_mode')"
assert_eq "backup has the records" "$(db_dump "$db")" "$(db_dump "$E2E_TMP/copy.db")"
expect_ok --db "$E2E_TMP/copy.db" check
expect_fail 2 backup "$E2E_TMP/copy.db"
stderr_has "exists"

# Restore: later changes are undone, the content is the backup's.
before=$(db_dump "$db")
setup figure add --campaign K --unit D1 --indicator AN03 --period 2021 --value 7
expect_ok --format json restore "$E2E_TMP/copy.db"
json_expect "restore report" 'd["action"]' restored 'd["schema_version"]' "$(sqlite3 "$db" 'PRAGMA user_version')"
assert_eq "restored content" "$before" "$(db_dump "$db")"
expect_ok check

# Into a missing database: created.
expect_ok --db "$E2E_TMP/new/fresh.db" restore "$E2E_TMP/copy.db"
assert_eq "restored into a new file" "$before" "$(db_dump "$E2E_TMP/new/fresh.db")"

# Refusals, each leaving the database as it was.
printf 'not a database at all, just some text that is long enough to be a header......\n' >"$E2E_TMP/text.db"
expect_refusal 4 "$db" restore "$E2E_TMP/text.db"
stderr_has "text.db is not a SQLite database"
sqlite3 "$E2E_TMP/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1)"
expect_refusal 4 "$db" restore "$E2E_TMP/other.db"
stderr_has "other.db is not a campaign database"
cp "$E2E_TMP/copy.db" "$E2E_TMP/newer.db"
sqlite3 "$E2E_TMP/newer.db" "PRAGMA user_version = 999"
expect_refusal 4 "$db" restore "$E2E_TMP/newer.db"
stderr_has "schema version 999, newer than this campaign understands"
expect_refusal 4 "$db" restore "$E2E_TMP/damaged.db"
stderr_has "damaged.db is damaged"
expect_refusal 4 "$db" restore "$E2E_TMP/missing.db"
stderr_has "missing.db: no such file"
# Nor is a file of another application overwritten by a restore.
expect_refusal 4 "$E2E_TMP/other.db" --db "$E2E_TMP/other.db" restore "$E2E_TMP/copy.db"
stderr_has "another application"

finish
