#pragma once

#include "domain/number.hpp"
#include "util/error.hpp"
#include "domain/period_expr.hpp"
#include "store/database.hpp"
#include "store/pending_rows.hpp"
#include "store/records.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace SQLite {
class Statement;
}

namespace campaign::store {

class BatchSums;

// What one import did.
struct ImportCounts {
  std::int64_t added = 0;   // new records
  std::int64_t revised = 0; // figures whose value or qualifier changed (the old one is kept as a revision)
  std::int64_t skipped = 0; // figures identical to what the database already had from the same source
};

// One import batch: every record an importer hands over, validated and
// written inside the caller's transaction (Database::write), so that a
// refused record leaves the database as it was. Figures take a fast path
// (codes cached, one prepared statement, no per-row allocation of records)
// and are deduplicated on (unit, indicator, span, campaign, source): the
// same value again is skipped, another value is a revision, and the same key
// twice within one import is refused. Other kinds go through Records::add.
class ImportBatch {
public:
  // Starts a batch for `file` read by `importer` (recorded in import_batches
  // with the file's hash). Must be created inside Database::write.
  ImportBatch(Database& db, std::string importer, std::string importer_version,
              const std::filesystem::path& file);
  ~ImportBatch();
  ImportBatch(const ImportBatch&) = delete;
  ImportBatch& operator=(const ImportBatch&) = delete;

  // The number style of the source's numbers; nullopt refuses ambiguous ones.
  void set_number_style(std::optional<domain::NumberStyle> style) { m_style = style; }

  // One field of a record as handed over: name and text, not owned.
  using Field = std::pair<std::string_view, std::string_view>;

  // A refusal that is only found when buffered figures are written: it names
  // the line the importer gave with the figure it concerns.
  class RowError : public InvalidInput {
  public:
    RowError(std::uint64_t line, std::string message) : InvalidInput(std::move(message)), m_line(line) {}
    std::uint64_t line() const { return m_line; }

  private:
    std::uint64_t m_line;
  };

  // Adds one record of `kind` from its fields, found on `line` of the source
  // (0 when not known). "ref" labels it for later records; "@label" in
  // "parent" or "pledge" refers to a labelled one. Figures are buffered and
  // written in groups: a refusal found when writing them throws RowError
  // naming the line of the figure concerned. Other refusals throw
  // InvalidInput (or UsageError) naming the field.
  void add(std::string_view kind, const std::vector<Field>& fields, std::uint64_t line = 0);

  // Writes what is buffered, records the counts in import_batches and returns
  // them. Throws RowError when a buffered figure is refused.
  ImportCounts finish();

  std::int64_t id() const { return m_batch_id; }
  const std::map<std::string, std::int64_t>& added_by_kind() const { return m_added_by_kind; }

private:
  struct CampaignInfo {
    std::int64_t id;
    std::string start;
    std::string end;
    std::optional<std::vector<domain::NamedPeriod>> periods;
  };
  struct UnitInfo {
    std::int64_t id;
    std::string from;
    std::string to;
  };
  struct IndicatorInfo {
    std::int64_t id;
    std::string value_kind;
    std::optional<std::int64_t> parent_id;
  };

  static constexpr std::size_t k_rows_per_write = 4096;

  void add_figure(const std::vector<Field>& fields);
  void write_one(const PendingFigure& row);
  void flush();
  bool transaction_ended();
  CampaignInfo& campaign(const std::string& code);
  const UnitInfo& unit(const std::string& code);
  const IndicatorInfo& indicator(const std::string& code);
  std::int64_t source(const std::string& document, const std::string& number, const std::string& date);
  std::int64_t resolve_label(const std::string& field, const std::string& value) const;

  Database& m_db;
  std::int64_t m_batch_id = 0;
  std::optional<domain::NumberStyle> m_style;
  std::int64_t m_figure_rows = 0; // figures handed over
  std::int64_t m_changed = 0;     // figures inserted or updated
  std::int64_t m_skipped_records = 0; // records other than figures found already stored
  std::map<std::string, std::int64_t> m_added_by_kind;
  std::unordered_map<std::string, CampaignInfo> m_campaigns;
  std::unordered_map<std::string, UnitInfo> m_units;
  std::unordered_map<std::string, IndicatorInfo> m_indicators;
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> m_sources;
  std::unordered_map<std::string, std::int64_t> m_labels;
  PendingFigures m_pending;
  PendingFigures m_single; // one row at a time, to name the row a write refused
  std::uint64_t m_line = 0;
  std::unique_ptr<FigureWriter> m_writer;
  std::unique_ptr<BatchSums> m_sums; // declared last: its pause ends before the writer goes
};

// The XXH3-128 hash of a file's bytes as 32 hex digits, read in blocks.
std::string file_hash(const std::filesystem::path& file);

} // namespace campaign::store
