#!/usr/bin/env bash
# Concurrent use: 2 processes import different files (3 each, one after the
# other) while 4 others read (figure lists and reports) until the imports
# end, within a bounded time, and a backup is taken meanwhile. No reader or writer fails, none sees "database
# is locked", every reader sees each unit's figures all or none (an import
# is committed whole), and the final counts are exact.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/big_data.sh"

per_file=20 # units per file: 20 x 20 indicators x 24 months = 9,600 rows
files_per_writer=3
writers=2
readers=4
time_limit=${CAMPAIGN_CONCURRENCY_SECONDS:-120}
units=$((per_file * files_per_writer * writers))
per_unit=$((20 * 24))
db=$E2E_TMP/shared.db
big_db "$db" "$units" 20
for ((f = 0; f < files_per_writer * writers; f++)); do
  big_csv "$E2E_TMP/f$f.csv" "$per_file" 20 24 $((f * per_file))
done
mkdir "$E2E_TMP/log"

writer() { # number
  local w=$1 f
  for ((f = w; f < files_per_writer * writers; f += writers)); do
    if ! "$CAMPAIGN_BIN" --db "$db" import csv "$E2E_TMP/f$f.csv" -O campaign=BIG >>"$E2E_TMP/log/w$w.out" \
      2>>"$E2E_TMP/log/w$w.err"; then
      echo "import of f$f.csv failed" >>"$E2E_TMP/log/w$w.fail"
    fi
    echo ok >>"$E2E_TMP/log/ops"
  done
}

reader() { # number
  local r=$1 i=0 unit count
  local deadline=$((SECONDS + time_limit))
  while [[ ! -e $E2E_TMP/log/done && $SECONDS -lt $deadline ]]; do
    i=$((i + 1))
    unit=$(printf 'U%05d' $(((r * 37 + i * 11) % units)))
    if ((i % 4 == 0)); then
      if ! "$CAMPAIGN_BIN" --db "$db" report --campaign BIG --period 2022 --unit "$unit" --format json \
        >/dev/null 2>>"$E2E_TMP/log/r$r.err"; then
        echo "report for $unit failed" >>"$E2E_TMP/log/r$r.fail"
      fi
    else
      if ! "$CAMPAIGN_BIN" --db "$db" --format csv figure list --unit "$unit" >"$E2E_TMP/log/r$r.csv" \
        2>>"$E2E_TMP/log/r$r.err"; then
        echo "figure list for $unit failed" >>"$E2E_TMP/log/r$r.fail"
      fi
      count=$(($(wc -l <"$E2E_TMP/log/r$r.csv") - 1))
      if ((count < 0)); then count=0; fi
      if ((count != 0 && count != per_unit)); then
        echo "figure list for $unit saw $count figures (a part of an import)" >>"$E2E_TMP/log/r$r.fail"
      fi
    fi
    echo ok >>"$E2E_TMP/log/ops"
    echo ok >>"$E2E_TMP/log/reads"
  done
}

start=$SECONDS
pids=()
for ((r = 0; r < readers; r++)); do
  reader "$r" &
  pids+=($!)
done
writer_pids=()
for ((w = 0; w < writers; w++)); do
  writer "$w" &
  writer_pids+=($!)
done
# A backup taken while the imports write, once the first has committed: a consistent snapshot.
for ((i = 0; i < time_limit * 10; i++)); do
  committed=$(sqlite3 "$db" 'SELECT count(*) FROM import_batches' 2>/dev/null || echo 0)
  if ((committed >= 1)); then break; fi
  sleep 0.1
done
if ! "$CAMPAIGN_BIN" --db "$db" backup "$E2E_TMP/snapshot.db" >/dev/null 2>>"$E2E_TMP/log/backup.err"; then
  echo "backup failed" >>"$E2E_TMP/log/backup.fail"
fi
echo ok >>"$E2E_TMP/log/ops"
wait "${writer_pids[@]}"
touch "$E2E_TMP/log/done"
wait "${pids[@]}"
elapsed=$((SECONDS - start))

failures=$(cat "$E2E_TMP"/log/*.fail 2>/dev/null || true)
assert_empty "no command failed" "$failures"
assert_empty "no \"locked\" reached a user" "$(grep -il 'locked' "$E2E_TMP"/log/*.err || true)"
assert_empty "nothing on stderr" "$(cat "$E2E_TMP"/log/*.err)"
ops=$(wc -l <"$E2E_TMP/log/ops")
reads=$(cat "$E2E_TMP/log/reads" 2>/dev/null | wc -l)
assert_true "readers worked while the imports ran ($reads reads)" test "$reads" -gt 0
assert_eq "figures" $((units * per_unit)) "$(sqlite3 "$db" 'SELECT count(*) FROM figures')"
assert_eq "batches, each whole" "$((files_per_writer * writers))|$((files_per_writer * writers))" \
  "$(sqlite3 "$db" "SELECT count(*), sum(added = $((per_file * per_unit)) AND finished_at IS NOT NULL
                    AND added = (SELECT count(*) FROM figures f WHERE f.batch_id = b.id)) FROM import_batches b")"
expect_ok --db "$db" check
# The backup holds whole imports only, and passes the check.
expect_ok --db "$E2E_TMP/snapshot.db" check
snapshot_batches=$(sqlite3 "$E2E_TMP/snapshot.db" 'SELECT count(*) FROM import_batches')
assert_eq "backup taken during the imports: whole batches only" $((snapshot_batches * per_file * per_unit)) \
  "$(sqlite3 "$E2E_TMP/snapshot.db" 'SELECT count(*) FROM figures')"
assert_empty "backup: every batch whole" "$(sqlite3 "$E2E_TMP/snapshot.db" "SELECT id FROM import_batches b
  WHERE added <> (SELECT count(*) FROM figures f WHERE f.batch_id = b.id)")"
echo "concurrency: $ops operations completed in $elapsed s ($((files_per_writer * writers)) imports by $writers" \
  "processes, 1 backup holding $snapshot_batches of them, the rest reads by $readers processes), none failed"

finish
