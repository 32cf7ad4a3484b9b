#pragma once

#include <filesystem>
#include <memory>
#include <string>

namespace campaign::plugin {

// A loaded shared library. The only place that knows Boost.DLL. Libraries
// are never unloaded: the process keeps every one it loaded until it exits,
// so code and data of a plugin stay valid for any object that refers to them.
class Library {
public:
  // Checks, without running any of its code, that `path` is a 64-bit ELF
  // shared library exporting `symbol` from its dynamic symbol table. Throws
  // PluginError (with the reason: not ELF, truncated, symbol missing, another
  // ABI's entry point) when it is not.
  static void check_exports(const std::filesystem::path& path, const std::string& symbol);

  // Loads `path` with every symbol resolved now and kept local. Throws
  // PluginError with the loader's message when it fails.
  static std::shared_ptr<Library> load(const std::filesystem::path& path);

  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  // The address of `symbol`, or nullptr when the library has none.
  void* symbol(const std::string& name) const;

  const std::filesystem::path& path() const { return m_path; }

private:
  struct Impl;
  Library(std::filesystem::path path, std::unique_ptr<Impl> impl);
  std::filesystem::path m_path;
  std::unique_ptr<Impl> m_impl;
};

} // namespace campaign::plugin
