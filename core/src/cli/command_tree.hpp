#pragma once

#include <CLI/App.hpp>

#include <string>
#include <vector>

namespace campaign::cli {

// One command of the command line as defined: "campaign", "campaign unit",
// "campaign unit add", ... Shell completion and the man page are generated
// from these, so they always match what the parser accepts.
struct CommandNode {
  std::string path;
  const CLI::App* app = nullptr;
};

// Every visible command under `root` (itself first), depth first in definition
// order; commands without a help group (hidden ones) are left out.
std::vector<CommandNode> visible_commands(const CLI::App& root);

// The visible subcommands of `app`.
std::vector<const CLI::App*> visible_subcommands(const CLI::App& app);

// The visible options of `app`: named options first, then positionals.
std::vector<const CLI::Option*> visible_options(const CLI::App& app);

// Whether the option takes a value (named options) or is a flag.
bool takes_value(const CLI::Option& option);

// The choices of an option checked with CLI::IsMember ("table json csv"), empty when free.
std::vector<std::string> option_choices(const CLI::Option& option);

// Every name of a named option: "-o", "--output".
std::vector<std::string> option_names(const CLI::Option& option);

} // namespace campaign::cli
