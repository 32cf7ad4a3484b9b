#!/usr/bin/env bash
# The progress line of `campaign import` on stderr: drawn (and erased at the
# end) when stderr is a terminal, never when it is a file or a pipe, never
# with -q. CAMPAIGN_PROGRESS_DELAY_MS=0 makes even this small import show it.
# The terminal is made by `script` (util-linux, essential on Debian).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

db=$E2E_TMP/c.db
export CAMPAIGN_DB=$db
setup init
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup campaign add --code ANTQ --name "Phong trào" --start-date 2018-01-01 --end-date 2025-12-31

# 2000 figures, one a day.
"$E2E_PY" - "$E2E_TMP/days.csv" <<'PY'
import datetime, sys
with open(sys.argv[1], "w") as out:
    out.write("unit,indicator,from,to,value\n")
    day = datetime.date(2018, 1, 1)
    for n in range(2000):
        out.write(f"ST,AN01,{day},{day},{n % 97}\n")
        day += datetime.timedelta(days=1)
PY
export CAMPAIGN_PROGRESS_DELAY_MS=0

# stderr a file: nothing but what the import says on stdout.
expect_ok import csv "$E2E_TMP/days.csv" -O campaign=ANTQ --dry-run
stdout_has "would add 2000"
assert_empty "no progress when stderr is a file" "$ERR"
# stderr a pipe.
piped=$("$CAMPAIGN_BIN" import csv "$E2E_TMP/days.csv" -O campaign=ANTQ --dry-run 2>&1 >/dev/null | cat)
assert_empty "no progress when stderr is a pipe" "$piped"

command -v script >/dev/null || { echo "e2e: the test needs 'script' (util-linux)" >&2; exit 1; }
in_terminal() { # campaign ARGS... run with stdin, stdout and stderr a terminal; all of it in $OUT
  local line
  printf -v line '%q ' "$CAMPAIGN_BIN" "$@"
  run script -qec "$line" /dev/null
}

in_terminal import csv "$E2E_TMP/days.csv" -O campaign=ANTQ --dry-run
assert_eq "import in a terminal exits 0" 0 "$RC"
assert_contains "progress in a terminal" "$OUT" "campaign: importing days.csv [" "100%" " records"
assert_contains "the line is erased at the end" "$OUT" $'\r\e[K'
assert_contains "the result still printed" "$OUT" "would add 2000"
last_progress=$(printf '%s' "$OUT" | tr '\r' '\n' | grep -c "importing days.csv" || true)
assert_true "several redraws (one every 256 records)" test "$last_progress" -ge 2

in_terminal -q import csv "$E2E_TMP/days.csv" -O campaign=ANTQ --dry-run
assert_eq "quiet import in a terminal exits 0" 0 "$RC"
assert_not_contains "no progress with -q" "$OUT" "importing"
assert_contains "the result printed with -q" "$OUT" "would add 2000"

# Before the delay has passed, nothing is drawn even in a terminal.
export CAMPAIGN_PROGRESS_DELAY_MS=600000
in_terminal import csv "$E2E_TMP/days.csv" -O campaign=ANTQ
assert_not_contains "no progress before the delay" "$OUT" "importing"
assert_contains "imported" "$OUT" "added 2000"
finish
