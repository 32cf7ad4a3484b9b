#pragma once

#include "cli/context.hpp"

#include <CLI/App.hpp>

namespace campaign::cli {

// Each function adds one command (or a family) to `app`. A command's
// callback only stores the work in context.action; run() calls it after the
// whole command line has been parsed, so global options are known by then.

// `campaign init`: create the database and load the indicator catalogue.
void add_init_command(CLI::App& app, Context& context);

// `campaign <kind> add|list|show|edit|remove` for every record kind.
void add_record_commands(CLI::App& app, Context& context);

} // namespace campaign::cli
