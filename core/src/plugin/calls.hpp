#pragma once

#include "domain/number.hpp"
#include "plugin/host.hpp"
#include "store/database.hpp"
#include "store/import.hpp"

#include <campaign/plugin.h>

#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace campaign::plugin {

// The host's side of one call into a plugin: its log goes to spdlog, and the
// last failure it reports is kept for the error message.
class CallScope {
public:
  explicit CallScope(std::string plugin);
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

  const campaign_call* get() const { return &m_call; }
  const std::string& plugin() const { return m_plugin; }
  const std::string& failure() const { return m_failure; }

  // Throws the error a failure status stands for, with the plugin's message;
  // `what` is the context, left out when the message starts with `subject`.
  [[noreturn]] void raise(campaign_status status, const std::string& what, const std::string& subject = {}) const;

private:
  static void log(const campaign_call* call, int level, const char* message);
  static void fail(const campaign_call* call, const char* message);

  campaign_call m_call{};
  std::string m_plugin;
  std::string m_failure;
};

// Collects bytes a plugin writes.
class StringWriter {
public:
  StringWriter();
  StringWriter(const StringWriter&) = delete;
  StringWriter& operator=(const StringWriter&) = delete;
  const campaign_writer* get() const { return &m_writer; }
  std::string& text() { return m_text; }

private:
  campaign_writer m_writer{};
  std::string m_text;
};

// Passes bytes a plugin writes on to a stream; a failing stream is reported to the plugin.
class StreamWriter {
public:
  explicit StreamWriter(std::ostream& out);
  StreamWriter(const StreamWriter&) = delete;
  StreamWriter& operator=(const StreamWriter&) = delete;
  const campaign_writer* get() const { return &m_writer; }

private:
  campaign_writer m_writer{};
  std::ostream& m_out;
};

// Option values for one call: the user's NAME=VALUE pairs checked against the
// capability's declared options (unknown names and ill-typed values are a
// UsageError), with declared defaults filled in.
class OptionValues {
public:
  OptionValues(const campaign_option_def* defs, std::size_t count, const std::map<std::string, std::string>& given,
               const std::string& owner);
  const campaign_option* data() const { return m_options.data(); }
  std::size_t size() const { return m_options.size(); }

private:
  std::vector<std::pair<std::string, std::string>> m_storage;
  std::vector<campaign_option> m_options;
};

// Where an importer's records go: an import batch of the core, inside the
// caller's transaction. The first refused record ends the import; its
// message names the file, line and field.
class RecordSink {
public:
  RecordSink(store::ImportBatch& batch, std::string file);
  RecordSink(const RecordSink&) = delete;
  RecordSink& operator=(const RecordSink&) = delete;

  const campaign_sink* get() const { return &m_sink; }
  const std::optional<std::string>& error() const { return m_error; }

  // Called after each record the sink took (for a progress display).
  void on_record(std::function<void()> callback) { m_on_record = std::move(callback); }

  // True when the user interrupted the import (SIGINT under a
  // util::InterruptGuard): the sink then refuses every further record.
  bool interrupted() const { return m_interrupted; }

  // True when error() is the database's failure (a full disk), not the input's.
  bool database_failed() const { return m_database_failed; }

  // Records handed over so far, and the last source line named with one.
  std::uint64_t records() const { return m_records; }
  std::uint64_t last_line() const { return m_last_line; }

  // Finishes the batch (writing what it buffered); throws InvalidInput naming
  // the file and line of a figure refused then.
  store::ImportCounts finish();

private:
  std::string located(const store::ImportBatch::RowError& error) const;

  static campaign_status set_number_style(void* data, const char* style);
  static campaign_status add(void* data, const char* kind, const campaign_field* fields, std::size_t count,
                             const campaign_location* where);

  campaign_sink m_sink{};
  store::ImportBatch& m_batch;
  std::string m_file;
  std::optional<std::string> m_error;
  bool m_interrupted = false;
  bool m_database_failed = false; // the error is the database's (a full disk), not the input's
  std::uint64_t m_records = 0;
  std::uint64_t m_last_line = 0;
  std::vector<store::ImportBatch::Field> m_fields; // reused from record to record
  std::function<void()> m_on_record;
};

// Read access for analyses: JSON requests answered from the store.
class QueryApi {
public:
  explicit QueryApi(store::Database& db);
  QueryApi(const QueryApi&) = delete;
  QueryApi& operator=(const QueryApi&) = delete;
  const campaign_query_api* get() const { return &m_api; }
  const std::string& failure() const { return m_failure; }

  // Answers one request (see docs/plugins.md); throws InvalidInput for a malformed one.
  std::string answer(const std::string& request_json);

private:
  static campaign_status query(void* data, const char* request_json, const campaign_writer* out);
  // {"status": "pledge", ...}: each pledge's targets and targets met as of a day.
  std::string pledge_status(const store::RawValues& filters, const std::optional<std::string>& as_of);
  // {"score": "pledge", ...}: the scoring sheets; {"rank": "pledge", ...}: the ranking.
  std::string pledge_scores(const store::RawValues& filters, const std::optional<std::string>& as_of);
  std::string pledge_ranking(const store::RawValues& filters, const std::optional<std::string>& as_of);

  campaign_query_api m_api{};
  store::Database& m_db;
  std::string m_failure;
};

// Runs an importer on `path`, its records going into `sink`. Throws
// InvalidInput (a refused record or input), Interrupted (the user pressed
// Ctrl-C; the message names the file and the records read) or Error (the
// plugin failed).
void run_importer(const ImporterHandle& importer, const std::string& path, const OptionValues& options,
                  RecordSink& sink);

// Runs an analysis and returns the report document it wrote.
std::string run_analysis(const AnalysisHandle& analysis, const OptionValues& options, QueryApi& query);

// Renders `document` to `out`.
void run_renderer(const RendererHandle& renderer, const std::string& document, const OptionValues& options,
                  std::ostream& out);

// Loads `path` in a child process and reports what happened there, so that
// a plugin that crashes while loading (a throwing static initializer aborts
// inside the loader) takes down only the child.
PluginInfo check_in_child(const std::filesystem::path& path);

} // namespace campaign::plugin
