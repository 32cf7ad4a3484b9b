#include "plugin/library.hpp"

#include "plugin/errors.hpp"

#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>

#include <dlfcn.h>
#include <elf.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <mutex>
#include <vector>

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

namespace {

// The names a shared library exports, read from its dynamic symbol table.
// Boost 1.74's library_info reads .symtab instead (absent from a stripped
// library, and paired there with whichever string table comes last), so it
// misses exported symbols; this reader looks only at .dynsym, which is what
// the loader itself uses. Every offset is checked against the file's size,
// so a truncated or hostile file is refused, never read past its end.
std::vector<std::string> exported_symbols(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::error_code ec;
  const std::uint64_t file_size = std::filesystem::file_size(path, ec);
  if (!in || ec) {
    throw PluginError("cannot read it");
  }
  // Only the headers, .dynsym and its string table are read, not the whole
  // file: a library built with sanitizers is tens of megabytes.
  auto read_bytes = [&](std::uint64_t offset, std::uint64_t size) {
    if (offset > file_size || file_size - offset < size) {
      throw PluginError("not a shared library of this platform (the ELF data is truncated)");
    }
    std::string bytes(size, '\0');
    in.seekg(static_cast<std::streamoff>(offset));
    in.read(bytes.data(), static_cast<std::streamsize>(size));
    if (!in) {
      throw PluginError("cannot read it");
    }
    return bytes;
  };
  auto read = [&](auto& object, std::uint64_t offset) {
    const std::string bytes = read_bytes(offset, sizeof(object));
    std::memcpy(&object, bytes.data(), sizeof(object));
  };
  Elf64_Ehdr header{};
  if (file_size < sizeof(header) || read_bytes(0, SELFMAG) != std::string_view(ELFMAG, SELFMAG)) {
    throw PluginError("not a shared library of this platform (not an ELF file)");
  }
  read(header, 0);
  if (header.e_ident[EI_CLASS] != ELFCLASS64 || header.e_type != ET_DYN ||
      header.e_shentsize != sizeof(Elf64_Shdr)) {
    throw PluginError("not a shared library of this platform (not a 64-bit ELF shared object)");
  }
  std::vector<std::string> names;
  for (std::uint64_t i = 0; i < header.e_shnum; ++i) {
    Elf64_Shdr section{};
    read(section, header.e_shoff + i * sizeof(Elf64_Shdr));
    if (section.sh_type != SHT_DYNSYM || section.sh_entsize != sizeof(Elf64_Sym)) {
      continue;
    }
    Elf64_Shdr strings_header{};
    read(strings_header, header.e_shoff + std::uint64_t{section.sh_link} * sizeof(Elf64_Shdr));
    const std::string strings = read_bytes(strings_header.sh_offset, strings_header.sh_size);
    const std::uint64_t count = section.sh_size / sizeof(Elf64_Sym);
    const std::string symbols = read_bytes(section.sh_offset, count * sizeof(Elf64_Sym));
    for (std::uint64_t s = 0; s < count; ++s) {
      Elf64_Sym symbol{};
      std::memcpy(&symbol, symbols.data() + s * sizeof(Elf64_Sym), sizeof(symbol));
      const unsigned binding = ELF64_ST_BIND(symbol.st_info);
      const bool exported = symbol.st_shndx != SHN_UNDEF && (binding == STB_GLOBAL || binding == STB_WEAK) &&
                            ELF64_ST_VISIBILITY(symbol.st_other) == STV_DEFAULT;
      if (!exported || symbol.st_name >= strings.size()) {
        continue;
      }
      const char* name = strings.data() + symbol.st_name;
      names.emplace_back(name, strnlen(name, strings.size() - symbol.st_name));
    }
  }
  return names;
}

} // namespace

void Library::check_exports(const std::filesystem::path& path, const std::string& symbol) {
  const std::vector<std::string> symbols = exported_symbols(path);
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
  try {
    impl->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, ec);
  } catch (const std::exception& e) {
    // Only a static initializer of the library can throw from inside the loader.
    throw PluginError(fmt::format("a static initializer threw while loading: {}", e.what()));
  }
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
