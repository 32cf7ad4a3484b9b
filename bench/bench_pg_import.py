#!/usr/bin/env python3
"""PostgreSQL import benchmark, on a cluster this run starts and removes
(tests/pg/cluster), reported as ratios measured in the same run.

  bench/run pg-import [--units 10000] [--indicators 20] [--months 24] [--processes 8]

1. One file of units x indicators x months figures (4.8M by default), the
   file of bench/run import, into a database prepared with the schema, the
   units, indicators and campaign:
     reference  psql: \\copy into a staging table, then the INSERT ... SELECT
                that resolves codes and the source (the same statement as
                bench/run import's sqlite3 reference), in one transaction
     campaign   campaign --db URL import csv FILE
   Target: campaign at most 1.2 times the reference.
2. The same figures split by unit into --processes files: one process imports
   one of them alone (its rows per second), then one process per file imports
   all of them at once into another copy (total rows per second).
   Target: the processes together at least 2 times one process's rate.
   The CPU that one import keeps busy (the server's backend and the client)
   gives the most that the machine's cores allow.
Both sides write into the same schema with its triggers (revisions, figure
sums), on the same server.
"""
import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from bench_import import REFERENCE_INSERT, generate

TARGET_RATIO = 1.2
TARGET_SPEEDUP = 2.0
HERE = os.path.dirname(os.path.abspath(__file__))


def read_env(state):
    settings = {}
    with open(os.path.join(state, "env")) as f:
        for line in f:
            key, _, value = line.strip().partition("=")
            settings[key] = value
    return settings


class Cluster:
    def __init__(self, state):
        self.state = state
        subprocess.run(["bash", os.path.join(HERE, "..", "tests", "pg", "cluster"), "start", state], check=True,
                       stdout=subprocess.DEVNULL)
        env = read_env(state)
        self.psql = os.path.join(env["CAMPAIGN_PG_BIN"], "psql")
        self.data = env["CAMPAIGN_PG_DATA"]
        self.server = f"postgresql://campaign_test@{env['CAMPAIGN_PG_HOST']}:{env['CAMPAIGN_PG_PORT']}"

    def url(self, database):
        return f"{self.server}/{database}"

    def sql(self, database, text):
        subprocess.run([self.psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", self.url(database), "-c", text],
                       check=True, stdout=subprocess.DEVNULL)

    def value(self, database, text):
        out = subprocess.run([self.psql, "-X", "-q", "-t", "-A", "-d", self.url(database), "-c", text], check=True,
                             capture_output=True, text=True).stdout
        return out.strip()

    def stop(self):
        subprocess.run(["bash", os.path.join(HERE, "..", "tests", "pg", "cluster"), "stop", self.state],
                       check=False, stdout=subprocess.DEVNULL)


def server_cpu_seconds(cluster):
    """CPU seconds of the server's processes that have ended (its backends, reaped by the postmaster)."""
    with open(os.path.join(cluster.data, "data", "postmaster.pid")) as f:
        postmaster = f.readline().strip()
    with open(f"/proc/{postmaster}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # cutime and cstime: fields 16 and 17 of stat(5), 14 and 15 after the name
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(cmd, **kwargs):
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr}")
    return seconds


REFERENCE_SQL = """
\\set ON_ERROR_STOP on
CREATE TABLE staging (unit text, indicator text, "from" text, "to" text, value text);
\\copy staging FROM '{csv}' WITH (FORMAT csv, HEADER true)
""" + REFERENCE_INSERT


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--campaign", required=True, help="the campaign binary")
    parser.add_argument("--plugin-dir", required=True)
    parser.add_argument("--units", type=int, default=10000)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--processes", type=int, default=8)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="campaign-bench-pg-")
    os.chmod(work, 0o755)
    cluster = Cluster(os.path.join(work, "cluster"))
    try:
        rows = args.units * args.indicators * args.months
        csv = os.path.join(work, "figures.csv")
        print(f"generating {rows:,} figures ({args.units:,} units x {args.indicators} indicators x "
              f"{args.months} months) ...", flush=True)
        generate(csv, args.units, args.indicators, args.months)
        os.chmod(csv, 0o644)

        cluster.sql("postgres", "CREATE DATABASE base")
        subprocess.run([args.campaign, "--db", cluster.url("base"), "-q", "init", "--no-catalogue"], check=True,
                       capture_output=True)
        cluster.sql("base", f"""
            INSERT INTO indicators (code, name_vi, name_en, measure_unit)
              SELECT format('B%s', lpad(i::text, 2, '0')), 'Chỉ tiêu ' || i, 'Indicator ' || i, 'tin'
              FROM generate_series(0, {args.indicators - 1}) i;
            INSERT INTO units (code, name, kind) VALUES ('P', 'Tỉnh', 'province');
            INSERT INTO units (code, name, kind, parent_id)
              SELECT format('U%s', lpad(u::text, 5, '0')), 'Xã ' || u, 'commune', 1
              FROM generate_series(0, {args.units - 1}) u;
            INSERT INTO campaigns (code, name, start_date, end_date)
              VALUES ('BENCH', 'Bench', '2022-01-01', '2023-12-31');""")
        cluster.sql("base", "VACUUM ANALYZE")
        for copy in ("reference", "ours", "single", "parallel"):
            cluster.sql("postgres", f"CREATE DATABASE {copy} TEMPLATE base")

        # 1. One file: psql's \copy + INSERT ... SELECT against campaign import.
        script = REFERENCE_SQL.format(csv=csv, source=os.path.basename(csv), real="double precision")
        ref_seconds = timed([cluster.psql, "-X", "-q", "-d", cluster.url("reference")], input=script)
        ours_seconds = timed([args.campaign, "--db", cluster.url("ours"), "--plugin-dir", args.plugin_dir, "-q",
                              "import", "csv", csv, "-O", "campaign=BENCH"])
        for database in ("reference", "ours"):
            n = int(cluster.value(database, "SELECT count(*) FROM figures"))
            if n != rows:
                sys.exit(f"bench: {database} has {n} figures, not {rows}")
        sums = cluster.value("ours", "SELECT sum(figures) FROM figure_sums WHERE grain = 'year'")
        if int(sums) != rows:
            sys.exit(f"bench: the figure sums of campaign's import count {sums} figures, not {rows}")

        # 2. The same figures in --processes files, by unit.
        header, parts = None, []
        with open(csv, encoding="utf-8") as f:
            header = f.readline()
            lines = f.readlines()
        per_unit = args.indicators * args.months
        units_per_part = -(-args.units // args.processes)
        for p in range(args.processes):
            path = os.path.join(work, f"part-{p}.csv")
            with open(path, "w", encoding="utf-8") as out:
                out.write(header)
                out.writelines(lines[p * units_per_part * per_unit:(p + 1) * units_per_part * per_unit])
            os.chmod(path, 0o644)
            parts.append(path)
        del lines
        part_rows = units_per_part * per_unit
        server_before, client_before = server_cpu_seconds(cluster), client_cpu_seconds()
        single_seconds = timed([args.campaign, "--db", cluster.url("single"), "--plugin-dir", args.plugin_dir, "-q",
                                "import", "csv", parts[0], "-O", "campaign=BENCH"])
        time.sleep(0.5)  # the backend ends after the client
        single_server = server_cpu_seconds(cluster) - server_before
        single_client = client_cpu_seconds() - client_before
        start = time.perf_counter()
        procs = [subprocess.Popen([args.campaign, "--db", cluster.url("parallel"), "--plugin-dir", args.plugin_dir,
                                   "-q", "import", "csv", part, "-O", "campaign=BENCH"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for part in parts]
        failures = [(p.args, p.communicate()[1]) for p in procs if p.wait() != 0]
        parallel_seconds = time.perf_counter() - start
        if failures:
            sys.exit(f"bench: {len(failures)} of the parallel imports failed: {failures[0]}")
        n = int(cluster.value("parallel", "SELECT count(*) FROM figures"))
        d = int(cluster.value("parallel", "SELECT count(*) FROM (SELECT DISTINCT unit_id, indicator_id, span_from "
                                          "FROM figures) x"))
        if n != rows or d != rows:
            sys.exit(f"bench: the parallel imports left {n} figures ({d} distinct), not {rows}")

        ratio = ours_seconds / ref_seconds
        single_rate = part_rows / single_seconds
        parallel_rate = rows / parallel_seconds
        speedup = parallel_rate / single_rate
        verdict = lambda ok: "ok" if ok else "MISSED"
        print(f"server: PostgreSQL {cluster.value('postgres', 'SHOW server_version')}, cores: {os.cpu_count()}")
        print(f"psql (\\copy + INSERT ... SELECT):          {ref_seconds:7.2f} s")
        print(f"campaign import csv:                        {ours_seconds:7.2f} s  ({rows / ours_seconds:,.0f} rows/s)")
        print(f"one process, one file of {part_rows:,} rows:   {single_seconds:7.2f} s  ({single_rate:,.0f} rows/s)")
        busy = (single_server + single_client) / single_seconds
        cores = os.cpu_count()
        print(f"  CPU of that import: server {single_server:.2f} s, client {single_client:.2f} s: {busy:.2f} cores "
              f"busy; at most {cores / busy:.2f} times that rate on {cores} cores")
        print(f"{args.processes} processes, {args.processes} files at once:        {parallel_seconds:7.2f} s  "
              f"({parallel_rate:,.0f} rows/s; {n:,} figures, none twice)")
        print(f"ratio import / psql:           {ratio:.2f}  (target <= {TARGET_RATIO}) {verdict(ratio <= TARGET_RATIO)}")
        print(f"throughput {args.processes} processes / one: {speedup:.2f}  (target >= {TARGET_SPEEDUP}) "
              f"{verdict(speedup >= TARGET_SPEEDUP)}")
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
