# Shared helpers for the end-to-end tests of `campaign`. Source it from a
# test script after `set -euo pipefail`:
#
#   source "$(dirname "$0")/lib.sh"
#
# It needs CAMPAIGN_BIN (the built binary) and CAMPAIGN_SOURCE_DIR (the source
# root), makes a temporary folder $E2E_TMP (removed on exit), points HOME,
# XDG_DATA_HOME, XDG_CONFIG_HOME and CAMPAIGN_DB into it (so no database is ever written
# elsewhere), sets LC_ALL=C.UTF-8, and gives:
#
#   run CMD...                    run CMD: exit status in $RC, stdout in $OUT, stderr in $ERR
#   run_campaign ARGS...          run the campaign binary with ARGS
#   setup ARGS...                 run the campaign binary for a fixture step; stop loudly if it fails
#   expect_exit CODE CMD...       run CMD, check that it exits with CODE
#   expect_ok ARGS...             the campaign binary with ARGS exits 0
#   expect_fail CODE ARGS...      ... exits CODE, prints nothing on stdout and an error on stderr
#   expect_fail_cmd CODE CMD...   the same for any command line (the binary run as nobody)
#   expect_refusal CODE DB ARGS...          expect_fail, and `sqlite3 DB .dump` is the same afterwards
#   expect_refusal_cmd CODE DB CMD...       the same for any command line
#   assert_eq NAME EXPECTED ACTUAL
#   assert_contains NAME HAYSTACK NEEDLE...   assert_not_contains NAME HAYSTACK NEEDLE
#   assert_empty NAME VALUE   assert_true NAME CMD...   assert_false NAME CMD...
#   stdout_has NEEDLE...   stderr_has NEEDLE...        (of the last run)
#   json_expect NAME EXPR EXPECTED [EXPR EXPECTED]...   Python expressions over d, the JSON of $OUT
#   table_header   table_row KEY   table_rows   show_value FIELD   csv_header   added_id
#                                 read the table, show, CSV or add-report in $OUT
#   db_dump DB                    `sqlite3 DB .dump` on stdout (a server's: pg_dump's rows)
#   db_query DB SQL               the rows of SQL in DB (a file or a server's URL), fields split by |
#   new_db NAME                   a new database for the test: a file in $E2E_TMP, or, when
#                                 CAMPAIGN_TEST_BACKEND=postgresql, a database on the test
#                                 run's cluster (its URL); $E2E_BACKEND says which
#   copy_db DB NAME               a new_db holding a copy of DB
#   as_nobody CMD...              run CMD as user nobody (setpriv)
#   finish                        print "e2e NAME: P passed, F failed" and exit
#
# Every assert counts one check. The first failed check prints its name, what
# was expected and what came, with the last command and its output, and exits
# 1; E2E_KEEP_GOING=1 goes on to the end instead (to see every failure).

if [[ -z ${CAMPAIGN_BIN:-} ]]; then
  echo "e2e: CAMPAIGN_BIN is not set (the path of the built campaign binary)" >&2
  exit 1
fi
if [[ ! -x $CAMPAIGN_BIN ]]; then
  echo "e2e: CAMPAIGN_BIN=$CAMPAIGN_BIN is not an executable file" >&2
  exit 1
fi
if [[ -z ${CAMPAIGN_SOURCE_DIR:-} || ! -d $CAMPAIGN_SOURCE_DIR ]]; then
  echo "e2e: CAMPAIGN_SOURCE_DIR is not set to the source folder" >&2
  exit 1
fi
CAMPAIGN_BIN=$(cd "$(dirname "$CAMPAIGN_BIN")" && pwd)/$(basename "$CAMPAIGN_BIN")
for tool in sqlite3 python3 cmp; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "e2e: the tests need '$tool' on PATH" >&2
    exit 1
  fi
done
# The real interpreter, not a version manager's shim: it starts ten times faster.
E2E_PY=$(python3 -c 'import sys; print(sys.executable)')

E2E_NAME=$(basename "${BASH_SOURCE[1]:-$0}" .sh)
E2E_PASSED=0
E2E_FINISHED=0
E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/campaign-e2e.XXXXXX")
# Traversable (not listable) by other users, for the tests that run as nobody.
chmod 0711 "$E2E_TMP"

e2e_cleanup() {
  local status=$?
  if [[ $E2E_FINISHED != 1 && $status == 0 ]]; then
    status=1
  fi
  if [[ $E2E_FINISHED != 1 ]]; then
    echo "e2e $E2E_NAME: stopped after $E2E_PASSED passed checks (exit status $status)" >&2
  fi
  rm -rf "$E2E_TMP"
  exit "$status"
}
trap e2e_cleanup EXIT
trap 'echo "e2e $E2E_NAME: unexpected failure of: $BASH_COMMAND (line $LINENO)" >&2' ERR

# Nothing outside the temporary folder: no default database in the real HOME.
export HOME=$E2E_TMP/home
export XDG_DATA_HOME=$E2E_TMP/xdg
export XDG_CONFIG_HOME=$E2E_TMP/config
export CAMPAIGN_DB=$E2E_TMP/campaign.db
mkdir -p "$HOME"
# A fixed locale: English unless a test says otherwise.
export LC_ALL=C.UTF-8
unset LANG LC_MESSAGES CAMPAIGN_DATA_DIR CAMPAIGN_PLUGIN_PATH || true

RC=0
OUT=
ERR=
E2E_LAST_CMD=

# The engine the test's databases are on. The tests that take new_db's
# database run on both: ctest runs them once as e2e.NAME and once as
# e2e.pg.NAME on the cluster of tests/pg/cluster.
E2E_BACKEND=${CAMPAIGN_TEST_BACKEND:-sqlite}
case $E2E_BACKEND in
sqlite) ;;
postgresql)
  # shellcheck source=/dev/null
  source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
  ;;
*)
  echo "e2e: CAMPAIGN_TEST_BACKEND=$E2E_BACKEND is neither sqlite nor postgresql" >&2
  exit 1
  ;;
esac
E2E_DB_SERIAL=0

new_db() {
  local name=$1
  if [[ $E2E_BACKEND == sqlite ]]; then
    echo "$E2E_TMP/$name.db"
    return
  fi
  E2E_DB_SERIAL=$((E2E_DB_SERIAL + 1))
  local database
  database=$(echo "e2e_${E2E_NAME}_$$_${E2E_DB_SERIAL}_$name" | tr -c 'a-z0-9_\n' '_')
  pg_createdb "$database"
  pg_url "$database"
}
if [[ $E2E_BACKEND == postgresql ]]; then
  CAMPAIGN_DB=$(new_db campaign)
  export CAMPAIGN_DB
fi

run() {
  E2E_LAST_CMD=$(printf '%q ' "$@")
  "$@" >"$E2E_TMP/.out" 2>"$E2E_TMP/.err" && RC=0 || RC=$?
  OUT=$(cat "$E2E_TMP/.out")
  ERR=$(cat "$E2E_TMP/.err")
}

run_campaign() {
  run "$CAMPAIGN_BIN" "$@"
}

E2E_FAILED=0
# E2E_KEEP_GOING=1 goes on after a failed check (to see them all); the
# default is to stop at the first.
fail() {
  local name=$1 detail=$2
  {
    echo "FAIL [check $((E2E_PASSED + E2E_FAILED + 1))] $name"
    printf '%s\n' "$detail" | sed 's/^/    /'
    if [[ -n $E2E_LAST_CMD ]]; then
      echo "  last command: $E2E_LAST_CMD"
      echo "  exit status: $RC"
      echo "  stdout:"
      printf '%s\n' "$OUT" | head -40 | sed 's/^/    | /'
      echo "  stderr:"
      printf '%s\n' "$ERR" | head -20 | sed 's/^/    | /'
    fi
  } >&2
  E2E_FAILED=$((E2E_FAILED + 1))
  if [[ ${E2E_KEEP_GOING:-0} == 1 ]]; then
    E2E_SKIP_PASS=1
    return 0
  fi
  echo "e2e $E2E_NAME: $E2E_PASSED passed, $E2E_FAILED failed"
  E2E_FINISHED=1
  exit 1
}

E2E_SKIP_PASS=0
pass() {
  if [[ $E2E_SKIP_PASS == 1 ]]; then
    E2E_SKIP_PASS=0
    return 0
  fi
  E2E_PASSED=$((E2E_PASSED + 1))
}

finish() {
  echo "e2e $E2E_NAME: $E2E_PASSED passed, $E2E_FAILED failed"
  E2E_FINISHED=1
  if ((E2E_FAILED > 0)); then
    exit 1
  fi
  exit 0
}

# Quotes a value for a message; control characters (CR, newline) are shown escaped.
quote() {
  if [[ $1 == *[[:cntrl:]]* ]]; then
    printf '%q' "$1"
  else
    printf "'%s'" "$1"
  fi
}

assert_eq() {
  local name=$1 expected=$2 actual=$3
  if [[ $expected != "$actual" ]]; then
    fail "$name" "expected: $(quote "$expected")
got:      $(quote "$actual")"
  fi
  pass
}

assert_contains() {
  local name=$1 haystack=$2
  shift 2
  local needle
  for needle in "$@"; do
    if [[ $haystack != *"$needle"* ]]; then
      fail "$name" "expected to find: $needle
in: $haystack"
    fi
  done
  pass
}

assert_not_contains() {
  local name=$1 haystack=$2 needle=$3
  if [[ $haystack == *"$needle"* ]]; then
    fail "$name" "did not expect to find: $needle
in: $haystack"
  fi
  pass
}

assert_empty() {
  local name=$1 value=$2
  if [[ -n $value ]]; then
    fail "$name" "expected nothing, got: $value"
  fi
  pass
}

assert_true() {
  local name=$1
  shift
  if ! "$@"; then
    fail "$name" "this was false: $(printf '%q ' "$@")"
  fi
  pass
}

assert_false() {
  local name=$1
  shift
  if "$@"; then
    fail "$name" "this was true: $(printf '%q ' "$@")"
  fi
  pass
}

# Fixture steps: not checks, but a failure stops the test with the reason.
setup() {
  run_campaign "$@"
  if [[ $RC != 0 ]]; then
    fail "setup: campaign $*" "the fixture step failed with exit status $RC"
    E2E_SKIP_PASS=0
  fi
}

expect_exit() {
  local code=$1
  shift
  run "$@"
  if [[ $RC != "$code" ]]; then
    fail "exit status of: $E2E_LAST_CMD" "expected exit status $code, got $RC"
  fi
  pass
}

expect_ok() {
  expect_exit 0 "$CAMPAIGN_BIN" "$@"
}

# The campaign binary with ARGS fails with CODE, says something on stderr and
# nothing on stdout.
expect_fail() {
  local code=$1
  shift
  expect_fail_cmd "$code" "$CAMPAIGN_BIN" "$@"
}

# The same for any command line (the binary run as another user, say).
expect_fail_cmd() {
  local code=$1
  shift
  expect_exit "$code" "$@"
  local what=$E2E_LAST_CMD
  if [[ -n $OUT ]]; then
    fail "nothing on stdout: $what" "stdout was: $OUT"
  fi
  pass
  if [[ $ERR != *"campaign: error: "* ]]; then
    fail "an error message on stderr: $what" "stderr was: $ERR"
  fi
  pass
}

copy_db() {
  local from=$1 name=$2 copy
  copy=$(new_db "$name")
  if [[ $E2E_BACKEND == sqlite ]]; then
    cp "$from" "$copy"
  else
    pg_sql postgres "DROP DATABASE ${copy##*/}" >/dev/null
    pg_sql postgres "CREATE DATABASE ${copy##*/} TEMPLATE ${from##*/}" >/dev/null
  fi
  echo "$copy"
}

db_dump() {
  if [[ $1 == postgresql://* ]]; then
    # Rows only, each line led by its table's name (as sqlite3's INSERT INTO
    # lines are), and not the identity sequences: a refused insert uses up
    # an id on a server.
    "$CAMPAIGN_PG_BIN/pg_dump" --data-only --no-owner -h "$CAMPAIGN_PG_HOST" -p "$CAMPAIGN_PG_PORT" -U campaign_test \
      -d "${1##*/}" 2>/dev/null |
      awk '/^COPY /{table = $2; next} /^\\\.$/{table = ""; next} table != "" {print table "\t" $0}'
    return
  fi
  sqlite3 "$1" .dump
}

db_query() {
  if [[ $1 == postgresql://* ]]; then
    pg_sql "${1##*/}" "$2"
  else
    sqlite3 "$1" "$2"
  fi
}

# expect_refusal CODE DB ARGS...: expect_fail, and the dump of DB is the same afterwards.
expect_refusal() {
  local code=$1 db=$2
  shift 2
  expect_refusal_cmd "$code" "$db" "$CAMPAIGN_BIN" "$@"
}

expect_refusal_cmd() {
  local code=$1 db=$2
  shift 2
  local before after
  before=$(db_dump "$db")
  expect_fail_cmd "$code" "$@"
  local saved_rc=$RC saved_out=$OUT saved_err=$ERR saved_cmd=$E2E_LAST_CMD
  after=$(db_dump "$db")
  RC=$saved_rc OUT=$saved_out ERR=$saved_err E2E_LAST_CMD=$saved_cmd
  if [[ $before != "$after" ]]; then
    fail "database unchanged by: $E2E_LAST_CMD" "$(diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | head -20)"
  fi
  pass
}

stderr_has() {
  local needle
  for needle in "$@"; do
    assert_contains "stderr of '$E2E_LAST_CMD' names '$needle'" "$ERR" "$needle"
  done
}

stdout_has() {
  local needle
  for needle in "$@"; do
    assert_contains "stdout of '$E2E_LAST_CMD' has '$needle'" "$OUT" "$needle"
  done
}

# json_expect NAME EXPR EXPECTED [EXPR EXPECTED]...
# Parses $OUT as JSON into d and evaluates each Python expression; a string
# result is compared as it is, anything else as compact JSON (7296, null,
# ["P", "Q"], true). one(items, key=value, ...) returns the single item that
# matches (an error when there are none or several).
json_expect() {
  local name=$1
  shift
  local exprs=() expected=()
  while (($# > 0)); do
    if (($# < 2)); then
      fail "$name" "json_expect needs EXPR EXPECTED pairs"
    fi
    exprs+=("$1")
    expected+=("$2")
    shift 2
  done
  local actual
  actual=$(printf '%s' "$OUT" | "$E2E_PY" -c '
import json, sys

def one(items, **wanted):
    found = [i for i in items if all(i.get(k) == v for k, v in wanted.items())]
    if len(found) != 1:
        raise LookupError("%d items match %r" % (len(found), wanted))
    return found[0]

try:
    d = json.loads(sys.stdin.buffer.read().decode("utf-8"))
except Exception as e:
    print("NOT-JSON: %s" % e)
    sys.exit(0)
print("JSON-OK")
for expr in sys.argv[1:]:
    try:
        v = eval(expr, {"d": d, "one": one, "len": len, "sorted": sorted})
    except Exception as e:
        print("ERROR: %s: %s" % (type(e).__name__, e))
        continue
    if isinstance(v, str) and "\n" not in v:
        print(v)
    else:
        print(json.dumps(v, ensure_ascii=False, separators=(", ", ": ")))
' "${exprs[@]}")
  local lines=()
  mapfile -t lines <<<"$actual"
  if [[ ${lines[0]} != JSON-OK ]]; then
    fail "$name: stdout is JSON" "${lines[0]}"
  fi
  pass
  local i
  for i in "${!exprs[@]}"; do
    assert_eq "$name: ${exprs[$i]}" "${expected[$i]}" "${lines[$((i + 1))]}"
  done
}

# The first line of $OUT with runs of spaces squeezed: a table header.
table_header() {
  printf '%s\n' "$OUT" | head -1 | tr -s ' ' | sed 's/ $//'
}

# The first line of $OUT without its CR: a CSV header.
csv_header() {
  printf '%s\n' "$OUT" | head -1 | tr -d '\r'
}

# Runs CMD as the unprivileged user nobody.
as_nobody() {
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"
}

# The row of a table in $OUT whose first column is KEY, runs of spaces squeezed.
table_row() {
  printf '%s\n' "$OUT" | awk -v key="$1" '{ line = $0; sub(/^ +/, "", line) } split(line, f, " ") && f[1] == key { print line; exit }' |
    tr -s ' ' | sed 's/ $//'
}

# The number of data rows of a table in $OUT (lines after the header and the rule).
table_rows() {
  printf '%s\n' "$OUT" | awk 'NR > 2 && NF > 0' | wc -l | tr -d ' '
}

# The value of FIELD in the output of a `show` ("field   value" lines).
show_value() {
  printf '%s\n' "$OUT" | awk -v key="$1" '$1 == key { sub(/^[^ ]+ +/, ""); print; exit }'
}

# The id in the JSON report of an add ({"action":"added","kind":...,"id":N}).
added_id() {
  printf '%s\n' "$OUT" | sed -n 's/.*"id": *\([0-9][0-9]*\).*/\1/p' | head -1
}

# golden NAME ARGS...: campaign ARGS succeeds and prints exactly the file
# $golden_dir/NAME (UPDATE_GOLDEN=1 writes the file from the output instead).
golden() {
  local name=$1
  shift
  expect_ok "$@"
  printf '%s\n' "$OUT" >"$E2E_TMP/$name"
  if [[ ${UPDATE_GOLDEN:-0} == 1 ]]; then
    cp "$E2E_TMP/$name" "${golden_dir:?}/$name"
  fi
  if ! cmp -s "${golden_dir:?}/$name" "$E2E_TMP/$name"; then
    fail "golden $name" "$(diff -u "$golden_dir/$name" "$E2E_TMP/$name" | head -40)"
  fi
  pass
}

# kilograms_csv FILE UNIT...: monthly AN05 figures (kilograms) of the units
# for 2021 and 2022, with values that are not whole numbers (two decimals,
# never ambiguous in either number style): their sums depend on the order of
# addition.
kilograms_csv() {
  local file=$1
  shift
  "$E2E_PY" - "$file" "$@" <<'PY'
import sys
rows = ["unit,indicator,from,to,value"]
last = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
for unit in sys.argv[2:]:
    for year in (2021, 2022):
        for month in range(1, 13):
            value = round((month * 7919 % 97) * 0.01 + (year % 7) * 0.1, 2)
            rows.append(f"{unit},AN05,{year}-{month:02d}-01,{year}-{month:02d}-{last[month - 1]},{value}")
open(sys.argv[1], "w").write("\n".join(rows) + "\n")
PY
}
