#pragma once

#include "plugin/library.hpp"

#include <campaign/plugin.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace campaign::plugin {

// One plugin file as the host found it.
struct PluginInfo {
  std::filesystem::path path;
  bool loaded = false;
  std::string problem; // why it was refused, when not loaded
  std::string name;
  std::string version;
  std::string description;
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  std::vector<std::string> importers;
  std::vector<std::string> analyses;
  std::vector<std::string> renderers;
};

// A capability of a loaded plugin. Holding it keeps the library loaded.
template <typename C>
struct Handle {
  std::shared_ptr<Library> library;
  const C* c = nullptr;
  std::string plugin;  // name of the plugin that provides it
  std::string version; // its version
};

using ImporterHandle = Handle<campaign_importer>;
using AnalysisHandle = Handle<campaign_analysis>;
using RendererHandle = Handle<campaign_renderer>;

// The folders searched for plugins, in order: each --plugin-dir, then each
// folder of $CAMPAIGN_PLUGIN_PATH, then the folders of the config file, then
// the built-in folders.
std::vector<std::filesystem::path>
plugin_search_path(const std::vector<std::string>& plugin_dirs,
                   const std::vector<std::filesystem::path>& configured_dirs = {});

// The folders of $CAMPAIGN_PLUGIN_PATH (':'-separated; relative entries are
// ignored with a warning, so the current folder is searched only when named on
// the command line).
std::vector<std::filesystem::path> plugin_path_from_environment();

// <prefix>/lib/campaign/plugins/<abi major> beside the installed executable,
// then the build tree's plugin folder when run from the build tree.
std::vector<std::filesystem::path> builtin_plugin_dirs();

// Why `path` (a plugin file or folder) may not be trusted, or "" when it may:
// writable by anyone but its owner, or owned by another user than root or us.
std::string trust_problem(const std::filesystem::path& path);

// Loads one plugin file: trust, export check without running its code, load
// with every symbol resolved, entry point, descriptor checks. Never throws;
// a refused plugin comes back with loaded == false and the reason.
PluginInfo load_plugin(const std::filesystem::path& path, std::shared_ptr<Library>* library = nullptr,
                       const campaign_plugin_descriptor** descriptor = nullptr);

// The plugins of the search path, loaded once and kept.
class PluginHost {
public:
  explicit PluginHost(std::vector<std::filesystem::path> search_path);

  // The plugin files in the search path, in search order (*.so, not recursive).
  std::vector<std::filesystem::path> discover() const;

  // Loads every plugin found; refused ones are kept with their reason and
  // logged as warnings, and the host goes on with the others. A second
  // plugin with a name already loaded is refused, naming both paths.
  void load_all();

  const std::vector<PluginInfo>& plugins() const { return m_plugins; }
  const std::vector<std::filesystem::path>& search_path() const { return m_search_path; }

  // The capability named `name`, or nullopt.
  std::optional<ImporterHandle> importer(std::string_view name) const;
  std::optional<AnalysisHandle> analysis(std::string_view name) const;
  std::optional<RendererHandle> renderer(std::string_view name) const;

  // The names of every capability of one kind, e.g. names(&PluginInfo::importers).
  std::vector<std::string> names(std::vector<std::string> PluginInfo::*list) const;

private:
  struct Loaded {
    std::shared_ptr<Library> library;
    const campaign_plugin_descriptor* descriptor;
    std::string name;
  };

  template <typename C>
  std::optional<Handle<C>> find(std::string_view name, const C* campaign_plugin_descriptor::*array,
                                std::size_t campaign_plugin_descriptor::*count) const;

  std::vector<std::filesystem::path> m_search_path;
  std::vector<PluginInfo> m_plugins;
  std::vector<Loaded> m_loaded;
};

// The i-th element of a descriptor array, stepping by the first element's struct_size.
template <typename C>
const C* element(const C* array, std::size_t index) {
  const auto* base = reinterpret_cast<const unsigned char*>(array);
  return reinterpret_cast<const C*>(base + index * array->struct_size);
}

} // namespace campaign::plugin
