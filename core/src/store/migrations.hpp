#pragma once

#include <span>
#include <string_view>

namespace campaign::store {

// One numbered step of the schema. Steps are applied in order, each in its
// own transaction, and recorded in the schema_migrations table. Each step is
// written twice, once for SQLite and once for PostgreSQL, so that a version
// number means the same tables, columns, constraints and triggers on both.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
  std::string_view postgresql;
};

// Returns every migration this build knows, in ascending version order.
std::span<const Migration> migrations();

} // namespace campaign::store
