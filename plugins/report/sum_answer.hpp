#pragma once

// The host's answer to an "aggregate" request (docs/plugins.md, "Sums of
// figures"), read straight into rows without building a JSON tree: the
// answer for a province holds hundreds of thousands of them.

#include "aggregate.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace campaign::report {

// One row; the fields of the columns the request did not group by stay empty.
struct SumRow {
  std::string unit;
  std::string indicator;
  std::string source; // document; empty for figures without a source
  std::string source_number;
  std::string source_date;
  std::optional<std::int64_t> batch;
  std::string year;
  std::string month;
  std::int64_t figures = 0;
  double total = 0;
  double largest = 0;
  std::vector<std::string> qualifiers; // the codes present
  std::string first_from;
  std::string last_to;
  std::int64_t first_id = 0;
  std::int64_t noted = 0;
  std::int64_t overlapping = 0;
};

struct SumAnswer {
  std::string grain;
  std::vector<std::string> columns;
  std::vector<SumRow> rows;
  std::optional<std::int64_t> partial;
};

// Returns the answer, or nullopt when the text is not one: not JSON, a
// column it does not know, a row of the wrong length or a field of the wrong
// type, rows before columns.
std::optional<SumAnswer> parse_sum_answer(const std::string& text);

// Returns the row as a figure standing for the `figures` it sums: their
// total (their largest value for max), smallest id, extent, combined
// qualifier, and the row's unit, indicator, source and batch.
Figure figure_of_sums(SumRow&& row, Aggregation aggregation);

} // namespace campaign::report
