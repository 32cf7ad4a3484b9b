#include "store/pg_import.hpp"

#include <pqxx/pqxx>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

namespace campaign::store {

namespace {

// Lives for the session; emptied when each transaction ends, and by each write.
constexpr const char* k_staging = R"sql(
CREATE TEMPORARY TABLE IF NOT EXISTS campaign_pending (
  seq bigint, campaign_id bigint, unit_id bigint, indicator_id bigint, span_from text COLLATE "C", span_to text COLLATE "C",
  value double precision, qualifier text COLLATE "C", parent_id bigint, source_id bigint, locator text COLLATE "C",
  note text COLLATE "C", batch_id bigint
) ON COMMIT DELETE ROWS
)sql";

// New figures, in file order (ids follow it, as on SQLite); how many, and
// the first id. A key that is stored already is left to k_revise; the
// statement waits for an import writing the same key at the same time to
// end, so that afterwards every skipped key has a committed figure.
//
// (Inserts and revisions are two statements because the figure sums'
// triggers could not be right in one: the revision's trigger recomputes its
// buckets from every stored figure, including the ones the same statement
// added, and the insert trigger, firing later, would add those again.)
constexpr const char* k_insert_new = R"sql(
WITH written AS (
  INSERT INTO figures (campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id,
                       source_id, locator, note, batch_id)
  SELECT campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id, source_id,
         nullif(locator, ''), nullif(note, ''), batch_id
  FROM campaign_pending
  ORDER BY seq
  ON CONFLICT (unit_id, indicator_id, span_from, span_to, campaign_id, coalesce(source_id, 0)) DO NOTHING
  RETURNING id
)
SELECT count(*), coalesce(min(id), 0) FROM written
)sql";

// The figures stored before: another value or qualifier revises one (its old
// value kept by the revision trigger), the same is skipped, and one that
// this import wrote in an earlier write (of its batch, below the first id
// k_insert_new gave, $1) is refused by figures_repeated_in_batch.
constexpr const char* k_revise = R"sql(
UPDATE figures f
SET value = p.value, qualifier = p.qualifier, parent_id = p.parent_id, locator = nullif(p.locator, ''),
    note = nullif(p.note, ''), batch_id = p.batch_id
FROM campaign_pending p
WHERE f.unit_id = p.unit_id AND f.indicator_id = p.indicator_id AND f.span_from = p.span_from
  AND f.span_to = p.span_to AND f.campaign_id = p.campaign_id AND coalesce(f.source_id, 0) = coalesce(p.source_id, 0)
  AND (f.value IS DISTINCT FROM p.value OR f.qualifier IS DISTINCT FROM p.qualifier
       OR (f.batch_id IS NOT DISTINCT FROM p.batch_id AND f.id < $1::bigint))
)sql";

// A key given twice among `rows`: k_insert_new would write the first and
// take the second for a stored figure, so the write is refused before it
// starts, and the rows one by one name the line.
bool repeats_a_key(const PendingFigures& rows) {
  using Key =
    std::tuple<std::int64_t, std::int64_t, std::string_view, std::string_view, std::int64_t, std::int64_t>;
  std::vector<Key> keys;
  keys.reserve(rows.count);
  for (std::size_t i = 0; i < rows.count; ++i) {
    const PendingFigure& row = rows.rows[i];
    keys.emplace_back(row.unit_id, row.indicator_id, row.span_from, row.span_to, row.campaign_id,
                      row.source.value_or(0));
  }
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

const std::vector<std::string> k_columns = {
  "seq",       "campaign_id", "unit_id",   "indicator_id", "span_from", "span_to", "value",
  "qualifier", "parent_id",   "source_id", "locator",      "note",      "batch_id"};

// The message for a write that failed with the connection: the server ends
// the transaction itself, so nothing of the import stays.
std::string lost(const std::string& why) {
  return "the connection to the server was lost (" + why +
         "); nothing of this import was kept, and it can be run again";
}

} // namespace

PgFigureWriter::PgFigureWriter(sql::Connection& connection) : m_connection(connection) {
}

int PgFigureWriter::write(const PendingFigures& rows, std::string& message, std::int64_t& changed) {
  changed = 0;
  if (repeats_a_key(rows)) {
    message = "figure repeated within one import";
    return SQLITE_CONSTRAINT_UNIQUE;
  }
  pqxx::transaction_base& session = *m_connection.postgresql_session();
  try {
    session.exec("SAVEPOINT campaign_pending_write");
  } catch (const pqxx::sql_error& e) {
    message = e.what();
    return sql::result_code_of(e.sqlstate());
  } catch (const std::exception& e) {
    message = lost(e.what());
    return SQLITE_IOERR;
  }
  try {
    if (!m_staging_made) {
      session.exec(k_staging);
    }
    // TRUNCATE gives the table new files: worth it for a group, not for the
    // single rows of a write retried one by one.
    session.exec(rows.count > 64 ? "TRUNCATE campaign_pending" : "DELETE FROM campaign_pending");
    {
      pqxx::stream_to copy(session, "campaign_pending", k_columns);
      for (std::size_t i = 0; i < rows.count; ++i) {
        const PendingFigure& row = rows.rows[i];
        copy << std::make_tuple(static_cast<std::int64_t>(i), row.campaign_id, row.unit_id, row.indicator_id,
                                row.span_from, row.span_to, row.value, std::string(row.qualifier), row.parent,
                                row.source, row.locator, row.note, row.batch_id);
      }
      copy.complete();
    }
    const pqxx::row written = session.exec1(k_insert_new);
    const auto added = written[0].as<std::int64_t>();
    std::int64_t revised = 0;
    if (added < static_cast<std::int64_t>(rows.count)) {
      // The ids of an import's earlier writes are below this write's (one
      // session takes ids from the sequence in increasing order).
      const std::int64_t first_new = added > 0 ? written[1].as<std::int64_t>() : INT64_MAX;
      revised = static_cast<std::int64_t>(session.exec_params(k_revise, first_new).affected_rows());
    }
    changed = added + revised;
    session.exec("RELEASE SAVEPOINT campaign_pending_write");
    m_staging_made = true; // (a write undone to its savepoint may have undone the CREATE)
    return SQLITE_OK;
  } catch (const pqxx::sql_error& e) {
    message = e.what();
    const int code = sql::result_code_of(e.sqlstate());
    try {
      session.exec("ROLLBACK TO SAVEPOINT campaign_pending_write");
      session.exec("RELEASE SAVEPOINT campaign_pending_write");
    } catch (const std::exception&) {
      message = lost(message); // the transaction is gone with the connection
      return SQLITE_IOERR;
    }
    return code;
  } catch (const std::exception& e) {
    message = lost(e.what());
    return SQLITE_IOERR;
  }
}

} // namespace campaign::store
