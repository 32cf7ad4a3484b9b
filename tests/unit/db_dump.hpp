#pragma once

// Every row of every table as text, for tests: equal dumps mean an unchanged database.

#include "store/database.hpp"

#include <string>

namespace campaign::test {

inline std::string dump_database(store::Database& db) {
  const bool server = db.engine() == store::sql::Engine::postgresql;
  std::string out;
  store::sql::Statement tables(
    db.sql(), server ? "SELECT tablename, (SELECT count(*) FROM information_schema.columns c WHERE "
                       "c.table_schema = current_schema() AND c.table_name = t.tablename) FROM pg_tables t "
                       "WHERE schemaname = current_schema() ORDER BY tablename COLLATE \"C\""
                     : "SELECT name, (SELECT count(*) FROM pragma_table_info(name)) FROM sqlite_schema "
                       "WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    std::string order;
    for (int i = 1; i <= tables.getColumn(1).getInt(); ++i) {
      order += (i == 1 ? " ORDER BY " : ", ") + std::to_string(i);
    }
    store::sql::Statement rows(db.sql(), "SELECT * FROM \"" + table + "\"" + order);
    out += "# " + table + "\n";
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        out += rows.getColumn(i).isNull() ? "NULL" : rows.getColumn(i).getString();
        out += '|';
      }
      out += '\n';
    }
  }
  return out;
}

} // namespace campaign::test
