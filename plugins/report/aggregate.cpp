#include "aggregate.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace campaign::report {

namespace {

long span_days(const Figure& figure) {
  const auto from = day_number(figure.from);
  const auto to = day_number(figure.to);
  return from && to ? *to - *from + 1 : 0;
}

bool spans_overlap(const Figure& a, const Figure& b) {
  return a.from <= b.to && b.from <= a.to;
}

// Later figures first: by end date, then start date, source date and id.
bool later(const Figure* a, const Figure* b) {
  if (a->to != b->to) {
    return a->to > b->to;
  }
  if (a->from != b->from) {
    return a->from > b->from;
  }
  if (a->source_date != b->source_date) {
    return a->source_date > b->source_date;
  }
  return a->id > b->id;
}

Total total_of(std::vector<const Figure*> counted, double value) {
  Total total;
  std::vector<Qualifier> qualifiers;
  for (const Figure* figure : counted) {
    qualifiers.push_back(figure->qualifier);
    total.end = std::max(total.end, figure->to);
    total.figures += figure->count;
  }
  total.value = {value, combine(qualifiers)};
  std::sort(counted.begin(), counted.end(), [](const Figure* a, const Figure* b) { return a->id < b->id; });
  total.counted = std::move(counted);
  return total;
}

std::optional<Total> aggregate_sum(const std::vector<const Figure*>& figures, const UnitTree& units,
                                   std::vector<SetAside>* set_aside) {
  // Higher units first, then longer spans, later source dates, later ids;
  // each figure's depth and length worked out once, not at every comparison.
  struct Entry {
    int depth;
    long length;
    const Figure* figure;
  };
  std::unordered_map<std::string, int> depth_of;
  std::vector<Entry> entries;
  entries.reserve(figures.size());
  for (const Figure* figure : figures) {
    auto depth = depth_of.find(figure->unit);
    if (depth == depth_of.end()) {
      depth = depth_of.emplace(figure->unit, units.depth(figure->unit)).first;
    }
    entries.push_back({depth->second, span_days(*figure), figure});
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.depth != b.depth) {
      return a.depth < b.depth;
    }
    if (a.length != b.length) {
      return a.length > b.length;
    }
    if (a.figure->source_date != b.figure->source_date) {
      return a.figure->source_date > b.figure->source_date;
    }
    return a.figure->id > b.figure->id;
  });
  std::unordered_map<std::string, std::vector<std::string>> lineage_of;
  std::unordered_map<std::string, std::vector<const Figure*>> kept_by_unit;
  std::vector<const Figure*> kept;
  double sum = 0;
  for (const Entry& entry : entries) {
    const Figure* figure = entry.figure;
    auto lineage = lineage_of.find(figure->unit);
    if (lineage == lineage_of.end()) {
      lineage = lineage_of.emplace(figure->unit, units.lineage(figure->unit)).first;
    }
    const Figure* covering = nullptr;
    for (const std::string& unit : lineage->second) {
      const auto kept_here = kept_by_unit.find(unit);
      if (kept_here == kept_by_unit.end()) {
        continue;
      }
      for (const Figure* other : kept_here->second) {
        if (spans_overlap(*figure, *other)) {
          covering = other;
          break;
        }
      }
      if (covering != nullptr) {
        break;
      }
    }
    if (covering != nullptr) {
      if (set_aside != nullptr) {
        set_aside->push_back({figure, covering});
      }
      continue;
    }
    kept_by_unit[figure->unit].push_back(figure);
    kept.push_back(figure);
    sum += figure->value;
  }
  if (kept.empty()) {
    return std::nullopt;
  }
  return total_of(std::move(kept), sum);
}

std::optional<Total> aggregate_max(const std::vector<const Figure*>& figures) {
  if (figures.empty()) {
    return std::nullopt;
  }
  double best = figures.front()->value;
  for (const Figure* figure : figures) {
    best = std::max(best, figure->value);
  }
  return total_of(figures, best);
}

std::optional<Total> aggregate_last(const std::vector<const Figure*>& figures, const std::string& root,
                                    const UnitTree& units) {
  std::map<std::string, std::vector<const Figure*>> by_unit;
  for (const Figure* figure : figures) {
    by_unit[figure->unit].push_back(figure);
  }
  std::function<std::optional<Total>(const std::string&, int)> last_of =
    [&](const std::string& unit, int depth) -> std::optional<Total> {
    std::optional<Total> below;
    if (depth < 64) {
      std::vector<const Figure*> counted;
      double sum = 0;
      std::string end;
      for (const std::string& child : units.children(unit)) {
        if (auto total = last_of(child, depth + 1)) {
          sum += total->value.value;
          end = std::max(end, total->end);
          counted.insert(counted.end(), total->counted.begin(), total->counted.end());
        }
      }
      if (!counted.empty()) {
        below = total_of(counted, sum);
      }
    }
    const auto own = by_unit.find(unit);
    if (own != by_unit.end() && !own->second.empty()) {
      const Figure* latest = *std::min_element(own->second.begin(), own->second.end(), later);
      if (!below || latest->to >= below->end) {
        return total_of({latest}, latest->value);
      }
    }
    return below;
  };
  return last_of(root, 0);
}

} // namespace

void UnitTree::add(const std::string& code, const std::string& parent) {
  m_parent[code] = parent;
  m_children_ready = false;
}

std::string UnitTree::parent_of(const std::string& unit) const {
  const auto it = m_parent.find(unit);
  if (it == m_parent.end() || m_parent.count(it->second) == 0) {
    return {};
  }
  return it->second;
}

bool UnitTree::within(const std::string& unit, const std::string& root) const {
  if (root.empty()) {
    return true;
  }
  std::string current = unit;
  for (std::size_t steps = 0; steps <= m_parent.size() && !current.empty(); ++steps) {
    if (current == root) {
      return true;
    }
    current = parent_of(current);
  }
  return false;
}

std::vector<std::string> UnitTree::lineage(const std::string& unit) const {
  std::vector<std::string> result;
  std::string current = unit;
  for (std::size_t steps = 0; steps <= m_parent.size() && !current.empty(); ++steps) {
    result.push_back(current);
    current = parent_of(current);
  }
  return result;
}

int UnitTree::depth(const std::string& unit) const {
  int depth = 0;
  std::string current = parent_of(unit);
  for (std::size_t steps = 0; steps <= m_parent.size() && !current.empty(); ++steps) {
    ++depth;
    current = parent_of(current);
  }
  return depth;
}

const std::vector<std::string>& UnitTree::children(const std::string& unit) const {
  if (!m_children_ready) {
    m_children.clear();
    for (const auto& [code, parent] : m_parent) {
      // A unit that is its own ancestor would loop: it stays out of the tree's walks.
      if (!within(parent_of(code), code) || parent_of(code).empty()) {
        m_children[parent_of(code)].push_back(code);
      }
    }
    m_children_ready = true;
  }
  static const std::vector<std::string> k_none;
  const auto it = m_children.find(unit);
  return it == m_children.end() ? k_none : it->second;
}

std::string UnitTree::common_ancestor(const std::vector<std::string>& units) const {
  if (units.empty()) {
    return {};
  }
  std::string candidate = units.front();
  for (std::size_t steps = 0; steps <= m_parent.size() && !candidate.empty(); ++steps) {
    const bool covers = std::all_of(units.begin(), units.end(),
                                    [&](const std::string& unit) { return within(unit, candidate); });
    if (covers) {
      return candidate;
    }
    candidate = parent_of(candidate);
  }
  return {};
}

Aggregation parse_aggregation(std::string_view code) {
  if (code == "max") {
    return Aggregation::max;
  }
  if (code == "last") {
    return Aggregation::last;
  }
  return Aggregation::sum;
}

std::optional<Total> aggregate(const std::vector<const Figure*>& figures, const std::string& root,
                               const UnitTree& units, Aggregation aggregation,
                               std::vector<SetAside>* set_aside) {
  std::vector<const Figure*> below;
  for (const Figure* figure : figures) {
    if (units.within(figure->unit, root)) {
      below.push_back(figure);
    }
  }
  switch (aggregation) {
  case Aggregation::max:
    return aggregate_max(below);
  case Aggregation::last:
    return aggregate_last(below, root, units);
  case Aggregation::sum:
    break;
  }
  return aggregate_sum(below, units, set_aside);
}

std::optional<Total> aggregate_disjoint(const std::vector<const Figure*>& figures, const std::string& root,
                                        const UnitTree& units, Aggregation aggregation) {
  std::vector<const Figure*> below;
  double sum = 0;
  for (const Figure* figure : figures) {
    if (units.within(figure->unit, root)) {
      below.push_back(figure);
      sum += figure->value;
    }
  }
  if (aggregation == Aggregation::max) {
    return aggregate_max(below);
  }
  if (below.empty()) {
    return std::nullopt;
  }
  return total_of(std::move(below), sum);
}

std::optional<Total> add_totals(std::optional<Total> a, std::optional<Total> b, Aggregation aggregation) {
  if (!a || !b) {
    return a ? a : b;
  }
  Total total;
  total.value = {aggregation == Aggregation::max ? std::max(a->value.value, b->value.value)
                                                 : a->value.value + b->value.value,
                 combine({a->value.qualifier, b->value.qualifier})};
  total.counted = std::move(a->counted);
  total.counted.insert(total.counted.end(), b->counted.begin(), b->counted.end());
  std::sort(total.counted.begin(), total.counted.end(), [](const Figure* x, const Figure* y) { return x->id < y->id; });
  total.figures = a->figures + b->figures;
  total.end = std::max(a->end, b->end);
  return total;
}

std::vector<int> ranks(const std::vector<double>& values, bool lower_is_better) {
  // Rank = 1 + the number of values strictly better, found in sorted order.
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  std::vector<int> result(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const auto better = lower_is_better
                          ? std::lower_bound(sorted.begin(), sorted.end(), values[i]) - sorted.begin()
                          : sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), values[i]);
    result[i] = static_cast<int>(better) + 1;
  }
  return result;
}

} // namespace campaign::report
