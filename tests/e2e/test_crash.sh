#!/usr/bin/env bash
# Crash safety: `campaign import` killed with SIGKILL at random moments.
# After each kill the file passes SQLite's integrity check and `campaign
# check`, and every import batch is wholly present (its row, with as many
# figures as it counted) or wholly absent. The full version (20 kills over
# 480,000 rows) is `bench/run reliability`; this one makes
#   CAMPAIGN_CRASH_KILLS (5) kills over CAMPAIGN_CRASH_UNITS (100) x 20 x 24 rows.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/big_data.sh"

kills=${CAMPAIGN_CRASH_KILLS:-5}
units=${CAMPAIGN_CRASH_UNITS:-100}
seed=${CAMPAIGN_CRASH_SEED:-$(date +%s)}
RANDOM=$seed
rows=$((units * 20 * 24))
small=10 # units of the batch stored before the kills
big_db "$E2E_TMP/base.db" $((units + small)) 20
big_csv "$E2E_TMP/small.csv" "$small" 20 24 "$units"
big_csv "$E2E_TMP/big.csv" "$units" 20 24
expect_ok --db "$E2E_TMP/base.db" -q import csv "$E2E_TMP/small.csv" -O campaign=BIG
small_rows=$((small * 20 * 24))

# One whole import, timed: the kills fall inside that time.
cp "$E2E_TMP/base.db" "$E2E_TMP/full.db"
start=$(date +%s%N)
expect_ok --db "$E2E_TMP/full.db" --format json import csv "$E2E_TMP/big.csv" -O campaign=BIG
full_ms=$((($(date +%s%N) - start) / 1000000))
json_expect "whole import" 'd["files"][0]["added"]' "$rows"

# Checks one database after a kill; sets $state to absent or present.
check_after_kill() {
  local db=$1 what=$2
  assert_eq "$what: PRAGMA integrity_check" ok "$(sqlite3 "$db" 'PRAGMA integrity_check')"
  expect_ok --db "$db" check
  # Each batch: finished, and exactly as many figures carry it as it added.
  local bad
  bad=$(sqlite3 "$db" "SELECT id, added, finished_at, (SELECT count(*) FROM figures f WHERE f.batch_id = b.id)
                       FROM import_batches b
                       WHERE finished_at IS NULL OR added <> (SELECT count(*) FROM figures f WHERE f.batch_id = b.id)")
  assert_empty "$what: every batch whole" "$bad"
  local batches figures
  batches=$(sqlite3 "$db" 'SELECT count(*) FROM import_batches')
  figures=$(sqlite3 "$db" 'SELECT count(*) FROM figures')
  if [[ $batches == 1 ]]; then
    assert_eq "$what: figures when the killed batch is absent" "$small_rows" "$figures"
    state=absent
  else
    assert_eq "$what: batches" 2 "$batches"
    assert_eq "$what: figures when the killed batch is present" $((small_rows + rows)) "$figures"
    state=present
  fi
}

survived=0 absent=0 present=0 finished=0
for ((k = 1; k <= kills; k++)); do
  db=$E2E_TMP/kill$k.db
  cp "$E2E_TMP/base.db" "$db"
  # A moment from 2% to 125% of a whole import's time; the first kill at a
  # quarter of it, so that at least one lands in the middle of an import.
  delay_ms=$((full_ms * (2 + RANDOM % 124) / 100))
  if ((k == 1)); then
    delay_ms=$((full_ms / 4))
  fi
  "$CAMPAIGN_BIN" --db "$db" -q import csv "$E2E_TMP/big.csv" -O campaign=BIG >/dev/null 2>"$E2E_TMP/kill.err" &
  pid=$!
  sleep "$(awk -v ms="$delay_ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -KILL "$pid" 2>/dev/null || true
  rc=0
  { wait "$pid"; } 2>/dev/null || rc=$?
  if [[ $rc == 0 ]]; then
    finished=$((finished + 1)) # the import ended before the signal
  else
    assert_eq "kill $k: killed by SIGKILL" 137 "$rc"
  fi
  check_after_kill "$db" "kill $k after ${delay_ms} ms"
  survived=$((survived + 1))
  case $state in
    absent) absent=$((absent + 1)) ;;
    present) present=$((present + 1)) ;;
  esac
  rm -f "$db" "$db-wal" "$db-shm"
done
assert_true "a kill landed before its import finished ($finished of $kills finished first)" test "$finished" -lt "$kills"
echo "crash: $survived of $kills kills survived over $rows rows (seed $seed, whole import $full_ms ms):" \
  "$absent with the batch absent, $present with it present ($finished finished before the kill)"

finish
