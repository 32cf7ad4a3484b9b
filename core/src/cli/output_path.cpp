#include "cli/output_path.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <system_error>

namespace campaign::cli {

std::string safe_file_part(const std::string& value) {
  std::string out;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    out += c == '/' || c == '\\' || byte < 0x20 || byte == 0x7f ? '_' : c;
  }
  for (std::size_t at = out.find(".."); at != std::string::npos; at = out.find("..", at)) {
    out.replace(at, 2, "__");
  }
  if (out.empty()) {
    return "_";
  }
  if (out.front() == '.') {
    out.front() = '_';
  }
  return out;
}

std::string fill_output_path(const std::string& pattern, const std::map<std::string, std::string>& values) {
  std::string out;
  std::size_t at = 0;
  while (at < pattern.size()) {
    const std::size_t open = pattern.find('{', at);
    if (open == std::string::npos) {
      out += pattern.substr(at);
      break;
    }
    out += pattern.substr(at, open - at);
    const std::size_t close = pattern.find('}', open);
    if (close == std::string::npos) {
      throw UsageError(fmt::format("-o: '{}' has a '{{' without its '}}'", pattern));
    }
    const std::string name = pattern.substr(open + 1, close - open - 1);
    const auto it = values.find(name);
    if (it == values.end()) {
      std::string known;
      for (const auto& [key, value] : values) {
        known += (known.empty() ? "{" : ", {") + key + "}";
      }
      throw UsageError(fmt::format("-o: unknown placeholder {{{}}} (known: {})", name, known));
    }
    out += safe_file_part(it->second);
    at = close + 1;
  }
  return out;
}

void ensure_parent_folder(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) {
    return;
  }
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    throw Error(fmt::format("cannot create the folder {}: {}", parent.string(), error.message()));
  }
}

} // namespace campaign::cli
