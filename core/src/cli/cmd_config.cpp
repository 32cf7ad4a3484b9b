#include "cli/commands.hpp"

#include "cli/output.hpp"
#include "store/location.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace campaign::cli {

namespace {

struct Row {
  std::string name;
  Setting setting;
};

std::vector<Row> effective_settings(const Context& context) {
  const ConfigFile& config = context.config();
  std::vector<Row> rows;
  std::string config_origin = config.named ? "--config" : "default location";
  if (!config.exists) {
    config_origin += config.path.empty() ? ", none: HOME is not set" : ", not present";
  }
  rows.push_back({"config",
                  {config.path.string(), config.named ? SettingSource::command_line : SettingSource::built_in,
                   config_origin}});
  Setting database = context.database_setting();
  database.value = store::display_location(database.value);
  rows.push_back({"database", database});
  rows.push_back({"lang", context.lang_setting()});
  rows.push_back({"number_style", context.number_style_setting()});
  for (const Setting& dir : context.plugin_dir_settings()) {
    rows.push_back({"plugin_dirs", dir});
  }
  return rows;
}

nlohmann::ordered_json setting_json(const Setting& setting) {
  nlohmann::ordered_json j;
  j["value"] =
    setting.value.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(setting.value);
  j["source"] = source_name(setting.source);
  j["origin"] = setting.origin;
  return j;
}

void show_config(Context& context) {
  const std::vector<Row> rows = effective_settings(context);
  switch (context.format()) {
  case OutputFormat::json: {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const Row& row : rows) {
      if (row.name == "plugin_dirs") {
        continue;
      }
      out[row.name] = setting_json(row.setting);
      if (row.name == "config") {
        out[row.name]["exists"] = context.config().exists;
      }
    }
    out["plugin_dirs"] = nlohmann::ordered_json::array();
    for (const Row& row : rows) {
      if (row.name == "plugin_dirs") {
        out["plugin_dirs"].push_back(setting_json(row.setting));
      }
    }
    context.out() << out.dump(2) << '\n';
    return;
  }
  case OutputFormat::csv: {
    std::vector<std::vector<store::Value>> cells;
    for (const Row& row : rows) {
      cells.push_back(
        {row.name, row.setting.value, std::string(source_name(row.setting.source)), row.setting.origin});
    }
    write_csv(context.out(), {"setting", "value", "source", "origin"}, cells);
    return;
  }
  case OutputFormat::table:
    break;
  }
  TextTable table;
  table.columns = {"setting", "value", "source", "origin"};
  for (const Row& row : rows) {
    table.rows.push_back({row.name, row.setting.value, source_name(row.setting.source), row.setting.origin});
  }
  write_text_table(context.out(), table);
}

} // namespace

void add_config_command(CLI::App& app, Context& context) {
  auto* config = app.add_subcommand("config", "The settings in effect and where each comes from");
  config->require_subcommand(1);
  auto* show = config->add_subcommand(
    "show", "Each setting's value and its source: command line, environment, config file or default");
  show->callback([&context] { context.action = [&context] { show_config(context); }; });
}

} // namespace campaign::cli
