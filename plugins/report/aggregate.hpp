#pragma once

// How the summary turns figures into one value per unit and indicator: the
// indicator's aggregation over time, roll-up through the unit tree, never a
// value counted twice.

#include "document.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace campaign::report {

// One figure as the query API lists it.
struct Figure {
  std::int64_t id = 0;
  std::string unit;
  std::string indicator;
  std::string from;
  std::string to;
  double value = 0;
  Qualifier qualifier = Qualifier::exact;
  std::string source;
  std::string source_number;
  std::string source_date;
  std::string note;
  std::optional<std::int64_t> batch;
  // How many figures this entry stands for: 1 for a figure; a group of
  // figures read as a sum (one unit, indicator, source and batch) has its
  // count, its smallest id, its sum (or largest value for "max") and the
  // qualifiers of its figures combined.
  std::int64_t count = 1;
  bool sum = false; // read as a sum of figures (the host's running totals)
};

// The units as a tree of codes. The empty code is the root above every unit
// without a (known) parent, so "" as a scope means all units.
class UnitTree {
public:
  // Adds a unit; `parent` may be empty or name a unit added later.
  void add(const std::string& code, const std::string& parent);

  // Returns true when `unit` is `root` or lies below it.
  bool within(const std::string& unit, const std::string& root) const;

  // Returns the unit and the units above it, nearest first.
  std::vector<std::string> lineage(const std::string& unit) const;

  // Returns the number of units above `unit` (0 for a top-level unit).
  int depth(const std::string& unit) const;

  // Returns the units directly below `unit` ("" for the top level), in code order.
  const std::vector<std::string>& children(const std::string& unit) const;

  // Returns the lowest unit that every unit of the list is or lies below;
  // "" when they share none or the list is empty.
  std::string common_ancestor(const std::vector<std::string>& units) const;

private:
  std::string parent_of(const std::string& unit) const;
  std::map<std::string, std::string> m_parent;
  mutable std::map<std::string, std::vector<std::string>> m_children;
  mutable bool m_children_ready = false;
};

enum class Aggregation { sum, max, last };

// Returns the aggregation named "sum", "max" or "last"; sum for anything else.
Aggregation parse_aggregation(std::string_view code);

// The value of one indicator for one unit over the period, and the figures behind it.
struct Total {
  Quantity value;
  std::vector<const Figure*> counted;
  std::int64_t figures = 0; // the figures counted (entries of `counted` may stand for several)
  std::string end; // the last day covered by a counted figure
};

// A figure not counted because a figure it overlaps already covers it.
struct SetAside {
  const Figure* figure = nullptr;
  const Figure* kept = nullptr;
};

// Returns the total of one indicator's figures (all inside the period) for
// `root` and the units below it, or nullopt when none of them has a figure.
//   sum: figures are added; when two overlap in time and one's unit is the
//        other's or lies above it, only the figure of the higher unit (then
//        the longer span, the later source date, the later id) is counted and
//        the other goes to `set_aside`;
//   max: the largest value;
//   last: a unit's latest figure (by end date), or, when figures of the units
//        below it end later, the sum of those units' own "last" totals.
// Qualifiers combine as text.hpp's combine() says.
std::optional<Total> aggregate(const std::vector<const Figure*>& figures, const std::string& root,
                               const UnitTree& units, Aggregation aggregation,
                               std::vector<SetAside>* set_aside = nullptr);

// Returns the total of `figures` (groups of figures known to share no time
// with one another within a unit nor with the figures of the units above):
// the sum of their values, or for "max" the largest; nullopt when none of
// them lies at or below `root`. "last" is not computed this way.
std::optional<Total> aggregate_disjoint(const std::vector<const Figure*>& figures, const std::string& root,
                                        const UnitTree& units, Aggregation aggregation);

// Returns the total of two sets of figures (of one indicator) that share none:
// their values added, or the larger for "max"; either may be missing.
std::optional<Total> add_totals(std::optional<Total> a, std::optional<Total> b, Aggregation aggregation);

// Returns the competition rank (1, 1, 3, ...) of each value: descending for
// "higher is better", ascending when `lower_is_better`.
std::vector<int> ranks(const std::vector<double>& values, bool lower_is_better);

} // namespace campaign::report
