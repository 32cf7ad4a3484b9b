#!/usr/bin/env bash
# The server restarted while campaign migrate copies figures into it, and
# while campaign import writes a file's figures: the command fails with a
# clear message, the server keeps none of it, and running the command again
# writes everything. (The last test of the cluster
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

restart_during_copy() { # PID [DATABASE PATTERN]: restarts the server once DATABASE runs a statement like PATTERN
  local pid=$1 database=${2:-restarted} pattern=${3:-COPY%figures%} seen=""
  for _ in $(seq 1 600); do
    seen=$(pg_sql postgres "SELECT 1 FROM pg_stat_activity WHERE datname = '$database' AND query LIKE '$pattern' LIMIT 1" || true)
    [[ -n $seen ]] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  assert_eq "the copy of the figures was seen under way" 1 "$seen"
  echo "e2e $E2E_NAME: restarting the server ($pattern in $database seen)" >&2
  run timeout 120 bash -c "$(declare -f pg_ctl); $(declare -p CAMPAIGN_PG_OWNER CAMPAIGN_PG_BIN CAMPAIGN_PG_DATA); pg_ctl -m fast -w -t 60 -l '$CAMPAIGN_PG_DATA/server.log' restart"
  assert_eq "the server restarted" 0 "$RC"
}

pg_createdb restarted
url=$(pg_url restarted)
timeout 180 "$CAMPAIGN_BIN" migrate --from "$db" --to "$url" >"$E2E_TMP/migrate.out" 2>"$E2E_TMP/migrate.err" &
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
timeout 180 "$CAMPAIGN_BIN" migrate --from "$url" --to "$E2E_TMP/copy.db" >"$E2E_TMP/migrate.out" 2>"$E2E_TMP/migrate.err" &
migrate=$!
restart_during_copy "$migrate"
wait "$migrate" && status=0 || status=$?
assert_eq "the migrate from the server fails" 4 "$status"
assert_contains "saying why" "$(cat "$E2E_TMP/migrate.err")" "connection to the server was lost"
assert_false "the SQLite file it created is gone" test -e "$E2E_TMP/copy.db"
assert_false "with its log" test -e "$E2E_TMP/copy.db-wal"
expect_ok migrate --from "$url" --to "$E2E_TMP/copy.db"
assert_eq "the rerun copies every figure back" "$figures" "$(sqlite3 "$E2E_TMP/copy.db" 'SELECT count(*) FROM figures')"

# An import: 288,000 figures from a CSV file, the server restarted once some
# groups of them are written.
"$E2E_PY" - "$E2E_TMP/figures.csv" <<'PY'
import sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("unit,indicator,from,to,value\n")
    for u in range(600):
        for i in range(20):
            for m in range(24):
                year, month = 2022 + m // 12, m % 12 + 1
                out.write(f"U{u:04d},B{i:02d},{year}-{month:02d}-01,{year}-{month:02d}-28,{(u + i + m) % 97}\n")
PY
pg_createdb imported
imported=$(pg_url imported)
expect_ok --db "$imported" -q init --no-catalogue
pg_sql imported "INSERT INTO indicators (code, name_vi, name_en, measure_unit)
                   SELECT format('B%s', lpad(i::text, 2, '0')), 'Chỉ tiêu ' || i, 'Indicator ' || i, 'tin'
                   FROM generate_series(0, 19) i;
                 INSERT INTO units (code, name, kind) SELECT format('U%s', lpad(u::text, 4, '0')), 'Xã ' || u, 'commune'
                   FROM generate_series(0, 599) u;
                 INSERT INTO campaigns (code, name, start_date, end_date) VALUES ('R', 'Restart', '2022-01-01', '2023-12-31')" \
  >/dev/null
timeout 180 "$CAMPAIGN_BIN" --db "$imported" import csv "$E2E_TMP/figures.csv" -O campaign=R >"$E2E_TMP/import.out" \
  2>"$E2E_TMP/import.err" &
importing=$!
restart_during_copy "$importing" imported "%INSERT INTO figures%"
wait "$importing" && status=0 || status=$?
assert_eq "the import fails" 4 "$status"
assert_contains "saying the server went away" "$(cat "$E2E_TMP/import.err")" "$imported" \
  "the connection to the server was lost" "can be run again"
assert_eq "no figure of it kept" 0 "$(pg_sql imported 'SELECT count(*) FROM figures')"
assert_eq "no batch of it kept" 0 "$(pg_sql imported 'SELECT count(*) FROM import_batches')"
assert_eq "no sums of it kept" 0 "$(pg_sql imported 'SELECT count(*) FROM figure_sums')"
expect_ok --db "$imported" import csv "$E2E_TMP/figures.csv" -O campaign=R
stdout_has "added 288000"
assert_eq "the rerun writes every figure once" 288000 "$(pg_sql imported 'SELECT count(*) FROM figures')"
assert_eq "and their sums" 288000 "$(pg_sql imported "SELECT sum(figures) FROM figure_sums WHERE grain = 'year'")"

finish
