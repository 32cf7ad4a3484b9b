#pragma once

#include "cli/config_file.hpp"
#include "domain/number.hpp"
#include "plugin/host.hpp"
#include "store/database.hpp"

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace campaign::cli {

enum class OutputFormat { table, json, csv };

// Options that every command accepts.
struct GlobalOptions {
  std::string config;
  std::string db;
  std::string format = "table";
  std::string lang;
  std::string number_style;
  std::vector<std::string> plugin_dirs;
  int verbose = 0;
  bool quiet = false;
};

// What a command handler works with: the global options, the output stream
// and, opened on first use, the database.
class Context {
public:
  Context(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

  GlobalOptions options;

  std::ostream& out() { return m_out; }
  std::ostream& err() { return m_err; }

  // The config file: --config FILE, else the default location. Read once,
  // before the command runs; throws UsageError for a file it cannot use.
  void load_config();
  const ConfigFile& config() const { return m_config; }

  // Each setting with where its value came from (`campaign config show`).
  Setting database_setting() const;
  Setting lang_setting() const;
  Setting number_style_setting() const;
  std::vector<Setting> plugin_dir_settings() const;

  // --db, else $CAMPAIGN_DB, else the config file, else the default under the XDG data folder.
  std::filesystem::path database_path() const;

  // Warns on err() when `database` is a URL that carries its password, which
  // other users can read in the process list, the shell's history or the
  // file; ~/.pgpass keeps it out of all three.
  void warn_if_password(const Setting& database);

  // The database, opened on first call; throws DatabaseError if it cannot be
  // used, or is on a PostgreSQL server (which `campaign migrate` fills and reads).
  store::Database& database(store::Database::Mode mode = store::Database::Mode::open_existing);

  // The plugin folders: --plugin-dir, $CAMPAIGN_PLUGIN_PATH, the config file's, the built-in ones.
  std::vector<std::filesystem::path> plugin_search_path() const;

  // The plugin host over the search path, every plugin loaded on first call.
  plugin::PluginHost& plugins();

  // --lang, else the config file, else the locale ($LC_ALL, $LC_MESSAGES,
  // $LANG); Vietnamese locales give vi, all else en.
  domain::Lang lang() const;

  // --number-style (else the config file's) for numbers typed on the command line; nullopt when not given.
  std::optional<domain::NumberStyle> number_style() const;

  // --format; throws UsageError for an unknown name.
  OutputFormat format() const;

  // Whether run() reads the config file before the action; commands that
  // work without settings (completion, man) turn it off.
  bool needs_config = true;

  // The action the parsed command line chose; run after parsing.
  std::function<void()> action;

  // Makes this context use `parent`'s database and plugins (opened on first
  // use by either): the commands of `campaign batch` share one of each.
  void share(Context& parent) { m_parent = &parent; }

  // True for a context that shares another's (a command of a batch).
  bool shared() const { return m_parent != nullptr; }

private:
  Context* m_parent = nullptr;
  std::ostream& m_out;
  std::ostream& m_err;
  ConfigFile m_config;
  std::unique_ptr<store::Database> m_database;
  std::unique_ptr<plugin::PluginHost> m_plugins;
};

} // namespace campaign::cli
