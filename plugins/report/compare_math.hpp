#pragma once

// The arithmetic of the period comparison, without I/O: period lengths and
// rates, changes that respect qualifiers, shared days, prorating, lineage
// roll-up and the ranking by change. Every function takes and returns values.

#include "document.hpp"
#include "period.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

// What a rate is expressed per.
enum class Per { year, month, total };

// Returns the unit named "year", "month" or "total"; throws sdk::Failure (invalid input) otherwise.
Per parse_per(std::string_view text);

// The days of a year and of a month used by rates (the Julian year).
inline constexpr double k_days_per_year = 365.25;
inline constexpr double k_days_per_month = k_days_per_year / 12.0;

// Returns the number of days from `from` to `to`, both included; 0 when either is not an ISO date
// or `to` is before `from`.
long days_between(std::string_view from, std::string_view to);

// Returns the span's length in days, both ends included.
long days_of(const Span& span);

// Returns the total expressed per year or per month of a period of `days`
// days (the total itself for Per::total); the qualifier is kept. A period of
// no days gives the total unchanged.
Quantity rate(const Quantity& total, long days, Per per);

// How a value moved between two periods.
enum class Verdict {
  better,         // moved the way the indicator's direction prefers
  worse,          // moved the other way
  unchanged,      // the same
  undetermined,   // the bounds leave the direction open
  new_value,      // nothing (zero) before, something now
  no_data,        // one side has no figures
  not_comparable, // the unit's lineage does not allow a comparison (a split)
};

// Returns the verdict's code: "better", "worse", "unchanged", "undetermined", "new", "no_data",
// "not_comparable".
std::string_view verdict_code(Verdict verdict);

// The change from `before` to `after`. `absolute` and `percent` are empty
// when they cannot be known; a bound says which side is known ("at least
// +12 %" is {12, at_least}). `percent` is in percent (12 for +12 %).
struct Change {
  Verdict verdict = Verdict::no_data;
  std::optional<Quantity> absolute;
  std::optional<Quantity> percent;
  bool estimate = false; // an "about" value took part: the change is an estimate
};

// Returns the change between two values (rates) with their qualifiers; nullopt
// means no figures. Values are treated as intervals: exact [v, v], at_least
// [v, open), at_most (open, v], about [v, v] as an estimate. The change is what
// the intervals allow: exact (or about) when both ends are known, a lower or
// upper bound when one is, nothing when neither is (undetermined); a one-sided
// result that involves an estimate is undetermined too. A base of zero gives
// `new_value` (or `unchanged` when the later value is zero as well), a missing
// side `no_data`; no result is ever infinite or NaN.
Change compare_values(const std::optional<Quantity>& before, const std::optional<Quantity>& after,
                      bool lower_is_better);

// Returns the days two spans share, or nullopt when they share none.
std::optional<Span> shared_days(const Span& a, const Span& b);

// Returns the periods with the days they share given to the later one: each
// period ends the day before the next later-starting period that overlaps it
// begins. Throws sdk::Failure (invalid input) when a period would be left
// without days (a later period starting on the same day).
std::vector<Span> exclusive_spans(const std::vector<Span>& periods);

// Returns the share (0..1) of the days of [from, to] that lie in the span.
double share_inside(std::string_view from, std::string_view to, const Span& span);

// Returns the part of a figure over [from, to] that falls in the span, spread
// evenly by days, qualified `about` (an estimate); an `at_least` or `at_most`
// value keeps nothing exact either, so every prorated value is `about`.
Quantity prorate(const Quantity& value, std::string_view from, std::string_view to, const Span& span);

// A lineage event as the units' records hold it.
struct LineageEvent {
  std::string kind; // merge, split or rename
  std::string date; // the day it took effect
  std::vector<std::string> predecessors;
  std::vector<std::string> successors;
};

// Which units a compared unit stands for across time.
struct RollUp {
  std::vector<std::string> units; // the unit first, then its predecessors (merged or renamed into it)
  bool comparable = true;
  std::string split_date;         // when not comparable: the date of the split
  std::vector<std::string> split; // when not comparable: the units before the split
};

// Returns the unit with every unit merged or renamed into it, earlier events
// followed back in time. A split that produced the unit (or one of its
// predecessors) or split the unit itself, taking effect after `first_start`
// and on or before `last_end`, makes the unit not comparable: the records
// carry no allocation of the earlier figures.
RollUp roll_up(const std::string& unit, const std::vector<LineageEvent>& events, std::string_view first_start,
               std::string_view last_end);

// Returns the indexes of `changes` in ranking order: determined changes first,
// the best first (the largest percentage, or the smallest when lower is
// better; percentages unknown after those known), then new values, then
// undetermined, no data and not comparable; ties keep their input order.
std::vector<std::size_t> rank_by_change(const std::vector<Change>& changes, bool lower_is_better);

} // namespace campaign::report
