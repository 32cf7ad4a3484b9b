#include "plugin/calls.hpp"

#include "store/pledge_json.hpp"
#include "store/pledges.hpp"
#include "store/figure_sums.hpp"
#include "store/record_json.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <set>
#include <csignal>
#include <cstring>
#include <sys/wait.h>
#include <unistd.h>

namespace campaign::plugin {

// ---- CallScope

CallScope::CallScope(std::string plugin) : m_plugin(std::move(plugin)) {
  m_call.struct_size = sizeof(m_call);
  m_call.abi_major = CAMPAIGN_ABI_MAJOR;
  m_call.abi_minor = CAMPAIGN_ABI_MINOR;
  m_call.data = this;
  m_call.log = &CallScope::log;
  m_call.fail = &CallScope::fail;
}

void CallScope::log(const campaign_call* call, int level, const char* message) {
  const auto* self = static_cast<const CallScope*>(call->data);
  const char* text = message != nullptr ? message : "";
  switch (level) {
  case CAMPAIGN_LOG_DEBUG:
    spdlog::debug("{}: {}", self->m_plugin, text);
    break;
  case CAMPAIGN_LOG_INFO:
    spdlog::info("{}: {}", self->m_plugin, text);
    break;
  case CAMPAIGN_LOG_WARN:
    spdlog::warn("{}: {}", self->m_plugin, text);
    break;
  default:
    spdlog::error("{}: {}", self->m_plugin, text);
    break;
  }
}

void CallScope::fail(const campaign_call* call, const char* message) {
  auto* self = static_cast<CallScope*>(call->data);
  self->m_failure = message != nullptr ? message : "";
}

void CallScope::raise(campaign_status status, const std::string& what, const std::string& subject) const {
  const std::string reason = m_failure.empty() ? "no reason given" : m_failure;
  if (status == CAMPAIGN_INVALID_INPUT) {
    // A reason that already names its file ("data.csv:7: ...") needs no more context.
    if (!subject.empty() && reason.starts_with(subject)) {
      throw InvalidInput(reason);
    }
    throw InvalidInput(fmt::format("{}: {}", what, reason));
  }
  throw Error(fmt::format("{} (plugin {}) failed: {}", what, m_plugin, reason));
}

// ---- writers

StringWriter::StringWriter() {
  m_writer.struct_size = sizeof(m_writer);
  m_writer.data = this;
  m_writer.write = [](void* data, const char* bytes, std::size_t size) -> campaign_status {
    try {
      static_cast<StringWriter*>(data)->m_text.append(bytes, size);
      return CAMPAIGN_OK;
    } catch (...) {
      return CAMPAIGN_FAILED;
    }
  };
}

StreamWriter::StreamWriter(std::ostream& out) : m_out(out) {
  m_writer.struct_size = sizeof(m_writer);
  m_writer.data = this;
  m_writer.write = [](void* data, const char* bytes, std::size_t size) -> campaign_status {
    auto* self = static_cast<StreamWriter*>(data);
    self->m_out.write(bytes, static_cast<std::streamsize>(size));
    return self->m_out ? CAMPAIGN_OK : CAMPAIGN_FAILED;
  };
}

// ---- options

namespace {

void check_option_type(const std::string& type, const std::string& name, const std::string& value) {
  auto refuse = [&](const char* expected) {
    throw UsageError(fmt::format("option {}: '{}' is not {}", name, value, expected));
  };
  if (type == "integer") {
    const bool digits = !value.empty() && value.find_first_not_of("0123456789", value[0] == '-' ? 1 : 0) ==
                                            std::string::npos && value != "-";
    if (!digits) {
      refuse("a whole number");
    }
  } else if (type == "number") {
    try {
      domain::parse_number(value, domain::NumberStyle::en);
    } catch (const Error&) {
      refuse("a number (plain digits, '.' for decimals)");
    }
  } else if (type == "boolean") {
    if (value != "true" && value != "false") {
      refuse("true or false");
    }
  }
}

} // namespace

OptionValues::OptionValues(const campaign_option_def* defs, std::size_t count,
                           const std::map<std::string, std::string>& given, const std::string& owner) {
  std::vector<std::string> declared;
  for (std::size_t i = 0; i < count; ++i) {
    declared.emplace_back(defs[i].name);
  }
  for (const auto& [name, value] : given) {
    if (std::find(declared.begin(), declared.end(), name) == declared.end()) {
      throw UsageError(fmt::format("{} has no option '{}'{}", owner, name,
                                   declared.empty() ? "; it takes none" : util::did_you_mean(name, declared)));
    }
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = defs[i].name;
    auto it = given.find(name);
    if (it != given.end()) {
      check_option_type(defs[i].type, name, it->second);
      m_storage.emplace_back(name, it->second);
    } else if (defs[i].default_value != nullptr) {
      m_storage.emplace_back(name, defs[i].default_value);
    }
  }
  for (const auto& [name, value] : m_storage) {
    m_options.push_back({name.c_str(), value.c_str()});
  }
}

// ---- sink

RecordSink::RecordSink(store::ImportBatch& batch, std::string file) : m_batch(batch), m_file(std::move(file)) {
  m_sink.struct_size = sizeof(m_sink);
  m_sink.data = this;
  m_sink.set_number_style = &RecordSink::set_number_style;
  m_sink.add = &RecordSink::add;
}

campaign_status RecordSink::set_number_style(void* data, const char* style) {
  auto* self = static_cast<RecordSink*>(data);
  try {
    self->m_batch.set_number_style(domain::parse_number_style(style != nullptr ? style : ""));
    return CAMPAIGN_OK;
  } catch (const std::exception& e) {
    self->m_error = fmt::format("{}: {}", self->m_file, e.what());
    return CAMPAIGN_INVALID_INPUT;
  }
}

campaign_status RecordSink::add(void* data, const char* kind, const campaign_field* fields, std::size_t count,
                                const campaign_location* where) {
  auto* self = static_cast<RecordSink*>(data);
  if (self->m_error || self->m_interrupted) {
    return CAMPAIGN_INVALID_INPUT; // the import has already failed
  }
  if (util::interrupt_requested()) {
    self->m_interrupted = true;
    return CAMPAIGN_FAILED;
  }
  try {
    self->m_fields.clear();
    for (std::size_t i = 0; i < count; ++i) {
      if (fields[i].name == nullptr || fields[i].value == nullptr) {
        throw InvalidInput(fmt::format("field {} has no name or value", i));
      }
      self->m_fields.emplace_back(fields[i].name, fields[i].value);
    }
    const bool located = where != nullptr && where->struct_size >= sizeof(campaign_location);
    ++self->m_records;
    if (located && where->line > 0) {
      self->m_last_line = where->line;
    }
    self->m_batch.add(kind != nullptr ? kind : "", self->m_fields, located ? where->line : 0);
    if (self->m_on_record) {
      self->m_on_record();
    }
    return CAMPAIGN_OK;
  } catch (const store::ImportBatch::RowError& e) {
    // Found when buffered figures were written: the line is the figure's own.
    self->m_error = self->located(e);
    return CAMPAIGN_INVALID_INPUT;
  } catch (const DatabaseError& e) {
    // Not the record's fault: the database could not take it (a full disk).
    self->m_error = e.what();
    self->m_database_failed = true;
    return CAMPAIGN_FAILED;
  } catch (const std::exception& e) {
    std::string place = self->m_file;
    if (where != nullptr && where->struct_size >= sizeof(campaign_location)) {
      if (where->file != nullptr) {
        place = where->file;
      }
      if (where->line > 0) {
        place += fmt::format(":{}", where->line);
      }
      if (where->field != nullptr) {
        place += fmt::format(": {}", where->field);
      }
    }
    self->m_error = fmt::format("{}: {}", place, e.what());
    if (where != nullptr && where->struct_size >= sizeof(campaign_location) && where->excerpt != nullptr) {
      *self->m_error += fmt::format("\n  in: {}", where->excerpt);
    }
    return CAMPAIGN_INVALID_INPUT;
  }
}

std::string RecordSink::located(const store::ImportBatch::RowError& error) const {
  return error.line() > 0 ? fmt::format("{}:{}: {}", m_file, error.line(), error.what())
                          : fmt::format("{}: {}", m_file, error.what());
}

store::ImportCounts RecordSink::finish() {
  try {
    return m_batch.finish();
  } catch (const store::ImportBatch::RowError& e) {
    throw InvalidInput(located(e));
  }
}

// ---- query

QueryApi::QueryApi(store::Database& db) : m_db(db) {
  m_api.struct_size = sizeof(m_api);
  m_api.data = this;
  m_api.query = &QueryApi::query;
}

std::string QueryApi::answer(const std::string& request_json) {
  nlohmann::json request;
  try {
    request = nlohmann::json::parse(request_json);
  } catch (const nlohmann::json::exception& e) {
    throw InvalidInput(fmt::format("query: not JSON: {}", e.what()));
  }
  if (!request.is_object()) {
    throw InvalidInput("query: expected a JSON object");
  }
  store::Records records(m_db);
  auto filters_of = [&] {
    store::RawValues filters;
    if (request.contains("filters")) {
      if (!request["filters"].is_object()) {
        throw InvalidInput("query: \"filters\" must be an object of strings");
      }
      for (const auto& [key, value] : request["filters"].items()) {
        if (!value.is_string()) {
          throw InvalidInput(fmt::format("query: filter \"{}\" must be a string", key));
        }
        filters[key] = value.get<std::string>();
      }
    }
    return filters;
  };
  if (request.contains("list") && request["list"].is_string()) {
    const auto& kind = store::record_kind(request["list"].get<std::string>());
    store::RawValues filters = filters_of();
    // Units: "within": CODE keeps that unit and the units below it.
    std::optional<std::set<std::int64_t>> within;
    if (const auto it = filters.find("within"); it != filters.end() && kind.name == "unit") {
      within = store::units_within(m_db, it->second);
      filters.erase(it);
    }
    if (within && filters.empty()) {
      nlohmann::ordered_json array = nlohmann::ordered_json::array();
      for (const std::int64_t id : *within) { // by id, not by code as a full list
        array.push_back(store::to_json(records.get(kind, id)));
      }
      return array.dump();
    }
    // Written record by record: a list of figures may be millions long, and
    // a whole JSON tree of it would take several times its text.
    std::string text = "[";
    records.each(kind, filters, [&](store::Record&& record) {
      if (!within || within->count(record.id) > 0) {
        text += text.size() > 1 ? "," : "";
        text += store::to_json(record).dump();
      }
    });
    return text + "]";
  }
  if (request.contains("show") && request["show"].is_string() && request.contains("ref") &&
      request["ref"].is_string()) {
    const auto& kind = store::record_kind(request["show"].get<std::string>());
    return store::to_json(records.show(kind, request["ref"].get<std::string>(), filters_of())).dump();
  }
  auto as_of_of = [&] {
    std::optional<std::string> as_of;
    if (request.contains("as_of") && request["as_of"].is_string()) {
      as_of = request["as_of"].get<std::string>();
    }
    return as_of;
  };
  if (request.contains("status") && request["status"] == "pledge") {
    return pledge_status(filters_of(), as_of_of());
  }
  if (request.contains("score") && request["score"] == "pledge") {
    return pledge_scores(filters_of(), as_of_of());
  }
  if (request.contains("rank") && request["rank"] == "pledge") {
    return pledge_ranking(filters_of(), as_of_of());
  }
  if (request.contains("aggregate")) {
    return store::figure_sums(m_db, store::parse_sum_request(request));
  }
  throw InvalidInput("query: expected {\"list\": KIND, \"filters\": {...}}, {\"show\": KIND, \"ref\": REF}, "
                     "{\"status\" | \"score\" | \"rank\": \"pledge\", \"filters\": {...}, \"as_of\": DATE} "
                     "or {\"aggregate\": \"figures\", \"filters\": {...}, \"group_by\": [...], \"spans\": [...]}");
}

namespace {

// The campaign, period and unit of a pledge request; `what` names the request in messages.
store::PledgeFilter pledge_filter(const store::RawValues& filters, const std::optional<std::string>& as_of,
                                  std::string_view what, bool by_unit) {
  if (!as_of) {
    throw InvalidInput(fmt::format("query: a pledge {} request needs \"as_of\": \"YYYY-MM-DD\"", what));
  }
  store::PledgeFilter filter;
  for (const auto& [key, value] : filters) {
    if (key == "campaign") {
      filter.campaign = value;
    } else if (key == "period") {
      filter.period = value;
    } else if (key == "unit" && by_unit) {
      filter.unit = value;
    } else {
      throw InvalidInput(fmt::format("query: pledge {} cannot be filtered by '{}'", what, key));
    }
  }
  if (filter.campaign.empty()) {
    throw InvalidInput(fmt::format("query: a pledge {} request needs the filter \"campaign\"", what));
  }
  return filter;
}

domain::Date as_of_date(const std::string& text) {
  try {
    return domain::parse_date(text);
  } catch (Error& e) {
    e.add_context("query: as_of");
    throw;
  }
}

} // namespace

std::string QueryApi::pledge_status(const store::RawValues& filters,
                                    const std::optional<std::string>& as_of) {
  const store::PledgeFilter filter = pledge_filter(filters, as_of, "status", true);
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const store::PledgeEvaluation& e : store::Pledges(m_db).status(filter, as_of_date(*as_of))) {
    array.push_back({{"id", e.id},
                     {"period", e.period},
                     {"signatory", e.signatory},
                     {"targets", e.targets.size()},
                     {"targets_met", e.targets_met},
                     {"quantitative_targets", e.quantitative_targets},
                     {"quantitative_met", e.quantitative_met}});
  }
  return array.dump();
}

std::string QueryApi::pledge_scores(const store::RawValues& filters,
                                    const std::optional<std::string>& as_of) {
  const store::PledgeFilter filter = pledge_filter(filters, as_of, "score", true);
  const domain::Date day = as_of_date(*as_of);
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const store::PledgeEvaluation& e : store::Pledges(m_db).status(filter, day)) {
    array.push_back(store::pledge_json(e));
  }
  return nlohmann::ordered_json{{"campaign", filter.campaign}, {"as_of", day.iso()}, {"pledges", array}}.dump();
}

std::string QueryApi::pledge_ranking(const store::RawValues& filters,
                                     const std::optional<std::string>& as_of) {
  const store::PledgeFilter filter = pledge_filter(filters, as_of, "rank", false);
  return store::ranking_json(store::Pledges(m_db).rank(filter.campaign, filter.period, as_of_date(*as_of)))
    .dump();
}

campaign_status QueryApi::query(void* data, const char* request_json, const campaign_writer* out) {
  auto* self = static_cast<QueryApi*>(data);
  try {
    const std::string answer = self->answer(request_json != nullptr ? request_json : "");
    return out->write(out->data, answer.data(), answer.size());
  } catch (const std::exception& e) {
    self->m_failure = e.what();
    return CAMPAIGN_INVALID_INPUT;
  }
}

// ---- running capabilities

void run_importer(const ImporterHandle& importer, const std::string& path, const OptionValues& options,
                  RecordSink& sink) {
  CallScope scope(importer.plugin);
  const campaign_status status =
    importer.c->run(importer.c, scope.get(), path.c_str(), options.data(), options.size(), sink.get());
  if (sink.interrupted()) {
    throw Interrupted(fmt::format("interrupted while importing {}: {} records read{}; the import was rolled "
                                  "back and the database is unchanged",
                                  path, sink.records(),
                                  sink.last_line() > 0 ? fmt::format(" (up to line {})", sink.last_line()) : ""));
  }
  if (sink.error() && sink.database_failed()) {
    throw DatabaseError(*sink.error());
  }
  if (sink.error()) {
    throw InvalidInput(*sink.error());
  }
  if (status != CAMPAIGN_OK) {
    scope.raise(status, fmt::format("import of {}", path), path);
  }
}

std::string run_analysis(const AnalysisHandle& analysis, const OptionValues& options, QueryApi& query) {
  CallScope scope(analysis.plugin);
  StringWriter document;
  const campaign_status status =
    analysis.c->run(analysis.c, scope.get(), options.data(), options.size(), query.get(), document.get());
  if (status != CAMPAIGN_OK) {
    if (scope.failure().empty() && !query.failure().empty()) {
      throw InvalidInput(fmt::format("analysis {}: {}", analysis.c->name, query.failure()));
    }
    scope.raise(status, fmt::format("analysis {}", analysis.c->name));
  }
  return std::move(document.text());
}

void run_renderer(const RendererHandle& renderer, const std::string& document, const OptionValues& options,
                  std::ostream& out) {
  CallScope scope(renderer.plugin);
  StreamWriter writer(out);
  const campaign_status status = renderer.c->render(renderer.c, scope.get(), document.data(), document.size(),
                                                    options.data(), options.size(), writer.get());
  if (status != CAMPAIGN_OK) {
    scope.raise(status, fmt::format("rendering {}", renderer.c->name));
  }
}

// ---- check in a child process

namespace {

nlohmann::json info_json(const PluginInfo& info) {
  return {{"loaded", info.loaded},       {"problem", info.problem},     {"name", info.name},
          {"version", info.version},     {"description", info.description},
          {"abi_major", info.abi_major}, {"abi_minor", info.abi_minor}, {"importers", info.importers},
          {"analyses", info.analyses},   {"renderers", info.renderers}};
}

PluginInfo info_from_json(const std::filesystem::path& path, const nlohmann::json& j) {
  PluginInfo info;
  info.path = path;
  info.loaded = j.at("loaded").get<bool>();
  info.problem = j.at("problem").get<std::string>();
  info.name = j.at("name").get<std::string>();
  info.version = j.at("version").get<std::string>();
  info.description = j.at("description").get<std::string>();
  info.abi_major = j.at("abi_major").get<std::uint32_t>();
  info.abi_minor = j.at("abi_minor").get<std::uint32_t>();
  info.importers = j.at("importers").get<std::vector<std::string>>();
  info.analyses = j.at("analyses").get<std::vector<std::string>>();
  info.renderers = j.at("renderers").get<std::vector<std::string>>();
  return info;
}

} // namespace

PluginInfo check_in_child(const std::filesystem::path& path) {
  PluginInfo result;
  result.path = path;
  int fds[2];
  if (::pipe(fds) != 0) {
    result.problem = fmt::format("cannot check: pipe: {}", std::strerror(errno));
    return result;
  }
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    result.problem = fmt::format("cannot check: fork: {}", std::strerror(errno));
    return result;
  }
  if (child == 0) {
    ::close(fds[0]);
    const std::string text = info_json(load_plugin(path)).dump();
    std::size_t written = 0;
    while (written < text.size()) {
      const ssize_t n = ::write(fds[1], text.data() + written, text.size() - written);
      if (n <= 0) {
        ::_exit(3);
      }
      written += static_cast<std::size_t>(n);
    }
    ::_exit(0);
  }
  ::close(fds[1]);
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
    if (n > 0) {
      text.append(buffer, static_cast<std::size_t>(n));
    } else if (n == 0 || errno != EINTR) {
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    const int signal = WTERMSIG(status);
    result.problem = fmt::format("crashed while loading: signal {} ({}); a static initializer may have thrown",
                                 signal, ::strsignal(signal));
    return result;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || text.empty()) {
    result.problem = fmt::format("the checking process ended with status {} and no result", WEXITSTATUS(status));
    return result;
  }
  try {
    return info_from_json(path, nlohmann::json::parse(text));
  } catch (const std::exception& e) {
    result.problem = fmt::format("unreadable result from the checking process: {}", e.what());
    return result;
  }
}

} // namespace campaign::plugin
