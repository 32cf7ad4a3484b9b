#pragma once

#include <campaign/plugin.hpp>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace campaign::report {

// Answers a query request (docs/plugins.md) with JSON; throws as sdk::Query::ask does.
using Ask = std::function<std::string(const std::string& request)>;

// Asks the host and parses its answer; throws sdk::Failure when the answer is not JSON.
nlohmann::json ask_json(const Ask& ask, const std::string& request);

// The records of `kind` the host lists with these filters.
nlohmann::json list_of(const Ask& ask, const std::string& kind,
                       const std::map<std::string, std::string>& filters = {});

// The request for that list.
std::string list_request(const std::string& kind, const std::map<std::string, std::string>& filters);

// How many units a ranking table lists unless the option "units" says otherwise.
constexpr std::size_t k_units_listed = 50;

// The option "units" of the analyses that rank units, and the number it asks
// for in `options` (nullopt: all); throws sdk::Failure for a value that is neither.
sdk::OptionDef units_option();
std::optional<std::size_t> units_listed(const sdk::Options& options);

// What the summary is asked for: campaign, period and scope unit as the user
// gave them (empty when not given) and the language ("vi" or "en").
struct SummaryRequest {
  std::string campaign;
  std::string period;
  std::string unit;
  std::string lang = "vi";
  // Read the host's running totals of figures where they give exactly what
  // the figures one by one would (false: always one by one).
  bool sums = true;
  // How many units each ranking table lists (nullopt: all); the rest are counted in a paragraph.
  std::optional<std::size_t> units_listed = k_units_listed;
};

// Returns the summary report document (docs/report-document.md) of a
// campaign's period, built only from answers to `ask`. Throws sdk::Failure
// (invalid input) when the campaign is not given and the database has more
// or fewer than one, when no period is given and the campaign has no dates,
// and for a period expression it cannot read; a request the host refuses
// (an unknown campaign or unit) throws sdk::HostRefused with the host's reason.
std::string build_summary(const SummaryRequest& request, const Ask& ask);

// The "summary" analysis: options campaign, period, unit, lang, sums and units.
class SummaryAnalysis : public sdk::Analysis {
public:
  SummaryAnalysis();
  void run(sdk::Call& call, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) override;
};

} // namespace campaign::report
