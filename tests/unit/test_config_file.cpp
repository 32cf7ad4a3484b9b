#include "cli/config_file.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using campaign::UsageError;
using campaign::cli::ConfigFile;
using campaign::cli::read_config_file;
using campaign::cli::SettingSource;

namespace {

// A config file with `text` in a fresh folder; removed with the object.
struct TempConfig {
  fs::path dir;
  fs::path path;
  explicit TempConfig(const std::string& text) {
    std::string pattern = (fs::temp_directory_path() / "campaign-config-XXXXXX").string();
    dir = ::mkdtemp(pattern.data());
    path = dir / "config.toml";
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempConfig() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  TempConfig(const TempConfig&) = delete;
  TempConfig& operator=(const TempConfig&) = delete;
};

std::string error_of(const std::string& text) {
  TempConfig config(text);
  try {
    read_config_file(config.path, true);
  } catch (const UsageError& e) {
    const std::string message = e.what();
    // Without the folder, which changes from run to run.
    return message.substr(message.find("config.toml"));
  }
  return "no error";
}

} // namespace

TEST_CASE("cli::read_config_file keeps a server's URL as it is") {
  TempConfig config("database = \"postgresql://clerk@db.office/campaign?sslmode=require\"\n");
  const ConfigFile file = read_config_file(config.path, false);
  REQUIRE(file.database);
  CHECK(file.database->value == "postgresql://clerk@db.office/campaign?sslmode=require");
}

TEST_CASE("cli::read_config_file reads the settings with their lines") {
  TempConfig config("# comment\n"
                    "database = \"data/x.db\"  # relative to the file\n"
                    "\n"
                    "lang = 'vi'\r\n"
                    "number_style = \"en\"\n"
                    "plugin_dirs = [\"/opt/a\",\n"
                    "  'b', # second\n"
                    "]\n");
  const ConfigFile file = read_config_file(config.path, false);
  CHECK(file.exists);
  CHECK_FALSE(file.named);
  REQUIRE(file.database);
  CHECK(file.database->value == (config.dir / "data" / "x.db").string());
  CHECK(file.database->source == SettingSource::config_file);
  CHECK(file.database->origin == config.path.string() + ":2");
  REQUIRE(file.lang);
  CHECK(file.lang->value == "vi");
  CHECK(file.lang->origin == config.path.string() + ":4");
  REQUIRE(file.number_style);
  CHECK(file.number_style->value == "en");
  REQUIRE(file.plugin_dirs.size() == 2);
  CHECK(file.plugin_dirs[0].value == "/opt/a");
  CHECK(file.plugin_dirs[1].value == (config.dir / "b").string());
  CHECK(file.plugin_dirs[1].origin == config.path.string() + ":6");
}

TEST_CASE("cli::read_config_file: a missing file") {
  const fs::path missing = fs::temp_directory_path() / "campaign-no-such-folder" / "config.toml";
  const ConfigFile file = read_config_file(missing, false);
  CHECK_FALSE(file.exists);
  CHECK_FALSE(file.database);
  CHECK_THROWS_AS(read_config_file(missing, true), UsageError);
  CHECK_FALSE(read_config_file(fs::path(), false).exists);
}

TEST_CASE("cli::read_config_file refuses what it cannot use, naming line and key") {
  CHECK(
    error_of("lang = \"vi\"\nlnag = \"en\"\n") ==
    "config.toml:2: unknown key 'lnag'; the keys are database, lang, number_style, plugin_dirs; did you mean "
    "'lang'?");
  CHECK(error_of("lang = \"de\"\n") == "config.toml:1: key 'lang': 'de' is not one of vi, en");
  CHECK(error_of("lang = vi\n") ==
        "config.toml:1: key 'lang': expected a quoted string such as \"vi\", found 'vi'");
  CHECK(error_of("lang = \"vi\" \"en\"\n") ==
        "config.toml:1: key 'lang': unexpected '\"en\"' after the value");
  CHECK(error_of("database = \"a.db\"\ndatabase = \"b.db\"\n") ==
        "config.toml:2: key 'database' is set twice (first on line 1)");
  CHECK(error_of("[paths]\n") ==
        "config.toml:1: tables are not used: write every setting at the top level (found '[paths]')");
  CHECK(error_of("just words\n") == "config.toml:1: expected 'key = value', found 'just words'");
  CHECK(error_of("a b = \"x\"\n") ==
        "config.toml:1: 'a b' is not a key (one word of letters, digits, _ and -)");
  CHECK(error_of("lang =\n") == "config.toml:1: key 'lang' has no value");
  CHECK(error_of("plugin_dirs = [\"a\" \"b\"]\n") ==
        "config.toml:1: key 'plugin_dirs': expected ',' or ']' in the array, found '\"b\"]'");
  CHECK(error_of("plugin_dirs = [\"a\",\n") ==
        "config.toml:1: key 'plugin_dirs': the array is not closed with ']'");
  CHECK(error_of("plugin_dirs = [a]\n") ==
        "config.toml:1: key 'plugin_dirs': expected a quoted string in the array, found 'a]'");
  CHECK(error_of("database = \"\"\n") == "config.toml:1: key 'database': the path is empty");
  CHECK(error_of("database = \"a\\qb\"\n") ==
        "config.toml:1: key 'database': unknown escape '\\q' in a string");
  CHECK(error_of("lang = \"\xC3\x28\"\n") == "config.toml:1: invalid UTF-8 at byte 9 of the line");
}
