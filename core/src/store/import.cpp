#include "store/import.hpp"

#include "store/figure_sums.hpp"
#include "store/pg_import.hpp"

#include "domain/date.hpp"
#include "domain/figure_rules.hpp"
#include "domain/period_expr.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <xxhash.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace campaign::store {

namespace {

std::string now_iso() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     fmt::gmtime(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now())));
}

// The fields of a figure, by name; views into the importer's buffers.
struct FigureFields {
  std::string_view ref, campaign, unit, indicator, span_from, span_to, period, value, qualifier, parent, source,
    source_number, source_date, locator, note;

  // Sets the field `name`; throws InvalidInput for a name a figure does not have.
  void set(std::string_view name, std::string_view text) {
    static const std::pair<std::string_view, std::string_view FigureFields::*> k_fields[] = {
      {"ref", &FigureFields::ref},
      {"campaign", &FigureFields::campaign},
      {"unit", &FigureFields::unit},
      {"indicator", &FigureFields::indicator},
      {"span_from", &FigureFields::span_from},
      {"span_to", &FigureFields::span_to},
      {"period", &FigureFields::period},
      {"value", &FigureFields::value},
      {"qualifier", &FigureFields::qualifier},
      {"parent", &FigureFields::parent},
      {"source", &FigureFields::source},
      {"source_number", &FigureFields::source_number},
      {"source_date", &FigureFields::source_date},
      {"locator", &FigureFields::locator},
      {"note", &FigureFields::note},
    };
    for (const auto& [known, member] : k_fields) {
      if (known == name) {
        this->*member = text;
        return;
      }
    }
    throw InvalidInput(fmt::format("{}: a figure has no such field", name));
  }
};

// Writes buffered figures. A figure already stored from the same source with
// the same value and qualifier is left alone (skipped); another value or
// qualifier updates it (a trigger keeps the old one as a revision); the same
// key twice in one batch makes a trigger refuse it. ("WHERE true" keeps the
// parser from reading ON CONFLICT as a join constraint.)
constexpr const char* k_upsert = R"sql(
INSERT INTO figures (campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id,
                     source_id, locator, note, batch_id)
SELECT campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id,
       source_id, locator, note, batch_id
FROM campaign_pending_figures(?1) WHERE true
ON CONFLICT (unit_id, indicator_id, span_from, span_to, campaign_id, ifnull(source_id, 0)) DO UPDATE
  SET value = excluded.value, qualifier = excluded.qualifier, parent_id = excluded.parent_id,
      locator = excluded.locator, note = excluded.note, batch_id = excluded.batch_id
  WHERE figures.value IS NOT excluded.value OR figures.qualifier IS NOT excluded.qualifier
     OR figures.batch_id IS excluded.batch_id
)sql";

} // namespace

std::string file_hash(const std::filesystem::path& file) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) {
    throw InvalidInput(fmt::format("{}: cannot read it", file.string()));
  }
  std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), &XXH3_freeState);
  XXH3_128bits_reset(state.get());
  std::vector<char> buffer(1 << 16);
  std::size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), in.get())) > 0) {
    XXH3_128bits_update(state.get(), buffer.data(), n);
  }
  const XXH128_hash_t hash = XXH3_128bits_digest(state.get());
  return fmt::format("{:016x}{:016x}", hash.high64, hash.low64);
}

ImportBatch::ImportBatch(Database& db, std::string importer, std::string importer_version,
                         const std::filesystem::path& file)
  : m_db(db) {
  sql::Connection& sql = db.sql();
  sql::Statement insert(sql, "INSERT INTO import_batches (importer, importer_version, file_name, file_hash, "
                                "started_at) VALUES (?, ?, ?, ?, ?)");
  insert.bind(1, importer);
  insert.bind(2, importer_version);
  insert.bind(3, file.string());
  insert.bind(4, file.empty() ? std::string() : file_hash(file));
  insert.bind(5, now_iso());
  insert.exec();
  m_batch_id = sql.getLastInsertRowid();
  if (db.engine() == sql::Engine::postgresql) {
    // On a server the figure sums' triggers stay on: an import's rows go in
    // as one statement per group, and the triggers keep the totals.
    m_writer = std::make_unique<PgFigureWriter>(sql);
    return;
  }
  if (db.first_time("pending_figures")) {
    register_pending_figures(db.sqlite("import").getHandle());
    // A large import touches the rightmost pages of the figures table and of
    // each index over and over: a page cache of 16 MiB (instead of 2 MiB)
    // keeps them in memory, well inside the 64 MiB an import may use.
    sql.exec("PRAGMA cache_size = -16384");
  }
  m_writer = std::make_unique<PendingWriter>(db.sqlite("import").getHandle(), k_upsert);
  m_sums = std::make_unique<BatchSums>(sql, m_batch_id);

}

ImportBatch::~ImportBatch() = default;

ImportBatch::CampaignInfo& ImportBatch::campaign(const std::string& code) {
  if (auto it = m_campaigns.find(code); it != m_campaigns.end()) {
    return it->second;
  }
  sql::Statement query(m_db.sql(), "SELECT id, ifnull(start_date, ''), ifnull(end_date, '') FROM campaigns "
                                      "WHERE code = ?");
  query.bind(1, code);
  if (!query.executeStep()) {
    std::vector<std::string> codes;
    sql::Statement all(m_db.sql(), "SELECT code FROM campaigns ORDER BY code");
    while (all.executeStep()) {
      codes.push_back(all.getColumn(0).getString());
    }
    throw InvalidInput(fmt::format("campaign: unknown campaign '{}'{}", code, util::did_you_mean(code, codes)));
  }
  CampaignInfo info{query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                    std::nullopt};
  return m_campaigns.emplace(code, std::move(info)).first->second;
}

const ImportBatch::UnitInfo& ImportBatch::unit(const std::string& code) {
  if (auto it = m_units.find(code); it != m_units.end()) {
    return it->second;
  }
  // By code (through its index), else by a name only one unit has.
  sql::Statement query(m_db.sql(), "SELECT id, ifnull(valid_from, ''), ifnull(valid_to, '') FROM units "
                                      "WHERE code = ?1");
  query.bind(1, code);
  bool found = query.executeStep();
  if (!found) {
    query = sql::Statement(m_db.sql(), "SELECT id, ifnull(valid_from, ''), ifnull(valid_to, '') FROM units "
                                          "WHERE name = ?1 AND (SELECT count(*) FROM units WHERE name = ?1) = 1");
    query.bind(1, code);
    found = query.executeStep();
  }
  if (!found) {
    sql::Statement named(m_db.sql(), "SELECT group_concat(code, ', ') FROM units WHERE name = ?");
    named.bind(1, code);
    if (named.executeStep() && !named.getColumn(0).isNull()) {
      throw InvalidInput(fmt::format("unit: several units are named '{}' ({}); give the code", code,
                                     named.getColumn(0).getString()));
    }
    std::vector<std::string> codes;
    sql::Statement all(m_db.sql(), "SELECT code FROM units ORDER BY code");
    while (all.executeStep()) {
      codes.push_back(all.getColumn(0).getString());
    }
    throw InvalidInput(fmt::format("unit: unknown unit '{}'{}", code, util::did_you_mean(code, codes)));
  }
  UnitInfo info{query.getColumn(0).getInt64(), query.getColumn(1).getString(), query.getColumn(2).getString()};
  return m_units.emplace(code, std::move(info)).first->second;
}

const ImportBatch::IndicatorInfo& ImportBatch::indicator(const std::string& code) {
  if (auto it = m_indicators.find(code); it != m_indicators.end()) {
    return it->second;
  }
  // By code, else by its Vietnamese or English name.
  sql::Statement query(m_db.sql(), "SELECT id, value_kind, parent_id FROM indicators WHERE code = ?1 "
                                      "UNION ALL SELECT id, value_kind, parent_id FROM indicators "
                                      "WHERE (name_vi = ?1 OR name_en = ?1) AND NOT EXISTS "
                                      "(SELECT 1 FROM indicators WHERE code = ?1) LIMIT 1");
  query.bind(1, code);
  if (!query.executeStep()) {
    std::vector<std::string> codes;
    sql::Statement all(m_db.sql(), "SELECT code FROM indicators ORDER BY code");
    while (all.executeStep()) {
      codes.push_back(all.getColumn(0).getString());
    }
    throw InvalidInput(
      fmt::format("indicator: unknown indicator '{}'{}", code, util::did_you_mean(code, codes)));
  }
  IndicatorInfo info{query.getColumn(0).getInt64(), query.getColumn(1).getString(),
                     query.getColumn(2).isNull() ? std::nullopt
                                                 : std::optional<std::int64_t>(query.getColumn(2).getInt64())};
  return m_indicators.emplace(code, std::move(info)).first->second;
}

std::int64_t ImportBatch::source(const std::string& document, const std::string& number, const std::string& date) {
  const auto key = std::make_tuple(document, number, date);
  if (auto it = m_sources.find(key); it != m_sources.end()) {
    return it->second;
  }
  sql::Statement insert(m_db.sql(), "INSERT INTO sources (document, number, issued_on) VALUES (?, ?, ?) "
                                       "ON CONFLICT DO NOTHING");
  insert.bind(1, document);
  insert.bind(2, number);
  insert.bind(3, date);
  insert.exec();
  sql::Statement query(m_db.sql(), "SELECT id FROM sources WHERE document = ? AND number = ? AND issued_on = ?");
  query.bind(1, document);
  query.bind(2, number);
  query.bind(3, date);
  query.executeStep();
  const std::int64_t id = query.getColumn(0).getInt64();
  m_sources.emplace(key, id);
  return id;
}

std::int64_t ImportBatch::resolve_label(const std::string& field, const std::string& value) const {
  auto it = m_labels.find(value.substr(1));
  if (it == m_labels.end()) {
    throw InvalidInput(
      fmt::format("{}: no earlier record of this import is labelled '{}'", field, value.substr(1)));
  }
  return it->second;
}

void ImportBatch::add(std::string_view kind, const std::vector<Field>& fields, std::uint64_t line) {
  const RecordKind& record_kind = store::record_kind(kind);
  m_line = line;
  if (record_kind.name == "figure") {
    add_figure(fields);
    return;
  }
  flush(); // other records may refer to figures given before them
  RawValues raw;
  std::string label;
  for (const auto& [name, value] : fields) {
    if (name == "ref") {
      label = value;
    } else if (value.starts_with("@") && (name == "parent" || name == "pledge")) {
      raw.insert_or_assign(std::string(name), std::to_string(resolve_label(std::string(name), std::string(value))));
    } else {
      raw.insert_or_assign(std::string(name), std::string(value));
    }
  }
  // The same record imported again is found, not added twice.
  Records records(m_db);
  std::int64_t id = 0;
  auto same = records.find_same(record_kind, raw, m_style);
  if (!same && record_kind.name == "pledge") {
    // A sheet may name a stored pledge by campaign, period and signatory alone.
    same = records.find_same(record_kind, raw, m_style, true);
  }
  if (same) {
    id = *same;
    ++m_skipped_records;
  } else {
    id = records.add(record_kind, raw, m_style);
    ++m_added_by_kind[std::string(record_kind.name)];
  }
  if (!label.empty()) {
    m_labels[label] = id;
  }
}

void ImportBatch::add_figure(const std::vector<Field>& input) {
  FigureFields f;
  for (const auto& [name, text] : input) {
    f.set(name, text);
  }
  const std::string_view label = f.ref;
  const std::string campaign_code(f.campaign);
  const std::string unit_code(f.unit);
  const std::string indicator_code(f.indicator);
  std::string span_from(f.span_from);
  std::string span_to(f.span_to);
  const std::string_view period = f.period;
  const std::string_view value_text = f.value;
  const std::string_view qualifier_text = f.qualifier;
  const std::string_view parent_text = f.parent;
  const std::string source_document(f.source);
  const std::string_view source_number = f.source_number;
  const std::string_view source_date = f.source_date;
  const std::string_view locator = f.locator;
  const std::string_view note = f.note;
  for (const auto& [name, value] : {std::pair{"campaign", f.campaign}, std::pair{"unit", f.unit},
                                    std::pair{"indicator", f.indicator}, std::pair{"value", f.value}}) {
    if (value.empty()) {
      throw InvalidInput(fmt::format("{}: missing", name));
    }
  }
  for (const auto& [name, value] : {std::pair{"locator", locator}, std::pair{"note", note}}) {
    util::require_clean_text(value, name, true);
  }
  for (const auto& [name, value] : {std::pair{"source", f.source}, std::pair{"unit", f.unit}}) {
    util::require_clean_text(value, name, false);
  }

  CampaignInfo& campaign_info = campaign(campaign_code);
  if (!period.empty()) {
    if (!span_from.empty() || !span_to.empty()) {
      throw InvalidInput("period: give either a period or span_from and span_to, not both");
    }
    if (!campaign_info.periods) {
      sql::Statement query(m_db.sql(), "SELECT name, start_date, end_date FROM periods WHERE campaign_id = ?");
      query.bind(1, campaign_info.id);
      campaign_info.periods.emplace();
      while (query.executeStep()) {
        campaign_info.periods->push_back({query.getColumn(0).getString(),
                                          {domain::parse_date(query.getColumn(1).getString()),
                                           domain::parse_date(query.getColumn(2).getString())}});
      }
    }
    try {
      const domain::Period parsed = domain::parse_period(period, *campaign_info.periods);
      span_from = parsed.span.from.iso();
      span_to = parsed.span.to.iso();
    } catch (Error& e) {
      e.add_context("period");
      throw;
    }
  } else {
    for (auto [name, value] : {std::pair{"span_from", &span_from}, std::pair{"span_to", &span_to}}) {
      if (value->empty()) {
        throw InvalidInput(fmt::format("{}: missing (or give a period)", name));
      }
      try {
        *value = domain::parse_date(*value).iso();
      } catch (Error& e) {
        e.add_context(name);
        throw;
      }
    }
  }
  double value = 0;
  try {
    value = domain::parse_number(value_text, m_style);
  } catch (Error& e) {
    e.add_context("value");
    throw;
  }
  domain::Qualifier qualifier = domain::Qualifier::exact;
  if (!qualifier_text.empty()) {
    try {
      qualifier = domain::parse_qualifier(qualifier_text);
    } catch (Error& e) {
      e.add_context("qualifier");
      throw;
    }
  }
  const UnitInfo& unit_info = unit(unit_code);
  const IndicatorInfo& indicator_info = indicator(indicator_code);

  domain::FigureFacts facts;
  facts.span_from = span_from;
  facts.span_to = span_to;
  facts.value = value;
  facts.indicator_code = indicator_code;
  facts.value_kind = indicator_info.value_kind;
  facts.unit_code = unit_code;
  auto bound = [](const std::string& text) {
    return text.empty() ? std::nullopt : std::optional<std::string_view>(text);
  };
  facts.unit_valid_from = bound(unit_info.from);
  facts.unit_valid_to = bound(unit_info.to);
  facts.campaign_code = campaign_code;
  facts.campaign_start = bound(campaign_info.start);
  facts.campaign_end = bound(campaign_info.end);
  domain::check_figure(facts);

  std::optional<std::int64_t> parent;
  if (!parent_text.empty()) {
    if (parent_text.starts_with("@")) {
      parent = resolve_label("parent", std::string(parent_text));
    } else {
      try {
        parent = static_cast<std::int64_t>(domain::parse_number(parent_text, domain::NumberStyle::en));
      } catch (Error& e) {
        e.add_context("parent");
        throw;
      }
    }
    flush(); // the parent may be waiting in the buffer
    const FigureKey key{campaign_info.id, unit_info.id, span_from, span_to};
    check_parent_figure(m_db.sql(), *parent, std::nullopt, key, indicator_code, indicator_info.parent_id, value,
                        std::string(domain::qualifier_code(qualifier)));
  }
  std::optional<std::int64_t> source_id;
  if (!source_document.empty()) {
    std::string date(source_date);
    if (!date.empty()) {
      try {
        date = domain::parse_date(date).iso();
      } catch (Error& e) {
        e.add_context("source_date");
        throw;
      }
    }
    source_id = source(source_document, std::string(source_number), date);
  }

  if (m_pending.rows.size() == m_pending.count) {
    m_pending.rows.emplace_back();
  }
  PendingFigure& row = m_pending.rows[m_pending.count++];
  row.campaign_id = campaign_info.id;
  row.unit_id = unit_info.id;
  row.indicator_id = indicator_info.id;
  row.span_from = span_from;
  row.span_to = span_to;
  row.value = value;
  row.qualifier = domain::qualifier_code(qualifier).data();
  row.parent = parent;
  row.source = source_id;
  row.locator.assign(locator);
  row.note.assign(note);
  row.batch_id = m_batch_id;
  row.line = m_line;
  row.unit_code = &m_units.find(unit_code)->first;
  row.indicator_code = &m_indicators.find(indicator_code)->first;
  ++m_figure_rows;
  if (!label.empty()) {
    // A labelled figure is written now, so that later records can refer to its id.
    flush();
    sql::Statement query(m_db.sql(), "SELECT id FROM figures WHERE unit_id = ? AND indicator_id = ? AND "
                                        "span_from = ? AND span_to = ? AND campaign_id = ? AND "
                                        "ifnull(source_id, 0) = ?");
    query.bind(1, unit_info.id);
    query.bind(2, indicator_info.id);
    query.bind(3, span_from);
    query.bind(4, span_to);
    query.bind(5, campaign_info.id);
    query.bind(6, source_id.value_or(0));
    query.executeStep();
    m_labels[std::string(label)] = query.getColumn(0).getInt64();
  } else if (m_pending.count == k_rows_per_write) {
    flush();
  }
}

void ImportBatch::write_one(const PendingFigure& row) {
  if (m_single.rows.empty()) {
    m_single.rows.emplace_back();
  }
  m_single.rows[0] = row;
  m_single.count = 1;
  std::string message;
  std::int64_t changed = 0;
  const int rc = m_writer->write(m_single, message, changed);
  if (rc == SQLITE_OK) {
    m_changed += changed;
    return;
  }
  if (message.find("repeated within one import") != std::string::npos) {
    throw RowError(row.line, fmt::format("this figure (unit {}, indicator {}, {}..{}) repeats one given earlier "
                                         "in the same import",
                                         *row.unit_code, *row.indicator_code, row.span_from, row.span_to));
  }
  store::rethrow_sqlite(m_db.path(), Error(message), rc, m_writer->system_errno());
}

void ImportBatch::flush() {
  if (m_pending.count == 0) {
    return;
  }
  std::string message;
  std::int64_t changed = 0;
  if (m_sums) {
    m_sums->before_write();
  }
  const int rc = m_writer->write(m_pending, message, changed);
  if (rc == SQLITE_OK) {
    m_changed += changed;
  } else if ((rc & 0xff) != SQLITE_CONSTRAINT || transaction_ended()) {
    // Not a refused row but a failure of the database (a full disk, a file
    // size limit), after which SQLite may have rolled the whole transaction
    // back: writing on row by row would commit each row on its own.
    m_pending.count = 0;
    store::rethrow_sqlite(m_db.path(), Error(message), rc, m_writer->system_errno());
  } else {
    // The statement was undone as a whole; the rows one by one name the culprit.
    for (std::size_t i = 0; i < m_pending.count; ++i) {
      write_one(m_pending.rows[i]);
    }
  }
  m_pending.count = 0;
  if (m_sums) {
    m_sums->after_write();
  }
}

bool ImportBatch::transaction_ended() {
  // PostgreSQL's writer undoes a refused write through a savepoint; SQLite
  // may have rolled back the whole transaction after some failures.
  return m_db.engine() == sql::Engine::sqlite && sqlite3_get_autocommit(m_db.sqlite("import").getHandle()) != 0;
}

ImportCounts ImportBatch::finish() {
  flush();
  if (m_sums) {
    m_sums->resume();
  }
  sql::Connection& sql = m_db.sql();
  ImportCounts counts;
  // Every figure written was inserted or updated; an update of value or
  // qualifier left a revision naming this batch; the rest were identical.
  sql::Statement revisions(sql, "SELECT count(*) FROM figure_revisions WHERE batch_id = ?");
  revisions.bind(1, m_batch_id);
  revisions.executeStep();
  counts.revised = revisions.getColumn(0).getInt64();
  const std::int64_t new_figures = m_changed - counts.revised;
  counts.skipped = m_figure_rows - m_changed + m_skipped_records;
  counts.added = new_figures;
  for (const auto& [kind, n] : m_added_by_kind) {
    counts.added += n;
  }
  sql::Statement update(sql, "UPDATE import_batches SET finished_at = ?, added = ?, revised = ?, skipped = ? "
                                "WHERE id = ?");
  update.bind(1, now_iso());
  update.bind(2, counts.added);
  update.bind(3, counts.revised);
  update.bind(4, counts.skipped);
  update.bind(5, m_batch_id);
  update.exec();
  if (new_figures > 0) {
    m_added_by_kind["figure"] += new_figures;
  }
  return counts;
}

} // namespace campaign::store
