#pragma once

#include "cli/context.hpp"

#include <CLI/App.hpp>

#include <map>
#include <string>
#include <vector>

namespace campaign::cli {

// Each function adds one command (or a family) to `app`. A command's
// callback only stores the work in context.action; run() calls it after the
// whole command line has been parsed, so global options are known by then.

// `campaign init`: create the database and load the indicator catalogue.
void add_init_command(CLI::App& app, Context& context);

// `campaign <kind> add|list|show|edit|remove` for every record kind, or only
// for the kind named `only` when it is not empty.
void add_record_commands(CLI::App& app, Context& context, std::string_view only = {});

// `campaign pledge status|score|rank|rules|transfer|award`, added to the `pledge`
// noun that add_record_commands made (call it after that one).
void add_pledge_commands(CLI::App& app, Context& context);

// `campaign plugins list|info|check`.
void add_plugins_command(CLI::App& app, Context& context);

// `campaign import FORMAT FILE...`: records from files through an importer plugin.
void add_import_command(CLI::App& app, Context& context);

// `campaign export json`: the database or one campaign in the exchange format.
void add_export_command(CLI::App& app, Context& context);

// `campaign report`: an analysis plugin's document, rendered by a renderer plugin.
void add_report_command(CLI::App& app, Context& context);

// `campaign config show`: the effective settings and where each came from.
void add_config_command(CLI::App& app, Context& context);

// `campaign completion bash|zsh`: the completion script generated from `app`'s
// commands and options, and the hidden `campaign __complete KIND` it calls for
// codes and plugin names.
void add_completion_commands(CLI::App& app, Context& context);

// `campaign man`: the manual page (roff) generated from `app`'s commands and options.
void add_man_command(CLI::App& app, Context& context);

// Writes `text` to the file `path`, or to the context's output when `path` is empty.
void write_output(Context& context, const std::string& path, const std::string& text);

// `campaign compare PERIOD PERIOD...`: the "compare" analysis of the report plugin, rendered.
void add_compare_command(CLI::App& app, Context& context);

// `campaign batch FILE`: campaign command lines run one after another in this
// process, sharing the database and the plugins.
void add_batch_command(CLI::App& app, Context& context);

// Parses the command line `argv` (argv[0] is the program) and runs it in
// `context`; returns the exit status. run() is this on a fresh context.
int run_in(Context& context, int argc, const char* const* argv);

// `campaign check`: integrity, foreign keys and the domain's rules over the whole database.
void add_check_command(CLI::App& app, Context& context);

// `campaign backup FILE` and `campaign restore FILE`: SQLite's online backup, both ways.
void add_backup_commands(CLI::App& app, Context& context);

// `campaign migrate --from DB --to DB`: a whole database copied between SQLite and PostgreSQL.
void add_migrate_command(CLI::App& app, Context& context);

// Parses repeated NAME=VALUE option arguments; throws UsageError for one without '='.
std::map<std::string, std::string> parse_assignments(const std::vector<std::string>& items);

} // namespace campaign::cli
