#include "plugin/library.hpp"

#include "plugin/errors.hpp"

// Boost 1.74 needs <vector> before library_info.hpp.
#include <vector>

#include <boost/dll/library_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include <dlfcn.h>

#include <algorithm>
#include <mutex>

namespace campaign::plugin {

struct Library::Impl {
  boost::dll::shared_library library;
};

namespace {

// Every library ever loaded, so that none is unloaded before the process ends.
std::vector<std::shared_ptr<Library>>& keep_alive() {
  static auto* libraries = new std::vector<std::shared_ptr<Library>>();
  return *libraries;
}

std::mutex& keep_alive_mutex() {
  static std::mutex mutex;
  return mutex;
}

} // namespace

void Library::check_exports(const std::filesystem::path& path, const std::string& symbol) {
  std::vector<std::string> symbols;
  try {
    boost::dll::library_info info(path, true);
    symbols = info.symbols();
  } catch (const std::exception& e) {
    throw PluginError(fmt::format("not a shared library of this platform ({})", e.what()));
  }
  if (std::find(symbols.begin(), symbols.end(), symbol) != symbols.end()) {
    return;
  }
  std::string other;
  for (const std::string& name : symbols) {
    if (name.starts_with("campaign_plugin_entry_")) {
      other = name;
    }
  }
  if (!other.empty()) {
    throw PluginError(fmt::format("built for another plugin ABI: it exports {}, this campaign looks for {}",
                                  other, symbol));
  }
  throw PluginError(fmt::format("no entry point {} (not a campaign plugin)", symbol));
}

std::shared_ptr<Library> Library::load(const std::filesystem::path& path) {
  auto impl = std::make_unique<Impl>();
  boost::dll::fs::error_code ec;
  impl->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  if (ec || !impl->library.is_loaded()) {
    const char* reason = ::dlerror();
    throw PluginError(fmt::format("cannot load: {}", reason != nullptr ? reason : ec.message()));
  }
  std::shared_ptr<Library> library(new Library(path, std::move(impl)));
  std::lock_guard lock(keep_alive_mutex());
  keep_alive().push_back(library);
  return library;
}

Library::Library(std::filesystem::path path, std::unique_ptr<Impl> impl)
  : m_path(std::move(path)), m_impl(std::move(impl)) {}

Library::~Library() = default;

void* Library::symbol(const std::string& name) const {
  if (!m_impl->library.has(name)) {
    return nullptr;
  }
  return &m_impl->library.get<char>(name);
}

} // namespace campaign::plugin
