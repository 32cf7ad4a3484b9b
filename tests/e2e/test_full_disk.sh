#!/usr/bin/env bash
# A full disk: `campaign import` under a small file size limit (ulimit -f,
# with SIGXFSZ ignored so that write() fails with EFBIG instead of killing
# the process) fails with a clear message and exit status 4, and leaves the
# database exactly as it was; without the limit the same import then works.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/big_data.sh"

db=$E2E_TMP/full.db
units=100 # x 20 x 24 = 48,000 rows, some megabytes of pages
big_db "$db" "$units" 20
big_csv "$E2E_TMP/big.csv" "$units" 20 24
size_kib=$(($(stat -c %s "$db") / 1024))

limited() { # KiB command...
  local limit=$1
  shift
  bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$limit" "$@"
}

tried=0
for extra in 64 512 2048; do
  tried=$((tried + 1))
  expect_refusal_cmd 4 "$db" limited $((size_kib + extra)) "$CAMPAIGN_BIN" --db "$db" import csv "$E2E_TMP/big.csv" \
    -O campaign=BIG
  stderr_has "cannot write to $db: the file size limit was reached (File too large); nothing was written"
  expect_ok --db "$db" check
done
assert_eq "no batch stored" 0 "$(sqlite3 "$db" 'SELECT count(*) FROM import_batches')"

# Other writes under the limit fail the same way.
expect_refusal_cmd 4 "$db" limited 64 "$CAMPAIGN_BIN" --db "$db" unit add --code X --name X --kind commune \
  --note "$(head -c 100000 /dev/zero | tr '\0' 'x')"
stderr_has "the file size limit was reached"

# Without the limit the same import goes through.
expect_ok --db "$db" --format json import csv "$E2E_TMP/big.csv" -O campaign=BIG
json_expect "import without a limit" 'd["files"][0]["added"]' $((units * 20 * 24))
expect_ok --db "$db" check
echo "full disk: $tried limits tried, each refused with the database unchanged"

finish
