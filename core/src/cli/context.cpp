#include "cli/context.hpp"

#include "store/location.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <ostream>

namespace campaign::cli {

void Context::load_config() {
  // A batch line that names no other settings file has the batch's, read once.
  if (m_parent != nullptr && options.config == m_parent->options.config) {
    m_config = m_parent->m_config;
    return;
  }
  const bool named = !options.config.empty();
  m_config =
    read_config_file(named ? std::filesystem::path(options.config) : util::default_config_path(), named);
}

Setting Context::database_setting() const {
  if (!options.db.empty()) {
    return {options.db, SettingSource::command_line, "--db"};
  }
  if (const char* env = std::getenv("CAMPAIGN_DB"); env != nullptr && *env != '\0') {
    return {env, SettingSource::environment, "CAMPAIGN_DB"};
  }
  if (m_config.database) {
    return *m_config.database;
  }
  return {util::default_database_path().string(), SettingSource::built_in,
          "under $XDG_DATA_HOME or ~/.local/share"};
}

std::filesystem::path Context::database_path() const {
  return database_setting().value;
}

void Context::warn_if_password(const Setting& database) {
  if (!store::url_has_password(database.value) || options.quiet) {
    return;
  }
  m_err << fmt::format("campaign: warning: the database URL of {} carries a password, which others can read "
                       "there; put it in ~/.pgpass (host:port:database:user:password, mode 0600) and leave it "
                       "out of the URL\n",
                       database.origin);
}

store::Database& Context::database(store::Database::Mode mode) {
  if (m_parent != nullptr) {
    return m_parent->database(mode);
  }
  if (!m_database) {
    const Setting setting = database_setting();
    warn_if_password(setting);
    m_database = std::make_unique<store::Database>(database_path(), mode);
  }
  return *m_database;
}

std::vector<std::filesystem::path> Context::plugin_search_path() const {
  std::vector<std::filesystem::path> configured;
  for (const Setting& dir : m_config.plugin_dirs) {
    configured.emplace_back(dir.value);
  }
  return plugin::plugin_search_path(options.plugin_dirs, configured);
}

plugin::PluginHost& Context::plugins() {
  if (m_parent != nullptr) {
    return m_parent->plugins();
  }
  if (!m_plugins) {
    m_plugins = std::make_unique<plugin::PluginHost>(plugin_search_path());
    m_plugins->load_all();
  }
  return *m_plugins;
}

Setting Context::lang_setting() const {
  if (!options.lang.empty()) {
    return {options.lang, SettingSource::command_line, "--lang"};
  }
  if (m_config.lang) {
    return *m_config.lang;
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
      continue;
    }
    std::string lang = "en";
    try {
      lang = domain::lang_code(domain::parse_lang(value));
    } catch (const Error&) {
      // Any other locale (C, POSIX, fr_FR) means English.
    }
    return {lang, SettingSource::built_in, std::string("from the locale ") + name + "=" + value};
  }
  return {"en", SettingSource::built_in, "no locale set"};
}

domain::Lang Context::lang() const {
  return lang_setting().value == "vi" ? domain::Lang::vi : domain::Lang::en;
}

Setting Context::number_style_setting() const {
  if (!options.number_style.empty()) {
    return {options.number_style, SettingSource::command_line, "--number-style"};
  }
  if (m_config.number_style) {
    return *m_config.number_style;
  }
  return {"", SettingSource::built_in, "none: only numbers that read the same in both styles"};
}

std::optional<domain::NumberStyle> Context::number_style() const {
  const Setting style = number_style_setting();
  if (style.value.empty()) {
    return std::nullopt;
  }
  return domain::parse_number_style(style.value);
}

std::vector<Setting> Context::plugin_dir_settings() const {
  std::vector<Setting> dirs;
  for (const std::string& dir : options.plugin_dirs) {
    dirs.push_back({dir, SettingSource::command_line, "--plugin-dir"});
  }
  for (const auto& dir : plugin::plugin_path_from_environment()) {
    dirs.push_back({dir.string(), SettingSource::environment, "CAMPAIGN_PLUGIN_PATH"});
  }
  dirs.insert(dirs.end(), m_config.plugin_dirs.begin(), m_config.plugin_dirs.end());
  const std::vector<std::filesystem::path> builtin = plugin::builtin_plugin_dirs();
  for (std::size_t i = 0; i < builtin.size(); ++i) {
    dirs.push_back(
      {builtin[i].string(), SettingSource::built_in, i == 0 ? "beside the program" : "the build tree"});
  }
  return dirs;
}

OutputFormat Context::format() const {
  if (options.format == "table") {
    return OutputFormat::table;
  }
  if (options.format == "json") {
    return OutputFormat::json;
  }
  if (options.format == "csv") {
    return OutputFormat::csv;
  }
  throw UsageError("--format: '" + options.format + "' is not one of table, json, csv");
}

} // namespace campaign::cli
