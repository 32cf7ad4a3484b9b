#include "store/pg_import.hpp"

#include <pqxx/pqxx>
#include <sqlite3.h>

#include <tuple>

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

constexpr const char* k_upsert = R"sql(
INSERT INTO figures AS f (campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id,
                          source_id, locator, note, batch_id)
SELECT campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id, source_id,
       nullif(locator, ''), nullif(note, ''), batch_id
FROM campaign_pending
ORDER BY seq
ON CONFLICT (unit_id, indicator_id, span_from, span_to, campaign_id, coalesce(source_id, 0)) DO UPDATE
  SET value = excluded.value, qualifier = excluded.qualifier, parent_id = excluded.parent_id,
      locator = excluded.locator, note = excluded.note, batch_id = excluded.batch_id
  WHERE f.value IS DISTINCT FROM excluded.value OR f.qualifier IS DISTINCT FROM excluded.qualifier
     OR f.batch_id IS NOT DISTINCT FROM excluded.batch_id
)sql";

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
    session.exec(k_staging);
    session.exec("TRUNCATE campaign_pending");
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
    changed = static_cast<std::int64_t>(session.exec(k_upsert).affected_rows());
    session.exec("RELEASE SAVEPOINT campaign_pending_write");
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
