#include "compare_math.hpp"

#include <campaign/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <set>

namespace campaign::report {

namespace {

constexpr double k_tolerance = 1e-9;

// A value as the interval it stands for; an empty end is open.
struct Interval {
  std::optional<double> low;
  std::optional<double> high;
  bool estimate = false;
};

Interval interval_of(const Quantity& q) {
  switch (q.qualifier) {
  case Qualifier::at_least:
    return {q.value, std::nullopt, false};
  case Qualifier::at_most:
    return {std::nullopt, q.value, false};
  case Qualifier::about:
    return {q.value, q.value, true};
  case Qualifier::exact:
    break;
  }
  return {q.value, q.value, false};
}

bool near(double a, double b) {
  return std::fabs(a - b) <= k_tolerance * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// The interval as a quantity: a point, a lower or an upper bound; nullopt when
// nothing is known, or when an estimate would have to carry a bound.
std::optional<Quantity> quantity_of(const Interval& i) {
  if (i.low && i.high) {
    // Both ends known: the intervals of this file only give a point here.
    return Quantity{*i.low, i.estimate ? Qualifier::about : Qualifier::exact};
  }
  if (i.estimate) {
    return std::nullopt;
  }
  if (i.low) {
    return Quantity{*i.low, Qualifier::at_least};
  }
  if (i.high) {
    return Quantity{*i.high, Qualifier::at_most};
  }
  return std::nullopt;
}

// -1, 0 or +1 when the sign of the change is certain, nullopt otherwise.
std::optional<int> direction_of(const Quantity& change) {
  switch (change.qualifier) {
  case Qualifier::exact:
  case Qualifier::about:
    if (near(change.value, 0)) {
      return 0;
    }
    return change.value > 0 ? 1 : -1;
  case Qualifier::at_least:
    return change.value > k_tolerance ? std::optional<int>(1) : std::nullopt;
  case Qualifier::at_most:
    return change.value < -k_tolerance ? std::optional<int>(-1) : std::nullopt;
  }
  return std::nullopt;
}

int bucket(Verdict verdict) {
  switch (verdict) {
  case Verdict::better:
  case Verdict::worse:
  case Verdict::unchanged:
    return 0;
  case Verdict::new_value:
    return 1;
  case Verdict::undetermined:
    return 2;
  case Verdict::no_data:
    return 3;
  case Verdict::not_comparable:
    break;
  }
  return 4;
}

std::string day_before(const std::string& iso) {
  const auto day = day_number(iso);
  if (!day) {
    return iso;
  }
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  long z = *day - 1 + 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  const long d = doy - (153 * mp + 2) / 5 + 1;
  const long m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2 ? 1 : 0;
  auto padded = [](long value, std::size_t width) {
    std::string digits = std::to_string(value);
    return std::string(width - std::min(width, digits.size()), '0') + digits;
  };
  return padded(y, 4) + "-" + padded(m, 2) + "-" + padded(d, 2);
}

} // namespace

Per parse_per(std::string_view text) {
  if (text == "year") {
    return Per::year;
  }
  if (text == "month") {
    return Per::month;
  }
  if (text == "total") {
    return Per::total;
  }
  throw sdk::Failure("per: '" + std::string(text) + "' is not year, month or total", CAMPAIGN_INVALID_INPUT);
}

long days_between(std::string_view from, std::string_view to) {
  const auto first = day_number(from);
  const auto last = day_number(to);
  if (!first || !last || *last < *first) {
    return 0;
  }
  return *last - *first + 1;
}

long days_of(const Span& span) {
  return days_between(span.start, span.end);
}

Quantity rate(const Quantity& total, long days, Per per) {
  if (per == Per::total || days <= 0) {
    return total;
  }
  const double length = per == Per::year ? k_days_per_year : k_days_per_month;
  return {total.value * length / static_cast<double>(days), total.qualifier};
}

std::string_view verdict_code(Verdict verdict) {
  switch (verdict) {
  case Verdict::better:
    return "better";
  case Verdict::worse:
    return "worse";
  case Verdict::unchanged:
    return "unchanged";
  case Verdict::undetermined:
    return "undetermined";
  case Verdict::new_value:
    return "new";
  case Verdict::no_data:
    return "no_data";
  case Verdict::not_comparable:
    break;
  }
  return "not_comparable";
}

Change compare_values(const std::optional<Quantity>& before, const std::optional<Quantity>& after,
                      bool lower_is_better) {
  Change change;
  if (!before || !after || !std::isfinite(before->value) || !std::isfinite(after->value)) {
    change.verdict = Verdict::no_data;
    return change;
  }
  const Interval a = interval_of(*before);
  const Interval b = interval_of(*after);
  change.estimate = a.estimate || b.estimate;
  Interval absolute;
  absolute.estimate = change.estimate;
  if (b.low && a.high) {
    absolute.low = *b.low - *a.high;
  }
  if (b.high && a.low) {
    absolute.high = *b.high - *a.low;
  }
  change.absolute = quantity_of(absolute);

  // A base of zero: nothing to take a percentage of.
  const bool zero_base = a.high && near(*a.high, 0) && (!a.low || near(*a.low, 0));
  if (zero_base) {
    const bool zero_after = b.low && b.high && near(*b.low, 0);
    if (zero_after) {
      change.verdict = Verdict::unchanged;
      change.percent = Quantity{0, change.estimate ? Qualifier::about : Qualifier::exact};
    } else {
      change.verdict = Verdict::new_value;
    }
    return change;
  }
  Interval percent;
  percent.estimate = change.estimate;
  if (b.low && a.high && *a.high > 0) {
    percent.low = (*b.low / *a.high - 1.0) * 100.0;
  }
  if (b.high && a.low && *a.low > 0) {
    percent.high = (*b.high / *a.low - 1.0) * 100.0;
  }
  change.percent = quantity_of(percent);

  const std::optional<Quantity>& measure = change.percent ? change.percent : change.absolute;
  const std::optional<int> direction = measure ? direction_of(*measure) : std::nullopt;
  if (!direction) {
    change.verdict = Verdict::undetermined;
  } else if (*direction == 0) {
    change.verdict = Verdict::unchanged;
  } else {
    change.verdict = (*direction > 0) != lower_is_better ? Verdict::better : Verdict::worse;
  }
  return change;
}

std::optional<Span> shared_days(const Span& a, const Span& b) {
  Span shared{"", std::max(a.start, b.start), std::min(a.end, b.end), false};
  if (shared.end < shared.start) {
    return std::nullopt;
  }
  shared.label = shared.start + ".." + shared.end;
  return shared;
}

std::vector<Span> exclusive_spans(const std::vector<Span>& periods) {
  std::vector<Span> result = periods;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    for (std::size_t j = 0; j < periods.size(); ++j) {
      const bool later =
        periods[j].start > periods[i].start || (periods[j].start == periods[i].start && j > i);
      if (i == j || !later || !shared_days(periods[i], periods[j])) {
        continue;
      }
      if (periods[j].start <= periods[i].start) {
        throw sdk::Failure("exclusive: periods '" + periods[i].label + "' and '" + periods[j].label +
                             "' start on the same day; the earlier one would keep no days",
                           CAMPAIGN_INVALID_INPUT);
      }
      result[i].end = std::min(result[i].end, day_before(periods[j].start));
    }
  }
  return result;
}

double share_inside(std::string_view from, std::string_view to, const Span& span) {
  const long total = days_between(from, to);
  if (total <= 0) {
    return 0;
  }
  const std::string start = std::max(std::string(from), span.start);
  const std::string end = std::min(std::string(to), span.end);
  return static_cast<double>(days_between(start, end)) / static_cast<double>(total);
}

Quantity prorate(const Quantity& value, std::string_view from, std::string_view to, const Span& span) {
  return {value.value * share_inside(from, to, span), Qualifier::about};
}

RollUp roll_up(const std::string& unit, const std::vector<LineageEvent>& events, std::string_view first_start,
               std::string_view last_end) {
  RollUp result;
  std::set<std::string> seen{unit};
  std::vector<std::string> pending{unit};
  result.units.push_back(unit);
  auto consider_split = [&](const LineageEvent& event) {
    if (result.comparable && event.date > first_start && event.date <= last_end) {
      result.comparable = false;
      result.split_date = event.date;
      result.split = event.predecessors;
    }
  };
  while (!pending.empty()) {
    const std::string current = pending.back();
    pending.pop_back();
    for (const LineageEvent& event : events) {
      const bool produced =
        std::find(event.successors.begin(), event.successors.end(), current) != event.successors.end();
      const bool ended =
        std::find(event.predecessors.begin(), event.predecessors.end(), current) != event.predecessors.end();
      if (event.kind == "split") {
        if (produced || ended) {
          consider_split(event);
        }
        continue;
      }
      if (!produced) {
        continue;
      }
      for (const std::string& predecessor : event.predecessors) {
        if (seen.insert(predecessor).second) {
          result.units.push_back(predecessor);
          pending.push_back(predecessor);
        }
      }
    }
  }
  return result;
}

std::vector<std::size_t> rank_by_change(const std::vector<Change>& changes, bool lower_is_better) {
  std::vector<std::size_t> order(changes.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    order[i] = i;
  }
  auto score = [&](const Change& change) -> std::optional<double> {
    const std::optional<Quantity>& measure = change.percent ? change.percent : change.absolute;
    if (!measure) {
      return std::nullopt;
    }
    return lower_is_better ? -measure->value : measure->value;
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    const int bx = bucket(changes[x].verdict);
    const int by = bucket(changes[y].verdict);
    if (bx != by) {
      return bx < by;
    }
    if (bx != 0) {
      return false;
    }
    const bool px = changes[x].percent.has_value();
    const bool py = changes[y].percent.has_value();
    if (px != py) {
      return px;
    }
    const auto sx = score(changes[x]);
    const auto sy = score(changes[y]);
    if (sx && sy) {
      return *sx > *sy;
    }
    return sx.has_value() && !sy.has_value();
  });
  return order;
}

} // namespace campaign::report
