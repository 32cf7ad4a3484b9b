#pragma once

#include <filesystem>

namespace campaign::util {

// The folder of the running executable (from /proc/self/exe); empty if unknown.
std::filesystem::path executable_dir();

// The folder holding the data catalogue and templates: $CAMPAIGN_DATA_DIR,
// else <prefix>/share/campaign beside the installed executable, else the
// source tree's data/ when run from the build tree. Throws Error when none exists.
std::filesystem::path data_dir();

// The default database file: $XDG_DATA_HOME/campaign/campaign.db, or
// ~/.local/share/campaign/campaign.db.
std::filesystem::path default_database_path();

// The default config file: $XDG_CONFIG_HOME/campaign/config.toml, or
// ~/.config/campaign/config.toml; empty when neither variable is set.
std::filesystem::path default_config_path();

} // namespace campaign::util
