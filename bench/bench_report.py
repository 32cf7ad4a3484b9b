#!/usr/bin/env python3
"""Report benchmark: `campaign report` against the sqlite3 shell, on the same
database in the same run, reported as ratios.

  bench/run report [--units 10000] [--indicators 20] [--months 24] [--reports 100]
                   [--keep DIR]

The database is the one of the import benchmark (units x indicators x months
figures, 4.8M by default, under one province), imported with `campaign import
csv`; with --keep DIR it is built once and reused by later runs.

  province   the summary report of the whole province (campaign report
             --format json) against the sqlite3 shell's GROUP BY indicator x
             year over all raw figures                    target <= 0.5
  per unit   100 per-unit reports written by one `campaign batch` process
             against 100 separate `campaign report` processes   target <= 0.2

Each side runs three times; the best time counts.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_import  # noqa: E402

TARGET_PROVINCE = 0.5
TARGET_BATCH = 0.2
RUNS = 3

GROUP_BY_SQL = """SELECT i.code, substr(f.span_from, 1, 4) AS year, sum(f.value), count(*)
FROM figures f JOIN indicators i ON i.id = f.indicator_id
GROUP BY i.code, year;
"""


def best(cmd, runs=RUNS, **kwargs):
    """Runs cmd `runs` times; returns the shortest time and the last stdout."""
    times = []
    out = ""
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
        times.append(time.perf_counter() - start)
        if proc.returncode != 0:
            sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        out = proc.stdout
    return min(times), out


def build_database(args, work):
    db = os.path.join(work, "report.db")
    stamp = f"{args.units}x{args.indicators}x{args.months}"
    marker = db + ".done"
    if os.path.exists(marker) and open(marker).read() == stamp:
        print(f"reusing {db}", flush=True)
        return db
    for leftover in (db, db + "-wal", db + "-shm", marker):
        if os.path.exists(leftover):
            os.remove(leftover)
    csv = os.path.join(work, "figures.csv")
    rows = args.units * args.indicators * args.months
    print(f"generating and importing {rows:,} figures ({args.units:,} units x {args.indicators} indicators x "
          f"{args.months} months) ...", flush=True)
    bench_import.generate(csv, args.units, args.indicators, args.months)
    bench_import.prepare(args.campaign, db, args.units, args.indicators)
    start = time.perf_counter()
    subprocess.run([args.campaign, "--db", db, "--plugin-dir", args.plugin_dir, "-q", "import", "csv", csv,
                    "-O", "campaign=BENCH"], check=True, capture_output=True)
    print(f"imported in {time.perf_counter() - start:.1f} s", flush=True)
    os.remove(csv)
    with open(marker, "w") as out:
        out.write(stamp)
    return db


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaign", required=True, help="the campaign binary")
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--reports", type=int, default=100, help="per-unit reports in the batch comparison")
    parser.add_argument("--keep", help="keep (and reuse) the database in this folder")
    args = parser.parse_args()
    sqlite3_shell = shutil.which("sqlite3")
    if not sqlite3_shell:
        sys.exit("bench: the sqlite3 shell is needed (bench/run installs it)")
    work = args.keep or tempfile.mkdtemp(prefix="campaign-bench-")
    os.makedirs(work, exist_ok=True)
    db = build_database(args, work)
    base = [args.campaign, "--db", db, "--plugin-dir", args.plugin_dir, "-q"]
    period = ["--campaign", "BENCH", "--period", f"2022-{2022 + (args.months - 1) // 12}"]

    sql_seconds, sql_out = best([sqlite3_shell, db], input=GROUP_BY_SQL)
    document = os.path.join(work, "province.json")
    report_seconds, _ = best(base + ["report"] + period + ["--format", "json", "-o", document])
    # The report's total of the first indicator must be the shell's sum.
    import json
    with open(document, encoding="utf-8") as f:
        doc = json.load(f)
    expected = {}
    for line in sql_out.splitlines():
        code, _year, total, _count = line.split("|")
        expected[code] = expected.get(code, 0) + float(total)
    items = {}
    for section in doc["sections"]:
        for block in section["blocks"]:
            if block.get("type") == "figures":
                for item in block["items"]:
                    items[item["key"]] = item["value"]["value"]
    if items != {code: int(total) if total == int(total) else total for code, total in expected.items()}:
        sys.exit(f"bench: the report's totals differ from the shell's: {items} vs {expected}")

    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    units = [f"U{u:05d}" for u in range(min(args.reports, args.units))]
    lines = [f"report {' '.join(period)} --unit {unit} --format html -o {out}/{unit}.html\n" for unit in units]
    batch_file = os.path.join(work, "reports.batch")
    with open(batch_file, "w", encoding="utf-8") as f:
        f.writelines(lines)
    batch_seconds, _ = best(base + ["batch", batch_file])
    separate_seconds = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        for unit in units:
            subprocess.run(base + ["report"] + period + ["--unit", unit, "--format", "html", "-o",
                                                         f"{out}/{unit}.html"], check=True, capture_output=True)
        separate_seconds = min(separate_seconds, time.perf_counter() - start)

    verdict = lambda ok: "ok" if ok else "MISSED"
    ratio = report_seconds / sql_seconds
    batch_ratio = batch_seconds / separate_seconds
    rows = args.units * args.indicators * args.months
    print(f"database: {rows:,} figures, {os.path.getsize(db) / 2**20:.0f} MiB")
    print(f"sqlite3 shell GROUP BY indicator x year:      {sql_seconds:7.2f} s")
    print(f"campaign report, whole province (json):       {report_seconds:7.2f} s")
    print(f"{len(units)} per-unit reports, one batch process:     {batch_seconds:7.2f} s")
    print(f"{len(units)} per-unit reports, separate processes:    {separate_seconds:7.2f} s")
    print(f"ratio province report / sqlite3 GROUP BY:  {ratio:.2f}  (target <= {TARGET_PROVINCE}) "
          f"{verdict(ratio <= TARGET_PROVINCE)}")
    print(f"ratio batch / separate processes:          {batch_ratio:.2f}  (target <= {TARGET_BATCH}) "
          f"{verdict(batch_ratio <= TARGET_BATCH)}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
