#!/usr/bin/env python3
"""Import benchmark: `campaign import csv` against the sqlite3 shell doing the
same work, on the same machine in the same run, reported as ratios.

  bench/run import [--units 10000] [--indicators 20] [--months 24]

The generated file has units x indicators x months figures (4.8M by default),
sorted by unit as an office's export would be. Both sides start from copies of
one prepared database (schema, catalogue, the units and the campaign), and
both write into the real schema with the same unique key:

  reference  sqlite3 shell: .import into a staging table (a plain table, as in
             the measurements of DESIGN.md), then INSERT ... SELECT resolving
             unit and indicator codes and the source
  campaign   campaign import csv FILE (validation, dedup, revisions, batch row)

Then campaign imports the same file again (nothing may change). Peak memory is
the child process's maximum resident set size.
"""
import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

TARGET_RATIO = 0.8
TARGET_REIMPORT = 0.5
TARGET_MEMORY_MIB = 64


def run(cmd, **kwargs):
    """Runs cmd; returns (seconds, peak RSS in MiB of this child, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far; each measured
    # command is the largest of its kind here, so a rise is this child's peak.
    return seconds, max(peak, before) / 1024.0, proc.stdout


def generate(path, units, indicators, months):
    with open(path, "w", encoding="utf-8") as out:
        out.write("unit,indicator,from,to,value\n")
        month_spans = []
        for m in range(months):
            year, month = 2022 + m // 12, m % 12 + 1
            last = [31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
            month_spans.append((f"{year}-{month:02d}-01", f"{year}-{month:02d}-{last:02d}"))
        lines = []
        for u in range(units):
            unit = f"U{u:05d}"
            for i in range(indicators):
                indicator = f"B{i:02d}"
                for m, (start, end) in enumerate(month_spans):
                    lines.append(f"{unit},{indicator},{start},{end},{(u * 7 + i * 13 + m * 3) % 500}\n")
            if len(lines) > 100000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)


def prepare(campaign, path, units, indicators):
    subprocess.run([campaign, "--db", path, "-q", "init", "--no-catalogue"], check=True, capture_output=True)
    db = sqlite3.connect(path)
    with db:
        db.executemany(
            "INSERT INTO indicators (code, name_vi, name_en, measure_unit) VALUES (?, ?, ?, 'tin')",
            [(f"B{i:02d}", f"Chỉ tiêu {i}", f"Indicator {i}") for i in range(indicators)])
        db.execute("INSERT INTO units (code, name, kind) VALUES ('P', 'Tỉnh', 'province')")
        db.executemany("INSERT INTO units (code, name, kind, parent_id) VALUES (?, ?, 'commune', 1)",
                       [(f"U{u:05d}", f"Xã {u}") for u in range(units)])
        db.execute("INSERT INTO campaigns (code, name, start_date, end_date) "
                   "VALUES ('BENCH', 'Bench', '2022-01-01', '2023-12-31')")
    db.close()


# The reference's set-based write from the staging table, in one
# transaction; {real} is the engine's name for a double.
REFERENCE_INSERT = """
BEGIN;
INSERT INTO sources (document, number, issued_on) VALUES ('{source}', '', '');
INSERT INTO figures (campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, source_id)
  SELECT c.id, u.id, i.id, s."from", s."to", CAST(s.value AS {real}), 'exact',
         (SELECT id FROM sources WHERE document = '{source}')
  FROM staging s
  JOIN units u ON u.code = s.unit
  JOIN indicators i ON i.code = s.indicator
  JOIN campaigns c ON c.code = 'BENCH';
COMMIT;
"""

REFERENCE_SQL = """
.bail on
.mode csv
CREATE TABLE staging (unit TEXT, indicator TEXT, "from" TEXT, "to" TEXT, value TEXT);
.import --skip 1 {csv} staging
""" + REFERENCE_INSERT


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaign", required=True, help="the campaign binary")
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--keep", help="keep the work files in this folder")
    args = parser.parse_args()
    sqlite3_shell = shutil.which("sqlite3")
    if not sqlite3_shell:
        sys.exit("bench: the sqlite3 shell is needed (bench/run installs it)")

    work = args.keep or tempfile.mkdtemp(prefix="campaign-bench-")
    os.makedirs(work, exist_ok=True)
    rows = args.units * args.indicators * args.months
    csv = os.path.join(work, "figures.csv")
    print(f"generating {rows:,} figures ({args.units:,} units x {args.indicators} indicators x "
          f"{args.months} months) ...", flush=True)
    generate(csv, args.units, args.indicators, args.months)
    size = os.path.getsize(csv)
    base = os.path.join(work, "base.db")
    if os.path.exists(base):
        os.remove(base)
    prepare(args.campaign, base, args.units, args.indicators)

    ref_db = os.path.join(work, "reference.db")
    ours_db = os.path.join(work, "campaign.db")
    for copy in (ref_db, ours_db):
        shutil.copyfile(base, copy)

    script = REFERENCE_SQL.format(csv=csv, source=os.path.basename(csv), real="REAL")
    ref_seconds, ref_mib, _ = run([sqlite3_shell, ref_db], input=script)
    ours_seconds, ours_mib, out = run([args.campaign, "--db", ours_db, "--plugin-dir", args.plugin_dir, "-q",
                                       "import", "csv", csv, "-O", "campaign=BENCH", "--format", "json"])
    again_seconds, again_mib, again = run([args.campaign, "--db", ours_db, "--plugin-dir", args.plugin_dir, "-q",
                                           "import", "csv", csv, "-O", "campaign=BENCH", "--format", "json"])

    def count(path):
        db = sqlite3.connect(path)
        n = db.execute("SELECT count(*) FROM figures").fetchone()[0]
        db.close()
        return n

    ref_rows, ours_rows = count(ref_db), count(ours_db)
    if ref_rows != rows or ours_rows != rows:
        sys.exit(f"bench: expected {rows} figures, reference has {ref_rows}, campaign has {ours_rows}")
    import json
    first = json.loads(out)["files"][0]
    second = json.loads(again)["files"][0]
    if first["added"] != rows or second["added"] != 0 or second["revised"] != 0 or second["skipped"] != rows:
        sys.exit(f"bench: unexpected counts: first {first}, again {second}")

    ratio = ours_seconds / ref_seconds
    again_ratio = again_seconds / ours_seconds
    peak = max(ours_mib, again_mib)
    print(f"file: {size / 2**20:.0f} MiB, {rows:,} rows")
    print(f"sqlite3 shell (.import + INSERT ... SELECT): {ref_seconds:7.2f} s")
    print(f"campaign import csv:                        {ours_seconds:7.2f} s  ({rows / ours_seconds:,.0f} rows/s)")
    print(f"campaign import csv, same file again:       {again_seconds:7.2f} s  "
          f"(added {second['added']}, revised {second['revised']}, skipped {second['skipped']:,})")
    print(f"peak memory of campaign import:             {peak:7.1f} MiB")
    verdict = lambda ok: "ok" if ok else "MISSED"
    print(f"ratio import / sqlite3 shell:  {ratio:.2f}  (target <= {TARGET_RATIO}) {verdict(ratio <= TARGET_RATIO)}")
    print(f"ratio re-import / import:      {again_ratio:.2f}  (target <= {TARGET_REIMPORT}) "
          f"{verdict(again_ratio <= TARGET_REIMPORT)}")
    print(f"peak memory:                   {peak:.1f} MiB (target <= {TARGET_MEMORY_MIB}) "
          f"{verdict(peak <= TARGET_MEMORY_MIB)}")
    if not args.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
