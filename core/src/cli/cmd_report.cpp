#include "cli/commands.hpp"
#include "cli/report_run.hpp"

#include "plugin/calls.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <fstream>
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

} // namespace

void run_report(Context& context, const ReportRun& run) {
  plugin::PluginHost& host = context.plugins();
  const auto analysis = host.analysis(run.analysis);
  if (!analysis) {
    const auto names = host.names(&plugin::PluginInfo::analyses);
    throw UsageError(fmt::format("no analysis '{}'{}{}", run.analysis,
                                 names.empty() ? "; no analysis plugin was found" : "",
                                 util::did_you_mean(run.analysis, names)));
  }
  std::optional<plugin::RendererHandle> renderer;
  if (run.format != "json") {
    renderer = host.renderer(run.format);
    if (!renderer) {
      auto names = host.names(&plugin::PluginInfo::renderers);
      names.emplace_back("json");
      throw UsageError(
        fmt::format("no renderer for format '{}'{}", run.format, util::did_you_mean(run.format, names)));
    }
  }
  // The command's options go to the analysis; -O options to whichever declares them.
  std::map<std::string, std::string> for_analysis;
  std::map<std::string, std::string> for_renderer;
  for (const auto& [name, value] : run.analysis_values) {
    if (!value.empty()) {
      for_analysis[name] = value;
    }
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
  const plugin::OptionValues analysis_options(analysis->c->options, analysis->c->option_count, for_analysis,
                                              fmt::format("analysis {}", run.analysis));
  store::Database& db = context.database();
  plugin::QueryApi query(db);
  const std::string document = plugin::run_analysis(*analysis, analysis_options, query);

  std::ofstream file;
  if (!run.output.empty()) {
    file.open(run.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      throw Error(fmt::format("cannot write {}", run.output));
    }
  }
  std::ostream& out = run.output.empty() ? context.out() : file;
  if (!renderer) {
    out << document;
    if (!document.ends_with('\n')) {
      out << '\n';
    }
  } else {
    const plugin::OptionValues renderer_options(renderer->c->options, renderer->c->option_count, for_renderer,
                                                fmt::format("renderer {}", run.format));
    plugin::run_renderer(*renderer, document, renderer_options, out);
  }
  out.flush();
  if (!out) {
    throw Error(fmt::format("cannot write {}", run.output.empty() ? "to stdout" : run.output));
  }
}

void add_report_command(CLI::App& app, Context& context) {
  struct Values {
    std::string analysis = "summary";
    std::string format = "text";
    std::string output;
    std::string campaign;
    std::string period;
    std::string unit;
    std::vector<std::string> options;
  };
  auto values = std::make_shared<Values>();
  auto* command = app.add_subcommand("report", "Build a report with an analysis plugin and render it");
  command->add_option("--analysis", values->analysis, "analysis plugin capability")->capture_default_str();
  command->add_option("--format", values->format, "json (the report document) or a renderer name")
    ->capture_default_str();
  command->add_option("-o,--output", values->output, "write to this file instead of stdout");
  command->add_option("--campaign", values->campaign, "campaign code");
  command->add_option("--period", values->period, "period expression");
  command->add_option("--unit", values->unit, "unit code (the scope)");
  command->add_option("-O,--option", values->options, "analysis or renderer option NAME=VALUE");
  command->callback([&context, values] {
    context.action = [&context, values] {
      run_report(
        context,
        ReportRun{values->analysis,
                  values->format,
                  values->output,
                  {{"campaign", values->campaign}, {"period", values->period}, {"unit", values->unit}},
                  values->options});
    };
  });
}

} // namespace campaign::cli
