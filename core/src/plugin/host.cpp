#include "plugin/host.hpp"

#include "plugin/errors.hpp"
#include "util/paths.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CAMPAIGN_VERSION
#define CAMPAIGN_VERSION "unknown"
#endif

namespace campaign::plugin {

namespace fs = std::filesystem;

namespace {

// The smallest struct sizes of ABI 1.0: a plugin's structs may be larger
// (a later minor version), never smaller.
constexpr std::size_t k_descriptor_size =
  offsetof(campaign_plugin_descriptor, renderer_count) + sizeof(std::size_t);
constexpr std::size_t k_importer_size = offsetof(campaign_importer, run) + sizeof(void*);
constexpr std::size_t k_analysis_size = offsetof(campaign_analysis, run) + sizeof(void*);
constexpr std::size_t k_renderer_size = offsetof(campaign_renderer, render) + sizeof(void*);

template <typename C>
std::vector<std::string> check_array(const char* what, const C* array, std::size_t count, std::size_t min_size,
                                     bool (*has_function)(const C*)) {
  std::vector<std::string> names;
  if (count == 0) {
    return names;
  }
  if (array == nullptr) {
    throw PluginError(fmt::format("descriptor declares {} {}s but gives no array", count, what));
  }
  if (array->struct_size < min_size) {
    throw PluginError(fmt::format("{} struct_size {} is smaller than ABI {}.0 requires ({})", what,
                                  array->struct_size, CAMPAIGN_ABI_MAJOR, min_size));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const C* item = element(array, i);
    if (item->struct_size != array->struct_size) {
      throw PluginError(fmt::format("{} {} has struct_size {}, unlike the first ({})", what, i, item->struct_size,
                                    array->struct_size));
    }
    if (item->name == nullptr || *item->name == '\0' || !has_function(item)) {
      throw PluginError(fmt::format("{} {} has no name or no function", what, i));
    }
    if (item->option_count > 0 && item->options == nullptr) {
      throw PluginError(fmt::format("{} {} declares options but gives no array", what, item->name));
    }
    for (std::size_t o = 0; o < item->option_count; ++o) {
      const campaign_option_def& option = item->options[o];
      if (option.name == nullptr || option.type == nullptr) {
        throw PluginError(fmt::format("{} {}: option {} has no name or type", what, item->name, o));
      }
      const std::string type = option.type;
      if (type != "string" && type != "integer" && type != "number" && type != "boolean" && type != "path") {
        throw PluginError(fmt::format("{} {}: option {} has unknown type '{}'", what, item->name, option.name, type));
      }
    }
    names.emplace_back(item->name);
  }
  return names;
}

PluginInfo describe(const fs::path& path, const campaign_plugin_descriptor* d) {
  PluginInfo info;
  info.path = path;
  if (d == nullptr) {
    throw PluginError("the entry point returned no descriptor (the plugin declined this host)");
  }
  if (d->struct_size < k_descriptor_size) {
    throw PluginError(fmt::format("descriptor struct_size {} is smaller than ABI {}.0 requires ({})",
                                  d->struct_size, CAMPAIGN_ABI_MAJOR, k_descriptor_size));
  }
  if (d->abi_major != CAMPAIGN_ABI_MAJOR) {
    throw PluginError(
      fmt::format("built for plugin ABI {}.{}; this campaign speaks ABI {}.{}", d->abi_major, d->abi_minor,
                  CAMPAIGN_ABI_MAJOR, CAMPAIGN_ABI_MINOR));
  }
  if (d->name == nullptr || *d->name == '\0') {
    throw PluginError("the descriptor has no name");
  }
  info.name = d->name;
  info.version = d->version != nullptr ? d->version : "";
  info.description = d->description != nullptr ? d->description : "";
  info.abi_major = d->abi_major;
  info.abi_minor = d->abi_minor;
  info.importers = check_array<campaign_importer>("importer", d->importers, d->importer_count, k_importer_size,
                                                  [](const campaign_importer* c) { return c->run != nullptr; });
  info.analyses = check_array<campaign_analysis>("analysis", d->analyses, d->analysis_count, k_analysis_size,
                                                 [](const campaign_analysis* c) { return c->run != nullptr; });
  info.renderers = check_array<campaign_renderer>("renderer", d->renderers, d->renderer_count, k_renderer_size,
                                                  [](const campaign_renderer* c) { return c->render != nullptr; });
  return info;
}

} // namespace

std::vector<fs::path> plugin_path_from_environment() {
  std::vector<fs::path> path;
  if (const char* env = std::getenv("CAMPAIGN_PLUGIN_PATH"); env != nullptr) {
    std::string_view rest(env);
    while (!rest.empty()) {
      const std::size_t colon = rest.find(':');
      const std::string entry(rest.substr(0, colon));
      rest = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
      if (entry.empty()) {
        continue;
      }
      if (!fs::path(entry).is_absolute()) {
        spdlog::warn("CAMPAIGN_PLUGIN_PATH: ignoring relative folder '{}'; name it with --plugin-dir to use it",
                     entry);
        continue;
      }
      path.emplace_back(entry);
    }
  }
  return path;
}

std::vector<fs::path> builtin_plugin_dirs() {
  std::vector<fs::path> path;
  const fs::path exe_dir = util::executable_dir();
  if (!exe_dir.empty()) {
    path.push_back((exe_dir / ".." / "lib" / "campaign" / "plugins" / std::to_string(CAMPAIGN_ABI_MAJOR))
                     .lexically_normal());
  }
#if defined(CAMPAIGN_BUILD_BIN_DIR) && defined(CAMPAIGN_BUILD_PLUGIN_DIR)
  std::error_code ec;
  if (!exe_dir.empty() && fs::equivalent(exe_dir, CAMPAIGN_BUILD_BIN_DIR, ec)) {
    path.emplace_back(CAMPAIGN_BUILD_PLUGIN_DIR);
  }
#endif
  return path;
}

std::vector<fs::path> plugin_search_path(const std::vector<std::string>& plugin_dirs,
                                         const std::vector<fs::path>& configured_dirs) {
  std::vector<fs::path> path(plugin_dirs.begin(), plugin_dirs.end());
  for (auto& dir : plugin_path_from_environment()) {
    path.push_back(std::move(dir));
  }
  path.insert(path.end(), configured_dirs.begin(), configured_dirs.end());
  for (auto& dir : builtin_plugin_dirs()) {
    path.push_back(std::move(dir));
  }
  return path;
}

std::string trust_problem(const fs::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return fmt::format("cannot inspect {}", path.string());
  }
  if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
    return fmt::format("{} is writable by others than its owner; refusing to load code from it", path.string());
  }
  if (st.st_uid != 0 && st.st_uid != ::geteuid()) {
    return fmt::format("{} belongs to another user (uid {}); refusing to load code from it", path.string(),
                       st.st_uid);
  }
  return "";
}

PluginInfo load_plugin(const fs::path& path, std::shared_ptr<Library>* library_out,
                       const campaign_plugin_descriptor** descriptor_out) {
  PluginInfo refused;
  refused.path = path;
  try {
    for (const fs::path& checked : {path.parent_path().empty() ? fs::path(".") : path.parent_path(), path}) {
      if (std::string problem = trust_problem(checked); !problem.empty()) {
        throw PluginError(problem);
      }
    }
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw PluginError(fmt::format("cannot read it: {}", std::strerror(errno)));
    }
    ::close(fd);
    Library::check_exports(path, CAMPAIGN_PLUGIN_ENTRY_NAME);
    std::shared_ptr<Library> library = Library::load(path);
    auto entry = reinterpret_cast<campaign_plugin_entry_fn>(library->symbol(CAMPAIGN_PLUGIN_ENTRY_NAME));
    if (entry == nullptr) {
      throw PluginError(fmt::format("no entry point {}", CAMPAIGN_PLUGIN_ENTRY_NAME));
    }
    const campaign_host_info host{sizeof(campaign_host_info), CAMPAIGN_ABI_MAJOR, CAMPAIGN_ABI_MINOR,
                                  CAMPAIGN_VERSION};
    const campaign_plugin_descriptor* descriptor = entry(&host);
    PluginInfo info = describe(path, descriptor);
    info.loaded = true;
    if (library_out != nullptr) {
      *library_out = std::move(library);
    }
    if (descriptor_out != nullptr) {
      *descriptor_out = descriptor;
    }
    return info;
  } catch (const std::exception& e) {
    refused.problem = e.what();
    return refused;
  }
}

PluginHost::PluginHost(std::vector<fs::path> search_path) : m_search_path(std::move(search_path)) {}

std::vector<fs::path> PluginHost::discover() const {
  std::vector<fs::path> files;
  for (const fs::path& dir : m_search_path) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      continue;
    }
    std::vector<fs::path> here;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".so" && !entry.is_directory(ec)) {
        here.push_back(entry.path());
      }
    }
    std::sort(here.begin(), here.end());
    for (const fs::path& file : here) {
      const bool seen = std::any_of(files.begin(), files.end(), [&](const fs::path& other) {
        std::error_code same_ec;
        return fs::equivalent(other, file, same_ec);
      });
      if (!seen) {
        files.push_back(file);
      }
    }
  }
  return files;
}

void PluginHost::load_all() {
  if (!m_plugins.empty()) {
    return;
  }
  for (const fs::path& file : discover()) {
    std::shared_ptr<Library> library;
    const campaign_plugin_descriptor* descriptor = nullptr;
    PluginInfo info = load_plugin(file, &library, &descriptor);
    if (info.loaded) {
      auto same = std::find_if(m_loaded.begin(), m_loaded.end(), [&](const Loaded& l) { return l.name == info.name; });
      if (same != m_loaded.end()) {
        info.loaded = false;
        info.problem = fmt::format("a plugin named '{}' is already loaded from {}; this one is ignored", info.name,
                                   same->library->path().string());
      } else {
        m_loaded.push_back({library, descriptor, info.name});
      }
    }
    if (!info.loaded) {
      spdlog::warn("plugin {}: {}", file.string(), info.problem);
    } else {
      spdlog::debug("plugin {} {} loaded from {}", info.name, info.version, file.string());
    }
    m_plugins.push_back(std::move(info));
  }
}

template <typename C>
std::optional<Handle<C>> PluginHost::find(std::string_view name, const C* campaign_plugin_descriptor::*array,
                                          std::size_t campaign_plugin_descriptor::*count) const {
  for (const Loaded& loaded : m_loaded) {
    for (std::size_t i = 0; i < loaded.descriptor->*count; ++i) {
      const C* item = element(loaded.descriptor->*array, i);
      if (name == item->name) {
        return Handle<C>{loaded.library, item, loaded.name,
                         loaded.descriptor->version != nullptr ? loaded.descriptor->version : ""};
      }
    }
  }
  return std::nullopt;
}

std::optional<ImporterHandle> PluginHost::importer(std::string_view name) const {
  return find(name, &campaign_plugin_descriptor::importers, &campaign_plugin_descriptor::importer_count);
}

std::optional<AnalysisHandle> PluginHost::analysis(std::string_view name) const {
  return find(name, &campaign_plugin_descriptor::analyses, &campaign_plugin_descriptor::analysis_count);
}

std::optional<RendererHandle> PluginHost::renderer(std::string_view name) const {
  return find(name, &campaign_plugin_descriptor::renderers, &campaign_plugin_descriptor::renderer_count);
}

std::vector<std::string> PluginHost::names(std::vector<std::string> PluginInfo::*list) const {
  std::vector<std::string> all;
  for (const PluginInfo& info : m_plugins) {
    all.insert(all.end(), (info.*list).begin(), (info.*list).end());
  }
  return all;
}

} // namespace campaign::plugin
