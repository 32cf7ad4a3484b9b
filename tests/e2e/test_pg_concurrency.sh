#!/usr/bin/env bash
# Imports from several processes at once into one server database: the same
# file twice at once keeps each figure once (one import adds it, the other
# finds it there), different files all arrive, and nothing is lost. Then
# files that revise some of their figures and add others, at once: the
# figure sums stay what a recomputation from the figures gives.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"

pg_createdb together
url=$(pg_url together)
expect_ok --db "$url" -q init --no-catalogue
pg_sql together "INSERT INTO indicators (code, name_vi, name_en, measure_unit)
                   SELECT format('B%s', i), 'Chỉ tiêu ' || i, 'Indicator ' || i, 'tin' FROM generate_series(0, 9) i;
                 INSERT INTO units (code, name, kind) SELECT format('U%s', u), 'Xã ' || u, 'commune'
                   FROM generate_series(0, 399) u;
                 INSERT INTO campaigns (code, name, start_date, end_date) VALUES ('K', 'K', '2022-01-01', '2023-12-31')" \
  >/dev/null
# Four files of 100 units each (24,000 figures), and the first one again.
"$E2E_PY" - "$E2E_TMP" <<'PY'
import sys
for part in range(4):
    with open(f"{sys.argv[1]}/part-{part}.csv", "w", encoding="utf-8") as out:
        out.write("unit,indicator,from,to,value\n")
        for u in range(part * 100, part * 100 + 100):
            for i in range(10):
                for m in range(24):
                    year, month = 2022 + m // 12, m % 12 + 1
                    out.write(f"U{u},B{i},{year}-{month:02d}-01,{year}-{month:02d}-28,{(u * 3 + i + m) % 89}\n")
PY
# Imports at once, one process per RUN:FILE (FILE.csv, its summary in RUN.out);
# how many of them failed.
imports_at_once() {
  local pids=() pid failed=0 run
  for run in "$@"; do
    "$CAMPAIGN_BIN" --db "$url" --format json import csv "$E2E_TMP/${run#*:}.csv" -O campaign=K \
      >"$E2E_TMP/${run%%:*}.out" 2>"$E2E_TMP/${run%%:*}.err" &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do
    wait "$pid" || failed=$((failed + 1))
  done
  echo "$failed"
}

# (The same file twice: its name is the figures' source, part of their key.)
assert_eq "five imports at once all succeed" 0 \
  "$(imports_at_once part-0:part-0 part-1:part-1 part-2:part-2 part-3:part-3 again:part-0)"
assert_eq "every figure of the four files, once" 96000 "$(pg_sql together 'SELECT count(*) FROM figures')"
assert_eq "no key twice" 96000 \
  "$(pg_sql together 'SELECT count(*) FROM (SELECT DISTINCT unit_id, indicator_id, span_from, span_to FROM figures) k')"
added=$(cat "$E2E_TMP/part-0.out" "$E2E_TMP/again.out" |
  "$E2E_PY" -c 'import json, sys; print(sorted(json.loads(l)["files"][0]["added"] for l in sys.stdin))')
assert_eq "the same file twice: one adds its figures, the other finds them" "[0, 24000]" "$added"
assert_eq "the sums count every figure once" 96000 \
  "$(pg_sql together "SELECT sum(figures) FROM figure_sums WHERE grain = 'year'")"
assert_eq "five batches recorded, each finished" "5 5" \
  "$(pg_sql together "SELECT count(*) || ' ' || count(finished_at) FROM import_batches")"

# Parts 1 and 2 again, a third of their figures with new values and a
# quarter's figure added beside the months of each unit and indicator (in
# the same year's sums as revised ones, and in the same write), both at once
# and beside part 3 unchanged.
"$E2E_PY" - "$E2E_TMP" <<'PY'
import sys
for part in (1, 2):
    path = f"{sys.argv[1]}/part-{part}.csv"
    with open(path, encoding="utf-8") as f:
        header, *rows = f.read().splitlines()
    out = [header]
    for n, row in enumerate(rows):
        cells = row.split(",")
        if n % 3 == 0:
            cells[4] = str(int(cells[4]) + 1000)
        out.append(",".join(cells))
        if n % 24 == 23:  # after the 24 months of a unit and indicator
            out.append(f"{cells[0]},{cells[1]},2023-01-01,2023-03-31,{n}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
PY
assert_eq "three more imports at once all succeed" 0 \
  "$(imports_at_once part-1.again:part-1 part-2.again:part-2 part-3.again:part-3)"
counts=$(cat "$E2E_TMP"/part-{1,2,3}.again.out |
  "$E2E_PY" -c 'import json, sys; print([(f["added"], f["revised"], f["skipped"]) for l in sys.stdin for f in json.loads(l)["files"]])')
assert_eq "added, revised and skipped of each" "[(1000, 8000, 16000), (1000, 8000, 16000), (0, 0, 24000)]" "$counts"
assert_eq "the figures, old and new" 98000 "$(pg_sql together 'SELECT count(*) FROM figures')"
assert_eq "a revision kept for each changed figure" 16000 "$(pg_sql together 'SELECT count(*) FROM figure_revisions')"
assert_eq "the sums are a recomputation's" 0 "$(pg_sums_differences together)"

finish
