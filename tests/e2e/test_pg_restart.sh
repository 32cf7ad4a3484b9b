#!/usr/bin/env bash
# The server restarted while campaign migrate copies figures into it: the
# command fails with a clear message, the server keeps none of the copy, and
# running the command again copies everything. (The last test of the cluster
# to touch its server's state: ctest runs it alone, RUN_SERIAL.)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"

db=$E2E_TMP/big.db
run bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$db"
assert_eq "load the demo data" 0 "$RC"
# 288,000 more figures, so that the copy takes seconds (their sums are left
# out: the test is about the copy, not the sums).
sqlite3 "$db" "INSERT INTO figure_sums_paused VALUES (0);
  WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
  INSERT INTO figures (campaign_id, unit_id, indicator_id, span_from, span_to, value)
  SELECT (SELECT min(id) FROM campaigns), u.id, ind.id, date('1990-01-01', '+' || i || ' days'),
         date('1990-01-01', '+' || i || ' days'), i
  FROM n CROSS JOIN units u CROSS JOIN indicators ind;
  DELETE FROM figure_sums_paused;"
figures=$(sqlite3 "$db" 'SELECT count(*) FROM figures')

restart_during_copy() { # the migrate's pid: restarts the server once the figures are being read or written
  local pid=$1 seen=""
  for _ in $(seq 1 600); do
    seen=$(pg_sql postgres "SELECT 1 FROM pg_stat_activity WHERE datname = 'restarted' AND query LIKE 'COPY%figures%'" || true)
    [[ -n $seen ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  assert_eq "the copy of the figures was seen under way" 1 "$seen"
  run pg_ctl -m fast -w -t 60 -l "$CAMPAIGN_PG_DATA/server.log" restart
  assert_eq "the server restarted" 0 "$RC"
}

pg_createdb restarted
url=$(pg_url restarted)
"$CAMPAIGN_BIN" migrate --from "$db" --to "$url" >"$E2E_TMP/migrate.out" 2>"$E2E_TMP/migrate.err" &
migrate=$!
restart_during_copy "$migrate"
wait "$migrate" && status=0 || status=$?
assert_eq "the migrate fails" 4 "$status"
err=$(cat "$E2E_TMP/migrate.err")
assert_contains "saying the connection was lost" "$err" "connection to the server was lost" "can be run again"
assert_eq "nothing on stdout" "" "$(cat "$E2E_TMP/migrate.out")"
assert_eq "no figure kept" 0 "$(pg_sql restarted 'SELECT count(*) FROM figures')"
assert_eq "no unit kept" 0 "$(pg_sql restarted 'SELECT count(*) FROM units')"

expect_ok migrate --from "$db" --to "$url"
assert_eq "the rerun copies every figure" "$figures" "$(pg_sql restarted 'SELECT count(*) FROM figures')"

# The other way: the server restarted while a new SQLite file is filled from
# it. The file the command created is removed again.
"$CAMPAIGN_BIN" migrate --from "$url" --to "$E2E_TMP/copy.db" >"$E2E_TMP/migrate.out" 2>"$E2E_TMP/migrate.err" &
migrate=$!
restart_during_copy "$migrate"
wait "$migrate" && status=0 || status=$?
assert_eq "the migrate from the server fails" 4 "$status"
assert_contains "saying why" "$(cat "$E2E_TMP/migrate.err")" "connection to the server was lost"
assert_false "the SQLite file it created is gone" test -e "$E2E_TMP/copy.db"
assert_false "with its log" test -e "$E2E_TMP/copy.db-wal"
expect_ok migrate --from "$url" --to "$E2E_TMP/copy.db"
assert_eq "the rerun copies every figure back" "$figures" "$(sqlite3 "$E2E_TMP/copy.db" 'SELECT count(*) FROM figures')"

finish
