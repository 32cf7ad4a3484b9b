#include "store/figure_sums.hpp"

#include "domain/date.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <deque>
#include <map>
#include <optional>
#include <tuple>
#include <unordered_map>

namespace campaign::store {

namespace {

// What a grouping adds to a group's key.
enum class Part { unit, indicator, source, batch, year, month };

struct Grouping {
  std::string_view name;
  std::string_view select;    // the column it selects from a total s (an id for unit, indicator and source)
  std::string_view of_figure; // the same from a figure f
  Part part;
};

constexpr Grouping k_groupings[] = {
  {"unit", "s.unit_id", "f.unit_id", Part::unit},
  {"indicator", "s.indicator_id", "f.indicator_id", Part::indicator},
  {"source", "s.source_id", "ifnull(f.source_id, 0)", Part::source},
  {"batch", "nullif(s.batch_id, 0)", "f.batch_id", Part::batch},
  {"year", "substr(s.first_from, 1, 4)", "substr(f.span_from, 1, 4)", Part::year},
  {"month", "substr(s.first_from, 1, 7)", "substr(f.span_from, 1, 7)", Part::month},
};

// The qualifier codes; figure_sums keeps the qualifiers of a row as bits, 1 << index (as the trigger does).
constexpr std::string_view k_qualifiers[] = {"exact", "at_least", "at_most", "about"};

int qualifier_bit(std::string_view qualifier) {
  for (std::size_t i = 0; i < std::size(k_qualifiers); ++i) {
    if (k_qualifiers[i] == qualifier) {
      return 1 << i;
    }
  }
  return 1 << 3; // about
}

// The totals of one row of figure_sums, or of the rows an aggregate adds up.
struct Sums {
  std::int64_t figures = 0;
  double total = 0;
  double largest = 0;
  std::int64_t qualifiers = 0;
  std::string first_from;
  std::string last_to;
  std::int64_t first_id = 0;
  std::int64_t noted = 0;
  std::int64_t overlapping = 0;

  // Adds the totals of `count` figures (a row of figure_sums, or one figure).
  void add(std::int64_t count, double sum, double most, std::int64_t bits, std::string_view from,
           std::string_view to, std::int64_t id, std::int64_t notes, std::int64_t overlaps) {
    if (first_from.empty()) { // nothing added yet: spans are never empty
      total = sum;
      largest = most;
      first_from = from;
      last_to = to;
      first_id = id;
    } else {
      total += sum;
      largest = std::max(largest, most);
      if (from < first_from) {
        first_from = from;
      }
      if (to > last_to) {
        last_to = to;
      }
      first_id = std::min(first_id, id);
    }
    figures += count;
    qualifiers |= bits;
    noted += notes;
    overlapping += overlaps;
  }
};

std::int64_t id_of(Database& db, const char* table, const std::string& code, const char* what) {
  sql::Statement query(db.sql(), fmt::format("SELECT id FROM {} WHERE code = ?", table));
  query.bind(1, code);
  if (query.executeStep()) {
    return query.getColumn(0).getInt64();
  }
  std::vector<std::string> codes;
  sql::Statement all(db.sql(), fmt::format("SELECT code FROM {} ORDER BY code", table));
  while (all.executeStep()) {
    codes.push_back(all.getColumn(0).getString());
  }
  throw InvalidInput(fmt::format("{}: unknown {} '{}'{}", what, what, code, util::did_you_mean(code, codes)));
}

std::string iso_or_empty(const std::string& text, const char* what) {
  if (text.empty()) {
    return text;
  }
  try {
    return domain::parse_date(text).iso();
  } catch (Error& e) {
    e.add_context(what);
    throw;
  }
}

void append_json_string(std::string& out, const std::string& text) {
  const bool plain = std::none_of(text.begin(), text.end(), [](char c) {
    return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
  if (plain) { // codes and dates, most of an answer: quoted as they are
    out += '"';
    out += text;
    out += '"';
  } else {
    out += nlohmann::json(text).dump();
  }
}

void append_integer(std::string& out, std::int64_t value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

void append_number(std::string& out, double value) {
  if (value < 9007199254740992.0 && value > -9007199254740992.0 && value == std::floor(value)) {
    append_integer(out, static_cast<std::int64_t>(value));
  } else {
    out += nlohmann::json(value).dump();
  }
}

// The most spans one request may name.
constexpr std::size_t k_most_spans = 64;

// Refuses a request that names its span twice or too many spans.
void check_spans(const SumRequest& request) {
  if (!request.spans.empty() && (!request.from.empty() || !request.to.empty())) {
    throw InvalidInput("query: give the span in the filters \"from\" and \"to\" or in \"spans\", not both");
  }
  if (request.spans.size() > k_most_spans) {
    throw InvalidInput(fmt::format("query: \"spans\" must be a list of 1 to {} spans", k_most_spans));
  }
}

// A group's key: per grouping, an id (0 for no batch), or the year (2024)
// or month (202405) as a number, unused places 0; then the span's index.
using GroupKey = std::array<std::int64_t, std::size(k_groupings) + 1>;
constexpr std::size_t k_span_part = std::size(k_groupings);

// Groups by key, hundreds of thousands of them, each found once per row:
// open addressing over the groups' positions, the keys staying in the groups.
class GroupIndex {
public:
  // Returns the position in `groups` (indexable, of elements with a `key`)
  // of the group with `key`, first adding one at the end when none has it.
  template <typename Groups>
  std::size_t find_or_add(const GroupKey& key, Groups& groups) {
    if ((groups.size() + 1) * 2 > m_slots.size()) {
      rehash(groups);
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      if (m_slots[i] == 0) {
        groups.push_back({key, {}});
        m_slots[i] = static_cast<std::uint32_t>(groups.size());
        return groups.size() - 1;
      }
      if (groups[m_slots[i] - 1].key == key) {
        return m_slots[i] - 1;
      }
    }
  }

private:
  static std::size_t hash(const GroupKey& key) { return XXH3_64bits(key.data(), sizeof key); }

  template <typename Groups>
  void rehash(const Groups& groups) {
    m_slots.assign(std::max<std::size_t>(1024, m_slots.size() * 2), 0); // a power of two
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::size_t i = hash(groups[g].key) & mask;
      while (m_slots[i] != 0) {
        i = (i + 1) & mask;
      }
      m_slots[i] = static_cast<std::uint32_t>(g + 1);
    }
  }

  std::vector<std::uint32_t> m_slots; // a group's position + 1; 0: free
};

// A statement stepped row by row, with :name parameters. On SQLite, through
// SQLite's own functions: an answer reads hundreds of thousands of rows, and
// an object per value costs more than reading them. On a server, through
// sql::Statement, the names numbered in the order they first appear.
class Scan {
public:
  Scan(sql::Connection& db, const std::string& sql) {
    if (db.sqlite() != nullptr) {
      m_db = db.sqlite()->getHandle();
      check(sqlite3_prepare_v2(m_db, sql.c_str(), static_cast<int>(sql.size()), &m_statement, nullptr));
      return;
    }
    m_server.emplace(db, numbered(sql));
  }
  ~Scan() { sqlite3_finalize(m_statement); }
  Scan(const Scan&) = delete;
  Scan& operator=(const Scan&) = delete;

  // Returns true when the statement has the parameter `name`.
  bool has(const char* name) const {
    return m_server ? m_names.count(name) > 0 : sqlite3_bind_parameter_index(m_statement, name) != 0;
  }

  void bind(const char* name, std::int64_t value) {
    if (m_server) {
      m_server->bind(index_of(name), value);
      return;
    }
    check(sqlite3_bind_int64(m_statement, index_of(name), value));
  }
  void bind(const char* name, const std::string& value) {
    if (m_server) {
      m_server->bind(index_of(name), value);
      return;
    }
    check(sqlite3_bind_text(m_statement, index_of(name), value.data(), static_cast<int>(value.size()),
                            SQLITE_TRANSIENT));
  }
  // Returns true at a row, false at the end.
  bool step() {
    if (m_server) {
      return m_server->executeStep();
    }
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc != SQLITE_DONE) {
      check(rc);
    }
    return false;
  }
  std::int64_t integer(int column) const {
    return m_server ? m_server->getColumn(column).getInt64() : sqlite3_column_int64(m_statement, column);
  }
  double real(int column) const {
    return m_server ? m_server->getColumn(column).getDouble() : sqlite3_column_double(m_statement, column);
  }
  std::string_view text(int column) const {
    if (m_server) {
      const sql::Column value = m_server->getColumn(column);
      return value.isNull() ? std::string_view()
                            : std::string_view(value.getText(), static_cast<std::size_t>(value.getBytes()));
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    return text == nullptr
             ? std::string_view()
             : std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)));
  }

private:
  // The query with each :name as ?N (N by the name's first appearance).
  std::string numbered(const std::string& sql) {
    std::string out;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      const char c = sql[i];
      const bool starts = c == ':' && i + 1 < sql.size() &&
                          (std::islower(static_cast<unsigned char>(sql[i + 1])) != 0) &&
                          (i == 0 || sql[i - 1] != ':');
      if (!starts) {
        out += c;
        continue;
      }
      std::size_t end = i + 1;
      while (end < sql.size() &&
             (std::islower(static_cast<unsigned char>(sql[end])) != 0 || sql[end] == '_')) {
        ++end;
      }
      const std::string name = sql.substr(i, end - i);
      const auto [it, added] = m_names.emplace(name, static_cast<int>(m_names.size()) + 1);
      out += fmt::format("?{}", it->second);
      i = end - 1;
    }
    return out;
  }
  int index_of(const char* name) const {
    const int index = m_server ? (m_names.count(name) > 0 ? m_names.at(name) : 0)
                               : sqlite3_bind_parameter_index(m_statement, name);
    if (index == 0) {
      throw Error(fmt::format("the statement has no parameter {}", name));
    }
    return index;
  }
  void check(int rc) const {
    if (rc != SQLITE_OK) {
      throw sql::Exception(sqlite3_errmsg(m_db), sqlite3_extended_errcode(m_db));
    }
  }

  sqlite3* m_db = nullptr;
  sqlite3_stmt* m_statement = nullptr;
  mutable std::optional<sql::Statement> m_server;
  std::map<std::string, int, std::less<>> m_names;
};

} // namespace

std::set<std::int64_t> units_within(Database& db, const std::string& code) {
  const std::int64_t root = id_of(db, "units", code, "unit");
  sql::Statement query(db.sql(),
                       "WITH RECURSIVE scope(id) AS (SELECT CAST(? AS BIGINT) UNION SELECT u.id FROM units u "
                       "JOIN scope ON u.parent_id = scope.id) SELECT id FROM scope");
  query.bind(1, root);
  std::set<std::int64_t> ids;
  while (query.executeStep()) {
    ids.insert(query.getColumn(0).getInt64());
  }
  return ids;
}

SumRequest parse_sum_request(const nlohmann::json& request) {
  SumRequest result;
  if (request.value("aggregate", std::string()) != "figures") {
    throw InvalidInput("query: \"aggregate\" must be \"figures\"");
  }
  const nlohmann::json filters = request.contains("filters") ? request["filters"] : nlohmann::json::object();
  if (!filters.is_object()) {
    throw InvalidInput("query: \"filters\" must be an object");
  }
  for (const auto& [key, value] : filters.items()) {
    if (key == "descendants") {
      if (!value.is_boolean()) {
        throw InvalidInput("query: filter \"descendants\" must be true or false");
      }
      result.descendants = value.get<bool>();
    } else if (key == "indicators") {
      if (!value.is_array() ||
          !std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
        throw InvalidInput("query: filter \"indicators\" must be an array of codes");
      }
      result.indicators = value.get<std::vector<std::string>>();
    } else if (key == "campaign" || key == "from" || key == "to" || key == "unit") {
      if (!value.is_string()) {
        throw InvalidInput(fmt::format("query: filter \"{}\" must be a string", key));
      }
      const std::string text = value.get<std::string>();
      (key == "campaign" ? result.campaign
       : key == "from"   ? result.from
       : key == "to"     ? result.to
                         : result.unit) = text;
    } else {
      throw InvalidInput(fmt::format("query: an aggregate has no filter \"{}\" (campaign, from, to, unit, "
                                     "descendants, indicators)",
                                     key));
    }
  }
  if (request.contains("group_by")) {
    const auto& group_by = request["group_by"];
    if (!group_by.is_array() ||
        !std::all_of(group_by.begin(), group_by.end(), [](const auto& v) { return v.is_string(); })) {
      throw InvalidInput("query: \"group_by\" must be an array of names");
    }
    result.group_by = group_by.get<std::vector<std::string>>();
  }
  if (request.contains("spans")) {
    const auto& spans = request["spans"];
    if (!spans.is_array() || spans.empty()) {
      throw InvalidInput(fmt::format("query: \"spans\" must be a list of 1 to {} spans", k_most_spans));
    }
    for (const auto& span : spans) {
      if (!span.is_object()) {
        throw InvalidInput("query: each of \"spans\" must be an object {\"from\": ..., \"to\": ...}");
      }
      for (const auto& [key, value] : span.items()) {
        if (key != "from" && key != "to") {
          throw InvalidInput(fmt::format("query: a span has no \"{}\" (from, to)", key));
        }
      }
      auto bound = [&](const char* name) {
        const auto it = span.find(name);
        if (it == span.end()) {
          return std::string();
        }
        if (!it->is_string()) {
          throw InvalidInput(fmt::format("query: \"{}\" of a span must be a string", name));
        }
        return it->get<std::string>();
      };
      result.spans.emplace_back(bound("from"), bound("to"));
    }
    check_spans(result);
  }
  return result;
}

std::string figure_sums(Database& db, const SumRequest& request) {
  if (request.campaign.empty()) {
    throw InvalidInput("query: an aggregate needs the filter \"campaign\"");
  }
  const std::int64_t campaign = id_of(db, "campaigns", request.campaign, "campaign");
  std::optional<std::int64_t> unit;
  if (!request.unit.empty()) {
    unit = id_of(db, "units", request.unit, "unit");
  }
  std::vector<std::int64_t> indicator_ids;
  for (const std::string& code : request.indicators) {
    indicator_ids.push_back(id_of(db, "indicators", code, "indicator"));
  }
  // The spans, ISO, open ends closed by dates outside any calendar.
  check_spans(request);
  const bool several = !request.spans.empty();
  struct Span {
    std::string from;
    std::string to;
  };
  std::vector<Span> spans;
  bool whole_years = true;
  auto add_span = [&](const std::string& from_text, const std::string& to_text, const std::string& where) {
    const std::string from = iso_or_empty(from_text, (where + "from").c_str());
    const std::string to = iso_or_empty(to_text, (where + "to").c_str());
    if (!from.empty() && !to.empty() && to < from) {
      throw InvalidInput(fmt::format("{}to: {} is before from {}", where, to, from));
    }
    whole_years =
      whole_years && (from.empty() || from.ends_with("-01-01")) && (to.empty() || to.ends_with("-12-31"));
    spans.push_back(
      {from.empty() ? std::string("0000-00-00") : from, to.empty() ? std::string("9999-99-99") : to});
  };
  if (several) {
    for (std::size_t i = 0; i < request.spans.size(); ++i) {
      add_span(request.spans[i].first, request.spans[i].second, fmt::format("spans[{}].", i));
    }
  } else {
    add_span(request.from, request.to, "");
  }

  std::vector<const Grouping*> requested;
  for (const std::string& name : request.group_by) {
    const auto* it = std::find_if(std::begin(k_groupings), std::end(k_groupings),
                                  [&](const Grouping& g) { return g.name == name; });
    if (it == std::end(k_groupings)) {
      std::vector<std::string> names;
      for (const Grouping& g : k_groupings) {
        names.emplace_back(g.name);
      }
      throw InvalidInput(
        fmt::format("query: cannot group by \"{}\"{}", name, util::did_you_mean(name, names)));
    }
    if (std::find(requested.begin(), requested.end(), it) != requested.end()) {
      throw InvalidInput(fmt::format("query: \"{}\" appears twice in \"group_by\"", name));
    }
    requested.push_back(it);
  }
  // Year totals serve unless months are asked for or a span cuts a year.
  const bool by_month =
    std::any_of(requested.begin(), requested.end(), [](const Grouping* g) { return g->name == "month"; });
  const std::string grain = by_month || !whole_years ? "month" : "year";

  std::string select;
  for (const Grouping* g : requested) {
    select += std::string(g->select) + ", ";
  }
  // The scope's and the indicators' conditions on a total s or a figure f.
  auto filters_on = [&](const char* table) {
    std::string conditions;
    if (unit) {
      conditions += std::string(" AND ") + table +
                    (request.descendants ? ".unit_id IN (SELECT id FROM scope)" : ".unit_id = :unit");
    }
    if (!request.indicators.empty()) {
      // Ids the store read itself: written into the query as numbers.
      conditions += fmt::format(" AND {}.indicator_id IN ({})", table, fmt::join(indicator_ids, ", "));
    }
    return conditions;
  };
  const std::string with =
    unit && request.descendants
      ? "WITH RECURSIVE scope(id) AS (SELECT CAST(:unit AS BIGINT) UNION SELECT u.id FROM units u "
        "JOIN scope ON u.parent_id = scope.id) "
      : "";
  // Every total sharing a day with a span: those inside it are added up,
  // here rather than by GROUP BY (SQLite's aggregate functions cost several
  // times the reading of the rows); the others are counted as partial.
  const std::string sql = fmt::format(
    "{}SELECT {}s.figures, s.total, s.largest, s.qualifiers, s.first_from, s.last_to, s.first_id, s.noted, "
    "s.overlapping FROM figure_sums s WHERE s.campaign_id = :campaign AND s.grain = :grain{} "
    "AND s.first_from <= :to AND s.last_to >= :from",
    with, select, filters_on("s"));
  // The figures whose value is not a whole number (the partial index of
  // migration 6 holds them), by group: their sums may depend on the order
  // of addition, and a caller may want to add them up itself.
  std::string figure_select;
  std::string figure_group;
  for (const Grouping* g : requested) {
    figure_select += std::string(g->of_figure) + ", ";
    figure_group += (figure_group.empty() ? " GROUP BY " : ", ") + std::string(g->of_figure);
  }
  const std::string fractional_sql =
    fmt::format("{}SELECT {}count(*) FROM figures f WHERE f.campaign_id = :campaign AND f.value <> {}"
                "{} AND f.span_from <= :to AND f.span_to >= :from{}",
                with, figure_select,
                // The partial index's own condition on each engine (a server's CAST rounds).
                db.engine() == sql::Engine::postgresql ? "trunc(f.value)" : "CAST(f.value AS INTEGER)",
                filters_on("f"), figure_group);
  std::string first = spans.front().from;
  std::string last = spans.front().to;
  for (const Span& span : spans) {
    first = std::min(first, span.from);
    last = std::max(last, span.to);
  }
  auto bind = [&](Scan& statement) {
    statement.bind(":campaign", campaign);
    if (statement.has(":grain")) {
      statement.bind(":grain", grain);
    }
    statement.bind(":from", first);
    statement.bind(":to", last);
    if (unit) {
      statement.bind(":unit", *unit);
    }
  };
  Scan query(db.sql(), sql);
  bind(query);

  // Codes and sources by id, read once rather than joined to every row.
  auto codes_of = [&](const char* table) {
    std::unordered_map<std::int64_t, std::string> codes;
    sql::Statement all(db.sql(), fmt::format("SELECT id, code FROM {}", table));
    while (all.executeStep()) {
      codes.emplace(all.getColumn(0).getInt64(), all.getColumn(1).getString());
    }
    return codes;
  };
  auto wants = [&](std::string_view name) {
    return std::any_of(requested.begin(), requested.end(),
                       [&](const Grouping* g) { return g->name == name; });
  };
  // Unit codes one by one as rows name them: a scope is often a few units of many.
  std::unordered_map<std::int64_t, std::string> unit_codes;
  auto code_of_unit = [&](std::int64_t id) -> const std::string& {
    auto it = unit_codes.find(id);
    if (it == unit_codes.end()) {
      auto unit_code = db.cached("SELECT code FROM units WHERE id = ?");
      unit_code->bind(1, id);
      std::string code = unit_code->executeStep() ? unit_code->getColumn(0).getString() : std::string();
      it = unit_codes.emplace(id, std::move(code)).first;
    }
    return it->second;
  };
  const auto indicator_codes =
    wants("indicator") ? codes_of("indicators") : std::unordered_map<std::int64_t, std::string>();
  std::unordered_map<std::int64_t, std::string> source_columns{{0, "null,null,null"}};
  if (wants("source")) {
    sql::Statement all(db.sql(), "SELECT id, document, number, issued_on FROM sources");
    while (all.executeStep()) {
      std::string text;
      for (int i = 1; i <= 3; ++i) {
        append_json_string(text, all.getColumn(i).getString());
        text += i < 3 ? "," : "";
      }
      source_columns.emplace(all.getColumn(0).getInt64(), std::move(text));
    }
  }
  const int group_columns = static_cast<int>(requested.size());
  struct Group {
    GroupKey key;
    Sums sums;
  };
  auto is_date_part = [&](int c) {
    const Part part = requested[static_cast<std::size_t>(c)]->part;
    return part == Part::year || part == Part::month;
  };
  std::deque<Group> groups;
  GroupIndex group_of;
  std::vector<std::int64_t> partial(spans.size(), 0);
  // The groups with totals reaching across an edge of a span: how many figures each leaves out.
  struct Crossing {
    GroupKey key;
    std::int64_t figures;
  };
  std::deque<Crossing> crossing;
  GroupIndex crossing_of;
  // Per span, the last group a row went to: rows of one group mostly come
  // one after another (in the table's key order), though spans alternate.
  std::vector<std::optional<std::size_t>> previous(spans.size());
  // The key of the group in a row's first columns.
  auto key_of = [&](const Scan& row) {
    GroupKey key{};
    for (int c = 0; c < group_columns; ++c) {
      if (is_date_part(c)) {
        std::int64_t number = 0; // "2024" or "2024-05"
        for (const char ch : row.text(c)) {
          number = ch == '-' ? number : number * 10 + (ch - '0');
        }
        key[static_cast<std::size_t>(c)] = number;
      } else {
        key[static_cast<std::size_t>(c)] = row.integer(c); // NULL (no batch) reads as 0
      }
    }
    return key;
  };
  while (query.step()) {
    GroupKey key = key_of(query);
    const int c = group_columns;
    const std::int64_t figures = query.integer(c);
    const std::string_view from = query.text(c + 4);
    const std::string_view to = query.text(c + 5);
    for (std::size_t s = 0; s < spans.size(); ++s) {
      key[k_span_part] = static_cast<std::int64_t>(s);
      if (from < spans[s].from || to > spans[s].to) {
        if (from <= spans[s].to && to >= spans[s].from) {
          partial[s] += figures;
          crossing[crossing_of.find_or_add(key, crossing)].figures += figures;
        }
        continue;
      }
      if (!previous[s] || groups[*previous[s]].key != key) {
        previous[s] = group_of.find_or_add(key, groups);
      }
      groups[*previous[s]].sums.add(figures, query.real(c + 1), query.real(c + 2), query.integer(c + 3), from,
                                    to, query.integer(c + 6), query.integer(c + 7), query.integer(c + 8));
    }
  }

  std::string out;
  out.reserve(128 + groups.size() * 96);
  out += R"({"grain":")" + grain + R"(","columns":[)";
  if (several) {
    out += R"("span",)";
  }
  for (const Grouping* g : requested) {
    out +=
      g->name == "source" ? R"("source","source_number","source_date")" : "\"" + std::string(g->name) + "\"";
    out += ",";
  }
  out +=
    R"("figures","total","largest","qualifiers","first_from","last_to","first_id","noted","overlapping"],)"
    R"("rows":[)";
  // The list of qualifier codes for each set of bits.
  std::array<std::string, 1 << std::size(k_qualifiers)> qualifier_lists;
  for (std::size_t bits = 0; bits < qualifier_lists.size(); ++bits) {
    std::vector<std::string> codes;
    for (std::size_t b = 0; b < std::size(k_qualifiers); ++b) {
      if ((bits & (std::size_t{1} << b)) != 0) {
        codes.push_back("\"" + std::string(k_qualifiers[b]) + "\"");
      }
    }
    qualifier_lists[bits] = "[" + util::join(codes, ",") + "]";
  }
  // A row's first columns: its span (of several, unless `with_span` is
  // false), then its group's; each followed by a comma.
  auto append_key = [&](const GroupKey& key, bool with_span = true) {
    if (several && with_span) {
      append_integer(out, key[k_span_part]);
      out += ',';
    }
    for (int c = 0; c < group_columns; ++c) {
      const std::int64_t part = key[static_cast<std::size_t>(c)];
      switch (requested[static_cast<std::size_t>(c)]->part) {
      case Part::unit:
        append_json_string(out, code_of_unit(part));
        break;
      case Part::indicator: {
        const auto it = indicator_codes.find(part);
        append_json_string(out, it == indicator_codes.end() ? std::string() : it->second);
        break;
      }
      case Part::source: {
        const auto it = source_columns.find(part);
        out += it == source_columns.end() ? "null,null,null" : it->second;
        break;
      }
      case Part::batch:
        if (part == 0) {
          out += "null";
        } else {
          append_integer(out, part);
        }
        break;
      case Part::year:
        fmt::format_to(std::back_inserter(out), "\"{:04}\"", part);
        break;
      case Part::month:
        fmt::format_to(std::back_inserter(out), "\"{:04}-{:02}\"", part / 100, part % 100);
        break;
      }
      out += ',';
    }
  };
  bool first_row = true;
  for (const Group& group : groups) {
    out += first_row ? "[" : ",[";
    first_row = false;
    append_key(group.key);
    const Sums& sums = group.sums;
    append_integer(out, sums.figures);
    for (const double value : {sums.total, sums.largest}) {
      out += ',';
      append_number(out, value);
    }
    out += ',';
    out += qualifier_lists[static_cast<std::size_t>(sums.qualifiers) & (qualifier_lists.size() - 1)];
    for (const std::string* date : {&sums.first_from, &sums.last_to}) {
      out += ',';
      append_json_string(out, *date);
    }
    for (const std::int64_t count : {sums.first_id, sums.noted, sums.overlapping}) {
      out += ',';
      append_integer(out, count);
    }
    out += ']';
  }
  out += "],\"crossing\":[";
  first_row = true;
  for (const Crossing& group : crossing) {
    out += first_row ? "[" : ",[";
    first_row = false;
    append_key(group.key);
    append_integer(out, group.figures);
    out += ']';
  }
  out += "],\"fractional\":[";
  Scan fractional(db.sql(), fractional_sql);
  bind(fractional);
  first_row = true;
  while (fractional.step()) {
    const std::int64_t count = fractional.integer(group_columns);
    if (count == 0) {
      continue; // no grouping: one row, even for none
    }
    out += first_row ? "[" : ",[";
    first_row = false;
    append_key(key_of(fractional), false);
    append_integer(out, count);
    out += ']';
  }
  out += "],\"partial\":";
  if (several) {
    out += '[';
    for (std::size_t s = 0; s < partial.size(); ++s) {
      out += s == 0 ? "" : ",";
      append_integer(out, partial[s]);
    }
    out += ']';
  } else {
    append_integer(out, partial.front());
  }
  out += "}";
  return out;
}

namespace {

// One figure of a unit, indicator and campaign, as BatchSums reads it.
struct GroupFigure {
  std::int64_t id;
  std::string from;
  std::string to;
  double value;
  int qualifier_bit; // as qualifier_bit() gives it
  bool noted;
  std::int64_t source;
  std::int64_t batch;
  bool overlaps = false;
};

// Reads a figure from the columns BatchSums selects first: id, span_from,
// span_to, value, qualifier, whether it has a note, source and batch.
GroupFigure read_figure(sql::Statement& row) {
  return {row.getColumn(0).getInt64(),
          row.getColumn(1).getString(),
          row.getColumn(2).getString(),
          row.getColumn(3).getDouble(),
          qualifier_bit(row.getColumn(4).getText()),
          row.getColumn(5).getInt() != 0,
          row.getColumn(6).getInt64(),
          row.getColumn(7).getInt64()};
}

// The bucket of a span in a grain `width` characters wide (7 month, 4 year):
// the month (year) when the span lies in one, else "FROM..TO".
std::string bucket_of(const std::string& from, const std::string& to, std::size_t width) {
  if (from.compare(0, width, to, 0, width) == 0) {
    return from.substr(0, width);
  }
  return from + ".." + to;
}

// Marks the figures that share a day with another: sorted by start, a figure
// overlaps an earlier one when the latest end before it reaches its start,
// and a later one when the next start is not after its end.
void mark_overlaps(std::vector<GroupFigure>& figures) {
  std::sort(figures.begin(), figures.end(),
            [](const GroupFigure& a, const GroupFigure& b) { return a.from < b.from; });
  std::string latest_end;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    GroupFigure& figure = figures[i];
    figure.overlaps =
      (i > 0 && latest_end >= figure.from) || (i + 1 < figures.size() && figures[i + 1].from <= figure.to);
    if (i == 0 || figure.to > latest_end) {
      latest_end = figure.to;
    }
  }
}

} // namespace

struct BatchSums::SumRow {
  std::int64_t campaign;
  const char* grain;
  std::int64_t unit;
  std::int64_t indicator;
  std::int64_t source;
  std::string bucket;
  Sums sums;
};

BatchSums::BatchSums(sql::Connection& sql, std::int64_t batch_id) : m_sql(sql), m_batch_id(batch_id) {
  sql::Statement pause(m_sql, "INSERT INTO figure_sums_paused (batch_id) VALUES (?)");
  pause.bind(1, m_batch_id);
  pause.exec();
  m_paused = true;
  m_last = std::make_unique<sql::Statement>(m_sql, "SELECT ifnull(max(id), 0) FROM figures");
  constexpr const char* k_columns =
    "id, span_from, span_to, value, qualifier, note IS NOT NULL AND note <> '', ifnull(source_id, 0), "
    "ifnull(batch_id, 0)";
  m_new = std::make_unique<sql::Statement>(
    m_sql, fmt::format("SELECT {}, unit_id, indicator_id, campaign_id FROM figures WHERE id > ? ORDER BY id",
                       k_columns));
  // By figures_key, not figures_campaign (which holds every unit's figures).
  m_older = std::make_unique<sql::Statement>(
    m_sql,
    "SELECT 1 FROM figures INDEXED BY figures_key WHERE unit_id = ? AND indicator_id = ? AND campaign_id = ? "
    "AND id <= ? LIMIT 1");
  m_group = std::make_unique<sql::Statement>(
    m_sql,
    fmt::format("SELECT {} FROM figures INDEXED BY figures_key WHERE unit_id = ? AND indicator_id = ? AND "
                "campaign_id = ?",
                k_columns));
}

BatchSums::~BatchSums() {
  try {
    resume();
  } catch (...) { // NOLINT(bugprone-empty-catch): the transaction's rollback ends the pause as well
  }
}

void BatchSums::resume() {
  if (!m_paused) {
    return;
  }
  m_paused = false;
  sql::Statement end(m_sql, "DELETE FROM figure_sums_paused WHERE batch_id = ?");
  end.bind(1, m_batch_id);
  end.exec();
}

void BatchSums::before_write() {
  m_last->reset();
  m_last->executeStep();
  m_last_id = m_last->getColumn(0).getInt64();
}

void BatchSums::after_write() {
  // The figures just written, grouped by unit, indicator and campaign (in
  // figure_sums' key order), each group in id order.
  using Group = std::array<std::int64_t, 3>;
  std::vector<std::pair<Group, GroupFigure>> written;
  m_new->reset();
  m_new->bind(1, m_last_id);
  while (m_new->executeStep()) {
    written.push_back(
      {{m_new->getColumn(8).getInt64(), m_new->getColumn(9).getInt64(), m_new->getColumn(10).getInt64()},
       read_figure(*m_new)});
  }
  std::sort(written.begin(), written.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second.id < b.second.id;
  });

  std::vector<GroupFigure> figures;
  // (grain width, source, bucket) → sums of the batch's figures there
  std::map<std::tuple<std::size_t, std::int64_t, std::string>, Sums> buckets;
  for (std::size_t begin = 0, end = 0; begin < written.size(); begin = end) {
    const auto& [unit, indicator, campaign] = written[begin].first;
    end = begin;
    figures.clear();
    while (end < written.size() && written[end].first == written[begin].first) {
      figures.push_back(std::move(written[end].second));
      ++end;
    }
    // A group whose figures were all written just now needs nothing else;
    // one with older figures (of this batch or another) is read whole.
    m_older->reset();
    m_older->bind(1, unit);
    m_older->bind(2, indicator);
    m_older->bind(3, campaign);
    m_older->bind(4, m_last_id);
    if (m_older->executeStep()) {
      figures.clear();
      m_group->reset();
      m_group->bind(1, unit);
      m_group->bind(2, indicator);
      m_group->bind(3, campaign);
      while (m_group->executeStep()) {
        figures.push_back(read_figure(*m_group));
      }
    }
    mark_overlaps(figures);
    // Added in id order, as the trigger would have added them.
    std::sort(figures.begin(), figures.end(),
              [](const GroupFigure& a, const GroupFigure& b) { return a.id < b.id; });
    buckets.clear();
    for (const GroupFigure& figure : figures) {
      if (figure.batch != m_batch_id) {
        continue;
      }
      for (const std::size_t width : {std::size_t{7}, std::size_t{4}}) {
        buckets[{width, figure.source, bucket_of(figure.from, figure.to, width)}].add(
          1, figure.value, figure.value, figure.qualifier_bit, figure.from, figure.to, figure.id,
          figure.noted ? 1 : 0, figure.overlaps ? 1 : 0);
      }
    }
    for (auto& [key, sums] : buckets) {
      auto& [width, source, bucket] = key;
      m_rows.push_back({campaign, width == 7 ? "month" : "year", unit, indicator, source, std::move(bucket),
                        std::move(sums)});
    }
  }
  put_rows();
}

void BatchSums::put_rows() {
  // Many rows to a statement: the per-statement work is most of a small row's cost.
  constexpr std::size_t k_columns = 16;
  std::size_t next = 0;
  auto put = [&](sql::Statement& statement, std::size_t rows) {
    statement.reset();
    int column = 0;
    for (std::size_t i = 0; i < rows; ++i) {
      const SumRow& row = m_rows[next++];
      statement.bind(++column, row.campaign);
      statement.bind(++column, row.grain);
      statement.bind(++column, row.unit);
      statement.bind(++column, row.indicator);
      statement.bind(++column, row.source);
      statement.bind(++column, m_batch_id);
      statement.bind(++column, row.bucket);
      statement.bind(++column, row.sums.figures);
      statement.bind(++column, row.sums.total);
      statement.bind(++column, row.sums.largest);
      statement.bind(++column, row.sums.qualifiers);
      statement.bind(++column, row.sums.first_from);
      statement.bind(++column, row.sums.last_to);
      statement.bind(++column, row.sums.first_id);
      statement.bind(++column, row.sums.noted);
      statement.bind(++column, row.sums.overlapping);
    }
    statement.exec();
  };
  auto statement_for = [&](std::size_t rows) {
    std::string sql =
      "INSERT OR REPLACE INTO figure_sums (campaign_id, grain, unit_id, indicator_id, source_id, "
      "batch_id, bucket, figures, total, largest, qualifiers, first_from, last_to, first_id, noted, "
      "overlapping) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
      sql += i == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < k_columns; ++c) {
        sql += c == 0 ? "?" : ", ?";
      }
      sql += ")";
    }
    return std::make_unique<sql::Statement>(m_sql, sql);
  };
  while (m_rows.size() - next >= k_rows_per_put) {
    if (!m_put_many) {
      m_put_many = statement_for(k_rows_per_put);
    }
    put(*m_put_many, k_rows_per_put);
  }
  while (next < m_rows.size()) {
    if (!m_put) {
      m_put = statement_for(1);
    }
    put(*m_put, 1);
  }
  m_rows.clear();
}

} // namespace campaign::store
