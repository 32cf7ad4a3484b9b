#pragma once

#include "store/pending_rows.hpp"
#include "store/sql.hpp"

#include <cstdint>
#include <string>

namespace campaign::store {

// Writes buffered figures to PostgreSQL: COPY into a temporary staging
// table, then one set-based upsert into figures, the same as the SQLite
// writer's (an identical figure is skipped, another value or qualifier
// revises it, a key twice in one import is refused by the trigger). Each
// write is a savepoint of the import's transaction, so a refused write is
// undone alone and the rows can be tried one by one to name the culprit.
// Rows go in the order of their key, so that imports running at once lock
// figures in the same order and do not deadlock on each other.
class PgFigureWriter final : public FigureWriter {
public:
  explicit PgFigureWriter(sql::Connection& connection);
  int write(const PendingFigures& rows, std::string& message, std::int64_t& changed) override;
  int system_errno() const override { return 0; }

private:
  sql::Connection& m_connection;
};

} // namespace campaign::store
