#include "cli/command_tree.hpp"

#include <CLI/Option.hpp>

namespace campaign::cli {

std::vector<const CLI::App*> visible_subcommands(const CLI::App& app) {
  return app.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

std::vector<CommandNode> visible_commands(const CLI::App& root) {
  std::vector<CommandNode> nodes;
  auto walk = [&nodes](auto& self, const CLI::App& app, const std::string& path) -> void {
    nodes.push_back({path, &app});
    for (const CLI::App* sub : visible_subcommands(app)) {
      self(self, *sub, path + " " + sub->get_name());
    }
  };
  walk(walk, root, root.get_name());
  return nodes;
}

std::vector<const CLI::Option*> visible_options(const CLI::App& app) {
  std::vector<const CLI::Option*> named;
  std::vector<const CLI::Option*> positional;
  for (const CLI::Option* option : app.get_options()) {
    if (option->get_group().empty()) {
      continue;
    }
    (option->get_positional() && option->get_lnames().empty() && option->get_snames().empty() ? positional
                                                                                              : named)
      .push_back(option);
  }
  named.insert(named.end(), positional.begin(), positional.end());
  return named;
}

bool takes_value(const CLI::Option& option) {
  return option.get_items_expected_min() > 0;
}

std::vector<std::string> option_choices(const CLI::Option& option) {
  // CLI::IsMember describes itself as {a,b,c} in the type name ("TEXT:{table,json,csv}").
  const std::string type = option.get_type_name();
  const std::size_t open = type.find('{');
  const std::size_t close = type.find('}', open);
  std::vector<std::string> choices;
  if (open == std::string::npos || close == std::string::npos) {
    return choices;
  }
  std::string item;
  for (std::size_t i = open + 1; i <= close; ++i) {
    if (type[i] == ',' || i == close) {
      if (!item.empty()) {
        choices.push_back(item);
      }
      item.clear();
    } else {
      item += type[i];
    }
  }
  return choices;
}

std::vector<std::string> option_names(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const auto& name : option.get_snames()) {
    names.push_back("-" + name);
  }
  for (const auto& name : option.get_lnames()) {
    names.push_back("--" + name);
  }
  return names;
}

} // namespace campaign::cli
