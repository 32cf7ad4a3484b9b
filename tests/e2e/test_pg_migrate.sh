#!/usr/bin/env bash
# campaign migrate between SQLite and PostgreSQL, both ways, on the test
# run's own cluster: every row kept, the triggers of the PostgreSQL schema at
# work, and the refusals (an occupied target, a newer schema, another
# application's tables, no server, a wrong password), with the password
# never shown.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"

db=$E2E_TMP/demo.db
export CAMPAIGN_DB=$db
run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$db"
assert_eq "load the demo data" 0 "$RC"

# What a text field may hold, and values that only survive exactly written in full.
sqlite3 "$db" "UPDATE units SET note = 'tab' || char(9) || 'newline' || char(10) || 'back\\slash \\N cr' || char(13) || ' Sóc Trăng' WHERE id = 2;
  UPDATE figures SET value = 0.1 WHERE id = 3;
  UPDATE figures SET value = 1234567.8912345678 WHERE id = 4;
  UPDATE figures SET value = value + 1 WHERE id = 5;"
revisions=$(sqlite3 "$db" 'SELECT count(*) FROM figure_revisions')
assert_eq "revisions to carry" 3 "$revisions"

dump() { sqlite3 "$1" .dump | grep -v '^INSERT INTO schema_migrations'; }

# SQLite to PostgreSQL.
pg_createdb office
office=$(pg_url office)
expect_ok migrate --to "$office"
stdout_has "migrated $db to $office" "schema version 6" "figure_revisions"
for table in units figures figure_revisions figure_sums pledges pledge_targets sources import_batches awards; do
  assert_eq "$table on the server" "$(sqlite3 "$db" "SELECT count(*) FROM $table")" "$(pg_sql office "SELECT count(*) FROM $table")"
done
assert_eq "schema version on the server" 6 "$(pg_sql office 'SELECT max(version) FROM schema_migrations')"
assert_eq "a note with tab, newline and backslash" "$(sqlite3 "$db" 'SELECT hex(note) FROM units WHERE id = 2')" \
  "$(pg_sql office "SELECT upper(encode(convert_to(note, 'UTF8'), 'hex')) FROM units WHERE id = 2")"
assert_eq "0.1 in full" "0.1" "$(pg_sql office 'SELECT value FROM figures WHERE id = 3')"

# And back: the same database, row for row.
expect_ok migrate --from "$office" --to "$E2E_TMP/back.db"
assert_eq "the round trip changes no row" "$(dump "$db")" "$(dump "$E2E_TMP/back.db")"
run_campaign --lang vi report --campaign ANTQ-ST --period 2018-2023
expected_report=$OUT
run_campaign --db "$E2E_TMP/back.db" --lang vi report --campaign ANTQ-ST --period 2018-2023
assert_eq "the same report from the copy" "$expected_report" "$OUT"

# PostgreSQL to PostgreSQL, through the JSON summary.
pg_createdb second
expect_ok --format json migrate --from "$office" --to "$(pg_url second)"
json_expect "json summary" 'd["schema_version"]' 6 'd["tables"]["figures"]' "$(sqlite3 "$db" 'SELECT count(*) FROM figures')" \
  'd["from"]' "$office"

# The server's triggers keep what SQLite's keep: sums, revisions, repeated rows.
assert_eq "copied sums match the figures" 0 "$(pg_sums_differences office)"
pg_sql office "UPDATE figures SET value = value * 2, span_to = '2023-12-31' WHERE id = 1" >/dev/null
pg_sql office "DELETE FROM figures WHERE id = 2" >/dev/null
pg_sql office "INSERT INTO figures (campaign_id, unit_id, indicator_id, span_from, span_to, value)
               SELECT campaign_id, unit_id, indicator_id, '2024-02-01', '2024-02-29', 41 FROM figures WHERE id = 3" >/dev/null
assert_eq "sums kept by the triggers after an update, a delete and an insert" 0 "$(pg_sums_differences office)"
assert_eq "a new figure's id follows the copied ones" "$(($(sqlite3 "$db" 'SELECT max(id) FROM figures') + 1))" \
  "$(pg_sql office 'SELECT max(id) FROM figures')"
assert_eq "the update kept a revision" $((revisions + 1)) "$(pg_sql office 'SELECT count(*) FROM figure_revisions')"
run pg_sql office "UPDATE figures SET batch_id = batch_id WHERE batch_id IS NOT NULL AND id = (SELECT min(id) FROM figures WHERE batch_id IS NOT NULL)"
assert_contains "a figure repeated in one batch is refused" "$ERR" "figure repeated within one import"

# Comparisons on the server read its running totals (the query API's
# aggregate): totals skewed in a copy change the comparison.
run_campaign --db "$office" --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025
assert_eq "a comparison on the server" 0 "$RC"
straight=$OUT
pg_sql postgres "CREATE DATABASE skewed TEMPLATE office" >/dev/null
pg_sql skewed "UPDATE figure_sums SET total = total + 1000, largest = largest + 1000" >/dev/null
run_campaign --db "$(pg_url skewed)" --lang en compare --campaign ANTQ-ST 2018-2023 2023-2025
assert_eq "a comparison on the skewed copy" 0 "$RC"
assert_true "the comparison reads the totals" test "$straight" != "$OUT"

# Refusals, each leaving the target as it was.
figures_before=$(pg_sql office 'SELECT count(*) FROM figures')
expect_fail 2 migrate --to "$office"
stderr_has "already holds records" "nothing was copied"
assert_eq "the occupied target unchanged" "$figures_before" "$(pg_sql office 'SELECT count(*) FROM figures')"
expect_fail 2 migrate --from "$office" --to "$office"
stderr_has "the same database"

pg_createdb future
expect_ok migrate --to "$(pg_url future)"
pg_sql future "INSERT INTO schema_migrations VALUES (99, 'from a later campaign', '2030-01-01T00:00:00Z')" >/dev/null
expect_fail 4 migrate --from "$(pg_url future)" --to "$E2E_TMP/future.db"
stderr_has "schema version 99, newer than this campaign understands (6)"
assert_false "no file written for a refused source" test -e "$E2E_TMP/future.db"

pg_createdb other_app
pg_sql other_app "CREATE TABLE invoices (id int)" >/dev/null
expect_fail 4 migrate --to "$(pg_url other_app)"
stderr_has "tables of another application"
assert_eq "the other application's database untouched" "invoices" "$(pg_sql other_app "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")"

expect_fail 4 migrate --to "$(pg_url no_such_db)"
stderr_has "cannot connect to $(pg_url no_such_db)" "does not exist"

free_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect_fail 4 migrate --to "postgresql://campaign_test@127.0.0.1:$free_port/office"
stderr_has "cannot connect to postgresql://campaign_test@127.0.0.1:$free_port/office" "Connection refused"

# Passwords: a wrong one is refused and never shown; a right one in the URL
# works, with a warning; ~/.pgpass is read as psql reads it.
pg_createdb guarded
pg_sql guarded "ALTER DATABASE guarded OWNER TO campaign_pw" >/dev/null
wrong="Wr0ng-Secret-4711"
expect_fail 4 -v migrate --to "postgresql://campaign_pw:$wrong@$CAMPAIGN_PG_HOST:$CAMPAIGN_PG_PORT/guarded"
stderr_has "password authentication failed" "~/.pgpass" "postgresql://campaign_pw:****@"
assert_not_contains "the wrong password is not shown" "$ERR" "$wrong"
run_campaign -vv migrate --to "postgresql://campaign_pw:$CAMPAIGN_PG_PASSWORD@$CAMPAIGN_PG_HOST:$CAMPAIGN_PG_PORT/guarded"
assert_eq "a password in the URL works" 0 "$RC"
assert_contains "with a warning" "$ERR" "carries a password" "~/.pgpass"
assert_not_contains "the password is not on stderr" "$ERR" "$CAMPAIGN_PG_PASSWORD"
assert_not_contains "the password is not on stdout" "$OUT" "$CAMPAIGN_PG_PASSWORD"
CAMPAIGN_DB="postgresql://campaign_pw:$CAMPAIGN_PG_PASSWORD@$CAMPAIGN_PG_HOST:$CAMPAIGN_PG_PORT/guarded" run_campaign config show
assert_contains "config show names the server" "$OUT" "postgresql://campaign_pw:****@"
assert_not_contains "config show hides the password" "$OUT" "$CAMPAIGN_PG_PASSWORD"
CAMPAIGN_DB="postgresql://campaign_pw:$CAMPAIGN_PG_PASSWORD@$CAMPAIGN_PG_HOST:$CAMPAIGN_PG_PORT/guarded" run_campaign unit list
assert_eq "other commands run on the server" 0 "$RC"
assert_contains "listing the migrated units" "$OUT" "Tỉnh Sóc Trăng"
assert_contains "with the warning" "$ERR" "carries a password"
assert_not_contains "without the password" "$ERR$OUT" "$CAMPAIGN_PG_PASSWORD"

mkdir -p "$HOME"
printf '%s:%s:guarded:campaign_pw:%s\n' "$CAMPAIGN_PG_HOST" "$CAMPAIGN_PG_PORT" "$CAMPAIGN_PG_PASSWORD" >"$HOME/.pgpass"
chmod 0600 "$HOME/.pgpass"
run_campaign migrate --from "$(pg_url guarded campaign_pw)" --to "$E2E_TMP/from-pgpass.db"
assert_eq "the password from ~/.pgpass" 0 "$RC"
assert_not_contains "and no warning" "$ERR" "carries a password"
assert_eq "the guarded copy is whole" "$(dump "$db")" "$(dump "$E2E_TMP/from-pgpass.db")"

# libpq's variables fill in what the URL leaves out.
pg_createdb by_environment
PGHOST=$CAMPAIGN_PG_HOST PGPORT=$CAMPAIGN_PG_PORT PGUSER=campaign_test run_campaign migrate --to "postgresql:///by_environment"
assert_eq "PGHOST, PGPORT and PGUSER" 0 "$RC"
assert_eq "figures copied through them" "$(sqlite3 "$db" 'SELECT count(*) FROM figures')" "$(pg_sql by_environment 'SELECT count(*) FROM figures')"
pg_createdb tls_only
expect_fail 4 migrate --to "$(pg_url tls_only)?sslmode=require"
stderr_has "cannot connect to $(pg_url tls_only)?sslmode=require" "SSL"
PGSSLMODE=require run_campaign migrate --to "$(pg_url tls_only)"
assert_eq "PGSSLMODE is heeded too" 4 "$RC"
assert_eq "nothing written without TLS" 0 "$(pg_sql tls_only "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"

# Two migrates into one empty database at once: one copies, the other finds
# the records and refuses; no figure twice.
pg_createdb contested
"$CAMPAIGN_BIN" migrate --to "$(pg_url contested)" >"$E2E_TMP/a.out" 2>"$E2E_TMP/a.err" & first=$!
"$CAMPAIGN_BIN" migrate --to "$(pg_url contested)" >"$E2E_TMP/b.out" 2>"$E2E_TMP/b.err" & second=$!
wait "$first" && a=0 || a=$?
wait "$second" && b=0 || b=$?
assert_eq "one succeeds, one is refused" "0 2" "$(printf '%s\n' "$a" "$b" | sort -n | tr '\n' ' ' | sed 's/ $//')"
assert_contains "the refusal names the records" "$(cat "$E2E_TMP/a.err" "$E2E_TMP/b.err")" "already holds records"
assert_eq "every figure once" "$(sqlite3 "$db" 'SELECT count(*) FROM figures')" "$(pg_sql contested 'SELECT count(*) FROM figures')"

finish
