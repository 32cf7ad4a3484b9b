#pragma once

// Sums of figures read from the running totals of schema migration 4
// (figure_sums), grouped as a caller asks: the query API's "aggregate"
// request (docs/plugins.md) is answered here.

#include "store/database.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
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
  // Several spans answered from one reading, in place of `from` and `to`
  // (first and last day, ISO; empty: open): each row then starts with the
  // column "span", the span's index here, and "partial" is a list, one count
  // per span.
  std::vector<std::pair<std::string, std::string>> spans;
};

// Returns the JSON text {"grain": ..., "columns": [...], "rows": [[...], ...],
// "crossing": [[...], ...], "fractional": [[...], ...], "partial": N}: one
// row per group of the figures
// lying wholly inside the span, in no particular order, with the group's
// columns followed by "figures", "total", "largest", "qualifiers" (the codes
// present), "first_from", "last_to", "first_id", "noted" and "overlapping".
// "partial" counts the figures of the scope that are in no row because their
// month (or year) reaches across an edge of the span, and "crossing" says
// where they are: per group, its columns and how many it leaves out. A
// caller that must account for every figure reads those one by one.
// "fractional" names the groups (columns and count, never a span) with
// figures sharing a day with a span whose value is not a whole number: the
// sums of those may differ in the last digits from the same figures added in
// another order. With
// `spans`, the same for each span (rows and crossing groups start with the
// span's index; "partial" is a list). Throws InvalidInput for an unknown
// campaign, unit, indicator or grouping, or a span that ends before it starts.
std::string figure_sums(Database& db, const SumRequest& request);

// Returns the ids of the unit `code` and of every unit below it; throws
// InvalidInput for an unknown code. (The query API's "within" filter of units.)
std::set<std::int64_t> units_within(Database& db, const std::string& code);

// Parses the request object of the query API ({"aggregate": "figures", ...}).
SumRequest parse_sum_request(const nlohmann::json& request);

// Keeps the running totals of the figures one import batch writes, in place
// of the per-row trigger, which stands aside while the batch's id is in
// figure_sums_paused (schema migration 5). Around each write of figures:
// before_write() notes the last figure id; after_write() reads the new
// figures and, for each unit, indicator and campaign among them, computes
// the sums of the batch's figures there (reading the group whole only when it
// holds older figures) (month and year rows, as the
// trigger would, with "overlapping" counting those that share a day with any
// other figure of theirs) and replaces the batch's rows. Lives inside the
// import's transaction; the pause ends with resume(), or with the destructor.
class BatchSums {
public:
  BatchSums(sql::Connection& sql, std::int64_t batch_id);
  ~BatchSums();
  BatchSums(const BatchSums&) = delete;
  BatchSums& operator=(const BatchSums&) = delete;

  void before_write();
  void after_write();
  void resume();

private:
  struct SumRow; // one row of figure_sums for the batch, waiting to be written
  static constexpr std::size_t k_rows_per_put = 64;

  void put_rows(); // writes m_rows

  sql::Connection& m_sql;
  std::int64_t m_batch_id;
  std::int64_t m_last_id = 0;
  bool m_paused = false;
  std::unique_ptr<sql::Statement> m_last;   // the largest figure id
  std::unique_ptr<sql::Statement> m_new;    // the figures after an id, with unit, indicator and campaign
  std::unique_ptr<sql::Statement> m_older;  // whether a unit, indicator and campaign has figures up to an id
  std::unique_ptr<sql::Statement> m_group;  // the figures of one unit, indicator and campaign
  std::unique_ptr<sql::Statement> m_put;      // replaces one row of figure_sums
  std::unique_ptr<sql::Statement> m_put_many; // replaces k_rows_per_put rows
  std::vector<SumRow> m_rows;
};

} // namespace campaign::store
