#pragma once

// The "compare" analysis: what changed between periods of uneven length,
// normalised per year or month, honest about bounds, shared days, figures
// that straddle a period's edge and units that merged or split.

#include "aggregate.hpp"
#include "analysis.hpp"
#include "compare_math.hpp"

#include <campaign/plugin.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace campaign::report {

// What the comparison is asked for. Empty campaign: the only campaign; empty
// unit: the lowest unit above all that reported; empty indicators: all.
struct CompareRequest {
  std::string campaign;
  std::vector<std::string> periods; // at least two period names or expressions
  std::string unit;
  Per per = Per::year;
  std::vector<std::string> indicators;
  bool exclusive = false;
  bool prorate = false;
  std::string lang = "vi";
  bool sums = true; // read the host's running totals when they give the same document
  // How many units each ranking table lists (nullopt: all); the rest are counted in a paragraph.
  std::optional<std::size_t> units_listed = k_units_listed;
};

// Returns the comparison's report document (docs/report-document.md, "The
// compare analysis"), built only from answers to `ask`. Throws sdk::Failure
// (invalid input) for fewer than two periods, a period expression it cannot
// read and an unknown indicator; a request the host refuses throws sdk::HostRefused.
std::string build_comparison(const CompareRequest& request, const Ask& ask);

// Returns every figure of the campaign whose span shares a day with
// [start, end], of the unit and indicator `filters` name if any (the filters
// of a figure list): the only place the comparison reads figures.
std::vector<Figure> fetch_figures(const Ask& ask, const std::string& campaign, const std::string& start,
                                  const std::string& end, std::map<std::string, std::string> filters = {});

// The units by index, to read hundreds of thousands of sums without a map of
// codes at every step.
class UnitIndex {
public:
  // Adds a unit; `parent` may be empty or name a unit added later.
  void add(const std::string& code, const std::string& parent);

  std::size_t size() const { return m_codes.size(); }
  const std::string& code(std::uint32_t unit) const { return m_codes[unit]; }
  std::optional<std::uint32_t> find(const std::string& code) const;

  // Returns true when some unit is listed as its own ancestor.
  bool cyclic() const {
    resolve();
    return m_cyclic;
  }

  // Calls f(index) for the unit and each unit above it, nearest first (each
  // once unless cyclic()).
  template <typename F>
  void each_above(std::uint32_t unit, F&& f) const {
    resolve();
    std::int64_t current = unit;
    for (std::size_t steps = 0; current >= 0 && steps < m_codes.size(); ++steps) {
      f(static_cast<std::uint32_t>(current));
      current = m_parent[static_cast<std::size_t>(current)];
    }
  }

private:
  void resolve() const; // the parents' indexes, once every unit is added

  std::vector<std::string> m_codes;
  std::vector<std::string> m_parent_codes;
  std::unordered_map<std::string, std::uint32_t> m_index;
  mutable std::vector<std::int64_t> m_parent; // -1: none known
  mutable bool m_cyclic = false;
};

// The most spans the host answers in one aggregate request.
inline constexpr std::size_t k_most_spans = 64;

// One unit's sum of one indicator in one period, from the host's running totals.
struct UnitSum {
  std::uint32_t unit = 0;      // in the UnitIndex
  std::uint32_t indicator = 0; // in the list of indicators asked for
  double value = 0;            // the sum of the figures, or the largest for an indicator taken as a maximum
  unsigned qualifiers = 0;     // 1 << Qualifier for each present among the figures
};

// The figures of each period as sums per unit and indicator, and the figures
// the sums cannot stand for, one by one.
struct PeriodSums {
  std::vector<std::vector<UnitSum>> periods; // in the order of the spans asked for
  // The figures (sharing a day with the window) of the units and indicators
  // read one by one; their totals are not in `periods`.
  std::vector<Figure> figures;
  std::vector<std::uint32_t> reporting; // the units with a figure in the whole window, in index order
};

// Returns the figures of each span of `counting` as sums per unit and
// indicator, read with one aggregate request, and the figures of the units
// and indicators whose sums would not give what the figures one by one give,
// read one by one: a unit and indicator with a figure across an edge of a
// span (including the window [start, end] and the spans of `shared`), with a
// figure wholly within one of `shared` (the comparison lists those), or, of
// an indicator that adds up, with figures sharing time or a value that is not
// a whole number; and every figure of an indicator (of `indicators`: code and
// aggregation) taken as the latest value, or that adds up and has figures of
// a unit above another, or with too many units to read apart (fit_reads()).
// Returns nullopt (then every figure is read) when a unit is not in `units`
// or `units` is cyclic(), when the spans (counted, shared and the window) are
// more than k_most_spans or the reads apart still more than k_most_reads, or
// when the host keeps no running totals. The indicators' codes are unique.
std::optional<PeriodSums> fetch_sums(const Ask& ask, const std::string& campaign,
                                     const std::vector<Span>& counting, const std::vector<Span>& shared,
                                     const std::string& start, const std::string& end,
                                     const std::vector<std::pair<std::string, Aggregation>>& indicators,
                                     const UnitIndex& units);

// Returns the list split at ';' and ',' with blanks trimmed and empty items dropped.
std::vector<std::string> split_list(const std::string& text, std::string_view separators);

// The "compare" analysis: options campaign, periods (separated by ';'), unit,
// per, indicator (codes separated by ','), exclusive, prorate, lang and sums.
class CompareAnalysis : public sdk::Analysis {
public:
  CompareAnalysis();
  void run(sdk::Call& call, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) override;
};

} // namespace campaign::report
