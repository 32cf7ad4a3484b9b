#pragma once

#include "store/pending_rows.hpp"
#include "store/sql.hpp"

#include <cstdint>
#include <string>

namespace campaign::store {

// Writes buffered figures to PostgreSQL: COPY into a temporary staging
// table, then two set-based statements into figures, with the SQLite
// writer's rules (a new key is added, an identical figure skipped, another
// value or qualifier revises it, a key twice in one import refused). Each
// write is a savepoint of the import's transaction, so a refused write is
// undone alone and the rows can be tried one by one to name the culprit.
class PgFigureWriter final : public FigureWriter {
public:
  explicit PgFigureWriter(sql::Connection& connection);
  int write(const PendingFigures& rows, std::string& message, std::int64_t& changed) override;
  int system_errno() const override { return 0; }

private:
  sql::Connection& m_connection;
  bool m_staging_made = false; // the temporary staging table exists in this session
};

} // namespace campaign::store
