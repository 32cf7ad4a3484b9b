#include "store/records.hpp"

#include "domain/date.hpp"
#include "domain/figure_rules.hpp"
#include "domain/number.hpp"
#include "domain/period_expr.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

namespace campaign::store {

namespace {

using FT = FieldType;

const std::vector<std::string_view> k_unit_kinds = {
  "province", "city", "district", "town", "commune", "ward", "agency", "enterprise", "school", "organisation",
};

std::vector<RecordKind> make_kinds() {
  std::vector<RecordKind> kinds;
  kinds.push_back(RecordKind{
    "unit", "units", "units", "Units: provinces, districts, communes, agencies, enterprises, schools", true,
    {
      {"code", FT::text, "stable code, never reused", true},
      {"name", FT::text, "name (UTF-8)", true},
      {"kind", FT::choice, "kind of unit", true, true, {}, {}, {}, k_unit_kinds},
      {"parent", FT::ref, "code of the unit above", false, true, "parent_id", "units"},
      {"valid_from", FT::date, "first day the unit exists (YYYY-MM-DD)"},
      {"valid_to", FT::date, "last day the unit exists (YYYY-MM-DD)"},
      {"note", FT::text, "free note"},
    }});
  kinds.push_back(RecordKind{
    "lineage", "lineage events", "unit_events", "Lineage events of units: merges, splits, renames", false,
    {
      {"kind", FT::choice, "what happened", true, true, {}, {}, {}, {"merge", "split", "rename"}},
      {"date", FT::date, "the day it took effect", true, false, "event_date"},
      {"predecessors", FT::ref_list, "codes of the units before (comma-separated)", true, false, {},
       "unit_event_predecessors", "event_id"},
      {"successors", FT::ref_list, "codes of the units after (comma-separated)", true, false, {},
       "unit_event_successors", "event_id"},
      {"legal_basis", FT::text, "the decision or resolution behind it"},
      {"note", FT::text, "free note"},
    }});
  kinds.push_back(RecordKind{
    "campaign", "campaigns", "campaigns", "Emulation campaigns (movements)", true,
    {
      {"code", FT::text, "stable code", true},
      {"name", FT::text, "name (UTF-8)", true},
      {"organisers", FT::ref_list, "codes of the organising units (comma-separated)", false, false, {},
       "campaign_organisers", "campaign_id"},
      {"start_date", FT::date, "first day (YYYY-MM-DD)"},
      {"end_date", FT::date, "last day (YYYY-MM-DD)"},
      {"description", FT::text, "description"},
    }});
  kinds.push_back(RecordKind{
    "period", "periods", "periods", "Named periods of a campaign (inclusive dates, may overlap)", false,
    {
      {"campaign", FT::ref, "campaign code", true, true, "campaign_id", "campaigns"},
      {"name", FT::text, "name, such as 2018-2023", true},
      {"start_date", FT::date, "first day (YYYY-MM-DD)", true},
      {"end_date", FT::date, "last day (YYYY-MM-DD)", true},
      {"note", FT::text, "free note"},
    }});
  kinds.push_back(RecordKind{
    "indicator", "indicators", "indicators", "Indicators figures are reported on", true,
    {
      {"code", FT::text, "stable code, such as AN01", true},
      {"name_vi", FT::text, "Vietnamese name", true},
      {"name_en", FT::text, "English name", true},
      {"measure_unit", FT::text, "unit of measure, such as tin or người", true},
      {"value_kind", FT::choice, "count: whole numbers >= 0; quantity: numbers >= 0; signed: any number",
       false, false, {}, {}, {}, {"count", "quantity", "signed"}, "count"},
      {"aggregation", FT::choice, "how values combine", false, false, {}, {}, {}, {"sum", "max", "last"}, "sum"},
      {"direction", FT::choice, "which way is better", false, false, {}, {}, {}, {"higher", "lower"}, "higher"},
      {"parent", FT::ref, "code of the indicator this one is a subset of", false, true, "parent_id",
       "indicators"},
      {"group", FT::text, "group name used by reports", false, true, "grp"},
    }});
  kinds.push_back(RecordKind{
    "figure", "figures", "figures", "Figures: one value of an indicator for a unit over a span", false,
    {
      {"campaign", FT::ref, "campaign code", true, true, "campaign_id", "campaigns"},
      {"unit", FT::ref, "unit code", true, true, "unit_id", "units"},
      {"indicator", FT::ref, "indicator code", true, true, "indicator_id", "indicators"},
      {"span_from", FT::date, "first day covered (YYYY-MM-DD)", true},
      {"span_to", FT::date, "last day covered (YYYY-MM-DD)", true},
      {"value", FT::number, "the value, in plain digits (7296, 15.6)", true},
      {"qualifier", FT::choice, "exact, at_least (trên), at_most (gần) or about (khoảng)", false, true, {}, {},
       {}, {"exact", "at_least", "at_most", "about"}, "exact"},
      {"parent", FT::id_ref, "id of the figure this one is a subset of (trong đó)", false, false, "parent_id",
       "figures"},
      {"source", FT::source, "source document", false, false, "source_id"},
      {"locator", FT::text, "where in the source (page, line, sentence)"},
      {"note", FT::text, "free note"},
      {"batch", FT::count, "import batch that wrote it", false, true, "batch_id", {}, {}, {}, {}, true},
    }});
  kinds.push_back(RecordKind{
    "pledge", "pledges", "pledges", "Emulation pledges (giao ước thi đua) signed by units", false,
    {
      {"campaign", FT::ref, "campaign code", true, true, "campaign_id", "campaigns"},
      {"period", FT::period_ref, "period of the campaign", true, true, "period_id", "periods"},
      {"signatory", FT::ref, "code of the signing unit", true, true, "signatory_id", "units"},
      {"counterpart", FT::ref, "code of the unit it is signed with", false, false, "counterpart_id", "units"},
      {"signed_on", FT::date, "signing date (YYYY-MM-DD)"},
      {"document", FT::text, "document"},
      {"note", FT::text, "free note"},
      {"successor", FT::ref, "code of the unit that took the pledge over (see pledge transfer)", false, false,
       "successor_id", "units"},
      {"transferred_on", FT::date, "first day the successor holds the pledge (YYYY-MM-DD)"},
    }});
  kinds.push_back(RecordKind{
    "target", "pledge targets", "pledge_targets", "Targets of a pledge", false,
    {
      {"pledge", FT::id_ref, "id of the pledge", true, true, "pledge_id", "pledges"},
      {"indicator", FT::ref, "indicator code (quantitative targets)", false, true, "indicator_id", "indicators"},
      {"comparator", FT::choice, "how the actual value meets the target (quantitative targets)", false, false, {},
       {}, {}, {">=", "<=", "="}},
      {"target", FT::number, "target value (quantitative targets)"},
      {"measure_unit", FT::text, "unit of measure"},
      {"max_points", FT::number, "maximum points on the scoring sheet (>= 0)"},
      {"note", FT::text, "free note"},
      {"kind", FT::choice, "quantitative (an indicator against a target value) or qualitative (a criterion "
       "assessed yes or no)", false, true, "target_kind", {}, {}, {"quantitative", "qualitative"}, "quantitative"},
      {"criterion", FT::text, "what a qualitative target asks for"},
      {"scoring", FT::choice, "all_or_nothing: the maximum when met, else 0; proportional: the maximum times "
       "the share attained", false, false, {}, {}, {}, {"all_or_nothing", "proportional"}, "all_or_nothing"},
      {"self_points", FT::number, "points the signatory gave itself (0 to max_points)"},
      {"awarded_points", FT::number, "points awarded by the assessing body (0 to max_points)"},
      {"met", FT::choice, "assessment of a qualitative target", false, false, {}, {}, {}, {"yes", "no"}},
      {"assessor", FT::text, "who assessed the qualitative target"},
      {"assessed_on", FT::date, "assessment date (YYYY-MM-DD)"},
      {"assessment_note", FT::text, "note of the assessment"},
    }});
  kinds.push_back(RecordKind{
    "award", "awards", "awards", "Commendations: Bằng khen, Giấy khen and titles", false,
    {
      {"campaign", FT::ref, "campaign code", true, true, "campaign_id", "campaigns"},
      {"period", FT::period_ref, "period of the campaign", false, true, "period_id", "periods"},
      {"recipient_kind", FT::choice, "collective (tập thể) or individual (cá nhân)", true, true, {}, {}, {},
       {"collective", "individual"}},
      {"recipient_unit", FT::ref, "code of the receiving unit", false, true, "recipient_unit_id", "units"},
      {"recipient_name", FT::text, "name of the person or collective"},
      {"quantity", FT::count, "how many recipients this record counts", false, false, {}, {}, {}, {}, "1"},
      {"form", FT::text, "form or title, such as Bằng khen", true, true},
      {"issuer", FT::text, "issuing body", true, true},
      {"decision_number", FT::text, "decision number"},
      {"decision_date", FT::date, "decision date (YYYY-MM-DD)"},
      {"reason", FT::text, "reason"},
    }});
  kinds.push_back(RecordKind{
    "model", "models", "models", "Movement models (mô hình) and their deployment points", false,
    {
      {"campaign", FT::ref, "campaign code", true, true, "campaign_id", "campaigns"},
      {"unit", FT::ref, "unit code", true, true, "unit_id", "units"},
      {"name", FT::text, "name", true},
      {"type", FT::text, "type of model", false, true},
      {"started_on", FT::date, "start date (YYYY-MM-DD)"},
      {"points", FT::count, "deployment points"},
      {"note", FT::text, "free note"},
    }});
  kinds.push_back(RecordKind{
    "agreement", "agreements", "agreements", "Coordination agreements (quy chế phối hợp)", false,
    {
      {"campaign", FT::ref, "campaign code", false, true, "campaign_id", "campaigns"},
      {"title", FT::text, "title", true},
      {"parties", FT::ref_list, "codes of the parties (comma-separated)", true, false, {}, "agreement_parties",
       "agreement_id"},
      {"signed_on", FT::date, "signing date (YYYY-MM-DD)"},
      {"document", FT::text, "document"},
      {"note", FT::text, "free note"},
    }});
  return kinds;
}

// "a unit", "an award": the kind's name with its article, for messages.
std::string a_kind(std::string_view name) {
  // By sound: "an award", "an indicator", but "a unit".
  const bool vowel = !name.empty() && std::string_view("aeio").find(name.front()) != std::string_view::npos;
  return fmt::format("{} {}", vowel ? "an" : "a", name);
}

// The code of a kind addressed by code, for messages: "unit 'ST'".
std::string describe(const RecordKind& kind, std::string_view ref) {
  return fmt::format("{} '{}'", kind.name, ref);
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::int64_t to_id(std::string_view text) {
  if (!all_digits(text) || text.size() > 18) {
    throw InvalidInput(fmt::format("'{}' is not a record id (a whole number)", text));
  }
  return std::stoll(std::string(text));
}

// Which table holds a code column for a ref target.
const RecordKind& kind_for_table(std::string_view table) {
  for (const RecordKind& kind : record_kinds()) {
    if (kind.table == table) {
      return kind;
    }
  }
  throw Error(fmt::format("no record kind for table {}", table));
}

void bind_value(sql::Statement& statement, int index, const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) {
    statement.bind(index);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    statement.bind(index, static_cast<std::int64_t>(*i));
  } else if (const auto* d = std::get_if<double>(&value)) {
    statement.bind(index, *d);
  } else if (const auto* s = std::get_if<std::string>(&value)) {
    statement.bind(index, *s);
  } else {
    throw Error("a list cannot be bound to one column");
  }
}

Value column_value(const sql::Column& column) {
  switch (column.getType()) {
  case SQLITE_INTEGER:
    return static_cast<std::int64_t>(column.getInt64());
  case SQLITE_FLOAT:
    return column.getDouble();
  case SQLITE_TEXT:
  case SQLITE_BLOB:
    return column.getString();
  default:
    return std::monostate{};
  }
}

std::optional<std::string> text_of(const Value& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    return *s;
  }
  return std::nullopt;
}

// The values of one record on their way into the database: refs resolved to
// ids, dates checked, numbers parsed. ref_list fields keep their codes.
struct Parsed {
  std::map<std::string, Value, std::less<>> values;

  bool has(std::string_view key) const {
    auto it = values.find(key);
    return it != values.end() && !std::holds_alternative<std::monostate>(it->second);
  }
  std::optional<std::string> text(std::string_view key) const {
    auto it = values.find(key);
    return it == values.end() ? std::nullopt : text_of(it->second);
  }
  std::optional<std::int64_t> id(std::string_view key) const {
    auto it = values.find(key);
    if (it == values.end()) {
      return std::nullopt;
    }
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) {
      return *i;
    }
    return std::nullopt;
  }
  std::optional<double> number(std::string_view key) const {
    auto it = values.find(key);
    if (it == values.end()) {
      return std::nullopt;
    }
    if (const auto* d = std::get_if<double>(&it->second)) {
      return *d;
    }
    if (const auto* i = std::get_if<std::int64_t>(&it->second)) {
      return static_cast<double>(*i);
    }
    return std::nullopt;
  }
};

class Writer {
public:
  explicit Writer(sql::Connection& sql) : m_sql(sql) {}

  std::vector<std::string> codes_of(std::string_view table) {
    sql::Statement query(m_sql, fmt::format("SELECT code FROM {} ORDER BY code", table));
    std::vector<std::string> codes;
    while (query.executeStep()) {
      codes.push_back(query.getColumn(0).getString());
    }
    return codes;
  }

  std::int64_t id_for_code(std::string_view table, std::string_view code) {
    sql::Statement query(m_sql, fmt::format("SELECT id FROM {} WHERE code = ?", table));
    query.bind(1, std::string(code));
    if (query.executeStep()) {
      return query.getColumn(0).getInt64();
    }
    const RecordKind& kind = kind_for_table(table);
    throw InvalidInput(
      fmt::format("unknown {} '{}'{}", kind.name, code, util::did_you_mean(code, codes_of(table))));
  }

  bool id_exists(std::string_view table, std::int64_t id) {
    sql::Statement query(m_sql, fmt::format("SELECT 1 FROM {} WHERE id = ?", table));
    query.bind(1, static_cast<std::int64_t>(id));
    return query.executeStep();
  }

  std::vector<domain::NamedPeriod> periods_of(std::int64_t campaign_id) {
    sql::Statement query(
      m_sql, "SELECT name, start_date, end_date FROM periods WHERE campaign_id = ? ORDER BY start_date, name");
    query.bind(1, static_cast<std::int64_t>(campaign_id));
    std::vector<domain::NamedPeriod> periods;
    while (query.executeStep()) {
      periods.push_back({query.getColumn(0).getString(),
                         {domain::parse_date(query.getColumn(1).getString()),
                          domain::parse_date(query.getColumn(2).getString())}});
    }
    return periods;
  }

  // A period of the campaign by name, else (all digits) by id.
  std::int64_t period_id(std::int64_t campaign_id, std::string_view ref) {
    sql::Statement by_name(m_sql, "SELECT id FROM periods WHERE name = ? AND campaign_id = ?");
    by_name.bind(1, std::string(ref));
    by_name.bind(2, campaign_id);
    if (by_name.executeStep()) {
      return by_name.getColumn(0).getInt64();
    }
    if (all_digits(ref) && ref.size() <= 18) {
      sql::Statement by_id(m_sql, "SELECT id FROM periods WHERE id = ? AND campaign_id = ?");
      by_id.bind(1, to_id(ref));
      by_id.bind(2, campaign_id);
      if (by_id.executeStep()) {
        return by_id.getColumn(0).getInt64();
      }
    }
    std::vector<std::string> names;
    for (const auto& period : periods_of(campaign_id)) {
      names.push_back(period.name);
    }
    throw InvalidInput(fmt::format("unknown period '{}' of this campaign{}{}", ref,
                                   names.empty() ? "; it has no periods yet" : "",
                                   util::did_you_mean(ref, names)));
  }

  std::int64_t source_id(const std::string& document, const std::string& number, const std::string& date) {
    sql::Statement insert(
      m_sql, "INSERT INTO sources (document, number, issued_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    insert.bind(1, document);
    insert.bind(2, number);
    insert.bind(3, date);
    insert.exec();
    sql::Statement query(m_sql, "SELECT id FROM sources WHERE document = ? AND number = ? AND issued_on = ?");
    query.bind(1, document);
    query.bind(2, number);
    query.bind(3, date);
    query.executeStep();
    return query.getColumn(0).getInt64();
  }

  sql::Connection& sql() { return m_sql; }

private:
  sql::Connection& m_sql;
};

// Reads one field's text into a value. `style` is the number style of the text
// (nullopt: as typed by a user, ambiguous grouping refused).
Value parse_field(Writer& writer, const FieldDef& field, const std::string& raw, const Parsed& so_far,
                  std::optional<domain::NumberStyle> style) {
  if (const auto bad = util::find_invalid_utf8(raw)) {
    throw InvalidInput(fmt::format("invalid UTF-8 at byte {}", *bad)); // the caller names the field
  }
  if (raw.empty()) {
    return std::monostate{};
  }
  switch (field.type) {
  case FT::text:
  case FT::source:
    // Codes and names are one line; notes and descriptions may break lines.
    // No other control character is stored, so none reaches a terminal.
    util::require_clean_text(raw, "", !(field.name == "code" || field.name.starts_with("name") ||
                                            field.type == FT::source));
    return raw;
  case FT::date:
    return domain::parse_date(raw).iso();
  case FT::count: {
    const double value = domain::parse_number(raw, style);
    if (value < 0 || value != std::floor(value)) {
      throw InvalidInput(fmt::format("'{}' is not a whole number >= 0", raw));
    }
    return static_cast<std::int64_t>(value);
  }
  case FT::number:
    return domain::parse_number(raw, style);
  case FT::choice: {
    if (field.name == "qualifier") {
      return std::string(domain::qualifier_code(domain::parse_qualifier(raw)));
    }
    if (std::find(field.choices.begin(), field.choices.end(), raw) != field.choices.end()) {
      return raw;
    }
    std::vector<std::string> choices(field.choices.begin(), field.choices.end());
    std::string list;
    for (const auto& choice : choices) {
      list += (list.empty() ? "" : ", ") + choice;
    }
    throw InvalidInput(fmt::format("'{}' is not one of {}{}", raw, list, util::did_you_mean(raw, choices)));
  }
  case FT::ref:
    return writer.id_for_code(field.target, raw);
  case FT::ref_list: {
    for (const std::string& code : split_list(raw)) {
      writer.id_for_code("units", code);
    }
    return raw;
  }
  case FT::period_ref: {
    const auto campaign_id = so_far.id("campaign");
    if (!campaign_id) {
      throw UsageError("a period needs its campaign (--campaign)");
    }
    return writer.period_id(*campaign_id, raw);
  }
  case FT::id_ref: {
    const std::int64_t id = to_id(raw);
    if (!writer.id_exists(field.target, id)) {
      throw InvalidInput(fmt::format("no {} with id {}", kind_for_table(field.target).name, id));
    }
    return id;
  }
  }
  return std::monostate{};
}

// The raw keys a field reads: its name, and for a source its number and date.
std::vector<std::string> raw_keys(const FieldDef& field) {
  std::vector<std::string> keys{std::string(field.name)};
  if (field.type == FT::source) {
    keys.push_back(std::string(field.name) + "_number");
    keys.push_back(std::string(field.name) + "_date");
  }
  return keys;
}

void parse_into(Writer& writer, const RecordKind& kind, const RawValues& raw, Parsed& parsed,
                std::optional<domain::NumberStyle> style) {
  for (const FieldDef& field : kind.fields) {
    for (const std::string& key : raw_keys(field)) {
      auto it = raw.find(key);
      if (it == raw.end()) {
        continue;
      }
      try {
        if (key != field.name) {
          if (const auto bad = util::find_invalid_utf8(it->second)) {
            throw InvalidInput(fmt::format("invalid UTF-8 at byte {}", *bad));
          }
          parsed.values[key] = key.ends_with("_date") && !it->second.empty()
                                 ? Value(domain::parse_date(it->second).iso())
                                 : Value(it->second);
        } else {
          parsed.values[key] = parse_field(writer, field, it->second, parsed, style);
        }
      } catch (Error& e) {
        e.add_context(key);
        throw;
      }
    }
  }
}

std::optional<domain::Date> date_of(const Parsed& parsed, std::string_view key) {
  if (auto text = parsed.text(key)) {
    return domain::parse_date(*text);
  }
  return std::nullopt;
}

void check_order(const Parsed& parsed, std::string_view from, std::string_view to) {
  auto a = date_of(parsed, from);
  auto b = date_of(parsed, to);
  if (a && b && *a > *b) {
    throw InvalidInput(fmt::format("{} {} is after {} {}", from, a->iso(), to, b->iso()));
  }
}

struct Validity {
  std::optional<std::string> from;
  std::optional<std::string> to;
  std::string code;
};

Validity unit_validity(sql::Connection& sql, std::int64_t unit_id) {
  sql::Statement query(sql, "SELECT code, valid_from, valid_to FROM units WHERE id = ?");
  query.bind(1, static_cast<std::int64_t>(unit_id));
  query.executeStep();
  Validity validity;
  validity.code = query.getColumn(0).getString();
  if (!query.getColumn(1).isNull()) {
    validity.from = query.getColumn(1).getString();
  }
  if (!query.getColumn(2).isNull()) {
    validity.to = query.getColumn(2).getString();
  }
  return validity;
}

std::optional<std::string> optional_text(const sql::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getString();
}

std::string validity_text(const Validity& v) {
  return fmt::format("{}..{}", v.from.value_or("(open)"), v.to.value_or("(open)"));
}

// Refuses a reference chain that comes back to `self` (a unit its own ancestor).
void check_no_cycle(sql::Connection& sql, std::string_view table, std::int64_t self, std::int64_t parent) {
  std::int64_t current = parent;
  for (int depth = 0; depth < 10000; ++depth) {
    if (current == self) {
      throw InvalidInput(fmt::format("parent: this would make the {} its own ancestor",
                                     kind_for_table(table).name));
    }
    sql::Statement query(sql, fmt::format("SELECT parent_id FROM {} WHERE id = ?", table));
    query.bind(1, static_cast<std::int64_t>(current));
    if (!query.executeStep() || query.getColumn(0).isNull()) {
      return;
    }
    current = query.getColumn(0).getInt64();
  }
}

// The rules of a pledge: its period belongs to its campaign and lies inside
// it, the signatory exists on the signing date and during the period, and a
// transfer names a successor that exists on the transfer date, inside the period.
void validate_pledge(Writer& writer, const Parsed& parsed) {
  sql::Connection& sql = writer.sql();
  const Validity validity = unit_validity(sql, *parsed.id("signatory"));
  if (auto signed_on = parsed.text("signed_on")) {
    if ((validity.from && *signed_on < *validity.from) || (validity.to && *signed_on > *validity.to)) {
      throw InvalidInput(fmt::format("signatory: unit {} exists {}, not on the signing date {}",
                                     validity.code, validity_text(validity), *signed_on));
    }
  }
  sql::Statement period(sql,
                           "SELECT p.name, p.start_date, p.end_date, p.campaign_id, c.code, c.start_date, "
                           "c.end_date FROM periods p JOIN campaigns c ON c.id = ? WHERE p.id = ?");
  period.bind(1, *parsed.id("campaign"));
  period.bind(2, *parsed.id("period"));
  period.executeStep();
  const std::string period_name = period.getColumn(0).getString();
  const std::string start = period.getColumn(1).getString();
  const std::string end = period.getColumn(2).getString();
  const std::string campaign = period.getColumn(4).getString();
  if (period.getColumn(3).getInt64() != *parsed.id("campaign")) {
    sql::Statement owner(sql, "SELECT code FROM campaigns WHERE id = ?");
    owner.bind(1, period.getColumn(3).getInt64());
    owner.executeStep();
    throw InvalidInput(
      fmt::format("period: period {} belongs to campaign {}, not to {}; name a period of {} with "
                  "--period",
                  period_name, owner.getColumn(0).getString(), campaign, campaign));
  }
  auto open_bound = [](const sql::Column& column) {
    return column.isNull() ? std::nullopt : std::optional<std::string>(column.getString());
  };
  const auto campaign_start = open_bound(period.getColumn(5));
  const auto campaign_end = open_bound(period.getColumn(6));
  if ((campaign_start && start < *campaign_start) || (campaign_end && end > *campaign_end)) {
    throw InvalidInput(fmt::format("period: pledge period {} ({}..{}) lies outside campaign {} ({}..{})",
                                   period_name, start, end, campaign, campaign_start.value_or("(open)"),
                                   campaign_end.value_or("(open)")));
  }
  if ((validity.to && *validity.to < start) || (validity.from && *validity.from > end)) {
    throw InvalidInput(fmt::format("signatory: unit {} exists {}, not during period {} ({}..{})",
                                   validity.code, validity_text(validity), period_name, start, end));
  }
  const auto successor = parsed.id("successor");
  const auto transferred_on = parsed.text("transferred_on");
  if (successor.has_value() != transferred_on.has_value()) {
    throw InvalidInput(
      "a transfer needs both successor and transferred_on (or use 'campaign pledge transfer')");
  }
  if (!successor) {
    return;
  }
  if (*successor == *parsed.id("signatory")) {
    throw InvalidInput(fmt::format("successor: {} is the signatory itself", validity.code));
  }
  if (*transferred_on <= start || *transferred_on > end) {
    throw InvalidInput(
      fmt::format("transferred_on: {} must fall after the first day of period {} and not after "
                  "its last ({}..{})",
                  *transferred_on, period_name, start, end));
  }
  const Validity next = unit_validity(sql, *successor);
  if ((next.from && *transferred_on < *next.from) || (next.to && *transferred_on > *next.to)) {
    throw InvalidInput(fmt::format("successor: unit {} exists {}, not on the transfer date {}", next.code,
                                   validity_text(next), *transferred_on));
  }
}

// The rules of a target: a quantitative one has an indicator, a comparator and
// a target value its indicator can reach; a qualitative one has a criterion, is
// scored all or nothing and is assessed with an assessor and a date; points
// lie between 0 and the maximum.
void validate_target(Writer& writer, const Parsed& parsed) {
  sql::Connection& sql = writer.sql();
  if (auto points = parsed.number("max_points"); points && (*points < 0 || !std::isfinite(*points))) {
    throw InvalidInput(fmt::format("max_points: {} is below zero", *points));
  }
  const bool qualitative = parsed.text("kind") == "qualitative";
  if (!qualitative) {
    for (const char* field : {"indicator", "comparator", "target"}) {
      if (!parsed.has(field)) {
        throw UsageError(fmt::format("a quantitative target needs {0} (option --{0})", field));
      }
    }
    for (const char* field : {"criterion", "met", "assessor", "assessed_on", "assessment_note"}) {
      if (parsed.has(field)) {
        throw InvalidInput(
          fmt::format("{}: only a qualitative target (--kind qualitative) is assessed by hand; "
                      "a quantitative one is measured by its indicator's figures",
                      field));
      }
    }
    sql::Statement indicator(sql, "SELECT code, value_kind FROM indicators WHERE id = ?");
    indicator.bind(1, *parsed.id("indicator"));
    indicator.executeStep();
    const double target = *parsed.number("target");
    if (!std::isfinite(target)) {
      throw InvalidInput("target: not a finite number");
    }
    if (target < 0 && indicator.getColumn(1).getString() != "signed") {
      throw InvalidInput(fmt::format("target: {} is negative, but indicator {} has no values below zero",
                                     target, indicator.getColumn(0).getString()));
    }
  } else {
    if (!parsed.has("criterion")) {
      throw UsageError("a qualitative target needs criterion (option --criterion): what is assessed");
    }
    for (const char* field : {"indicator", "comparator", "target"}) {
      if (parsed.has(field)) {
        throw InvalidInput(fmt::format(
          "{}: a qualitative target has no {}; it is assessed with --met yes or no", field, field));
      }
    }
    if (parsed.text("scoring") == "proportional") {
      throw InvalidInput("scoring: a qualitative target is met or not, so it is scored all_or_nothing");
    }
    if (parsed.has("met") && (!parsed.has("assessor") || !parsed.has("assessed_on"))) {
      throw UsageError("an assessment (--met) needs assessor (option --assessor) and assessed_on (option "
                       "--assessed-on)");
    }
    if (!parsed.has("met") &&
        (parsed.has("assessor") || parsed.has("assessed_on") || parsed.has("assessment_note"))) {
      throw InvalidInput("met: an assessment needs its result, --met yes or no");
    }
  }
  const auto max_points = parsed.number("max_points");
  for (const char* field : {"self_points", "awarded_points"}) {
    const auto points = parsed.number(field);
    if (!points) {
      continue;
    }
    if (*points < 0 || !std::isfinite(*points)) {
      throw InvalidInput(fmt::format("{}: {} is below zero", field, *points));
    }
    if (!max_points) {
      throw InvalidInput(
        fmt::format("{}: the target has no max_points to score against; set --max-points first", field));
    }
    if (*points > *max_points) {
      throw InvalidInput(
        fmt::format("{}: {} is above the maximum of {} points", field, *points, *max_points));
    }
  }
}

// The domain rules that a single record must satisfy before it is written.
void validate(Writer& writer, const RecordKind& kind, const Parsed& parsed, std::optional<std::int64_t> self) {
  sql::Connection& sql = writer.sql();
  const std::string_view name = kind.name;
  if (name == "unit") {
    check_order(parsed, "valid_from", "valid_to");
    if (self && parsed.id("parent")) {
      check_no_cycle(sql, "units", *self, *parsed.id("parent"));
    }
    if (self) {
      // Narrowing a unit's validity must not strand its figures outside it.
      sql::Statement outside(sql, "SELECT count(*) FROM figures WHERE unit_id = ? AND (span_from < ? OR span_to > ?)");
      outside.bind(1, *self);
      outside.bind(2, parsed.text("valid_from").value_or("0000-00-00"));
      outside.bind(3, parsed.text("valid_to").value_or("9999-99-99"));
      outside.executeStep();
      if (const auto n = outside.getColumn(0).getInt64(); n > 0) {
        throw InvalidInput(fmt::format("{} figures of this unit would lie outside its validity {}..{}", n,
                                       parsed.text("valid_from").value_or("(open)"),
                                       parsed.text("valid_to").value_or("(open)")));
      }
    }
  } else if (name == "indicator") {
    if (self && parsed.id("parent")) {
      check_no_cycle(sql, "indicators", *self, *parsed.id("parent"));
    }
  } else if (name == "campaign") {
    check_order(parsed, "start_date", "end_date");
    if (self) {
      // Narrowing a campaign's dates must not leave its periods or figures outside them.
      const std::string start = parsed.text("start_date").value_or("0000-00-00");
      const std::string end = parsed.text("end_date").value_or("9999-99-99");
      sql::Statement outside(
        sql, "SELECT (SELECT count(*) FROM periods WHERE campaign_id = ?1 AND (start_date < ?2 OR end_date > ?3)), "
             "(SELECT count(*) FROM figures WHERE campaign_id = ?1 AND (span_from < ?2 OR span_to > ?3))");
      outside.bind(1, *self);
      outside.bind(2, start);
      outside.bind(3, end);
      outside.executeStep();
      if (outside.getColumn(0).getInt64() + outside.getColumn(1).getInt64() > 0) {
        throw InvalidInput(fmt::format("{} periods and {} figures of this campaign would lie outside {}..{}",
                                       outside.getColumn(0).getInt64(), outside.getColumn(1).getInt64(),
                                       parsed.text("start_date").value_or("(open)"),
                                       parsed.text("end_date").value_or("(open)")));
      }
    }
  } else if (name == "period") {
    check_order(parsed, "start_date", "end_date");
    sql::Statement query(sql, "SELECT code, start_date, end_date FROM campaigns WHERE id = ?");
    query.bind(1, static_cast<std::int64_t>(*parsed.id("campaign")));
    query.executeStep();
    const auto start = *parsed.text("start_date");
    const auto end = *parsed.text("end_date");
    if ((!query.getColumn(1).isNull() && start < query.getColumn(1).getString()) ||
        (!query.getColumn(2).isNull() && end > query.getColumn(2).getString())) {
      throw InvalidInput(fmt::format("period {}..{} lies outside campaign {} ({}..{})", start, end,
                                     query.getColumn(0).getString(), query.getColumn(1).getString(),
                                     query.getColumn(2).getString()));
    }
  } else if (name == "figure") {
    const auto from = *parsed.text("span_from");
    const auto to = *parsed.text("span_to");
    sql::Statement campaign(sql, "SELECT code, start_date, end_date FROM campaigns WHERE id = ?");
    campaign.bind(1, *parsed.id("campaign"));
    campaign.executeStep();
    const Validity validity = unit_validity(sql, *parsed.id("unit"));
    sql::Statement indicator(sql, "SELECT code, value_kind, parent_id FROM indicators WHERE id = ?");
    indicator.bind(1, *parsed.id("indicator"));
    indicator.executeStep();
    const std::string code = indicator.getColumn(0).getString();
    const std::string value_kind = indicator.getColumn(1).getString();
    const std::string campaign_code = campaign.getColumn(0).getString();
    const auto campaign_start = optional_text(campaign.getColumn(1));
    const auto campaign_end = optional_text(campaign.getColumn(2));
    const double value = *parsed.number("value");
    domain::FigureFacts facts;
    facts.span_from = from;
    facts.span_to = to;
    facts.value = value;
    facts.indicator_code = code;
    facts.value_kind = value_kind;
    facts.unit_code = validity.code;
    facts.unit_valid_from = validity.from;
    facts.unit_valid_to = validity.to;
    facts.campaign_code = campaign_code;
    facts.campaign_start = campaign_start;
    facts.campaign_end = campaign_end;
    domain::check_figure(facts);
    if (auto parent = parsed.id("parent")) {
      const std::optional<std::int64_t> indicator_parent =
        indicator.getColumn(2).isNull() ? std::nullopt : std::optional<std::int64_t>(indicator.getColumn(2).getInt64());
      const FigureKey key{*parsed.id("campaign"), *parsed.id("unit"), from, to};
      check_parent_figure(sql, *parent, self, key, code, indicator_parent, value,
                          parsed.text("qualifier").value_or("exact"));
    }
    if (self && parsed.text("qualifier") == "exact") {
      // An exact figure may not drop below one of its exact subsets.
      sql::Statement children(sql, "SELECT id, value FROM figures WHERE parent_id = ? AND qualifier = 'exact' "
                                      "AND value > ? LIMIT 1");
      children.bind(1, *self);
      children.bind(2, value);
      if (children.executeStep()) {
        throw InvalidInput(fmt::format("value: {} is less than its subset figure {} ({})", value,
                                       children.getColumn(0).getInt64(), children.getColumn(1).getDouble()));
      }
    }
  } else if (name == "pledge") {
    validate_pledge(writer, parsed);
  } else if (name == "target") {
    validate_target(writer, parsed);
  } else if (name == "agreement") {
    if (auto signed_on = parsed.text("signed_on")) {
      for (const std::string& code : split_list(parsed.text("parties").value_or(""))) {
        const Validity validity = unit_validity(sql, writer.id_for_code("units", code));
        if ((validity.from && *signed_on < *validity.from) || (validity.to && *signed_on > *validity.to)) {
          throw InvalidInput(fmt::format("parties: unit {} exists {}, not on the signing date {}", validity.code,
                                         validity_text(validity), *signed_on));
        }
      }
    }
  } else if (name == "award") {
    if (!parsed.has("recipient_unit") && !parsed.has("recipient_name")) {
      throw InvalidInput("an award needs a recipient: --recipient-unit or --recipient-name");
    }
  }
}

// Turns a figure's --period expression into its span.
void expand_period(Writer& writer, const RecordKind& kind, RawValues& raw) {
  auto it = raw.find("period");
  if (kind.name != "figure" || it == raw.end()) {
    return;
  }
  std::vector<domain::NamedPeriod> named;
  if (auto campaign = raw.find("campaign"); campaign != raw.end()) {
    named = writer.periods_of(writer.id_for_code("campaigns", campaign->second));
  }
  domain::Period period;
  try {
    period = domain::parse_period(it->second, named);
  } catch (Error& e) {
    e.add_context("period");
    throw;
  }
  raw.erase(it);
  raw.try_emplace("span_from", period.span.from.iso());
  raw.try_emplace("span_to", period.span.to.iso());
}

// Explains a constraint the database refused: a duplicate, or a rule of the schema.
[[noreturn]] void throw_constraint(const RecordKind& kind, const Parsed& parsed, const sql::Exception& e) {
  const int code = e.getExtendedErrorCode();
  if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
    if (kind.has_code) {
      throw InvalidInput(fmt::format("{} already exists", describe(kind, parsed.text("code").value_or("?"))));
    }
    throw InvalidInput(fmt::format("such {} already exists ({})", a_kind(kind.name), e.what()));
  }
  if ((code & 0xff) == SQLITE_CONSTRAINT) {
    throw InvalidInput(fmt::format("refused by a rule of the database: {}", e.what()));
  }
  throw e;
}

struct Columns {
  std::vector<std::string> names;
  std::vector<Value> values;
  std::vector<std::pair<const FieldDef*, std::vector<std::string>>> lists;
};

Columns columns_for(Writer& writer, const RecordKind& kind, const Parsed& parsed) {
  Columns columns;
  for (const FieldDef& field : kind.fields) {
    if (field.read_only) {
      continue;
    }
    auto it = parsed.values.find(field.name);
    const Value value = it == parsed.values.end() ? Value{} : it->second;
    if (field.type == FT::ref_list) {
      auto text = text_of(value);
      columns.lists.emplace_back(&field, split_list(text.value_or("")));
      continue;
    }
    columns.names.emplace_back(field.sql_column());
    if (field.type == FT::source) {
      const auto document = text_of(value);
      const std::string key(field.name);
      if (document) {
        columns.values.emplace_back(std::in_place_type<std::int64_t>,
                                    writer.source_id(*document, parsed.text(key + "_number").value_or(""),
                                                     parsed.text(key + "_date").value_or("")));
      } else {
        columns.values.emplace_back(std::in_place_type<std::monostate>);
      }
      continue;
    }
    columns.values.push_back(value);
  }
  return columns;
}

void write_lists(Writer& writer, const Columns& columns, std::int64_t owner) {
  for (const auto& [field, codes] : columns.lists) {
    sql::Statement clear(writer.sql(),
                            fmt::format("DELETE FROM {} WHERE {} = ?", field->target, field->link_owner));
    clear.bind(1, static_cast<std::int64_t>(owner));
    clear.exec();
    std::set<std::string> seen;
    for (const std::string& code : codes) {
      if (!seen.insert(code).second) {
        throw InvalidInput(fmt::format("{}: '{}' is named twice", field->name, code));
      }
      sql::Statement insert(
        writer.sql(), fmt::format("INSERT INTO {} ({}, unit_id) VALUES (?, ?)", field->target, field->link_owner));
      insert.bind(1, static_cast<std::int64_t>(owner));
      insert.bind(2, static_cast<std::int64_t>(writer.id_for_code("units", code)));
      insert.exec();
    }
  }
}

void check_required(const RecordKind& kind, const Parsed& parsed) {
  for (const FieldDef& field : kind.fields) {
    if (!field.required) {
      continue;
    }
    auto it = parsed.values.find(field.name);
    bool present = it != parsed.values.end() && !std::holds_alternative<std::monostate>(it->second);
    if (field.type == FT::ref_list && present) {
      present = !split_list(text_of(it->second).value_or("")).empty();
    }
    if (!present) {
      std::string option(field.name);
      std::replace(option.begin(), option.end(), '_', '-');
      throw UsageError(fmt::format("{} needs {} (option --{}): {}", a_kind(kind.name), field.name, option,
                                   field.help));
    }
  }
}

// SQL expression that reads a field back as the user wrote it.
std::string select_expr(const FieldDef& field) {
  const std::string column(field.sql_column());
  switch (field.type) {
  case FT::ref:
    return fmt::format("(SELECT code FROM {} WHERE id = t.{})", field.target, column);
  case FT::period_ref:
    return fmt::format("(SELECT name FROM periods WHERE id = t.{})", column);
  case FT::ref_list:
    return fmt::format("(SELECT group_concat(code, ',') FROM (SELECT u.code AS code FROM {0} l JOIN units u ON "
                       "u.id = l.unit_id WHERE l.{1} = t.id ORDER BY u.code) AS linked)",
                       field.target, field.link_owner);
  case FT::source:
    return "(SELECT document FROM sources WHERE id = t.source_id), (SELECT nullif(number, '') FROM sources "
           "WHERE id = t.source_id), (SELECT nullif(issued_on, '') FROM sources WHERE id = t.source_id)";
  default:
    return "t." + column;
  }
}

std::string select_sql(const RecordKind& kind) {
  std::string sql = "SELECT t.id";
  for (const FieldDef& field : kind.fields) {
    sql += ", " + select_expr(field);
  }
  return sql + fmt::format(" FROM {} t", kind.table);
}

Record read_record(const RecordKind& kind, sql::Statement& query) {
  Record record;
  record.id = query.getColumn(0).getInt64();
  int index = 1;
  for (const FieldDef& field : kind.fields) {
    for (const std::string& key : raw_keys(field)) {
      Value value = column_value(query.getColumn(index++));
      if (field.type == FT::ref_list) {
        value = split_list(text_of(value).value_or(""));
      }
      record.values.emplace_back(key, std::move(value));
    }
  }
  return record;
}

// The record as raw text, so that an edit can re-check the whole of it.
RawValues raw_of(const RecordKind& kind, const Record& record) {
  RawValues raw;
  for (const auto& [key, value] : record.values) {
    const FieldDef* field = kind.field(key);
    if (field && field->read_only) {
      continue;
    }
    if (field && field->type == FT::id_ref) {
      if (const auto* i = std::get_if<std::int64_t>(&value)) {
        raw[key] = std::to_string(*i);
      }
      continue;
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
      raw[key] = *s;
    } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
      raw[key] = std::to_string(*i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      // Shortest fixed notation that reads back as the same double ("0.00001", never "1e-05").
      char buffer[400];
      const auto result = std::to_chars(buffer, buffer + sizeof(buffer), *d, std::chars_format::fixed);
      raw[key] = std::string(buffer, result.ptr);
    } else if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
      std::string joined;
      for (const auto& code : *list) {
        joined += (joined.empty() ? "" : ",") + code;
      }
      raw[key] = joined;
    }
  }
  return raw;
}

// Which rows refer to `table`'s row `id`, for a helpful refusal to remove it.
// Every reference of the schema: the referring table and column, the table
// referred to, and whether a delete cascades. SQLite's order: tables by name,
// each table's keys as its pragma lists them (the last declared first).
struct Reference {
  std::string table, column, target;
  bool cascade = false;
};

std::vector<Reference> references(sql::Connection& sql) {
  const bool server = sql.engine() == sql::Engine::postgresql;
  sql::Statement query(
    sql, server ? "SELECT cl.relname, a.attname, ref.relname, c.confdeltype = 'c' FROM pg_constraint c "
                  "JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_class ref ON ref.oid = c.confrelid "
                  "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
                  "WHERE c.contype = 'f' AND cl.relnamespace = to_regnamespace(current_schema()) "
                  "ORDER BY cl.relname COLLATE \"C\", a.attnum DESC"
                : "SELECT m.name, k.\"from\", k.\"table\", k.on_delete = 'CASCADE' FROM sqlite_schema m, "
                  "pragma_foreign_key_list(m.name) k WHERE m.type = 'table' ORDER BY m.name, k.id");
  std::vector<Reference> found;
  while (query.executeStep()) {
    found.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(), query.getColumn(2).getString(),
                     query.getColumn(3).getInt64() != 0});
  }
  return found;
}

std::vector<std::string> referrers(sql::Connection& sql, std::string_view table, std::int64_t id) {
  std::vector<std::string> found;
  for (const Reference& reference : references(sql)) {
    // Rows that go with the record (ON DELETE CASCADE: links, revisions) do not block it.
    if (reference.target != table || reference.cascade) {
      continue;
    }
    sql::Statement count(sql, fmt::format("SELECT count(*) FROM \"{}\" WHERE \"{}\" = ?", reference.table,
                                          reference.column));
    count.bind(1, static_cast<std::int64_t>(id));
    count.executeStep();
    if (const auto n = count.getColumn(0).getInt64(); n > 0) {
      found.push_back(fmt::format("{} in {}.{}", n, reference.table, reference.column));
    }
  }
  return found;
}

} // namespace

void check_parent_figure(sql::Connection& sql, std::int64_t parent, std::optional<std::int64_t> self,
                         const FigureKey& key, const std::string& indicator_code,
                         std::optional<std::int64_t> indicator_parent, double value, const std::string& qualifier) {
  if (self && parent == *self) {
    throw InvalidInput("parent: a figure cannot be its own parent");
  }
  sql::Statement query(sql, "SELECT f.indicator_id, f.value, f.qualifier, i.code, f.campaign_id, f.unit_id, "
                               "f.span_from, f.span_to FROM figures f JOIN indicators i ON i.id = f.indicator_id "
                               "WHERE f.id = ?");
  query.bind(1, parent);
  if (!query.executeStep()) {
    throw InvalidInput(fmt::format("parent: no figure with id {}", parent));
  }
  if (!indicator_parent || *indicator_parent != query.getColumn(0).getInt64()) {
    throw InvalidInput(fmt::format("parent: figure {} is for indicator {}, which is not the parent of {}", parent,
                                   query.getColumn(3).getString(), indicator_code));
  }
  // "trong đó": a subset is counted by the same unit, in the same campaign, over the same span.
  if (query.getColumn(4).getInt64() != key.campaign_id || query.getColumn(5).getInt64() != key.unit_id ||
      query.getColumn(6).getString() != key.span_from || query.getColumn(7).getString() != key.span_to) {
    throw InvalidInput(fmt::format("parent: figure {} is for another unit, campaign or span ({}..{}); a subset "
                                   "shares its parent's",
                                   parent, query.getColumn(6).getString(), query.getColumn(7).getString()));
  }
  const bool both_exact = query.getColumn(2).getString() == "exact" && qualifier == "exact";
  if (both_exact && value > query.getColumn(1).getDouble()) {
    throw InvalidInput(fmt::format("value: {} is more than its parent figure {} ({})", value, parent,
                                   query.getColumn(1).getDouble()));
  }
}

const FieldDef* RecordKind::field(std::string_view field_name) const {
  for (const FieldDef& f : fields) {
    if (f.name == field_name) {
      return &f;
    }
  }
  return nullptr;
}

const Value* Record::get(std::string_view key) const {
  for (const auto& [name, value] : values) {
    if (name == key) {
      return &value;
    }
  }
  return nullptr;
}

const std::vector<RecordKind>& record_kinds() {
  static const std::vector<RecordKind> kinds = make_kinds();
  return kinds;
}

const RecordKind& record_kind(std::string_view name) {
  std::vector<std::string> names;
  for (const RecordKind& kind : record_kinds()) {
    if (kind.name == name) {
      return kind;
    }
    names.emplace_back(kind.name);
  }
  throw UsageError(fmt::format("unknown record kind '{}'{}", name, util::did_you_mean(name, names)));
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) {
      comma = text.size();
    }
    std::string item = util::trim(text.substr(start, comma - start));
    if (!item.empty()) {
      items.push_back(std::move(item));
    }
    start = comma + 1;
  }
  return items;
}

std::int64_t Records::resolve(const RecordKind& kind, std::string_view ref, const RawValues& context) {
  Writer writer(m_db.sql());
  if (kind.has_code) {
    return writer.id_for_code(kind.table, ref);
  }
  if (kind.name == "period") {
    // By name within the campaign (a name may be all digits, "2024"), else by id.
    auto campaign = context.find("campaign");
    if (campaign != context.end()) {
      return writer.period_id(writer.id_for_code("campaigns", campaign->second), ref);
    }
    if (!all_digits(ref)) {
      throw UsageError(fmt::format("period '{}' needs its campaign (--campaign)", ref));
    }
  }
  const std::int64_t id = to_id(ref);
  if (!writer.id_exists(kind.table, id)) {
    throw InvalidInput(fmt::format("no {} with id {}", kind.name, id));
  }
  return id;
}

std::optional<std::int64_t> Records::find_same(const RecordKind& kind, const RawValues& values,
                                               std::optional<domain::NumberStyle> number_style, bool given_only) {
  Writer writer(m_db.sql());
  auto parsed_of = [&](const RawValues& raw, std::optional<domain::NumberStyle> style) {
    RawValues with_defaults = raw;
    expand_period(writer, kind, with_defaults);
    for (const FieldDef& field : kind.fields) {
      if (!field.default_value.empty()) {
        with_defaults.try_emplace(std::string(field.name), std::string(field.default_value));
      }
    }
    Parsed parsed;
    parse_into(writer, kind, with_defaults, parsed, style);
    // Lists compare as sets of codes.
    for (const FieldDef& field : kind.fields) {
      if (field.type == FT::ref_list) {
        auto codes = split_list(parsed.text(field.name).value_or(""));
        std::sort(codes.begin(), codes.end());
        std::string joined;
        for (const auto& code : codes) {
          joined += (joined.empty() ? "" : ",") + code;
        }
        parsed.values[std::string(field.name)] = joined;
      }
      if (field.read_only) {
        parsed.values.erase(std::string(field.name));
      }
    }
    // An absent optional field and an empty one are the same.
    for (auto it = parsed.values.begin(); it != parsed.values.end();) {
      it = std::holds_alternative<std::monostate>(it->second) ? parsed.values.erase(it) : std::next(it);
    }
    return parsed.values;
  };
  const auto candidate = parsed_of(values, number_style);
  std::vector<Record> existing;
  if (kind.has_code) {
    auto code = values.find("code");
    if (code == values.end()) {
      return std::nullopt;
    }
    sql::Statement query(m_db.sql(), fmt::format("SELECT id FROM {} WHERE code = ?", kind.table));
    query.bind(1, code->second);
    if (!query.executeStep()) {
      return std::nullopt;
    }
    existing.push_back(get(kind, query.getColumn(0).getInt64()));
  } else {
    RawValues filters;
    if (auto campaign = values.find("campaign"); campaign != values.end() && kind.field("campaign") &&
                                                 kind.field("campaign")->filter) {
      filters["campaign"] = campaign->second;
    }
    existing = list(kind, filters);
  }
  for (const Record& record : existing) {
    const auto stored = parsed_of(raw_of(kind, record), domain::NumberStyle::en);
    const bool same = given_only ? std::all_of(candidate.begin(), candidate.end(),
                                               [&](const auto& field) {
                                                 const auto found = stored.find(field.first);
                                                 return found != stored.end() && found->second == field.second;
                                               })
                                 : stored == candidate;
    if (same) {
      return record.id;
    }
  }
  if (kind.has_code) {
    throw InvalidInput(fmt::format("{} already exists with other values", describe(kind, values.at("code"))));
  }
  return std::nullopt;
}

std::int64_t Records::add(const RecordKind& kind, const RawValues& values,
                          std::optional<domain::NumberStyle> number_style) {
  std::int64_t id = 0;
  m_db.write([&] {
    Writer writer(m_db.sql());
    RawValues raw = values;
    expand_period(writer, kind, raw);
    for (const FieldDef& field : kind.fields) {
      if (field.read_only && raw.count(field.name) > 0) {
        throw UsageError(fmt::format("{} is set by the program, not by hand", field.name));
      }
      if (!field.default_value.empty()) {
        raw.try_emplace(std::string(field.name), std::string(field.default_value));
      }
    }
    Parsed parsed;
    parse_into(writer, kind, raw, parsed, number_style);
    check_required(kind, parsed);
    validate(writer, kind, parsed, std::nullopt);
    const Columns columns = columns_for(writer, kind, parsed);
    std::string names;
    std::string marks;
    for (const auto& name : columns.names) {
      names += (names.empty() ? "" : ", ") + name;
      marks += marks.empty() ? "?" : ", ?";
    }
    sql::Statement insert(m_db.sql(), fmt::format("INSERT INTO {} ({}) VALUES ({})", kind.table, names, marks));
    for (std::size_t i = 0; i < columns.values.size(); ++i) {
      bind_value(insert, static_cast<int>(i + 1), columns.values[i]);
    }
    try {
      insert.exec();
    } catch (const sql::Exception& e) {
      throw_constraint(kind, parsed, e);
    }
    id = m_db.sql().getLastInsertRowid();
    write_lists(writer, columns, id);
  });
  return id;
}

void Records::edit(const RecordKind& kind, std::string_view ref, const RawValues& values,
                   const RawValues& context, std::optional<domain::NumberStyle> number_style) {
  m_db.write([&] {
    Writer writer(m_db.sql());
    const std::int64_t id = resolve(kind, ref, context);
    const Record current = show(kind, ref, context);
    RawValues changes = values;
    if (changes.count("period") > 0 && changes.count("campaign") == 0) {
      // A figure's --period is read among its campaign's named periods.
      if (const Value* campaign = current.get("campaign"); campaign && text_of(*campaign)) {
        changes["campaign"] = *text_of(*campaign);
      }
    }
    expand_period(writer, kind, changes);
    for (const auto& [key, value] : changes) {
      const FieldDef* field = kind.field(key);
      const bool source_part = key == "source_number" || key == "source_date";
      if ((!field && !source_part) || (field && field->read_only)) {
        throw UsageError(fmt::format("{} has no field '{}' that can be edited", kind.name, key));
      }
    }
    RawValues merged = raw_of(kind, current);
    Parsed parsed;
    parse_into(writer, kind, merged, parsed, domain::NumberStyle::en);
    parse_into(writer, kind, changes, parsed, number_style);
    check_required(kind, parsed);
    validate(writer, kind, parsed, id);
    const Columns columns = columns_for(writer, kind, parsed);
    std::string assignments;
    for (const auto& name : columns.names) {
      assignments += (assignments.empty() ? "" : ", ") + name + " = ?";
    }
    sql::Statement update(m_db.sql(), fmt::format("UPDATE {} SET {} WHERE id = ?", kind.table, assignments));
    int index = 1;
    for (const Value& value : columns.values) {
      bind_value(update, index++, value);
    }
    update.bind(index, static_cast<std::int64_t>(id));
    try {
      update.exec();
    } catch (const sql::Exception& e) {
      throw_constraint(kind, parsed, e);
    }
    write_lists(writer, columns, id);
  });
}

void Records::remove(const RecordKind& kind, std::string_view ref, const RawValues& context) {
  m_db.write([&] {
    const std::int64_t id = resolve(kind, ref, context);
    // Rows owned by this record cascade; anything else referring to it blocks.
    const std::vector<std::string> blocking = referrers(m_db.sql(), kind.table, id);
    if (!blocking.empty()) {
      std::string list;
      for (const auto& item : blocking) {
        list += (list.empty() ? "" : ", ") + item;
      }
      throw InvalidInput(
        fmt::format("cannot remove {}: other records refer to it ({})", describe(kind, ref), list));
    }
    sql::Statement erase(m_db.sql(), fmt::format("DELETE FROM {} WHERE id = ?", kind.table));
    erase.bind(1, static_cast<std::int64_t>(id));
    erase.exec();
  });
}

std::vector<Record> Records::list(const RecordKind& kind, const RawValues& filters) {
  std::vector<Record> records;
  each(kind, filters, [&records](Record&& record) { records.push_back(std::move(record)); });
  return records;
}

void Records::each(const RecordKind& kind, const RawValues& filters,
                   const std::function<void(Record&&)>& each) {
  Writer writer(m_db.sql());
  std::string sql = select_sql(kind);
  std::vector<Value> binds;
  std::string where;
  auto add_condition = [&](const std::string& condition) {
    where += (where.empty() ? " WHERE " : " AND ") + condition;
  };
  std::optional<std::int64_t> campaign_id;
  if (auto it = filters.find("campaign"); it != filters.end() && kind.field("campaign")) {
    campaign_id = writer.id_for_code("campaigns", it->second);
  }
  for (const auto& [key, text] : filters) {
    const FieldDef* field = kind.field(key);
    if (key == "period" && kind.name == "figure") {
      std::vector<domain::NamedPeriod> named;
      if (campaign_id) {
        named = writer.periods_of(*campaign_id);
      }
      domain::Period period;
      try {
        period = domain::parse_period(text, named);
      } catch (Error& e) {
        e.add_context("period");
        throw;
      }
      add_condition("t.span_from >= ? AND t.span_to <= ?");
      binds.emplace_back(period.span.from.iso());
      binds.emplace_back(period.span.to.iso());
      continue;
    }
    if (!field || !field->filter) {
      throw UsageError(fmt::format("{} cannot be filtered by '{}'", kind.plural, key));
    }
    Value value;
    switch (field->type) {
    case FT::ref:
      value = writer.id_for_code(field->target, text);
      break;
    case FT::period_ref:
      if (!campaign_id) {
        throw UsageError("a period filter needs --campaign");
      }
      value = writer.period_id(*campaign_id, text);
      break;
    case FT::id_ref:
    case FT::count:
      value = to_id(text);
      break;
    case FT::choice:
      if (key == "qualifier") {
        value = std::string(domain::qualifier_code(domain::parse_qualifier(text)));
        break;
      }
      [[fallthrough]];
    default:
      value = text;
    }
    add_condition(fmt::format("t.{} = ?", field->sql_column()));
    binds.push_back(value);
  }
  sql += where;
  sql += kind.has_code ? " ORDER BY t.code" : " ORDER BY t.id";
  auto query = m_db.cached(sql);
  for (std::size_t i = 0; i < binds.size(); ++i) {
    bind_value(*query, static_cast<int>(i + 1), binds[i]);
  }
  while (query->executeStep()) {
    each(read_record(kind, *query));
  }
}

Record Records::show(const RecordKind& kind, std::string_view ref, const RawValues& context) {
  return get(kind, resolve(kind, ref, context));
}

Record Records::get(const RecordKind& kind, std::int64_t id) {
  auto query = m_db.cached(select_sql(kind) + " WHERE t.id = ?");
  query->bind(1, id);
  if (!query->executeStep()) {
    throw InvalidInput(fmt::format("no {} with id {}", kind.name, id));
  }
  return read_record(kind, *query);
}

} // namespace campaign::store
