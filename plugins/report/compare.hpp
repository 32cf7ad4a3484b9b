#pragma once

// The "compare" analysis: what changed between periods of uneven length,
// normalised per year or month, honest about bounds, shared days, figures
// that straddle a period's edge and units that merged or split.

#include "aggregate.hpp"
#include "analysis.hpp"
#include "compare_math.hpp"

#include <campaign/plugin.hpp>

#include <map>
#include <optional>
#include <string>
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
// [start, end]: the only place the comparison reads figures.
std::vector<Figure> fetch_figures(const Ask& ask, const std::string& campaign, const std::string& start,
                                  const std::string& end);

// The figures of each period as sums per unit and indicator, read from the
// host's running totals.
struct PeriodSums {
  // Per period (in the order of the spans asked for): one entry per unit and
  // indicator, standing for `count` figures; `value` is their sum, or their
  // largest value for an indicator taken as a maximum; `from` and `to` are
  // the first start and last end, `id` the smallest id.
  std::vector<std::vector<Figure>> periods;
  // The units with a figure in the whole window (every period and the days between).
  std::vector<std::string> reporting;
};

// Returns the figures of each span of `counting` as sums, when the sums give
// exactly what the figures one by one would: every figure sharing a day with
// [start, end] lies wholly inside it and inside or outside each span (none
// reaches across an edge), no figure lies wholly within any of `shared`, and
// for the indicators of `aggregations` none is taken as the latest value, and
// none that adds up has figures sharing time within a unit or figures of a
// unit above another. Returns nullopt otherwise, or when the host keeps no
// running totals.
std::optional<PeriodSums> fetch_sums(const Ask& ask, const std::string& campaign,
                                     const std::vector<Span>& counting, const std::vector<Span>& shared,
                                     const std::string& start, const std::string& end,
                                     const std::map<std::string, Aggregation>& aggregations,
                                     const UnitTree& units);

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
