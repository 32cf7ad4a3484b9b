#pragma once

// Running an analysis plugin and rendering its document: what `campaign
// report` and `campaign compare` share.

#include "cli/context.hpp"

#include <map>
#include <string>
#include <vector>

namespace campaign::cli {

struct ReportRun {
  std::string analysis;                               // analysis capability name
  std::string format = "text";                        // json or a renderer name
  std::string output;                                 // file, empty for stdout
  std::map<std::string, std::string> analysis_values; // options the command sets on the analysis
  std::vector<std::string> assignments;               // -O NAME=VALUE, for the analysis or the renderer
};

// Runs the analysis with its options (plus `lang` when it declares it) through
// the query API on the context's database, then writes the document (json) or
// renders it with the renderer of `format`. Throws UsageError for an unknown
// analysis, format or option, and what the plugins raise.
void run_report(Context& context, const ReportRun& run);

} // namespace campaign::cli
