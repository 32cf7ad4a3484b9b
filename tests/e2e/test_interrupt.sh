#!/usr/bin/env bash
# Ctrl-C during `campaign import`: the import stops at its next record, the
# transaction is rolled back, the message names the file and how far it got,
# the exit status is 130 and the database is exactly as before.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/big_data.sh"

units=150 # x 20 indicators x 24 months = 72,000 rows
big_db "$E2E_TMP/base.db" "$units" 20
big_csv "$E2E_TMP/big.csv" "$units" 20 24
rows=$((units * 20 * 24))

# A whole import, timed, shows what an uninterrupted one does.
cp "$E2E_TMP/base.db" "$E2E_TMP/full.db"
start=$(date +%s%N)
expect_ok --db "$E2E_TMP/full.db" --format json import csv "$E2E_TMP/big.csv" -O campaign=BIG
full_ns=$(($(date +%s%N) - start))
json_expect "uninterrupted import" 'd["files"][0]["added"]' "$rows"

# SIGINT at a moment inside the import (a fraction of the time a whole one
# took). A signal that comes before the importer runs, or after it ended,
# does not test the rollback: another moment is tried then.
interrupted=0
tries=0
for fraction in 50 35 65 25 75 45 55; do
  tries=$((tries + 1))
  db=$E2E_TMP/try$tries.db
  cp "$E2E_TMP/base.db" "$db"
  before=$(db_dump "$db")
  "$CAMPAIGN_BIN" --db "$db" import csv "$E2E_TMP/big.csv" -O campaign=BIG >"$E2E_TMP/int.out" 2>"$E2E_TMP/int.err" &
  pid=$!
  sleep "$(awk -v ns="$full_ns" -v f="$fraction" 'BEGIN { printf "%.3f", ns * f / 100 / 1e9 }')"
  kill -INT "$pid" 2>/dev/null || true
  rc=0
  wait "$pid" || rc=$?
  err=$(cat "$E2E_TMP/int.err")
  if [[ $err != *"interrupted while importing"* ]]; then
    continue # too early or too late for this machine's speed
  fi
  interrupted=$((interrupted + 1))
  E2E_LAST_CMD="campaign import csv big.csv, SIGINT after $fraction% of a whole import" RC=$rc OUT=$(cat "$E2E_TMP/int.out") ERR=$err
  assert_eq "exit status after Ctrl-C" 130 "$rc"
  stderr_has "campaign: error: interrupted while importing $E2E_TMP/big.csv: " " records read (up to line " \
    "the import was rolled back and the database is unchanged"
  assert_empty "nothing on stdout after Ctrl-C" "$OUT"
  read_so_far=$(sed -n 's/.*: \([0-9]*\) records read.*/\1/p' <<<"$err")
  assert_true "some but not all rows read ($read_so_far of $rows)" test "$read_so_far" -gt 0 -a "$read_so_far" -lt "$rows"
  assert_eq "database unchanged after Ctrl-C" "$before" "$(db_dump "$db")"
  expect_ok --db "$db" check
  if ((interrupted >= 2)); then
    break
  fi
done
assert_true "Ctrl-C landed inside an import at least once in $tries tries" test "$interrupted" -ge 1
echo "interrupt: $interrupted imports interrupted and rolled back in $tries tries ($rows rows, whole import $((full_ns / 1000000)) ms)"

finish
