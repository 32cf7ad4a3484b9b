#!/usr/bin/env python3
"""Comparison benchmark: `campaign compare` of two periods for the whole
province against the sqlite3 shell running the equivalent two-period SQL, on
the same database in the same run, reported as a ratio.

  bench/run compare [--units 10000] [--indicators 20] [--months 24] [-O sums=false] [--straddling N]

The database is the import benchmark's (bench_import.py): units x indicators
x months monthly figures from 2022-01 to 2023-12 (4.8M by default) of
communes under one province, written with the sqlite3 shell. Compared: 2022
against 2023.

  reference  sqlite3 shell: per period one GROUP BY unit and indicator of the
             figures whose span lies inside the period, then the join of the
             two (what the comparison's per-unit tables and totals need)
  campaign   campaign compare --campaign BENCH 2022 2023 --format json

The analysis reads the sums of each period's figures per unit and indicator
(fetch_sums in plugins/report/compare.cpp, the core's aggregate request), and
figure by figure only the units' indicators the sums cannot stand for.
-O sums=false reads every figure through the query API's figure list as JSON
(fetch_figures): that path's time and memory grow with the number of figures
(about 1.2 GiB at 480,000 figures, so --units 1000 is the size to start with
on a shared machine).

--straddling N also times the comparison on a copy of the database with N
figures added across the edge of the two periods (2022-12-15 to 2023-01-15,
each of another commune): the comparison then reads those communes'
indicator figure by figure and everything else from the totals.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_import  # noqa: E402  (the generator and the prepared database)

TARGET_RATIO = 0.5

REFERENCE_SQL = """
.bail on
.mode list
WITH c AS (SELECT id FROM campaigns WHERE code = 'BENCH'),
a AS (SELECT unit_id, indicator_id, sum(value) AS v, count(*) AS n FROM figures
      WHERE campaign_id = (SELECT id FROM c) AND span_from >= '2022-01-01' AND span_to <= '2022-12-31'
      GROUP BY unit_id, indicator_id),
b AS (SELECT unit_id, indicator_id, sum(value) AS v, count(*) AS n FROM figures
      WHERE campaign_id = (SELECT id FROM c) AND span_from >= '2023-01-01' AND span_to <= '2023-12-31'
      GROUP BY unit_id, indicator_id)
SELECT count(*), sum(a.v), sum(b.v), sum(CASE WHEN a.v > 0 THEN (b.v - a.v) * 100.0 / a.v END)
FROM a JOIN b ON a.unit_id = b.unit_id AND a.indicator_id = b.indicator_id;
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaign", required=True, help="the campaign binary")
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("-O", "--option", action="append", default=[],
                        help="an option NAME=VALUE of the analysis (sums=false: the figures one by one)")
    parser.add_argument("--straddling", type=int, default=0,
                        help="also time a copy with this many figures across the periods' edge")
    parser.add_argument("--keep", help="keep the work files in this folder (and reuse its database)")
    args = parser.parse_args()
    sqlite3_shell = shutil.which("sqlite3")
    if not sqlite3_shell:
        sys.exit("bench: the sqlite3 shell is needed (bench/run installs it)")

    work = args.keep or tempfile.mkdtemp(prefix="campaign-bench-compare-")
    os.makedirs(work, exist_ok=True)
    rows = args.units * args.indicators * args.months
    db = os.path.join(work, f"compare-{args.units}-{args.indicators}-{args.months}.db")
    if not os.path.exists(db):
        csv = os.path.join(work, "figures.csv")
        print(f"generating {rows:,} figures ({args.units:,} units x {args.indicators} indicators x "
              f"{args.months} months) ...", flush=True)
        bench_import.generate(csv, args.units, args.indicators, args.months)
        bench_import.prepare(args.campaign, db, args.units, args.indicators)
        script = bench_import.REFERENCE_SQL.format(csv=csv, source=os.path.basename(csv), real="REAL")
        bench_import.run([sqlite3_shell, db], input=script + "\nANALYZE;\n")
        os.remove(csv)
    # Both sides read a warm file: one untimed pass each first.
    compare = [args.campaign, "--db", db, "--plugin-dir", args.plugin_dir, "-q", "--lang", "en", "compare",
               "--campaign", "BENCH", "2022", "2023", "--format", "json", "-o", os.path.join(work, "compare.json")]
    for option in args.option:
        compare += ["-O", option]
    bench_import.run([sqlite3_shell, db], input=REFERENCE_SQL)
    bench_import.run(compare)  # (also brings a database of an older schema up to date)
    ref_seconds, _, ref_out = bench_import.run([sqlite3_shell, db], input=REFERENCE_SQL)
    ours_seconds, ours_mib, _ = bench_import.run(compare)

    pairs = ref_out.strip().split("|")[0]
    ratio = ours_seconds / ref_seconds
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(f"database: {rows:,} figures; compared 2022 against 2023 for the province ({pairs} unit-indicator pairs)")
    print(f"sqlite3 shell (two GROUP BYs and the join): {ref_seconds:7.2f} s")
    print(f"campaign compare (json document):           {ours_seconds:7.2f} s  (peak {ours_mib:.0f} MiB)")
    print(f"ratio compare / sqlite3 shell:  {ratio:.2f}  (target <= {TARGET_RATIO}) {verdict}")
    if args.straddling > 0:
        copy = os.path.join(work, f"straddling-{args.straddling}.db")
        shutil.copyfile(db, copy)
        for k in range(args.straddling):
            unit = f"U{k * max(1, args.units // args.straddling):05d}"
            bench_import.run([args.campaign, "--db", copy, "-q", "figure", "add", "--campaign", "BENCH",
                              "--unit", unit, "--indicator", "B00", "--span-from", "2022-12-15",
                              "--span-to", "2023-01-15", "--value", "1"])
        straddled = [part if part != db else copy for part in compare]
        bench_import.run(straddled)
        s_seconds, s_mib, _ = bench_import.run(straddled)
        print(f"with {args.straddling} figures across the periods' edge: {s_seconds:7.2f} s  (peak {s_mib:.0f} MiB), "
              f"ratio {s_seconds / ref_seconds:.2f}")
        os.remove(copy)
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
