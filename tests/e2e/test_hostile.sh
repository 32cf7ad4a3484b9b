#!/usr/bin/env bash
# Hostile data: codes and names with path parts, quotes, control bytes,
# right-to-left marks and 10,000 characters; numbers beyond 2^53; dates in
# the years 0 and 9999. Each is either stored and printed back exactly (JSON
# and CSV) or refused with a message naming the field, the database
# unchanged. (Report output paths built from such data: test_report_batch.sh.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$CAMPAIGN_DB
setup -q init
setup campaign add --code K --name "Phong trào" --start-date 0001-01-01 --end-date 9999-12-31
setup period add --campaign K --name all --start-date 0001-01-01 --end-date 9999-12-31
long_x=$(head -c 10000 /dev/zero | tr '\0' x)
long_vi=$("$E2E_PY" -c 'print("Xã Ấp " * 1666 + "Xã Ấ", end="")')
tried=0

# Stored and printed back exactly: the JSON of `unit show` and the CSV of `unit list`.
kept() { # code name
  local code=$1 name=$2
  tried=$((tried + 1))
  expect_ok unit add --code "$code" --name "$name" --kind commune
  expect_ok --format json unit show "$code"
  local got
  got=$(printf '%s' "$OUT" | "$E2E_PY" -c 'import json, sys; d = json.load(sys.stdin); sys.stdout.write(d["code"] + "\n" + d["name"])')
  assert_eq "code kept exactly: $(quote "${code:0:40}")" "$code" "$(head -1 <<<"$got")"
  assert_eq "name kept exactly: $(quote "${name:0:40}")" "$name" "$(tail -n +2 <<<"$got")"
}
kept "../../etc/passwd" "../../../tmp/x"
kept "/abs/path" 'quotes '"'"'single'"'"' and "double" and `back`'
kept 'a;b' "Robert'); DROP TABLE units;--"
kept "=1+2" "=HYPERLINK(\"http://x\")"
kept "RTL-$(printf '\u200f')X" "$(printf '\u202eabc\u200f\u061c def')"
kept "LONG" "$long_x"
kept "$long_x" "long code"
kept "VI" "$long_vi"
assert_eq "10,000 characters" 10000 "$("$E2E_PY" -c 'import sys; print(len(sys.argv[1]))' "$long_vi")"

# The CSV of the list quotes the awkward ones and neutralises formulas.
expect_ok --format csv unit list
csv=$OUT
assert_contains "formula cell neutralised" "$csv" "'=1+2"
assert_contains "the formula in a quoted cell is neutralised too" "$csv" "\"'=HYPERLINK"
assert_not_contains "no cell starts with the bare formula" "$csv" "\"=HYPERLINK"

# Control bytes: refused in codes and names (they would reach a terminal), with the database unchanged.
refused() { # code name words...
  local code=$1 name=$2
  shift 2
  tried=$((tried + 1))
  expect_refusal 3 "$db" unit add --code "$code" --name "$name" --kind commune
  stderr_has "$@"
}
refused "$(printf 'A\001B')" "ok" "code: control character U+0001 at byte 1"
refused "ESC" "$(printf 'red \033[31m text')" "name: control character U+001B at byte 4"
refused "NL" "$(printf 'two\nlines')" "name: control character U+000A at byte 3"
refused "C1" "$(printf 'x\302\233y')" "name: control character U+009B at byte 1"
refused "BAD" "$(printf 'x\377y')" "name: invalid UTF-8 at byte 1"
# A note may break lines, still without other controls.
tried=$((tried + 1))
expect_ok unit add --code NOTE --name "Ghi chú" --kind commune --note "$(printf 'line 1\nline 2\ttab')"
expect_ok --format json unit show NOTE
json_expect "multi-line note kept" 'd["note"]' '"line 1\nline 2\ttab"'
tried=$((tried + 1))
expect_refusal 3 "$db" unit add --code NOTE2 --name "x" --kind commune --note "$(printf 'bell\a')"
stderr_has "note: control character U+0007"

# Numbers: up to 2^53 exact, beyond refused; exponents and huge values refused.
setup unit add --code U --name "Đơn vị" --kind commune
tried=$((tried + 1))
expect_ok --format json figure add --campaign K --unit U --indicator AN01 --span-from 2022-01-01 --span-to 2022-01-31 \
  --value 9007199254740992
expect_ok --format json figure list --unit U
json_expect "2^53 kept" 'd[0]["value"]' 9007199254740992
for value in 9007199254740993 -9007199254740993 123456789012345678901234567890 1e300 NaN inf 0x10; do
  tried=$((tried + 1))
  expect_refusal 3 "$db" figure add --campaign K --unit U --indicator AN05 --span-from 2022-02-01 \
    --span-to 2022-02-28 --value "$value"
  stderr_has "value: "
done
stderr_has "value: "

# Dates: year 9999 kept, year 0 and beyond 9999 refused.
tried=$((tried + 1))
expect_ok figure add --campaign K --unit U --indicator AN01 --span-from 9999-12-01 --span-to 9999-12-31 --value 1
expect_ok --format json figure list --unit U --indicator AN01
json_expect "year 9999 kept" 'd[-1]["span_to"]' 9999-12-31
for date in 0000-01-01 10000-01-01 2023-02-29 2024-13-01 -001-01-01; do
  tried=$((tried + 1))
  expect_refusal 3 "$db" figure add --campaign K --unit U --indicator AN01 --span-from "$date" --span-to 2022-01-31 \
    --value 1
  stderr_has "span_from: "
done

# The same through an import: a hostile sheet is refused or kept exactly.
cat >"$E2E_TMP/hostile.csv" <<'CSV'
unit,indicator,from,to,value,note
"../../etc/passwd",AN01,2022-03-01,2022-03-31,5,"=cmd|'/c calc'!A0"
CSV
tried=$((tried + 1))
expect_ok import csv "$E2E_TMP/hostile.csv" -O campaign=K
expect_ok --format json figure list --unit ../../etc/passwd
json_expect "imported hostile note kept" 'd[0]["note"]' "=cmd|'/c calc'!A0"
printf 'unit,indicator,from,to,value,note\nU,AN01,2022-04-01,2022-04-30,5,"a\033[2Jb"\n' >"$E2E_TMP/escape.csv"
tried=$((tried + 1))
expect_refusal 3 "$db" import csv "$E2E_TMP/escape.csv" -O campaign=K
stderr_has "escape.csv:2" "note: control character U+001B"

expect_ok check
echo "hostile: $tried inputs tried, each kept exactly or refused"

finish
