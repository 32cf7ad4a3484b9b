#include "cli/command_tree.hpp"
#include "cli/commands.hpp"
#include "util/text.hpp"

#include "store/records.hpp"
#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <ostream>
#include <sstream>
#include <variant>

namespace campaign::cli {

namespace {

// The words of a command path: "campaign unit add" -> {"campaign", "unit", "add"}.
std::vector<std::string> path_words(const std::string& path) {
  std::vector<std::string> words;
  std::istringstream in(path);
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

// "units" -> "unit": what `campaign __complete` lists for a referenced table.
std::string dynamic_for_table(std::string_view table) {
  if (table == "units" || table == "campaigns" || table == "indicators") {
    return "@" + std::string(table.substr(0, table.size() - 1));
  }
  return {};
}

bool has_name(const CLI::Option& option, std::string_view name) {
  for (const auto& n : option_names(option)) {
    if (n == name) {
      return true;
    }
  }
  return option.get_name(true) == name;
}

// What may follow an option (or stand for a positional): fixed words, and
// @file, @dir or @<kind> for values listed by `campaign __complete <kind>`.
std::vector<std::string> value_words(const CommandNode& node, const CLI::Option& option) {
  std::vector<std::string> choices = option_choices(option);
  if (!choices.empty()) {
    return choices;
  }
  const std::vector<std::string> words = path_words(node.path);
  if (has_name(option, "--db") || has_name(option, "--config") || has_name(option, "--catalogue") ||
      has_name(option, "--output") || has_name(option, "files")) {
    return {"@file"};
  }
  if (has_name(option, "--plugin-dir")) {
    return {"@dir"};
  }
  if (words.size() == 2 && words[1] == "report") {
    if (has_name(option, "--analysis")) {
      return {"@analysis"};
    }
    if (has_name(option, "--format")) {
      return {"json", "@renderer"};
    }
  }
  if (words.size() == 2 && words[1] == "import" && has_name(option, "format")) {
    return {"@importer"};
  }
  if (words.size() == 2 && words[1] == "export" && has_name(option, "format")) {
    return {"json"};
  }
  if (words.size() == 3 && words[1] == "plugins" && has_name(option, "name")) {
    return {"@plugin"};
  }
  // Record commands: the option is a field of the kind.
  if (words.size() == 3) {
    for (const store::RecordKind& kind : store::record_kinds()) {
      if (kind.name != words[1]) {
        continue;
      }
      if (has_name(option, "ref")) {
        return kind.has_code ? std::vector<std::string>{"@" + std::string(kind.name)}
                             : std::vector<std::string>{};
      }
      for (const store::FieldDef& field : kind.fields) {
        std::string name = "--" + std::string(field.name);
        std::replace(name.begin(), name.end(), '_', '-');
        if (!has_name(option, name)) {
          continue;
        }
        switch (field.type) {
        case store::FieldType::choice:
          return {field.choices.begin(), field.choices.end()};
        case store::FieldType::ref:
          if (auto dynamic = dynamic_for_table(field.target); !dynamic.empty()) {
            return {dynamic};
          }
          return {};
        case store::FieldType::ref_list:
          return {"@unit"};
        default:
          return {};
        }
      }
    }
  }
  if (has_name(option, "--campaign")) {
    return {"@campaign"};
  }
  if (has_name(option, "--unit") || has_name(option, "--to")) {
    return {"@unit"};
  }
  if (has_name(option, "--indicator")) {
    return {"@indicator"};
  }
  return {};
}

// A word in single quotes for bash and zsh.
std::string shell_quote(std::string_view text) {
  std::string quoted = "'";
  for (const char c : text) {
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return quoted + "'";
}

// The command tree as three shell associative arrays:
//   _campaign_commands[PATH]       its subcommands
//   _campaign_options[PATH]        its option names
//   _campaign_values[PATH|OPTION]  set for each option taking a value: what may follow it
//   _campaign_values[PATH|#N]      the Nth positional; PATH|#* every one after the last numbered
std::string tree_data(const CLI::App& root, bool zsh) {
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  Pairs commands;
  Pairs options;
  Pairs values;
  for (const CommandNode& node : visible_commands(root)) {
    std::vector<std::string> subs;
    for (const CLI::App* sub : visible_subcommands(*node.app)) {
      subs.push_back(sub->get_name());
    }
    if (!subs.empty()) {
      commands.emplace_back(node.path, util::join(subs, " "));
    }
    std::vector<std::string> names;
    int position = 0;
    for (const CLI::Option* option : visible_options(*node.app)) {
      const std::vector<std::string> option_words = option_names(*option);
      if (option_words.empty()) {
        ++position;
        const bool repeats = option->get_expected_max() > 1;
        values.emplace_back(fmt::format("{}|#{}", node.path, repeats ? "*" : std::to_string(position)),
                            util::join(value_words(node, *option), " "));
        continue;
      }
      names.insert(names.end(), option_words.begin(), option_words.end());
      if (takes_value(*option)) {
        for (const auto& name : option_words) {
          values.emplace_back(node.path + "|" + name, util::join(value_words(node, *option), " "));
        }
      }
    }
    options.emplace_back(node.path, util::join(names, " "));
  }
  // bash: ([key]=value ...); zsh: (key value ...), where [key] would keep its quotes.
  std::string data;
  auto write = [&data, zsh](const char* array, const Pairs& pairs) {
    data += fmt::format("{}=(\n", array);
    for (const auto& [key, value] : pairs) {
      data += zsh ? fmt::format("  {} {}\n", shell_quote(key), shell_quote(value))
                  : fmt::format("  [{}]={}\n", shell_quote(key), shell_quote(value));
    }
    data += ")\n";
  };
  write("_campaign_commands", commands);
  write("_campaign_options", options);
  write("_campaign_values", values);
  return data;
}

const char* const bash_logic = R"SH(
# The command path and positional count of the words before the cursor, and
# the option waiting for a value. The options that choose the database,
# config and plugins are passed on to `campaign __complete`.
_campaign_scan() {
  _campaign_path=campaign _campaign_npos=0 _campaign_expect= _campaign_ctx=()
  local i word
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    [[ $word == = ]] && continue
    if [[ -n $_campaign_expect ]]; then
      case $_campaign_expect in --db | --config | --plugin-dir) _campaign_ctx+=("$_campaign_expect" "$word") ;; esac
      _campaign_expect=
      continue
    fi
    case $word in
    -*=*) continue ;;
    -*)
      _campaign_spec "$_campaign_path" "$word" && _campaign_expect=$word
      continue
      ;;
    esac
    if [[ " ${_campaign_commands[$_campaign_path]-} " == *" $word "* ]]; then
      _campaign_path+=" $word"
      _campaign_npos=0
    else
      _campaign_npos=$((_campaign_npos + 1))
    fi
  done
}

# Sets REPLY to what may follow OPTION in PATH (global options apply below);
# fails when the option takes no value.
_campaign_spec() {
  local path=$1 option=$2
  while :; do
    if [[ -n ${_campaign_values["$path|$option"]+set} ]]; then
      REPLY=${_campaign_values["$path|$option"]}
      return 0
    fi
    [[ $path == *" "* ]] || return 1
    path=${path% *}
  done
}

_campaign_offer() { # spec current-word
  local word cur=$2 words=()
  for word in $1; do
    case $word in
    @file)
      compopt -o filenames 2>/dev/null || true
      COMPREPLY+=($(compgen -f -- "$cur"))
      ;;
    @dir)
      compopt -o filenames 2>/dev/null || true
      COMPREPLY+=($(compgen -d -- "$cur"))
      ;;
    @*) words+=($("${COMP_WORDS[0]}" "${_campaign_ctx[@]}" __complete "${word#@}" 2>/dev/null)) ;;
    *) words+=("$word") ;;
    esac
  done
  COMPREPLY+=($(compgen -W "${words[*]}" -- "$cur"))
}

_campaign() {
  local cur=${COMP_WORDS[COMP_CWORD]} _campaign_path _campaign_npos _campaign_expect REPLY
  local -a _campaign_ctx
  COMPREPLY=()
  _campaign_scan
  [[ $cur == = ]] && cur=
  if [[ -n $_campaign_expect ]]; then
    _campaign_spec "$_campaign_path" "$_campaign_expect"
    _campaign_offer "$REPLY" "$cur"
    return 0
  fi
  if [[ $cur == -* ]]; then
    local path=$_campaign_path options=
    while :; do
      options+=" ${_campaign_options[$path]-}"
      [[ $path == *" "* ]] || break
      path=${path% *}
    done
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
    return 0
  fi
  if [[ -n ${_campaign_commands[$_campaign_path]-} ]]; then
    COMPREPLY=($(compgen -W "${_campaign_commands[$_campaign_path]}" -- "$cur"))
    return 0
  fi
  local key="$_campaign_path|#$((_campaign_npos + 1))"
  [[ -n ${_campaign_values[$key]+set} ]] || key="$_campaign_path|#*"
  [[ -n ${_campaign_values[$key]+set} ]] && _campaign_offer "${_campaign_values[$key]}" "$cur"
  return 0
}

complete -F _campaign campaign
)SH";

const char* const zsh_logic = R"SH(
_campaign_spec() {
  local cmdpath=$1 option=$2
  while :; do
    if (( ${+_campaign_values[$cmdpath|$option]} )); then
      REPLY=${_campaign_values[$cmdpath|$option]}
      return 0
    fi
    [[ $cmdpath == *" "* ]] || return 1
    cmdpath=${cmdpath% *}
  done
}

_campaign_offer() { # spec
  local word
  local -a found
  for word in ${=1}; do
    case $word in
    @file) _files ;;
    @dir) _files -/ ;;
    @*) found+=(${(f)"$(${words[1]} $ctx __complete ${word#@} 2>/dev/null)"}) ;;
    *) found+=($word) ;;
    esac
  done
  (( $#found )) && compadd -- $found
}

_campaign() {
  local cmdpath=campaign expect= word REPLY
  local -i i npos=0
  local -a ctx
  for (( i = 2; i < CURRENT; i++ )); do
    word=${words[i]}
    if [[ -n $expect ]]; then
      case $expect in --db|--config|--plugin-dir) ctx+=($expect $word) ;; esac
      expect=
      continue
    fi
    case $word in
    -*=*) continue ;;
    -*) _campaign_spec "$cmdpath" "$word" && expect=$word; continue ;;
    esac
    if [[ " ${_campaign_commands[$cmdpath]} " == *" $word "* ]]; then
      cmdpath+=" $word"
      npos=0
    else
      npos+=1
    fi
  done
  if [[ -n $expect ]]; then
    _campaign_spec "$cmdpath" "$expect"
    _campaign_offer "$REPLY"
    return
  fi
  if [[ $PREFIX == -* ]]; then
    local p=$cmdpath
    local -a options
    while :; do
      options+=(${=_campaign_options[$p]})
      [[ $p == *" "* ]] || break
      p=${p% *}
    done
    compadd -- $options
    return
  fi
  if [[ -n ${_campaign_commands[$cmdpath]} ]]; then
    compadd -- ${=_campaign_commands[$cmdpath]}
    return
  fi
  local key="$cmdpath|#$(( npos + 1 ))"
  (( ${+_campaign_values[$key]} )) || key="$cmdpath|#*"
  (( ${+_campaign_values[$key]} )) && _campaign_offer "${_campaign_values[$key]}"
}

if [[ $funcstack[1] == _campaign ]]; then
  _campaign "$@"
else
  compdef _campaign campaign
fi
)SH";

std::string completion_script(const CLI::App& root, const std::string& shell) {
  std::string script;
  if (shell == "zsh") {
    script += "#compdef campaign\n";
  }
  script += fmt::format("# {} completion for campaign {}, generated by `campaign completion {}` from the\n"
                        "# command definitions. Values marked @ are listed by `campaign __complete`.\n",
                        shell, CAMPAIGN_VERSION, shell);
  script += shell == "zsh" ? "typeset -gA _campaign_commands _campaign_options _campaign_values\n"
                           : "declare -gA _campaign_commands _campaign_options _campaign_values\n";
  script += tree_data(root, shell == "zsh");
  script += shell == "zsh" ? zsh_logic : bash_logic;
  return script;
}

// One value per line for `campaign __complete KIND`.
void complete_values(Context& context, const std::string& kind) {
  std::vector<std::string> values;
  if (kind == "unit" || kind == "campaign" || kind == "indicator") {
    store::Records records(context.database());
    for (const store::Record& record : records.list(store::record_kind(kind))) {
      if (const store::Value* code = record.get("code");
          code != nullptr && std::holds_alternative<std::string>(*code)) {
        values.push_back(std::get<std::string>(*code));
      }
    }
  } else {
    for (const plugin::PluginInfo& info : context.plugins().plugins()) {
      if (!info.loaded) {
        continue;
      }
      const std::vector<std::string>& names = kind == "plugin"     ? std::vector<std::string>{info.name}
                                              : kind == "importer" ? info.importers
                                              : kind == "analysis" ? info.analyses
                                              : kind == "renderer" ? info.renderers
                                                                   : std::vector<std::string>{};
      values.insert(values.end(), names.begin(), names.end());
    }
  }
  for (const auto& value : values) {
    context.out() << value << '\n';
  }
}

} // namespace

void write_output(Context& context, const std::string& path, const std::string& text) {
  if (path.empty()) {
    context.out() << text;
    return;
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    throw Error(fmt::format("cannot write {}", path));
  }
}

void add_completion_commands(CLI::App& app, Context& context) {
  struct Values {
    std::string shell;
    std::string output;
    std::string kind;
  };
  auto values = std::make_shared<Values>();
  auto* completion = app.add_subcommand("completion", "Print the shell completion script for bash or zsh");
  completion->add_option("shell", values->shell, "bash or zsh")
    ->required()
    ->check(CLI::IsMember({"bash", "zsh"}));
  completion->add_option("-o,--output", values->output, "write to this file instead of stdout");
  completion->callback([&app, &context, values] {
    context.needs_config = false;
    context.action = [&app, &context, values] {
      write_output(context, values->output, completion_script(app, values->shell));
    };
  });

  // Hidden (no group): what the completion scripts call for values from the database and plugins.
  auto* complete = app.add_subcommand("__complete", "list values for shell completion");
  complete->group("");
  complete
    ->add_option("kind", values->kind, "unit, campaign, indicator, plugin, importer, analysis or renderer")
    ->required();
  complete->callback([&context, values] {
    context.needs_config = false;
    context.action = [&context, values] {
      try {
        context.load_config();
        complete_values(context, values->kind);
      } catch (const std::exception&) {
        // Completion offers what it can and never complains.
      }
    };
  });
}

} // namespace campaign::cli
