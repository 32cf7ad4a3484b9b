#include "store/check.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <string_view>
#include <vector>

namespace campaign::store {

namespace {

// A domain rule: a query whose rows are the records breaking it, each as
// (row id, message).
struct Rule {
  std::string_view name;
  std::string_view table;
  std::string_view sql;
  std::string_view postgresql = {}; // where the server needs other SQL than printf() as format()
};

constexpr Rule k_rules[] = {
  {"subset_above_parent", "figures", R"sql(
    SELECT c.id, printf('figure %d (%s, exact %.15g) is above its parent figure %d (%s, exact %.15g)',
                        c.id, ic.code, c.value, p.id, ip.code, p.value)
    FROM figures c JOIN figures p ON p.id = c.parent_id
    JOIN indicators ic ON ic.id = c.indicator_id JOIN indicators ip ON ip.id = p.indicator_id
    WHERE c.qualifier = 'exact' AND p.qualifier = 'exact' AND c.value > p.value ORDER BY c.id)sql"},
  {"subset_of_other_figure", "figures", R"sql(
    SELECT c.id, printf('figure %d (%s) has parent figure %d (%s), which is not for the parent indicator, ' ||
                        'or not for the same unit, campaign and span', c.id, ic.code, p.id, ip.code)
    FROM figures c JOIN figures p ON p.id = c.parent_id
    JOIN indicators ic ON ic.id = c.indicator_id JOIN indicators ip ON ip.id = p.indicator_id
    WHERE ic.parent_id IS DISTINCT FROM p.indicator_id OR c.unit_id <> p.unit_id OR c.campaign_id <> p.campaign_id
       OR c.span_from <> p.span_from OR c.span_to <> p.span_to ORDER BY c.id)sql"},
  {"figure_outside_unit_validity", "figures", R"sql(
    SELECT f.id, printf('figure %d reports %s..%s for unit %s, which exists %s..%s', f.id, f.span_from, f.span_to,
                        u.code, ifnull(u.valid_from, '(open)'), ifnull(u.valid_to, '(open)'))
    FROM figures f JOIN units u ON u.id = f.unit_id
    WHERE (u.valid_from IS NOT NULL AND f.span_from < u.valid_from)
       OR (u.valid_to IS NOT NULL AND f.span_to > u.valid_to) ORDER BY f.id)sql"},
  {"figure_outside_campaign", "figures", R"sql(
    SELECT f.id, printf('figure %d reports %s..%s, outside campaign %s (%s..%s)', f.id, f.span_from, f.span_to,
                        c.code, ifnull(c.start_date, '(open)'), ifnull(c.end_date, '(open)'))
    FROM figures f JOIN campaigns c ON c.id = f.campaign_id
    WHERE (c.start_date IS NOT NULL AND f.span_from < c.start_date)
       OR (c.end_date IS NOT NULL AND f.span_to > c.end_date) ORDER BY f.id)sql"},
  {"figure_value_unsuited", "figures", R"sql(
    SELECT f.id, printf('figure %d has value %.17g, but indicator %s takes %s', f.id, f.value, i.code,
                        CASE i.value_kind WHEN 'count' THEN 'whole numbers >= 0'
                                          WHEN 'quantity' THEN 'numbers >= 0' ELSE 'finite numbers' END)
    FROM figures f JOIN indicators i ON i.id = f.indicator_id
    WHERE typeof(f.value) NOT IN ('real', 'integer') OR abs(f.value) > 1.7976931348623157e308
       OR (i.value_kind <> 'signed' AND f.value < 0)
       OR (i.value_kind = 'count' AND f.value <> CAST(f.value AS INTEGER)) ORDER BY f.id)sql",
   // The column holds double precision only; NaN and the infinities are what could be wrong.
   R"sql(
    SELECT f.id, format('figure %s has value %s, but indicator %s takes %s', f.id, f.value, i.code,
                        CASE i.value_kind WHEN 'count' THEN 'whole numbers >= 0'
                                          WHEN 'quantity' THEN 'numbers >= 0' ELSE 'finite numbers' END)
    FROM figures f JOIN indicators i ON i.id = f.indicator_id
    WHERE f.value IN ('NaN', 'Infinity', '-Infinity')
       OR (i.value_kind <> 'signed' AND f.value < 0)
       OR (i.value_kind = 'count' AND f.value <> trunc(f.value)) ORDER BY f.id)sql"},
  {"figure_span_reversed", "figures", R"sql(
    SELECT id, printf('figure %d runs from %s to the earlier %s', id, span_from, span_to)
    FROM figures WHERE span_from > span_to ORDER BY id)sql"},
  {"period_outside_campaign", "periods", R"sql(
    SELECT p.id, printf('period %s (%s..%s) lies outside campaign %s (%s..%s)', p.name, p.start_date, p.end_date,
                        c.code, ifnull(c.start_date, '(open)'), ifnull(c.end_date, '(open)'))
    FROM periods p JOIN campaigns c ON c.id = p.campaign_id
    WHERE (c.start_date IS NOT NULL AND p.start_date < c.start_date)
       OR (c.end_date IS NOT NULL AND p.end_date > c.end_date) OR p.start_date > p.end_date ORDER BY p.id)sql"},
  {"target_without_indicator", "pledge_targets", R"sql(
    SELECT t.id, printf('target %d of pledge %d is quantitative but its indicator %s does not exist', t.id,
                        t.pledge_id, ifnull(CAST(t.indicator_id AS TEXT), '(none)'))
    FROM pledge_targets t
    WHERE t.target_kind = 'quantitative'
      AND (t.indicator_id IS NULL OR NOT EXISTS (SELECT 1 FROM indicators i WHERE i.id = t.indicator_id))
    ORDER BY t.id)sql"},
  {"pledge_period_of_other_campaign", "pledges", R"sql(
    SELECT p.id, printf('pledge %d is in campaign %s but its period %s belongs to campaign %s', p.id, c.code,
                        pe.name, pc.code)
    FROM pledges p JOIN periods pe ON pe.id = p.period_id JOIN campaigns c ON c.id = p.campaign_id
    JOIN campaigns pc ON pc.id = pe.campaign_id
    WHERE pe.campaign_id <> p.campaign_id ORDER BY p.id)sql"},
  {"unit_validity_reversed", "units", R"sql(
    SELECT id, printf('unit %s is valid from %s to the earlier %s', code, valid_from, valid_to)
    FROM units WHERE valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_from > valid_to ORDER BY id)sql"},
  {"unit_own_ancestor", "units", R"sql(
    WITH RECURSIVE walk(start, id, depth) AS (
      SELECT id, parent_id, 1 FROM units WHERE parent_id IS NOT NULL
      UNION ALL
      SELECT w.start, u.parent_id, w.depth + 1 FROM walk w JOIN units u ON u.id = w.id
      WHERE u.parent_id IS NOT NULL AND w.id <> w.start AND w.depth < 1000)
    SELECT DISTINCT u.id, printf('unit %s is its own ancestor', u.code)
    FROM walk w JOIN units u ON u.id = w.start WHERE w.id = w.start ORDER BY u.id)sql"},
  {"indicator_own_ancestor", "indicators", R"sql(
    WITH RECURSIVE walk(start, id, depth) AS (
      SELECT id, parent_id, 1 FROM indicators WHERE parent_id IS NOT NULL
      UNION ALL
      SELECT w.start, i.parent_id, w.depth + 1 FROM walk w JOIN indicators i ON i.id = w.id
      WHERE i.parent_id IS NOT NULL AND w.id <> w.start AND w.depth < 1000)
    SELECT DISTINCT i.id, printf('indicator %s is its own ancestor', i.code)
    FROM walk w JOIN indicators i ON i.id = w.start WHERE w.id = w.start ORDER BY i.id)sql"},
  {"import_batch_unfinished", "import_batches", R"sql(
    SELECT id, printf('import batch %d (%s) was stored without being finished', id, ifnull(file_name, ''))
    FROM import_batches WHERE finished_at IS NULL ORDER BY id)sql"},
};

// Date columns that must hold YYYY-MM-DD (or NULL).
constexpr std::pair<std::string_view, std::string_view> k_date_columns[] = {
  {"units", "valid_from"},     {"units", "valid_to"},         {"unit_events", "event_date"},
  {"campaigns", "start_date"}, {"campaigns", "end_date"},     {"periods", "start_date"},
  {"periods", "end_date"},     {"figures", "span_from"},      {"figures", "span_to"},
  {"pledges", "signed_on"},    {"pledges", "transferred_on"}, {"awards", "decision_date"},
  {"models", "started_on"},    {"agreements", "signed_on"},   {"pledge_targets", "assessed_on"},
};

// A rule's SQL for the server: its own, or SQLite's with printf's
// conversions as format()'s %s (the server writes numbers in full, shortest
// form, where %.15g may round).
std::string postgresql_text(const Rule& rule) {
  if (!rule.postgresql.empty()) {
    return std::string(rule.postgresql);
  }
  std::string text(rule.sql);
  for (const std::string_view conversion : {"%.15g", "%.17g", "%d"}) {
    for (std::size_t at = text.find(conversion); at != std::string::npos; at = text.find(conversion, at)) {
      text.replace(at, conversion.size(), "%s");
    }
  }
  for (std::size_t at = text.find("printf("); at != std::string::npos; at = text.find("printf(", at)) {
    text.replace(at, 7, "format(");
  }
  return text;
}

class Collector {
public:
  explicit Collector(CheckReport& report) : m_report(report) {}

  void begin(std::string_view rule) {
    m_rule = rule;
    m_count = 0;
    m_report.rules_checked.emplace_back(rule);
  }

  void add(std::string_view table, std::int64_t row, std::string message) {
    ++m_report.problem_count;
    if (++m_count <= k_check_limit_per_rule) {
      m_report.problems.push_back({m_rule, std::string(table), row, std::move(message)});
    }
  }

  void end() {
    if (m_count > k_check_limit_per_rule) {
      m_report.problems.push_back(
        {m_rule, "", 0, fmt::format("... and {} more of this kind", m_count - k_check_limit_per_rule)});
    }
  }

private:
  CheckReport& m_report;
  std::string m_rule;
  std::size_t m_count = 0;
};

// A row that names a missing row of another table.
struct MissingReference {
  std::string table;
  std::int64_t row; // its id, or 0 in a table without one
  std::string referred;
};

// The rows that name a missing row: SQLite's PRAGMA foreign_key_check, or on
// a server the same found from each reference of the schema (pg_constraint):
// the rows whose columns are all set but name no row of the table they refer
// to. A server refuses such rows when they are written; they come from
// writes with the references switched off (session_replication_role =
// replica, as pg_restore --disable-triggers does).
std::vector<MissingReference> missing_references(sql::Connection& sql) {
  std::vector<MissingReference> found;
  if (sql.engine() == sql::Engine::sqlite) {
    sql::Statement keys(sql, "PRAGMA foreign_key_check");
    while (keys.executeStep()) {
      found.push_back({keys.getColumn(0).getString(),
                       keys.getColumn(1).isNull() ? 0 : keys.getColumn(1).getInt64(),
                       keys.getColumn(2).getString()});
    }
    return found;
  }
  struct Reference {
    std::string table, referred, columns_set, columns_match, row;
  };
  std::vector<Reference> references;
  sql::Statement constraints(sql, R"sql(
    SELECT quote_ident(t.relname), quote_ident(r.relname),
           (SELECT string_agg(format('t.%I IS NOT NULL', a.attname), ' AND ' ORDER BY k.n)
            FROM unnest(c.conkey) WITH ORDINALITY k(col, n)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col),
           (SELECT string_agg(format('r.%I = t.%I', ra.attname, a.attname), ' AND ' ORDER BY k.n)
            FROM unnest(c.conkey, c.confkey) WITH ORDINALITY k(col, ref, n)
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.col
            JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.ref),
           CASE WHEN EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.conrelid AND a.attname = 'id'
                               AND NOT a.attisdropped) THEN 't.id' ELSE '0' END
    FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
    WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace
    ORDER BY t.relname COLLATE "C", c.conname COLLATE "C")sql");
  while (constraints.executeStep()) {
    references.push_back({constraints.getColumn(0).getString(), constraints.getColumn(1).getString(),
                          constraints.getColumn(2).getString(), constraints.getColumn(3).getString(),
                          constraints.getColumn(4).getString()});
  }
  for (const Reference& reference : references) {
    sql::Statement orphans(sql, fmt::format("SELECT {} FROM {} t WHERE {} AND NOT EXISTS (SELECT 1 FROM {} r "
                                            "WHERE {}) ORDER BY 1",
                                            reference.row, reference.table, reference.columns_set,
                                            reference.referred, reference.columns_match));
    while (orphans.executeStep()) {
      found.push_back({reference.table, orphans.getColumn(0).getInt64(), reference.referred});
    }
  }
  return found;
}

} // namespace

CheckReport check_database(Database& db) {
  CheckReport report;
  sql::Connection& sql = db.sql();
  Collector found(report);
  const bool server = sql.engine() == sql::Engine::postgresql;
  try {
    found.begin("integrity");
    // A server keeps its own files whole: there, this rule finds nothing.
    sql::Statement integrity(sql, server ? "SELECT 'ok'" : "PRAGMA integrity_check(100)");
    while (integrity.executeStep()) {
      const std::string line = integrity.getColumn(0).getString();
      if (line != "ok") {
        report.damaged = true;
        found.add("", 0, line);
      }
    }
    found.end();
    if (report.damaged) {
      return report;
    }

    found.begin("foreign_key");
    for (const MissingReference& missing : missing_references(sql)) {
      found.add(
        missing.table, missing.row,
        fmt::format("{} row {} refers to a missing row of {}", missing.table, missing.row, missing.referred));
    }
    found.end();

    for (const Rule& rule : k_rules) {
      found.begin(rule.name);
      sql::Statement query(sql, server ? postgresql_text(rule) : std::string(rule.sql));
      while (query.executeStep()) {
        found.add(rule.table, query.getColumn(0).getInt64(), query.getColumn(1).getString());
      }
      found.end();
    }

    found.begin("date_format");
    for (const auto& [table, column] : k_date_columns) {
      // date(x, '+0 days') gives back the same text only for a real calendar date (it turns 02-30 into
      // 03-02).
      sql::Statement query(
        sql, server
               ? fmt::format(
                   "SELECT id, {1} FROM {0} WHERE {1} IS NOT NULL AND NOT campaign_is_date({1}) ORDER BY id",
                   table, column)
               : fmt::format("SELECT rowid, {1} FROM {0} WHERE {1} IS NOT NULL AND "
                             "({1} NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR date({1}, '+0 "
                             "days') IS NOT {1}) "
                             "ORDER BY rowid",
                             table, column));
      while (query.executeStep()) {
        found.add(table, query.getColumn(0).getInt64(),
                  fmt::format("{} row {}: {} '{}' is not a date written YYYY-MM-DD", table,
                              query.getColumn(0).getInt64(), column, query.getColumn(1).getString()));
      }
    }
    found.end();
  } catch (const sql::Exception& e) {
    rethrow_sqlite(db.path(), e, e.getExtendedErrorCode());
  }
  return report;
}

} // namespace campaign::store
