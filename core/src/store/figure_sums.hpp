#pragma once

// Sums of figures read from the running totals of schema migration 4
// (figure_sums), grouped as a caller asks: the query API's "aggregate"
// request (docs/plugins.md) is answered here.

#include "store/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace campaign::store {

struct SumRequest {
  std::string campaign;                // campaign code (required)
  std::string from;                    // first day of the span, ISO; empty: open
  std::string to;                      // last day of the span, ISO; empty: open
  std::string unit;                    // scope unit code; empty: every unit
  bool descendants = true;             // the scope includes the units below `unit`
  std::vector<std::string> indicators; // indicator codes; empty: every indicator
  // Any of "indicator", "unit", "year", "month", "source", "batch", in the
  // order the columns should come.
  std::vector<std::string> group_by;
};

// Returns the JSON text {"grain": ..., "columns": [...], "rows": [[...], ...],
// "partial": N}: one row per group of the figures lying wholly inside the
// span, in no particular order, with the group's columns followed by
// "figures", "total", "largest", "qualifiers" (the codes present),
// "first_from", "last_to", "first_id", "noted" and "overlapping". "partial"
// counts the figures of the scope that are in no row because their month (or
// year) reaches across an edge of the span; a caller that must account for
// every figure reads those one by one. Throws InvalidInput for an unknown
// campaign, unit, indicator or grouping.
std::string figure_sums(Database& db, const SumRequest& request);

// Returns the ids of the unit `code` and of every unit below it; throws
// InvalidInput for an unknown code. (The query API's "within" filter of units.)
std::set<std::int64_t> units_within(Database& db, const std::string& code);

// Parses the request object of the query API ({"aggregate": "figures", ...}).
SumRequest parse_sum_request(const nlohmann::json& request);

} // namespace campaign::store
