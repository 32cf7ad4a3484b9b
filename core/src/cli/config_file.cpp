#include "cli/config_file.hpp"

#include "store/location.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>

namespace campaign::cli {

namespace fs = std::filesystem;

const char* source_name(SettingSource source) {
  switch (source) {
  case SettingSource::command_line:
    return "command line";
  case SettingSource::environment:
    return "environment";
  case SettingSource::config_file:
    return "config file";
  case SettingSource::built_in:
    break;
  }
  return "default";
}

namespace {

// Reads one config file; each error names the file, the line and, once known, the key.
class ConfigReader {
public:
  explicit ConfigReader(fs::path path) : m_path(std::move(path)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw UsageError(fmt::format("{}:{}: {}", m_path.string(), line, message));
  }

  // The line without a comment: from a # outside quotes to the end.
  static std::string_view strip_comment(std::string_view line) {
    char quote = '\0';
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quote == '\0') {
        if (c == '#') {
          return line.substr(0, i);
        }
        if (c == '"' || c == '\'') {
          quote = c;
        }
      } else if (c == '\\' && quote == '"') {
        ++i;
      } else if (c == quote) {
        quote = '\0';
      }
    }
    return line;
  }

  // A TOML string at text[pos] (basic "..." with escapes, or literal '...'); advances pos past it.
  std::string parse_string(std::string_view text, std::size_t& pos, std::size_t line,
                           const std::string& key) const {
    const char quote = text[pos];
    std::string value;
    for (std::size_t i = pos + 1; i < text.size(); ++i) {
      const char c = text[i];
      if (c == quote) {
        pos = i + 1;
        return value;
      }
      if (c == '\\' && quote == '"') {
        if (i + 1 >= text.size()) {
          break;
        }
        const char e = text[++i];
        switch (e) {
        case '"':
        case '\\':
          value += e;
          break;
        case 't':
          value += '\t';
          break;
        case 'n':
          value += '\n';
          break;
        default:
          fail(line, fmt::format("key '{}': unknown escape '\\{}' in a string", key, e));
        }
        continue;
      }
      value += c;
    }
    fail(line, fmt::format("key '{}': the string is not closed with {}", key, quote));
  }

  static void skip_space(std::string_view text, std::size_t& pos) {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
      ++pos;
    }
  }

  // A value: one quoted string, or an array of them. `array` tells which was found.
  std::vector<std::string> parse_value(std::string_view text, std::size_t line, const std::string& key,
                                       bool& array) const {
    std::size_t pos = 0;
    std::vector<std::string> values;
    array = !text.empty() && text.front() == '[';
    if (!array) {
      if (text.empty() || (text.front() != '"' && text.front() != '\'')) {
        fail(line, fmt::format("key '{}': expected a quoted string such as \"vi\", found '{}'", key, text));
      }
      values.push_back(parse_string(text, pos, line, key));
    } else {
      ++pos;
      skip_space(text, pos);
      while (pos < text.size() && text[pos] != ']') {
        if (text[pos] != '"' && text[pos] != '\'') {
          fail(line, fmt::format("key '{}': expected a quoted string in the array, found '{}'", key,
                                 util::trim(text.substr(pos))));
        }
        values.push_back(parse_string(text, pos, line, key));
        skip_space(text, pos);
        if (pos < text.size() && text[pos] == ',') {
          ++pos;
          skip_space(text, pos);
        } else if (pos < text.size() && text[pos] != ']') {
          fail(line, fmt::format("key '{}': expected ',' or ']' in the array, found '{}'", key,
                                 util::trim(text.substr(pos))));
        }
      }
      if (pos >= text.size()) {
        fail(line, fmt::format("key '{}': the array is not closed with ']'", key));
      }
      ++pos;
    }
    if (!util::trim(text.substr(pos)).empty()) {
      fail(line, fmt::format("key '{}': unexpected '{}' after the value", key, util::trim(text.substr(pos))));
    }
    return values;
  }

  // A path from the file: ~/ is $HOME, a relative path is relative to the file's folder.
  std::string resolve_path(const std::string& text, std::size_t line, const std::string& key) const {
    if (text.empty()) {
      fail(line, fmt::format("key '{}': the path is empty", key));
    }
    if (text == "~" || text.starts_with("~/")) {
      const char* home = std::getenv("HOME");
      if (home == nullptr || *home == '\0') {
        fail(line, fmt::format("key '{}': '{}' starts with ~ but HOME is not set", key, text));
      }
      return (fs::path(home) / text.substr(text.size() > 1 ? 2 : 1)).lexically_normal().string();
    }
    const fs::path path(text);
    if (path.is_absolute()) {
      return path.lexically_normal().string();
    }
    return (fs::absolute(m_path).parent_path() / path).lexically_normal().string();
  }

  Setting make_setting(std::string value, std::size_t line) const {
    return Setting{std::move(value), SettingSource::config_file, fmt::format("{}:{}", m_path.string(), line)};
  }

  void read(std::istream& in, ConfigFile& config) const {
    std::map<std::string, std::size_t> seen;
    std::string raw;
    std::size_t number = 0;
    while (std::getline(in, raw)) {
      ++number;
      if (auto bad = util::find_invalid_utf8(raw)) {
        fail(number, fmt::format("invalid UTF-8 at byte {} of the line", *bad + 1));
      }
      const std::string text = util::trim(strip_comment(raw));
      if (text.empty()) {
        continue;
      }
      if (text.front() == '[') {
        fail(number,
             fmt::format("tables are not used: write every setting at the top level (found '{}')", text));
      }
      const std::size_t equals = text.find('=');
      if (equals == std::string::npos) {
        fail(number, fmt::format("expected 'key = value', found '{}'", text));
      }
      std::string key = util::trim(std::string_view(text).substr(0, equals));
      if (key.empty() ||
          key.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            std::string::npos) {
        fail(number, fmt::format("'{}' is not a key (one word of letters, digits, _ and -)", key));
      }
      bool known = false;
      for (const auto& name : config_keys) {
        known = known || name == key;
      }
      if (!known) {
        fail(number, fmt::format("unknown key '{}'; the keys are database, lang, number_style, plugin_dirs{}",
                                 key, util::did_you_mean(key, config_keys)));
      }
      if (auto [it, inserted] = seen.emplace(key, number); !inserted) {
        fail(number, fmt::format("key '{}' is set twice (first on line {})", key, it->second));
      }
      std::string value = util::trim(std::string_view(text).substr(equals + 1));
      const std::size_t first_line = number;
      if (value.starts_with("[")) {
        // An array may go on over several lines, up to its closing bracket.
        auto closed = [](std::string_view v) {
          const std::string_view stripped = strip_comment(v);
          char quote = '\0';
          for (std::size_t i = 0; i < stripped.size(); ++i) {
            const char c = stripped[i];
            if (quote == '\0' && c == ']') {
              return true;
            }
            if (quote == '\0' && (c == '"' || c == '\'')) {
              quote = c;
            } else if (quote == '"' && c == '\\') {
              ++i;
            } else if (c == quote) {
              quote = '\0';
            }
          }
          return false;
        };
        while (!closed(value) && std::getline(in, raw)) {
          ++number;
          value += ' ' + util::trim(strip_comment(raw));
        }
      }
      if (value.empty()) {
        fail(first_line, fmt::format("key '{}' has no value", key));
      }
      bool array = false;
      const std::vector<std::string> values = parse_value(value, first_line, key, array);
      if (key == "plugin_dirs") {
        for (const auto& dir : values) {
          config.plugin_dirs.push_back(make_setting(resolve_path(dir, first_line, key), first_line));
        }
        continue;
      }
      if (array) {
        fail(first_line, fmt::format("key '{}': expected one quoted string, not an array", key));
      }
      const std::string& one = values.front();
      if (key == "database") {
        // A server's URL is used as it is; a file's path is resolved.
        config.database =
          make_setting(store::is_postgresql_url(one) ? one : resolve_path(one, first_line, key), first_line);
      } else {
        if (one != "vi" && one != "en") {
          fail(first_line, fmt::format("key '{}': '{}' is not one of vi, en", key, one));
        }
        (key == "lang" ? config.lang : config.number_style) = make_setting(one, first_line);
      }
    }
  }

private:
  fs::path m_path;
};

} // namespace

ConfigFile read_config_file(const fs::path& path, bool named) {
  ConfigFile config;
  config.path = path;
  config.named = named;
  if (path.empty()) {
    return config;
  }
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (!exists && !named) {
    return config;
  }
  if (!exists) {
    throw UsageError(fmt::format("config file {} does not exist", path.string()));
  }
  if (fs::is_directory(path, ec)) {
    throw UsageError(fmt::format("config file {} is a folder, not a file", path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw UsageError(fmt::format("config file {} cannot be read", path.string()));
  }
  config.exists = true;
  ConfigReader(path).read(in, config);
  return config;
}

} // namespace campaign::cli
