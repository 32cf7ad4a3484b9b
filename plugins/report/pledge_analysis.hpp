#pragma once

// The "pledges" analysis: the ranking of a period's signatories and one
// scoring sheet per signatory, from the host's pledge score and rank answers.

#include "analysis.hpp"

#include <campaign/plugin.hpp>

#include <string>

namespace campaign::report {

// What the pledge report is asked for. Empty campaign: the only campaign;
// empty period: the only period with pledges; empty unit: every signatory.
struct PledgeReportRequest {
  std::string campaign;
  std::string period;
  std::string unit;
  std::string as_of; // YYYY-MM-DD; empty: today
  std::string lang = "vi";
};

// Returns the pledge report document (docs/report-document.md, "The pledges
// analysis"), built only from answers to `ask`. Throws sdk::Failure (invalid
// input) when no campaign is given and the database has more or fewer than
// one; a request the host refuses (an unknown campaign or period) throws
// sdk::HostRefused with the host's reason.
std::string build_pledge_report(const PledgeReportRequest& request, const Ask& ask);

// The "pledges" analysis: options campaign, period, unit, as_of and lang.
class PledgeAnalysis : public sdk::Analysis {
public:
  PledgeAnalysis();
  void run(sdk::Call& call, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) override;
};

} // namespace campaign::report
