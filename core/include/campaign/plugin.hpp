// The C++ layer over the campaign plugin ABI (campaign/plugin.h).
//
// Header-only and compiled into each plugin, so nothing of it crosses the
// library boundary: derive from Importer, Analysis or Renderer, then name the
// classes once with CAMPAIGN_PLUGIN. Every call from the host goes through a
// trampoline that catches every exception and turns it into a status and a
// message, so a throwing plugin never takes the host down.
//
//   class Acme : public campaign::sdk::Importer {
//   public:
//     Acme() : Importer("acme", "Reads ACME sheets", {{"sheet", "string", "sheet to read", "1"}}) {}
//     void run(campaign::sdk::Call& call, const std::string& path, const campaign::sdk::Options& options,
//              campaign::sdk::Sink& sink) override;
//   };
//   CAMPAIGN_PLUGIN("acme", "1.0.0", "ACME importers", Acme)
#ifndef CAMPAIGN_PLUGIN_HPP
#define CAMPAIGN_PLUGIN_HPP

#include <campaign/plugin.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace campaign::sdk {

// Thrown by a plugin to fail with a message; `status` says whether the input
// was at fault (CAMPAIGN_INVALID_INPUT) or the plugin (CAMPAIGN_FAILED).
class Failure : public std::runtime_error {
public:
  explicit Failure(const std::string& message, campaign_status status = CAMPAIGN_FAILED)
    : std::runtime_error(message), m_status(status) {}
  campaign_status status() const { return m_status; }

private:
  campaign_status m_status;
};

// Thrown when the host refused something it was handed; the host already
// holds the reason, so the trampoline returns the status without a message.
class HostRefused : public std::exception {
public:
  explicit HostRefused(campaign_status status) : m_status(status) {}
  const char* what() const noexcept override { return "refused by the host"; }
  campaign_status status() const { return m_status; }

private:
  campaign_status m_status;
};

// One declared option of a capability.
struct OptionDef {
  std::string name;
  std::string type; // string, integer, number, boolean or path
  std::string help;
  std::optional<std::string> default_value;
};

// The option values of one call (declared defaults filled in by the host).
class Options {
public:
  Options(const campaign_option* options, std::size_t count) : m_options(options), m_count(count) {}

  // The value of `name`, or nullopt when it was neither given nor has a default.
  std::optional<std::string_view> get(std::string_view name) const {
    for (std::size_t i = 0; i < m_count; ++i) {
      if (m_options[i].name != nullptr && name == m_options[i].name && m_options[i].value != nullptr) {
        return std::string_view(m_options[i].value);
      }
    }
    return std::nullopt;
  }

  // The value of `name`, or `fallback`.
  std::string get_or(std::string_view name, std::string_view fallback) const {
    return std::string(get(name).value_or(fallback));
  }

private:
  const campaign_option* m_options;
  std::size_t m_count;
};

// The host's services during one call.
class Call {
public:
  explicit Call(const campaign_call* call) : m_call(call) {}
  void debug(const std::string& message) const { log(CAMPAIGN_LOG_DEBUG, message); }
  void info(const std::string& message) const { log(CAMPAIGN_LOG_INFO, message); }
  void warn(const std::string& message) const { log(CAMPAIGN_LOG_WARN, message); }
  void log(int level, const std::string& message) const {
    if (m_call != nullptr && m_call->log != nullptr) {
      m_call->log(m_call, level, message.c_str());
    }
  }
  void fail(const std::string& message) const {
    if (m_call != nullptr && m_call->fail != nullptr) {
      m_call->fail(m_call, message.c_str());
    }
  }

private:
  const campaign_call* m_call;
};

// Bytes to the host.
class Writer {
public:
  explicit Writer(const campaign_writer* writer) : m_writer(writer) {}
  // Appends `bytes`; throws HostRefused when the host cannot take them.
  void write(std::string_view bytes) const {
    const campaign_status status = m_writer->write(m_writer->data, bytes.data(), bytes.size());
    if (status != CAMPAIGN_OK) {
      throw HostRefused(status);
    }
  }

private:
  const campaign_writer* m_writer;
};

// Where a record came from in the source.
struct Location {
  std::uint64_t line = 0;
  std::string field;
  std::string excerpt;
};

// Records to the core.
class Sink {
public:
  explicit Sink(const campaign_sink* sink) : m_sink(sink) {}

  // Declares the source's number style ("vi" or "en"); throws HostRefused for another.
  void set_number_style(std::string_view style) const {
    const std::string text(style);
    const campaign_status status = m_sink->set_number_style(m_sink->data, text.c_str());
    if (status != CAMPAIGN_OK) {
      throw HostRefused(status);
    }
  }

  // Adds one record; throws HostRefused when the core refuses it (the reason is reported by the host).
  void add(std::string_view kind, const std::vector<std::pair<std::string, std::string>>& fields,
           const Location& where = {}) const {
    std::vector<campaign_field> c_fields;
    c_fields.reserve(fields.size());
    for (const auto& [name, value] : fields) {
      c_fields.push_back({name.c_str(), value.c_str()});
    }
    const std::string text(kind);
    add(text.c_str(), c_fields.data(), c_fields.size(), where.line, where.field.empty() ? nullptr : where.field.c_str(),
        where.excerpt.empty() ? nullptr : where.excerpt.c_str());
  }

  // Adds one record from C fields without copying them: for importers that
  // hand over millions of rows. `field` and `excerpt` may be null.
  void add(const char* kind, const campaign_field* fields, std::size_t count, std::uint64_t line = 0,
           const char* field = nullptr, const char* excerpt = nullptr) const {
    campaign_location location{};
    location.struct_size = sizeof(location);
    location.line = line;
    location.field = field;
    location.excerpt = excerpt;
    const campaign_status status = m_sink->add(m_sink->data, kind, fields, count, &location);
    if (status != CAMPAIGN_OK) {
      throw HostRefused(status);
    }
  }

private:
  const campaign_sink* m_sink;
};

// Read access to the database.
class Query {
public:
  explicit Query(const campaign_query_api* api) : m_api(api) {}

  // Returns the JSON answer to a JSON request (docs/plugins.md lists them);
  // throws HostRefused when the host refuses the request.
  std::string ask(const std::string& request_json) const {
    std::string answer;
    campaign_writer writer{sizeof(campaign_writer), &answer, &append};
    const campaign_status status = m_api->query(m_api->data, request_json.c_str(), &writer);
    if (status != CAMPAIGN_OK) {
      throw HostRefused(status);
    }
    return answer;
  }

private:
  static campaign_status append(void* data, const char* bytes, std::size_t size) {
    try {
      static_cast<std::string*>(data)->append(bytes, size);
      return CAMPAIGN_OK;
    } catch (...) {
      return CAMPAIGN_FAILED;
    }
  }
  const campaign_query_api* m_api;
};

// What the three capabilities share: a name, a line of description and options.
class Capability {
public:
  Capability(std::string name, std::string description, std::vector<OptionDef> options = {})
    : m_name(std::move(name)), m_description(std::move(description)), m_options(std::move(options)) {}
  virtual ~Capability() = default;
  Capability(const Capability&) = delete;
  Capability& operator=(const Capability&) = delete;

  const std::string& name() const { return m_name; }
  const std::string& description() const { return m_description; }
  const std::vector<OptionDef>& options() const { return m_options; }

private:
  std::string m_name;
  std::string m_description;
  std::vector<OptionDef> m_options;
};

// Reads a source file into records through the sink.
class Importer : public Capability {
public:
  using Capability::Capability;
  virtual void run(Call& call, const std::string& path, const Options& options, Sink& sink) = 0;
};

// Builds a report document (JSON) from the database.
class Analysis : public Capability {
public:
  using Capability::Capability;
  virtual void run(Call& call, const Options& options, Query& query, Writer& document) = 0;
};

// Turns a report document into one format.
class Renderer : public Capability {
public:
  Renderer(std::string name, std::string extension, std::string description, std::vector<OptionDef> options = {})
    : Capability(std::move(name), std::move(description), std::move(options)), m_extension(std::move(extension)) {}
  const std::string& extension() const { return m_extension; }
  virtual void render(Call& call, std::string_view document, const Options& options, Writer& out) = 0;

private:
  std::string m_extension;
};

namespace detail {

// Runs `work`, turning every exception into a status and a message.
template <typename Work>
campaign_status guard(const campaign_call* c_call, Work&& work) noexcept {
  Call call(c_call);
  try {
    work(call);
    return CAMPAIGN_OK;
  } catch (const HostRefused& e) {
    return e.status();
  } catch (const Failure& e) {
    call.fail(e.what());
    return e.status();
  } catch (const std::exception& e) {
    call.fail(e.what());
    return CAMPAIGN_FAILED;
  } catch (...) {
    call.fail("the plugin threw an exception that is not a std::exception");
    return CAMPAIGN_FAILED;
  }
}

inline campaign_status run_importer(const campaign_importer* self, const campaign_call* call, const char* path,
                                    const campaign_option* options, std::size_t count,
                                    const campaign_sink* c_sink) {
  return guard(call, [&](Call& wrapped) {
    Sink sink(c_sink);
    static_cast<Importer*>(self->data)->run(wrapped, path, Options(options, count), sink);
  });
}

inline campaign_status run_analysis(const campaign_analysis* self, const campaign_call* call,
                                    const campaign_option* options, std::size_t count,
                                    const campaign_query_api* c_query, const campaign_writer* c_document) {
  return guard(call, [&](Call& wrapped) {
    Query query(c_query);
    Writer document(c_document);
    static_cast<Analysis*>(self->data)->run(wrapped, Options(options, count), query, document);
  });
}

inline campaign_status run_renderer(const campaign_renderer* self, const campaign_call* call, const char* document,
                                    std::size_t size, const campaign_option* options, std::size_t count,
                                    const campaign_writer* c_out) {
  return guard(call, [&](Call& wrapped) {
    Writer out(c_out);
    static_cast<Renderer*>(self->data)->render(wrapped, std::string_view(document, size), Options(options, count),
                                               out);
  });
}

// The C view of one capability's options; points into the capability.
inline std::vector<campaign_option_def> option_defs(const Capability& capability) {
  std::vector<campaign_option_def> defs;
  for (const OptionDef& option : capability.options()) {
    defs.push_back({sizeof(campaign_option_def), option.name.c_str(), option.type.c_str(), option.help.c_str(),
                    option.default_value ? option.default_value->c_str() : nullptr});
  }
  return defs;
}

// Everything a descriptor points to, built once per library.
template <typename... Ts>
class Registry {
public:
  Registry(const char* name, const char* version, const char* description) {
    std::apply([this](auto&... capability) { (add(capability), ...); }, m_objects);
    m_descriptor.struct_size = sizeof(m_descriptor);
    m_descriptor.abi_major = CAMPAIGN_ABI_MAJOR;
    m_descriptor.abi_minor = CAMPAIGN_ABI_MINOR;
    m_descriptor.name = name;
    m_descriptor.version = version;
    m_descriptor.description = description;
    m_descriptor.importers = m_importers.data();
    m_descriptor.importer_count = m_importers.size();
    m_descriptor.analyses = m_analyses.data();
    m_descriptor.analysis_count = m_analyses.size();
    m_descriptor.renderers = m_renderers.data();
    m_descriptor.renderer_count = m_renderers.size();
    m_descriptor.capabilities = (m_importers.empty() ? 0u : unsigned(CAMPAIGN_CAP_IMPORTER)) |
                                (m_analyses.empty() ? 0u : unsigned(CAMPAIGN_CAP_ANALYSIS)) |
                                (m_renderers.empty() ? 0u : unsigned(CAMPAIGN_CAP_RENDERER));
  }
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const campaign_plugin_descriptor* descriptor() const { return &m_descriptor; }

private:
  template <typename T>
  void add(T& capability) {
    static_assert(std::is_base_of_v<Capability, T>, "CAMPAIGN_PLUGIN takes Importer, Analysis or Renderer classes");
    const auto& defs = m_option_defs.emplace_back(option_defs(capability));
    if constexpr (std::is_base_of_v<Importer, T>) {
      campaign_importer entry{};
      entry.struct_size = sizeof(entry);
      entry.name = capability.name().c_str();
      entry.description = capability.description().c_str();
      entry.options = defs.data();
      entry.option_count = defs.size();
      entry.data = static_cast<Importer*>(&capability);
      entry.run = &run_importer;
      m_importers.push_back(entry);
    } else if constexpr (std::is_base_of_v<Analysis, T>) {
      campaign_analysis entry{};
      entry.struct_size = sizeof(entry);
      entry.name = capability.name().c_str();
      entry.description = capability.description().c_str();
      entry.options = defs.data();
      entry.option_count = defs.size();
      entry.data = static_cast<Analysis*>(&capability);
      entry.run = &run_analysis;
      m_analyses.push_back(entry);
    } else {
      static_assert(std::is_base_of_v<Renderer, T>, "a capability is an Importer, an Analysis or a Renderer");
      campaign_renderer entry{};
      entry.struct_size = sizeof(entry);
      entry.name = capability.name().c_str();
      entry.extension = capability.extension().c_str();
      entry.description = capability.description().c_str();
      entry.options = defs.data();
      entry.option_count = defs.size();
      entry.data = static_cast<Renderer*>(&capability);
      entry.render = &run_renderer;
      m_renderers.push_back(entry);
    }
  }

  std::tuple<Ts...> m_objects;
  // A std::vector of vectors: the inner data() pointers stay valid as the outer grows.
  std::vector<std::vector<campaign_option_def>> m_option_defs;
  std::vector<campaign_importer> m_importers;
  std::vector<campaign_analysis> m_analyses;
  std::vector<campaign_renderer> m_renderers;
  campaign_plugin_descriptor m_descriptor{};
};

// Builds the registry on first use; returns NULL (never throws) when it cannot.
template <typename... Ts>
const campaign_plugin_descriptor* describe(const campaign_host_info* host, const char* name, const char* version,
                                           const char* description) noexcept {
  if (host == nullptr || host->abi_major != CAMPAIGN_ABI_MAJOR) {
    return nullptr;
  }
  try {
    static const Registry<Ts...> registry(name, version, description);
    return registry.descriptor();
  } catch (...) {
    return nullptr;
  }
}

} // namespace detail
} // namespace campaign::sdk

// Defines the plugin library's entry point for the capability classes named.
#define CAMPAIGN_PLUGIN(NAME, VERSION, DESCRIPTION, ...)                                                       \
  extern "C" CAMPAIGN_PLUGIN_EXPORT const campaign_plugin_descriptor* CAMPAIGN_PLUGIN_ENTRY(                    \
    const campaign_host_info* host) {                                                                          \
    return ::campaign::sdk::detail::describe<__VA_ARGS__>(host, NAME, VERSION, DESCRIPTION);                   \
  }

#endif // CAMPAIGN_PLUGIN_HPP
