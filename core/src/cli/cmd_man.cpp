#include "cli/command_tree.hpp"
#include "cli/commands.hpp"

#include <fmt/format.h>

namespace campaign::cli {

namespace {

// Text for roff: backslashes escaped, '-' as \- (so options copy and search
// well), and a line starting with '.' or '\'' protected.
std::string roff(std::string_view text) {
  std::string escaped;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && (c == '.' || c == '\'')) {
      escaped += "\\&";
    }
    if (c == '\\') {
      escaped += "\\e";
    } else if (c == '-') {
      escaped += "\\-";
    } else {
      escaped += c;
    }
    line_start = c == '\n';
  }
  return escaped;
}

std::string option_heading(const CLI::Option& option) {
  std::vector<std::string> names = option_names(option);
  if (names.empty()) {
    return fmt::format("\\fI{}\\fR", roff(option.get_name(true)));
  }
  std::string heading;
  for (const auto& name : names) {
    heading += (heading.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(name));
  }
  if (takes_value(option)) {
    std::string type = option.get_type_name();
    const std::vector<std::string> choices = option_choices(option);
    if (!choices.empty()) {
      type.clear();
      for (const auto& choice : choices) {
        type += (type.empty() ? "" : "|") + choice;
      }
    }
    heading += fmt::format(" \\fI{}\\fR", roff(type));
  }
  return heading;
}

// The options of `app`; -h/--help only for the root, as every command has it.
void write_options(std::string& page, const CLI::App& app) {
  for (const CLI::Option* option : visible_options(app)) {
    const std::vector<std::string>& lnames = option->get_lnames();
    if (app.get_parent() != nullptr && lnames.size() == 1 && lnames.front() == "help") {
      continue;
    }
    page += fmt::format(".TP\n{}\n{}\n", option_heading(*option), roff(option->get_description()));
  }
}

constexpr const char* trailer = R"(.SH FILES
.TP
\fI$XDG_CONFIG_HOME/campaign/config.toml\fR (\fI~/.config/campaign/config.toml\fR)
The config file, or the file named by \fB\-\-config\fR: one \fIkey\fR = \fIvalue\fR per line.
\fBdatabase\fR (a path), \fBlang\fR and \fBnumber_style\fR ("vi" or "en") and
\fBplugin_dirs\fR (an array of folders). Relative paths are relative to the file's folder.
A value given on the command line or in the environment wins over the file's.
\fBcampaign config show\fR prints every setting and where it came from.
.TP
\fI$XDG_DATA_HOME/campaign/campaign.db\fR (\fI~/.local/share/campaign/campaign.db\fR)
The database when neither \fB\-\-db\fR, \fBCAMPAIGN_DB\fR nor the config file names one.
.TP
\fI/usr/lib/campaign/plugins/1\fR
The plugins shipped with the program (importers, analyses, renderers).
.TP
\fI/usr/share/campaign\fR
The indicator catalogue, templates and the demo (\fIdemo/load.sh\fR).
.SH ENVIRONMENT
.TP
.B CAMPAIGN_DB
The database file when \fB\-\-db\fR is not given.
.TP
.B CAMPAIGN_PLUGIN_PATH
More plugin folders, separated by colons, searched after those given with \fB\-\-plugin\-dir\fR.
.TP
.B CAMPAIGN_DATA_DIR
The folder holding the indicator catalogue and templates.
.TP
.BR XDG_CONFIG_HOME ", " XDG_DATA_HOME ", " HOME
Where the config file and the default database are.
.TP
.BR LC_ALL ", " LC_MESSAGES ", " LANG
The language when neither \fB\-\-lang\fR nor the config file sets one: a Vietnamese locale gives vi, any other en.
.SH EXIT STATUS
.TP
.B 0
success
.TP
.B 1
failure
.TP
.B 2
usage: the command line or the config file is wrong
.TP
.B 3
invalid data
.TP
.B 4
the database cannot be used
.TP
.B 130
interrupted
.SH SEE ALSO
The documentation in \fI/usr/share/doc/campaign\fR, and \fBcampaign\fR \fICOMMAND\fR \fB\-\-help\fR.
)";

std::string man_page(const CLI::App& root) {
  std::string page;
  page += fmt::format(".TH CAMPAIGN 1 \"\" \"campaign {}\" \"User Commands\"\n", CAMPAIGN_VERSION);
  page += ".SH NAME\ncampaign \\- keep the records of emulation movements in one SQLite database\n";
  page += ".SH SYNOPSIS\n.B campaign\n[\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR [\\fISUBCOMMAND\\fR] "
          "[\\fIOPTIONS\\fR]\n";
  std::string description = root.get_description();
  if (description.starts_with("campaign: ")) {
    description.erase(0, 10);
  }
  page += ".SH DESCRIPTION\n\\fBcampaign\\fR: " + roff(description) + ".\n";
  page += ".PP\nGlobal options may be written before or after the command.\n";
  page += ".SH GLOBAL OPTIONS\n";
  write_options(page, root);
  page += ".SH COMMANDS\n";
  const std::vector<CommandNode> nodes = visible_commands(root);
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    const CommandNode& node = nodes[i];
    std::string usage;
    for (const CLI::Option* option : visible_options(*node.app)) {
      if (option_names(*option).empty()) {
        usage += fmt::format(" \\fI{}\\fR", roff(option->get_name(true)));
      }
    }
    page += fmt::format(".SS \"{}\"\n", roff(node.path));
    page += fmt::format("\\fB{}\\fR{}{}\n.PP\n{}\n", roff(node.path),
                        visible_subcommands(*node.app).empty() ? "" : " \\fISUBCOMMAND\\fR", usage,
                        roff(node.app->get_description()));
    if (!visible_subcommands(*node.app).empty()) {
      std::string subs;
      for (const CLI::App* sub : visible_subcommands(*node.app)) {
        subs += (subs.empty() ? "" : ", ") + fmt::format("\\fB{}\\fR", roff(sub->get_name()));
      }
      page += ".PP\nSubcommands: " + subs + ".\n";
    }
    write_options(page, *node.app);
  }
  page += trailer;
  return page;
}

} // namespace

void add_man_command(CLI::App& app, Context& context) {
  auto output = std::make_shared<std::string>();
  auto* man = app.add_subcommand("man", "Print the manual page (roff) of campaign and all its commands");
  man->add_option("-o,--output", *output, "write to this file instead of stdout");
  man->callback([&app, &context, output] {
    context.needs_config = false;
    context.action = [&app, &context, output] { write_output(context, *output, man_page(app)); };
  });
}

} // namespace campaign::cli
