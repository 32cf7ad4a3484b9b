#pragma once

// Every row of every table as text, for tests: equal dumps mean an unchanged database.

#include "store/database.hpp"

#include <SQLiteCpp/Statement.h>

#include <string>

namespace campaign::test {

inline std::string dump_database(store::Database& db) {
  std::string out;
  SQLite::Statement tables(db.sqlite("test"), "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  while (tables.executeStep()) {
    const std::string table = tables.getColumn(0).getString();
    SQLite::Statement columns(db.sqlite("test"), "SELECT count(*) FROM pragma_table_info(?)");
    columns.bind(1, table);
    columns.executeStep();
    std::string order;
    for (int i = 1; i <= columns.getColumn(0).getInt(); ++i) {
      order += (i == 1 ? " ORDER BY " : ", ") + std::to_string(i);
    }
    SQLite::Statement rows(db.sqlite("test"), "SELECT * FROM \"" + table + "\"" + order);
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
