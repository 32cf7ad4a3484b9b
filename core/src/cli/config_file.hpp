#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace campaign::cli {

// Where the effective value of a setting came from, highest precedence first.
enum class SettingSource { command_line, environment, config_file, built_in };

// "command line", "environment", "config file" or "default".
const char* source_name(SettingSource source);

// One effective value and its origin: the option ("--db"), the variable
// ("CAMPAIGN_DB"), the file and line ("/home/u/.config/campaign/config.toml:3")
// or a note on the default.
struct Setting {
  std::string value;
  SettingSource source = SettingSource::built_in;
  std::string origin;
};

// The keys a config file may set, in the order `config show` lists them.
inline const std::vector<std::string> config_keys = {"database", "lang", "number_style", "plugin_dirs"};

// What a config file sets. Paths are resolved: "~/" is $HOME, and a relative
// path is relative to the folder of the config file.
struct ConfigFile {
  std::filesystem::path path; // empty when there is no default location ($HOME unset)
  bool exists = false;
  bool named = false; // given with --config rather than found at the default location
  std::optional<Setting> database;
  std::optional<Setting> lang;
  std::optional<Setting> number_style;
  std::vector<Setting> plugin_dirs;
};

// Reads the config file at `path` (the TOML subset the settings need: one
// `key = value` per line at the top level, strings in quotes, arrays of
// strings in brackets, # comments). A missing file gives an empty ConfigFile
// unless `named` (then it is an error). Throws UsageError naming the file, the
// line and the key for anything it cannot use.
ConfigFile read_config_file(const std::filesystem::path& path, bool named);

} // namespace campaign::cli
