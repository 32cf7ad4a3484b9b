# PostgreSQL helpers for the end-to-end tests named test_pg_*.sh, which ctest
# runs against the cluster that tests/pg/cluster started for this test run
# (CAMPAIGN_PG_STATE names its state folder). Source it after lib.sh:
#
#   pg_sql DB SQL           run SQL in database DB as the superuser; rows on stdout, fields split by |
#   pg_createdb NAME        a new, empty database
#   pg_url NAME [USER[:PW]] its postgresql:// URL (user campaign_test by default)
#   pg_ctl ARGS...          the server's pg_ctl, as the user the server runs as
#   pg_sums_differences DB  rows of figure_sums that a recomputation from the figures would not
#                           make, and rows it would make that are missing ("overlapping" aside:
#                           it records what was known when a figure was written)

if [[ -z ${CAMPAIGN_PG_STATE:-} || ! -f $CAMPAIGN_PG_STATE/env ]]; then
  echo "e2e $E2E_NAME: FAIL: no test cluster (CAMPAIGN_PG_STATE=${CAMPAIGN_PG_STATE:-}); ctest starts it with tests/pg/cluster" >&2
  exit 1
fi
# shellcheck source=/dev/null
source "$CAMPAIGN_PG_STATE/env"
# libpq's variables of the environment must not lead the tests to another server.
unset PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE PGSERVICE PGSSLMODE PGCONNECT_TIMEOUT || true

pg_sql() {
  PGCONNECT_TIMEOUT=10 "$CAMPAIGN_PG_BIN/psql" -X -q -t -A -v ON_ERROR_STOP=1 -h "$CAMPAIGN_PG_HOST" -p "$CAMPAIGN_PG_PORT" \
    -U campaign_test -d "$1" -c "$2"
}

pg_createdb() {
  pg_sql postgres "CREATE DATABASE $1" >/dev/null
}

pg_url() {
  echo "postgresql://${2:-campaign_test}@$CAMPAIGN_PG_HOST:$CAMPAIGN_PG_PORT/$1"
}

pg_ctl() {
  if [[ $(id -u) -eq 0 && $CAMPAIGN_PG_OWNER != root ]]; then
    runuser -u "$CAMPAIGN_PG_OWNER" -- "$CAMPAIGN_PG_BIN/pg_ctl" -D "$CAMPAIGN_PG_DATA/data" "$@"
  else
    "$CAMPAIGN_PG_BIN/pg_ctl" -D "$CAMPAIGN_PG_DATA/data" "$@"
  fi
}

pg_sums_differences() {
  pg_sql "$1" "SELECT count(*) FROM (
      (SELECT campaign_id, grain, unit_id, indicator_id, source_id, batch_id, bucket, figures, total, largest, qualifiers,
              first_from, last_to, first_id, noted FROM figure_sums
       EXCEPT
       SELECT campaign_id, grain, unit_id, indicator_id, coalesce(source_id, 0), coalesce(batch_id, 0), bucket, count(*),
              sum(value), max(value), bit_or(qualifier_bit), min(span_from), max(span_to), min(id), sum(has_note)
       FROM figure_buckets GROUP BY 1, 2, 3, 4, 5, 6, 7)
      UNION ALL
      (SELECT campaign_id, grain, unit_id, indicator_id, coalesce(source_id, 0), coalesce(batch_id, 0), bucket, count(*),
              sum(value), max(value), bit_or(qualifier_bit), min(span_from), max(span_to), min(id), sum(has_note)
       FROM figure_buckets GROUP BY 1, 2, 3, 4, 5, 6, 7
       EXCEPT
       SELECT campaign_id, grain, unit_id, indicator_id, source_id, batch_id, bucket, figures, total, largest, qualifiers,
              first_from, last_to, first_id, noted FROM figure_sums)) differences"
}
