#include "util/paths.hpp"

#include "util/error.hpp"

#include <cstdlib>

namespace campaign::util {

namespace fs = std::filesystem;

namespace {

const char* env(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

} // namespace

fs::path executable_dir() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? fs::path() : exe.parent_path();
}

fs::path data_dir() {
  std::error_code ec;
  if (const char* dir = env("CAMPAIGN_DATA_DIR")) {
    if (!fs::is_directory(dir, ec)) {
      throw Error(std::string("CAMPAIGN_DATA_DIR names ") + dir + ", which is not a folder");
    }
    return dir;
  }
  const fs::path installed = executable_dir() / ".." / "share" / "campaign";
  if (fs::is_directory(installed, ec)) {
    return installed.lexically_normal();
  }
#ifdef CAMPAIGN_SOURCE_DATA_DIR
  if (fs::is_directory(CAMPAIGN_SOURCE_DATA_DIR, ec)) {
    return CAMPAIGN_SOURCE_DATA_DIR;
  }
#endif
  throw Error("cannot find the campaign data folder; set CAMPAIGN_DATA_DIR");
}

fs::path default_database_path() {
  if (const char* xdg = env("XDG_DATA_HOME")) {
    return fs::path(xdg) / "campaign" / "campaign.db";
  }
  if (const char* home = env("HOME")) {
    return fs::path(home) / ".local" / "share" / "campaign" / "campaign.db";
  }
  return fs::path("campaign.db");
}

fs::path default_config_path() {
  if (const char* xdg = env("XDG_CONFIG_HOME")) {
    return fs::path(xdg) / "campaign" / "config.toml";
  }
  if (const char* home = env("HOME")) {
    return fs::path(home) / ".config" / "campaign" / "config.toml";
  }
  return {};
}

} // namespace campaign::util
