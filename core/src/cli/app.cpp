#include "cli/app.hpp"

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "store/location.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <CLI/CLI.hpp>
#include <SQLiteCpp/Exception.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <ostream>

#ifndef CAMPAIGN_VERSION
#define CAMPAIGN_VERSION "unknown"
#endif

namespace campaign::cli {

namespace {

void configure_logging(const GlobalOptions& options) {
  static auto logger = spdlog::stderr_color_st("campaign");
  logger->set_pattern("campaign: %l: %v");
  spdlog::set_default_logger(logger);
  if (options.quiet) {
    spdlog::set_level(spdlog::level::err);
  } else if (options.verbose >= 2) {
    spdlog::set_level(spdlog::level::debug);
  } else if (options.verbose == 1) {
    spdlog::set_level(spdlog::level::info);
  } else {
    spdlog::set_level(spdlog::level::warn);
  }
}

// The deepest subcommand the parser entered, where an unknown word belongs.
const CLI::App* deepest(const CLI::App& app) {
  for (const CLI::App* sub : app.get_subcommands()) {
    return deepest(*sub);
  }
  return &app;
}

// Adds "did you mean" to CLI11's complaint about an unexpected word.
std::string explain_extras(const CLI::App& app, const CLI::ParseError& error) {
  const CLI::App* where = deepest(app);
  std::vector<std::string> names;
  for (const CLI::App* sub : where->get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  std::vector<std::string> extras = app.remaining(true);
  if (extras.empty() || names.empty()) {
    return error.what();
  }
  const std::string& word = extras.front();
  const std::string path = where == &app ? "campaign" : "campaign " + where->get_name();
  return fmt::format("unknown command '{}' for '{}'{}", word, path, util::did_you_mean(word, names));
}

// The commands, each added by one function, with the names it adds.
struct CommandAdder {
  std::initializer_list<std::string_view> names;
  void (*add)(CLI::App&, Context&);
  bool describes_all = false; // completion and the manual page: every command must be there
};

const CommandAdder k_command_adders[] = {
  {{"init"}, add_init_command},
  {{}, [](CLI::App& app, Context& context) { add_record_commands(app, context); }}, // the record kinds' nouns
  {{"pledge"}, add_pledge_commands},
  {{"import"}, add_import_command},
  {{"export"}, add_export_command},
  {{"report"}, add_report_command},
  {{"compare"}, add_compare_command},
  {{"plugins"}, add_plugins_command},
  {{"config"}, add_config_command},
  {{"completion", "__complete"}, add_completion_commands, true},
  {{"man"}, add_man_command, true},
  {{"batch"}, add_batch_command},
  {{"check"}, add_check_command},
  {{"backup", "restore"}, add_backup_commands},
  {{"migrate"}, add_migrate_command},
};

// The first word of a command line when it names a command (not an option).
std::string_view command_word(int argc, const char* const* argv) {
  return argc > 1 && argv[1][0] != '-' ? std::string_view(argv[1]) : std::string_view();
}

// Adds every command, or, for a batch line (`only` not empty), only the one
// it names: building every command's options for each line would cost a
// batch of small reports a quarter of its time. Help, completion and the
// manual page describe every command, so they always get them all, and so
// does a word that names no command (for its did-you-mean).
void add_commands(CLI::App& app, Context& context, std::string_view only) {
  const bool kind = std::any_of(store::record_kinds().begin(), store::record_kinds().end(),
                                [&](const store::RecordKind& k) { return k.name == only; });
  const auto* named = std::find_if(std::begin(k_command_adders), std::end(k_command_adders),
                                   [&](const CommandAdder& adder) {
                                     return std::find(adder.names.begin(), adder.names.end(), only) !=
                                            adder.names.end();
                                   });
  const bool command = named != std::end(k_command_adders);
  if (only.empty() || (!kind && !command) || (command && named->describes_all)) {
    for (const CommandAdder& adder : k_command_adders) {
      adder.add(app, context);
    }
    return;
  }
  if (kind) {
    add_record_commands(app, context, only);
  }
  if (command) {
    named->add(app, context);
  }
}

} // namespace

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  Context context(out, err);
  return run_in(context, argc, argv);
}

int run_in(Context& context, int argc, const char* const* argv) {
  std::ostream& out = context.out();
  std::ostream& err = context.err();
  CLI::App app("campaign: keep the records of emulation movements (campaigns, pledges, figures, models, "
               "commendations) in one SQLite database",
               "campaign");
  app.set_version_flag("--version", std::string("campaign ") + CAMPAIGN_VERSION);
  app.fallthrough();
  app.require_subcommand(1);
  app.footer(
    "Database: --db, else $CAMPAIGN_DB, else the config file's database, else\n"
    "$XDG_DATA_HOME/campaign/campaign.db (~/.local/share/campaign/campaign.db).\n"
    "Config file: --config, else $XDG_CONFIG_HOME/campaign/config.toml (~/.config/campaign/config.toml).\n"
    "Exit status: 0 ok, 1 failure, 2 usage, 3 invalid data, 4 database unusable, 130 interrupted.");
  GlobalOptions& options = context.options;
  app.add_option("--config", options.config,
                 "read the settings from this file instead of the default config file");
  app.add_option("--db", options.db,
                 "database file, or a postgresql:// URL (default: $CAMPAIGN_DB, else the config file's)");
  app.add_option("--format", options.format, "output format of lists and records: table, json or csv")
    ->check(CLI::IsMember({"table", "json", "csv"}));
  app.add_option("--lang", options.lang, "language of numbers and words: vi or en (default: config, locale)")
    ->check(CLI::IsMember({"vi", "en"}));
  app.add_option("--number-style", options.number_style,
                 "how numbers typed in options are grouped: vi (7.296,5) or en (7,296.5); plain digits need none")
    ->check(CLI::IsMember({"vi", "en"}));
  app.add_flag("-v,--verbose", options.verbose, "log more on stderr (twice for debug)");
  app.add_flag("-q,--quiet", options.quiet, "log errors only");

  app.add_option("--plugin-dir", options.plugin_dirs, "also look for plugins in this folder (repeatable)");

  add_commands(app, context, context.shared() ? command_word(argc, argv) : std::string_view());

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    out << app.help();
    return 0;
  } catch (const CLI::CallForAllHelp&) {
    out << app.help("", CLI::AppFormatMode::All);
    return 0;
  } catch (const CLI::CallForVersion& e) {
    out << e.what() << '\n';
    return 0;
  } catch (const CLI::ExtrasError& e) {
    err << "campaign: error: " << explain_extras(app, e) << "\nRun with --help for more information.\n";
    return static_cast<int>(ExitStatus::usage);
  } catch (const CLI::ParseError& e) {
    const auto extras = app.remaining(true);
    if (!extras.empty() && !extras.front().starts_with("-")) {
      err << "campaign: error: " << explain_extras(app, CLI::ExtrasError(extras))
          << "\nRun with --help for more information.\n";
      return static_cast<int>(ExitStatus::usage);
    }
    err << "campaign: error: " << e.what() << "\nRun with --help for more information.\n";
    return static_cast<int>(ExitStatus::usage);
  }

  configure_logging(options);
  try {
    if (context.needs_config) {
      context.load_config();
    }
    if (context.action) {
      context.action();
    }
    out.flush();
    return 0;
  } catch (const Error& e) {
    err << "campaign: error: " << e.what() << '\n';
    return static_cast<int>(e.status());
  } catch (const SQLite::Exception& e) {
    err << "campaign: error: " << store::display_location(context.database_path().string()) << ": " << e.what()
        << '\n';
    return static_cast<int>(ExitStatus::database);
  } catch (const std::exception& e) {
    err << "campaign: error: " << e.what() << '\n';
    return static_cast<int>(ExitStatus::failure);
  }
}

} // namespace campaign::cli
