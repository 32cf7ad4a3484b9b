#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace campaign::store {

// One finding of `campaign check`: the rule it breaks, the table and row it
// concerns (0 when the rule is about the file as a whole) and a sentence.
struct CheckProblem {
  std::string rule;
  std::string table;
  std::int64_t row = 0;
  std::string message;
};

// What check_database found. The file is damaged when SQLite's own
// integrity check failed; then the domain rules were not looked at.
struct CheckReport {
  bool damaged = false;
  std::vector<CheckProblem> problems; // at most k_check_limit_per_rule per rule, then one "... and N more"
  std::size_t problem_count = 0;      // every problem found, also those left out of the list
  std::vector<std::string> rules_checked; // the names of every rule that ran, in order
};

// The most problems reported per rule; the count of the rest is one more problem.
inline constexpr std::size_t k_check_limit_per_rule = 100;

// Checks the database: PRAGMA integrity_check and foreign_key_check, then
// the domain's rules (exact subsets not above their parent, figures inside
// their unit's validity and their campaign, periods inside their campaign,
// pledge targets on existing indicators, values that suit their indicator,
// dates written YYYY-MM-DD, no unit or indicator its own ancestor, import
// batches finished). Reads only. Throws DatabaseError when SQLite cannot read
// the file at all.
CheckReport check_database(Database& db);

} // namespace campaign::store
