#include "cli/commands.hpp"

#include "cli/output.hpp"
#include "plugin/calls.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace campaign::cli {

namespace {

std::string capabilities(const plugin::PluginInfo& info) {
  std::string text;
  auto add = [&](const char* kind, const std::vector<std::string>& names) {
    for (const auto& name : names) {
      text += (text.empty() ? "" : ", ") + fmt::format("{}:{}", kind, name);
    }
  };
  add("importer", info.importers);
  add("analysis", info.analyses);
  add("renderer", info.renderers);
  return text;
}

nlohmann::ordered_json info_json(const plugin::PluginInfo& info) {
  nlohmann::ordered_json j;
  j["name"] = info.name.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(info.name);
  j["version"] = info.version;
  j["abi"] = info.loaded ? fmt::format("{}.{}", info.abi_major, info.abi_minor) : "";
  j["importers"] = info.importers;
  j["analyses"] = info.analyses;
  j["renderers"] = info.renderers;
  j["path"] = info.path.string();
  j["status"] = info.loaded ? "ok" : "refused";
  j["problem"] = info.problem.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(info.problem);
  return j;
}

void print_plugins(Context& context, const std::vector<plugin::PluginInfo>& plugins) {
  if (context.format() == OutputFormat::json) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& info : plugins) {
      array.push_back(info_json(info));
    }
    context.out() << array.dump(2) << '\n';
    return;
  }
  if (context.format() == OutputFormat::csv) {
    std::vector<std::vector<store::Value>> rows;
    for (const auto& info : plugins) {
      rows.push_back({info.name, info.version,
                      info.loaded ? fmt::format("{}.{}", info.abi_major, info.abi_minor) : std::string(),
                      capabilities(info), info.path.string(), std::string(info.loaded ? "ok" : "refused"),
                      info.problem});
    }
    write_csv(context.out(), {"name", "version", "abi", "capabilities", "path", "status", "problem"}, rows);
    return;
  }
  if (plugins.empty()) {
    context.err() << "no plugins found\n";
    return;
  }
  TextTable table;
  table.columns = {"name", "version", "abi", "capabilities", "path", "status"};
  for (const auto& info : plugins) {
    table.rows.push_back({info.name.empty() ? "?" : info.name, info.version,
                          info.loaded ? fmt::format("{}.{}", info.abi_major, info.abi_minor) : "",
                          capabilities(info), info.path.string(), info.loaded ? "ok" : "refused: " + info.problem});
  }
  write_text_table(context.out(), table);
}

template <typename C>
void describe_options(std::ostream& out, const C* capability) {
  for (std::size_t i = 0; i < capability->option_count; ++i) {
    const campaign_option_def& option = capability->options[i];
    out << fmt::format("      -O {}=<{}>  {}{}\n", option.name, option.type, option.help ? option.help : "",
                       option.default_value ? fmt::format(" (default: {})", option.default_value) : "");
  }
}

void search_path_note(Context& context) {
  std::string folders;
  for (const auto& dir : context.plugins().search_path()) {
    folders += "\n  " + dir.string();
  }
  context.err() << "plugin folders searched:" << (folders.empty() ? std::string(" none") : folders) << '\n';
}

} // namespace

void add_plugins_command(CLI::App& app, Context& context) {
  auto* plugins = app.add_subcommand("plugins", "List, describe and check the plugins found");
  plugins->require_subcommand(1);

  auto* list = plugins->add_subcommand("list", "Every plugin found, with its capabilities and status");
  list->callback([&context] {
    context.action = [&context] {
      print_plugins(context, context.plugins().plugins());
      if (context.options.verbose > 0) {
        search_path_note(context);
      }
    };
  });

  auto name = std::make_shared<std::string>();
  auto* info = plugins->add_subcommand("info", "A plugin's description, capabilities and options");
  info->add_option("name", *name, "plugin name")->required();
  info->callback([&context, name] {
    context.action = [&context, name] {
      plugin::PluginHost& host = context.plugins();
      std::vector<std::string> names;
      for (const auto& found : host.plugins()) {
        if (found.name != *name) {
          names.push_back(found.name);
          continue;
        }
        if (context.format() == OutputFormat::json) {
          context.out() << info_json(found).dump(2) << '\n';
          return;
        }
        std::ostream& out = context.out();
        out << found.name << ' ' << found.version << " (plugin ABI " << found.abi_major << '.' << found.abi_minor
            << ")\n"
            << found.description << '\n'
            << "path: " << found.path.string() << '\n';
        if (!found.loaded) {
          out << "status: refused: " << found.problem << '\n';
          return;
        }
        for (const auto& importer : found.importers) {
          const auto handle = host.importer(importer);
          out << "  importer " << importer << ": " << handle->c->description << '\n';
          describe_options(out, handle->c);
        }
        for (const auto& analysis : found.analyses) {
          const auto handle = host.analysis(analysis);
          out << "  analysis " << analysis << ": " << handle->c->description << '\n';
          describe_options(out, handle->c);
        }
        for (const auto& renderer : found.renderers) {
          const auto handle = host.renderer(renderer);
          out << "  renderer " << renderer << " (." << handle->c->extension << "): " << handle->c->description
              << '\n';
          describe_options(out, handle->c);
        }
        return;
      }
      throw InvalidInput(fmt::format("no plugin named '{}'{}", *name, util::did_you_mean(*name, names)));
    };
  });

  auto* check = plugins->add_subcommand(
    "check", "Load each plugin in a child process and report problems; exit 1 if any plugin has one");
  check->callback([&context] {
    context.action = [&context] {
      plugin::PluginHost host(context.plugin_search_path());
      std::vector<plugin::PluginInfo> results;
      for (const auto& file : host.discover()) {
        plugin::PluginInfo result = plugin::check_in_child(file);
        for (const auto& earlier : results) {
          if (result.loaded && earlier.loaded && earlier.name == result.name) {
            result.loaded = false;
            result.problem = fmt::format("a plugin named '{}' is already loaded from {}; this one is ignored",
                                         result.name, earlier.path.string());
          }
        }
        results.push_back(std::move(result));
      }
      print_plugins(context, results);
      const auto bad = std::count_if(results.begin(), results.end(), [](const auto& r) { return !r.loaded; });
      if (bad > 0) {
        throw Error(fmt::format("{} of {} plugins have problems", bad, results.size()));
      }
    };
  });
}

std::map<std::string, std::string> parse_assignments(const std::vector<std::string>& items) {
  std::map<std::string, std::string> values;
  for (const std::string& item : items) {
    const auto equals = item.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw UsageError(fmt::format("-O '{}': expected NAME=VALUE", item));
    }
    values[item.substr(0, equals)] = item.substr(equals + 1);
  }
  return values;
}

} // namespace campaign::cli
