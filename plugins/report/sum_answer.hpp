#pragma once

// The host's answer to an "aggregate" request (docs/plugins.md, "Sums of
// figures"), read into rows by simdjson: the answer for a province holds
// hundreds of thousands of them.

#include "aggregate.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace campaign::report {

// The most requests an analysis makes to read figure by figure what the
// running totals cannot stand for (a unit's indicator, or an indicator whole).
inline constexpr std::size_t k_most_reads = 1000;

// Moves to `whole` the indicators with the most units in `groups` (a unit
// and an indicator's code, each read with a request of its own) until the
// requests, one per group of an indicator not in `whole` and one per
// indicator in `whole`, are at most k_most_reads: an indicator read whole
// takes one request however many of its units must be read. Returns false
// when even every indicator read whole takes more.
template <typename Unit>
bool fit_reads(const std::set<std::pair<Unit, std::string>>& groups, std::set<std::string>& whole) {
  for (;;) {
    std::map<std::string, std::size_t> units_of;
    for (const auto& [unit, code] : groups) {
      if (whole.count(code) == 0) {
        ++units_of[code];
      }
    }
    std::size_t reads = whole.size();
    for (const auto& [code, units] : units_of) {
      reads += units;
    }
    if (reads <= k_most_reads) {
      return true;
    }
    if (units_of.empty()) {
      return false;
    }
    const auto most = std::max_element(units_of.begin(), units_of.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    whole.insert(most->first);
  }
}

// Reads figure by figure what the running totals cannot stand for: each
// indicator of `whole` with one request, and each of `groups` (a unit and an
// indicator's code) of another indicator with one, once fit_reads() has moved
// the most crowded indicators to `whole`. `read(filters)` returns the figures
// a "list" of "figure" with those filters ("unit", "indicator") gives;
// `code_of(unit)` a unit's code. Returns the figures by indicator, or nullopt
// when fit_reads() finds them too many to read apart.
template <typename Unit, typename Read, typename CodeOf>
std::optional<std::map<std::string, std::vector<Figure>>> read_apart(
  const std::set<std::pair<Unit, std::string>>& groups, std::set<std::string>& whole, Read&& read,
  CodeOf&& code_of) {
  if (!fit_reads(groups, whole)) {
    return std::nullopt;
  }
  std::map<std::string, std::vector<Figure>> figures_of;
  auto keep = [&figures_of](std::vector<Figure> figures) {
    for (Figure& figure : figures) {
      figures_of[figure.indicator].push_back(std::move(figure));
    }
  };
  for (const std::string& code : whole) {
    keep(read(std::map<std::string, std::string>{{"indicator", code}}));
  }
  for (const auto& [unit, code] : groups) {
    if (whole.count(code) == 0) {
      keep(read(std::map<std::string, std::string>{{"unit", code_of(unit)}, {"indicator", code}}));
    }
  }
  return figures_of;
}

// One row; the fields of the columns the request did not group by stay empty.
struct SumRow {
  std::size_t span = 0; // the index of its span, when the request named several
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
  unsigned qualifiers = 0; // 1 << Qualifier for each code present
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
  // The groups whose figures are partly left out (their totals reach across an
  // edge of a span): the span, the group's columns and the figures left out.
  std::vector<SumRow> crossing;
  // The groups with figures whose value is not a whole number (their sum
  // depends on the order of addition): the group's columns and how many;
  // nullopt when the answer does not say.
  std::optional<std::vector<SumRow>> fractional;
  std::vector<std::int64_t> partial; // one count per span; empty when the answer has none

  // Returns true when the answer counts no partial figure for any span.
  bool whole() const;
};

// Returns the answer, or nullopt when the text is not one: not JSON, a
// column it does not know, a row of the wrong length or a field of the wrong
// type, rows before columns, a qualifier code it does not know.
std::optional<SumAnswer> parse_sum_answer(const std::string& text);

// The same, handing each row to `each` as it is read rather than keeping it
// in `answer` (the row is refilled for the next one; "crossing" is kept):
// returns false when the text is not an answer or `each` returned false.
bool read_sum_answer(const std::string& text, SumAnswer& answer, const std::function<bool(const SumRow&)>& each);

// Returns the row as a figure standing for the `figures` it sums: their
// total (their largest value for max), smallest id, extent, combined
// qualifier, and the row's unit, indicator, source and batch.
Figure figure_of_sums(SumRow&& row, Aggregation aggregation);

// Returns the figures of the host's answer to a "list" of "figure" request,
// read by simdjson (the list may hold hundreds of thousands); throws
// sdk::Failure when the text is not a JSON array of objects.
std::vector<Figure> figures_of_list(const std::string& text);

} // namespace campaign::report
