#pragma once

#include <span>
#include <string_view>

namespace campaign::store {

// One numbered step of the schema. Steps are applied in order, each in its
// own transaction, and recorded in the schema_migrations table.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Returns every migration this build knows, in ascending version order.
std::span<const Migration> migrations();

} // namespace campaign::store
