#include "cli/context.hpp"

#include "util/error.hpp"
#include "util/paths.hpp"

#include <cstdlib>

namespace campaign::cli {

std::filesystem::path Context::database_path() const {
  if (!options.db.empty()) {
    return options.db;
  }
  if (const char* env = std::getenv("CAMPAIGN_DB"); env != nullptr && *env != '\0') {
    return env;
  }
  return util::default_database_path();
}

store::Database& Context::database(store::Database::Mode mode) {
  if (m_parent != nullptr) {
    return m_parent->database(mode);
  }
  if (!m_database) {
    m_database = std::make_unique<store::Database>(database_path(), mode);
  }
  return *m_database;
}

plugin::PluginHost& Context::plugins() {
  if (m_parent != nullptr) {
    return m_parent->plugins();
  }
  if (!m_plugins) {
    m_plugins = std::make_unique<plugin::PluginHost>(plugin::plugin_search_path(options.plugin_dirs));
    m_plugins->load_all();
  }
  return *m_plugins;
}

domain::Lang Context::lang() const {
  if (!options.lang.empty()) {
    return domain::parse_lang(options.lang);
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
      continue;
    }
    try {
      return domain::parse_lang(value);
    } catch (const Error&) {
      return domain::Lang::en;
    }
  }
  return domain::Lang::en;
}

std::optional<domain::NumberStyle> Context::number_style() const {
  if (options.number_style.empty()) {
    return std::nullopt;
  }
  return domain::parse_number_style(options.number_style);
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
