#include "cli/commands.hpp"
#include "cli/report_run.hpp"

#include "cli/output_path.hpp"
#include "domain/date.hpp"
#include "domain/period_expr.hpp"
#include "plugin/calls.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <fstream>
#include <set>
#include <ostream>

namespace campaign::cli {

namespace {

template <typename C>
bool declares(const C* capability, const std::string& name) {
  for (std::size_t i = 0; i < capability->option_count; ++i) {
    if (name == capability->options[i].name) {
      return true;
    }
  }
  return false;
}

struct ReportValues {
  std::string analysis = "summary";
  std::string format = "text";
  std::string output;
  std::string campaign;
  std::string period;
  std::string unit;
  std::string each;
  std::string unit_kind;
  std::string as_of;
  std::vector<std::string> options;
};

std::string text_of(const store::Record& record, std::string_view key) {
  const store::Value* value = record.get(key);
  if (value == nullptr) {
    return {};
  }
  if (const auto* text = std::get_if<std::string>(value)) {
    return *text;
  }
  return {};
}

// The campaign a report is about: --campaign, else the only one; empty when
// that is not known (the analysis then says what is missing).
std::string campaign_of(store::Database& db, const std::string& given) {
  if (!given.empty()) {
    return given;
  }
  const auto campaigns = store::Records(db).list(store::record_kind("campaign"));
  return campaigns.size() == 1 ? text_of(campaigns.front(), "code") : std::string();
}

// Reads --period as every command reads a period expression (docs/cli.md,
// "Period expressions") and hands the analysis the period's name or its
// canonical form.
std::string canonical_period(store::Database& db, const std::string& campaign, const std::string& text) {
  if (text.empty()) {
    return text;
  }
  std::vector<domain::NamedPeriod> named;
  if (!campaign.empty()) {
    store::RawValues filters{{"campaign", campaign}};
    try {
      for (const auto& period : store::Records(db).list(store::record_kind("period"), filters)) {
        named.push_back({text_of(period, "name"),
                         {domain::parse_date(text_of(period, "start_date")),
                          domain::parse_date(text_of(period, "end_date"))}});
      }
    } catch (const InvalidInput&) {
      // An unknown campaign: the analysis names it.
    }
  }
  try {
    return domain::parse_period(text, named).label;
  } catch (Error& e) {
    e.add_context("--period");
    throw;
  }
}

struct Capabilities {
  plugin::AnalysisHandle analysis;
  std::optional<plugin::RendererHandle> renderer;
};

// The analysis and renderer asked for; throws UsageError for a missing one.
Capabilities find_capabilities(Context& context, const std::string& analysis_name, const std::string& format) {
  plugin::PluginHost& host = context.plugins();
  const auto analysis = host.analysis(analysis_name);
  if (!analysis) {
    const auto names = host.names(&plugin::PluginInfo::analyses);
    throw UsageError(fmt::format("no analysis '{}'{}{}", analysis_name,
                                 names.empty() ? "; no analysis plugin was found" : "",
                                 util::did_you_mean(analysis_name, names)));
  }
  std::optional<plugin::RendererHandle> renderer;
  if (format != "json") {
    renderer = host.renderer(format);
    if (!renderer) {
      auto names = host.names(&plugin::PluginInfo::renderers);
      names.emplace_back("json");
      throw UsageError(
        fmt::format("no renderer for format '{}'{}", format, util::did_you_mean(format, names)));
    }
  }
  return {*analysis, renderer};
}

} // namespace

void run_report(Context& context, const ReportRun& run) {
  const std::string& output = run.output;
  const Capabilities found = find_capabilities(context, run.analysis, run.format);
  const plugin::AnalysisHandle* analysis = &found.analysis;
  const std::optional<plugin::RendererHandle>& renderer = found.renderer;
  // Common options go to the analysis; -O options to whichever declares them.
  std::map<std::string, std::string> for_analysis;
  std::map<std::string, std::string> for_renderer;
  for (const auto& [name, value] : run.analysis_values) {
    if (!value.empty()) {
      for_analysis[name] = value;
    }
  }
  // --as-of only for an analysis that evaluates on a day (pledges).
  if (for_analysis.count("as_of") > 0 && !declares(analysis->c, "as_of")) {
    throw UsageError(fmt::format("--as-of: the analysis {} takes no evaluation day", run.analysis));
  }
  const std::string lang(domain::lang_code(context.lang()));
  if (declares(analysis->c, "lang")) {
    for_analysis["lang"] = lang;
  }
  if (renderer && declares(renderer->c, "lang")) {
    for_renderer["lang"] = lang;
  }
  for (const auto& [name, value] : parse_assignments(run.assignments)) {
    if (renderer && declares(renderer->c, name) && !declares(analysis->c, name)) {
      for_renderer[name] = value;
    } else {
      for_analysis[name] = value;
    }
  }
  // A file never gets terminal colours.
  if (!output.empty() && renderer && declares(renderer->c, "color")) {
    for_renderer["color"] = "never";
  }
  const plugin::OptionValues analysis_options(analysis->c->options, analysis->c->option_count, for_analysis,
                                              fmt::format("analysis {}", run.analysis));
  std::optional<plugin::OptionValues> renderer_options;
  if (renderer) {
    renderer_options.emplace(renderer->c->options, renderer->c->option_count, for_renderer,
                             fmt::format("renderer {}", run.format));
  }
  store::Database& db = context.database();
  plugin::QueryApi query(db);
  const std::string document = plugin::run_analysis(*analysis, analysis_options, query);

  std::ofstream file;
  if (!output.empty()) {
    file.open(output, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw Error(fmt::format("cannot write {}", output));
    }
  }
  std::ostream& out = output.empty() ? context.out() : file;
  if (!renderer) {
    out << document;
    if (!document.ends_with('\n')) {
      out << '\n';
    }
  } else {
    plugin::run_renderer(*renderer, document, *renderer_options, out);
  }
  out.flush();
  if (!out) {
    throw Error(fmt::format("cannot write {}", output.empty() ? "to stdout" : output));
  }
}

namespace {

// Builds one report and writes it to `output` (stdout when empty).
void write_report(Context& context, const ReportValues& values, const std::string& unit,
                  const std::string& period, const std::string& output) {
  run_report(context, ReportRun{values.analysis,
                                values.format,
                                output,
                                {{"campaign", values.campaign}, {"period", period}, {"unit", unit}, {"as_of", values.as_of}},
                                values.options});
}

// --each unit: one report per unit (of --unit-kind, below --unit when given),
// each written to the -o pattern with {unit}, {period}, {campaign} and
// {format} filled in.
void write_each(Context& context, const ReportValues& values, const std::string& period) {
  if (values.each != "unit") {
    throw UsageError(fmt::format("--each: '{}' is not a thing to report on one by one (unit)", values.each));
  }
  if (values.output.empty() || values.output.find("{unit}") == std::string::npos) {
    throw UsageError("--each unit needs -o with {unit} in it, such as -o 'out/{unit}-{period}.html'");
  }
  store::Database& db = context.database();
  store::Records records(db);
  store::RawValues filters;
  if (!values.unit_kind.empty()) {
    filters["kind"] = values.unit_kind;
  }
  std::vector<std::string> units;
  const auto all = records.list(store::record_kind("unit"), filters);
  std::optional<std::set<std::string>> below;
  if (!values.unit.empty()) {
    // The units at or below --unit.
    const auto everything = records.list(store::record_kind("unit"));
    std::map<std::string, std::string> parent;
    for (const auto& unit : everything) {
      parent[text_of(unit, "code")] = text_of(unit, "parent");
    }
    const std::string root = text_of(records.show(store::record_kind("unit"), values.unit), "code");
    below.emplace();
    for (const auto& [code, up] : parent) {
      std::string current = code;
      for (std::size_t steps = 0; steps <= parent.size() && !current.empty(); ++steps) {
        if (current == root) {
          below->insert(code);
          break;
        }
        current = parent[current];
      }
    }
  }
  for (const auto& unit : all) {
    const std::string code = text_of(unit, "code");
    if (!below || below->count(code) > 0) {
      units.push_back(code);
    }
  }
  if (units.empty()) {
    throw InvalidInput(fmt::format("--each unit: no unit{}{}", values.unit_kind.empty() ? "" : " of kind ",
                                   values.unit_kind));
  }
  const std::string campaign = campaign_of(db, values.campaign);
  for (const std::string& unit : units) {
    const std::string path = fill_output_path(values.output, {{"unit", unit},
                                                              {"period", period.empty() ? "all" : period},
                                                              {"campaign", campaign},
                                                              {"format", values.format}});
    ensure_parent_folder(path);
    try {
      write_report(context, values, unit, period, path);
    } catch (Error& e) {
      e.add_context(fmt::format("unit {}", unit));
      throw;
    }
  }
}

} // namespace

void add_report_command(CLI::App& app, Context& context) {
  auto values = std::make_shared<ReportValues>();
  auto* command = app.add_subcommand("report", "Build a report with an analysis plugin and render it");
  command->add_option("--analysis", values->analysis, "analysis plugin capability")->capture_default_str();
  command->add_option("--format", values->format, "json (the report document) or a renderer name")
    ->capture_default_str();
  command->add_option("-o,--output", values->output,
                      "write to this file instead of stdout; with --each, a pattern with {unit}, {period}, "
                      "{campaign}, {format}");
  command->add_option("--campaign", values->campaign, "campaign code");
  command->add_option("--period", values->period,
                      "period: a period name, 2023, 2018-2023, 2023-Q3, 2023-08 or from..to");
  command->add_option("--unit", values->unit, "unit code (the scope; with --each, only units at or below it)");
  command->add_option("--each", values->each, "one report per unit: --each unit (needs -o with {unit})");
  command->add_option("--unit-kind", values->unit_kind, "with --each unit: only units of this kind");
  command->add_option("--as-of", values->as_of,
                      "evaluate pledges on this day (YYYY-MM-DD; default: today; --analysis pledges)");
  command->add_option("-O,--option", values->options, "analysis or renderer option NAME=VALUE");
  command->callback([&context, values] {
    context.action = [&context, values] {
      if (!values->unit_kind.empty() && values->each.empty()) {
        throw UsageError("--unit-kind goes with --each unit");
      }
      find_capabilities(context, values->analysis, values->format);
      if (!values->as_of.empty()) {
        try {
          values->as_of = domain::parse_date(values->as_of).iso();
        } catch (Error& e) {
          e.add_context("--as-of");
          throw;
        }
      }
      store::Database& db = context.database();
      const std::string period =
        canonical_period(db, campaign_of(db, values->campaign), values->period);
      if (!values->each.empty()) {
        write_each(context, *values, period);
      } else {
        write_report(context, *values, values->unit, period, values->output);
      }
    };
  });
}

} // namespace campaign::cli
