#pragma once

// The "compare" analysis: what changed between periods of uneven length,
// normalised per year or month, honest about bounds, shared days, figures
// that straddle a period's edge and units that merged or split.

#include "aggregate.hpp"
#include "analysis.hpp"
#include "compare_math.hpp"

#include <campaign/plugin.hpp>

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

// Returns the list split at ';' and ',' with blanks trimmed and empty items dropped.
std::vector<std::string> split_list(const std::string& text, std::string_view separators);

// The "compare" analysis: options campaign, periods (separated by ';'), unit,
// per, indicator (codes separated by ','), exclusive, prorate and lang.
class CompareAnalysis : public sdk::Analysis {
public:
  CompareAnalysis();
  void run(sdk::Call& call, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) override;
};

} // namespace campaign::report
