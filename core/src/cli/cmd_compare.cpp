#include "cli/commands.hpp"
#include "cli/report_run.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

namespace campaign::cli {

void add_compare_command(CLI::App& app, Context& context) {
  struct Values {
    std::string campaign;
    std::vector<std::string> periods;
    std::string unit;
    std::string per = "year";
    std::vector<std::string> indicators;
    bool exclusive = false;
    bool prorate = false;
    std::string format = "text";
    std::string output;
    std::vector<std::string> options;
  };
  auto values = std::make_shared<Values>();
  auto* command = app.add_subcommand(
    "compare", "Compare periods of a campaign: rates per year or month, changes, units ranked by change");
  command
    ->add_option("periods", values->periods, "two or more period names or expressions (2018-2023 2023-2025)")
    ->required();
  command->add_option("--campaign", values->campaign, "campaign code (default: the only campaign)");
  command->add_option("--unit", values->unit, "unit code (the scope; its predecessors are rolled up)");
  command->add_option("--per", values->per, "rates per year, month or total")
    ->check(CLI::IsMember({"year", "month", "total"}))
    ->capture_default_str();
  command
    ->add_option("--indicator", values->indicators,
                 "indicator codes to compare (repeatable or comma-separated; default: all)")
    ->allow_extra_args(false)
    ->delimiter(',');
  command->add_flag("--exclusive", values->exclusive,
                    "count days shared by periods only in the later period");
  command->add_flag("--prorate", values->prorate,
                    "spread figures that straddle a period's edge by days, marked as estimates");
  command->add_option("--format", values->format, "json (the report document) or a renderer name")
    ->capture_default_str();
  command->add_option("-o,--output", values->output, "write to this file instead of stdout");
  command->add_option("-O,--option", values->options, "renderer option NAME=VALUE");
  command->callback([&context, values] {
    context.action = [&context, values] {
      if (values->periods.size() < 2) {
        throw UsageError("compare: name at least two periods (such as 2018-2023 2023-2025)");
      }
      for (const std::string& period : values->periods) {
        if (period.find(';') != std::string::npos) {
          throw UsageError(fmt::format("compare: period '{}': a period may not contain ';'", period));
        }
      }
      const std::string periods = util::join(values->periods, ";");
      const std::string indicators = util::join(values->indicators, ",");
      run_report(context, ReportRun{"compare",
                                    values->format,
                                    values->output,
                                    {{"campaign", values->campaign},
                                     {"periods", periods},
                                     {"unit", values->unit},
                                     {"per", values->per},
                                     {"indicator", indicators},
                                     {"exclusive", values->exclusive ? "true" : ""},
                                     {"prorate", values->prorate ? "true" : ""}},
                                    values->options});
    };
  });
}

} // namespace campaign::cli
