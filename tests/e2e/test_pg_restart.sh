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

pg_createdb restarted
url=$(pg_url restarted)
"$CAMPAIGN_BIN" migrate --from "$db" --to "$url" >"$E2E_TMP/migrate.out" 2>"$E2E_TMP/migrate.err" &
migrate=$!
# Restart the server once the figures are on their way.
copying=""
for _ in $(seq 1 600); do
  copying=$(pg_sql postgres "SELECT 1 FROM pg_stat_activity WHERE datname = 'restarted' AND query LIKE 'COPY%figures%'" || true)
  [[ -n $copying ]] && break
  kill -0 "$migrate" 2>/dev/null || break
  sleep 0.05
done
assert_eq "the copy of the figures was seen under way" 1 "$copying"
run pg_ctl -m fast -w -t 60 -l "$CAMPAIGN_PG_DATA/server.log" restart
assert_eq "the server restarted" 0 "$RC"
wait "$migrate" && status=0 || status=$?
assert_eq "the migrate fails" 4 "$status"
err=$(cat "$E2E_TMP/migrate.err")
assert_contains "saying the connection was lost" "$err" "connection to the server was lost" "can be run again"
assert_eq "nothing on stdout" "" "$(cat "$E2E_TMP/migrate.out")"
assert_eq "no figure kept" 0 "$(pg_sql restarted 'SELECT count(*) FROM figures')"
assert_eq "no unit kept" 0 "$(pg_sql restarted 'SELECT count(*) FROM units')"

expect_ok migrate --from "$db" --to "$url"
assert_eq "the rerun copies every figure" "$figures" "$(pg_sql restarted 'SELECT count(*) FROM figures')"

finish
