#include "store/figure_sums.hpp"

#include "domain/date.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

namespace campaign::store {

namespace {

// What a grouping adds to a group's key.
enum class Part { unit, indicator, source, batch, year, month };

struct Grouping {
  std::string_view name;
  std::string_view select; // the column it selects (an id for unit, indicator and source)
  int columns;             // the columns it adds to the answer
  Part part;
};

constexpr Grouping k_groupings[] = {
  {"unit", "s.unit_id", 1, Part::unit},
  {"indicator", "s.indicator_id", 1, Part::indicator},
  {"source", "s.source_id", 3, Part::source},
  {"batch", "nullif(s.batch_id, 0)", 1, Part::batch},
  {"year", "substr(s.first_from, 1, 4)", 1, Part::year},
  {"month", "substr(s.first_from, 1, 7)", 1, Part::month},
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
  SQLite::Statement query(db.sql(), fmt::format("SELECT id FROM {} WHERE code = ?", table));
  query.bind(1, code);
  if (query.executeStep()) {
    return query.getColumn(0).getInt64();
  }
  std::vector<std::string> codes;
  SQLite::Statement all(db.sql(), fmt::format("SELECT code FROM {} ORDER BY code", table));
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

void append_number(std::string& out, double value) {
  if (value < 9007199254740992.0 && value > -9007199254740992.0 && value == std::floor(value)) {
    out += std::to_string(static_cast<std::int64_t>(value));
  } else {
    out += nlohmann::json(value).dump();
  }
}

} // namespace

std::set<std::int64_t> units_within(Database& db, const std::string& code) {
  const std::int64_t root = id_of(db, "units", code, "unit");
  SQLite::Statement query(db.sql(), "WITH RECURSIVE scope(id) AS (SELECT ? UNION SELECT u.id FROM units u "
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
      if (!value.is_array() || !std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_string(); })) {
        throw InvalidInput("query: filter \"indicators\" must be an array of codes");
      }
      result.indicators = value.get<std::vector<std::string>>();
    } else if (key == "campaign" || key == "from" || key == "to" || key == "unit") {
      if (!value.is_string()) {
        throw InvalidInput(fmt::format("query: filter \"{}\" must be a string", key));
      }
      const std::string text = value.get<std::string>();
      (key == "campaign" ? result.campaign : key == "from" ? result.from : key == "to" ? result.to : result.unit) =
        text;
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
  nlohmann::json indicator_ids = nlohmann::json::array();
  for (const std::string& code : request.indicators) {
    indicator_ids.push_back(id_of(db, "indicators", code, "indicator"));
  }
  const std::string from = iso_or_empty(request.from, "from");
  const std::string to = iso_or_empty(request.to, "to");
  if (!from.empty() && !to.empty() && to < from) {
    throw InvalidInput(fmt::format("to: {} is before from {}", to, from));
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
      throw InvalidInput(fmt::format("query: cannot group by \"{}\"{}", name, util::did_you_mean(name, names)));
    }
    if (std::find(requested.begin(), requested.end(), it) != requested.end()) {
      throw InvalidInput(fmt::format("query: \"{}\" appears twice in \"group_by\"", name));
    }
    requested.push_back(it);
  }
  // Year totals serve unless months are asked for or the span cuts a year.
  const bool by_month = std::any_of(requested.begin(), requested.end(), [](const Grouping* g) {
    return g->name == "month";
  });
  const bool whole_years = (from.empty() || from.ends_with("-01-01")) && (to.empty() || to.ends_with("-12-31"));
  const std::string grain = by_month || !whole_years ? "month" : "year";

  std::string select;
  for (const Grouping* g : requested) {
    select += std::string(g->select) + ", ";
  }
  const std::string scope =
    !unit ? "" : request.descendants ? " AND s.unit_id IN scope" : " AND s.unit_id = :unit";
  const std::string with = unit && request.descendants
                             ? "WITH RECURSIVE scope(id) AS (SELECT :unit UNION SELECT u.id FROM units u "
                               "JOIN scope ON u.parent_id = scope.id) "
                             : "";
  const std::string indicators = request.indicators.empty()
                                   ? ""
                                   : " AND s.indicator_id IN (SELECT value FROM json_each(:indicators))";
  const std::string where = fmt::format("s.campaign_id = :campaign AND s.grain = :grain{}{}", scope, indicators);
  // The rows are added up here rather than by GROUP BY: SQLite's aggregate
  // functions cost several times the reading of the rows.
  const std::string sql = fmt::format(
    "{}SELECT {}s.figures, s.total, s.largest, s.qualifiers, s.first_from, s.last_to, s.first_id, s.noted, "
    "s.overlapping FROM figure_sums s WHERE {} AND s.first_from >= :from AND s.last_to <= :to",
    with, select, where);
  // Figures of the scope in totals that reach across an edge of the span.
  const std::string partial_sql = fmt::format(
    "{}SELECT ifnull(sum(s.figures), 0) FROM figure_sums s WHERE {} AND s.first_from <= :to AND s.last_to >= :from "
    "AND NOT (s.first_from >= :from AND s.last_to <= :to)",
    with, where);

  auto bind = [&](SQLite::Statement& statement) {
    statement.bind(":campaign", campaign);
    statement.bind(":grain", grain);
    statement.bind(":from", from.empty() ? std::string("0000-00-00") : from);
    statement.bind(":to", to.empty() ? std::string("9999-99-99") : to);
    if (unit) {
      statement.bind(":unit", *unit);
    }
    if (!request.indicators.empty()) {
      statement.bind(":indicators", indicator_ids.dump());
    }
  };

  std::string out = R"({"grain":")" + grain + R"(","columns":[)";
  bool first = true;
  for (const Grouping* g : requested) {
    if (g->name == "source") {
      out += std::string(first ? "" : ",") + R"("source","source_number","source_date")";
    } else {
      out += std::string(first ? "" : ",") + "\"" + std::string(g->name) + "\"";
    }
    first = false;
  }
  out += std::string(first ? "" : ",") +
         R"("figures","total","largest","qualifiers","first_from","last_to","first_id","noted","overlapping"],)"
         R"("rows":[)";
  SQLite::Statement query(db.sql(), sql);
  bind(query);
  // Codes and sources by id, read once rather than joined to every row.
  auto codes_of = [&](const char* table) {
    std::unordered_map<std::int64_t, std::string> codes;
    SQLite::Statement all(db.sql(), fmt::format("SELECT id, code FROM {}", table));
    while (all.executeStep()) {
      codes.emplace(all.getColumn(0).getInt64(), all.getColumn(1).getString());
    }
    return codes;
  };
  auto wants = [&](std::string_view name) {
    return std::any_of(requested.begin(), requested.end(), [&](const Grouping* g) { return g->name == name; });
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
    SQLite::Statement all(db.sql(), "SELECT id, document, number, issued_on FROM sources");
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
  // A group's key: per grouping, an id (0 for no batch), or the year (2024)
  // or month (202405) as a number; unused places stay 0.
  using Key = std::array<std::int64_t, std::size(k_groupings)>;
  struct KeyHash {
    std::size_t operator()(const Key& key) const {
      std::size_t h = 0;
      for (const std::int64_t part : key) {
        h = h * 1000003u ^ std::hash<std::int64_t>()(part);
      }
      return h;
    }
  };
  struct Group {
    Key key;
    Sums sums;
  };
  auto is_date_part = [&](int c) {
    const Part part = requested[static_cast<std::size_t>(c)]->part;
    return part == Part::year || part == Part::month;
  };
  std::vector<Group> groups;
  std::unordered_map<Key, std::size_t, KeyHash> group_of;
  Key previous{};
  std::size_t previous_group = 0;
  while (query.executeStep()) {
    Key key{};
    for (int c = 0; c < group_columns; ++c) {
      const SQLite::Column column = query.getColumn(c);
      if (is_date_part(c)) {
        const std::string_view text = column.getText(); // "2024" or "2024-05"
        std::int64_t number = 0;
        for (const char ch : text) {
          number = ch == '-' ? number : number * 10 + (ch - '0');
        }
        key[static_cast<std::size_t>(c)] = number;
      } else {
        key[static_cast<std::size_t>(c)] = column.getInt64(); // NULL (no batch) reads as 0
      }
    }
    // Rows of one group mostly come one after another, in the table's key order.
    std::size_t index = previous_group;
    if (groups.empty() || key != previous) {
      const auto [found, added] = group_of.try_emplace(key, groups.size());
      index = found->second;
      if (added) {
        groups.push_back({key, {}});
      }
      previous = key;
      previous_group = index;
    }
    const int c = group_columns;
    groups[index].sums.add(query.getColumn(c).getInt64(), query.getColumn(c + 1).getDouble(),
                           query.getColumn(c + 2).getDouble(), query.getColumn(c + 3).getInt64(),
                           query.getColumn(c + 4).getText(), query.getColumn(c + 5).getText(),
                           query.getColumn(c + 6).getInt64(), query.getColumn(c + 7).getInt64(),
                           query.getColumn(c + 8).getInt64());
  }
  bool first_row = true;
  for (const Group& group : groups) {
    out += first_row ? "[" : ",[";
    first_row = false;
    for (int c = 0; c < group_columns; ++c) {
      const std::int64_t part = group.key[static_cast<std::size_t>(c)];
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
        out += part == 0 ? std::string("null") : std::to_string(part);
        break;
      case Part::year:
        out += fmt::format("\"{:04}\"", part);
        break;
      case Part::month:
        out += fmt::format("\"{:04}-{:02}\"", part / 100, part % 100);
        break;
      }
      out += ",";
    }
    const Sums& sums = group.sums;
    out += std::to_string(sums.figures) + ",";
    append_number(out, sums.total);
    out += ",";
    append_number(out, sums.largest);
    out += ",[";
    bool first_code = true;
    for (std::size_t b = 0; b < std::size(k_qualifiers); ++b) {
      if ((sums.qualifiers & (1 << b)) != 0) {
        out += std::string(first_code ? "" : ",") + "\"" + std::string(k_qualifiers[b]) + "\"";
        first_code = false;
      }
    }
    out += "],";
    append_json_string(out, sums.first_from);
    out += ",";
    append_json_string(out, sums.last_to);
    out += ",";
    out += std::to_string(sums.first_id) + "," + std::to_string(sums.noted) + "," +
           std::to_string(sums.overlapping) + "]";
  }
  SQLite::Statement partial(db.sql(), partial_sql);
  bind(partial);
  partial.executeStep();
  out += "],\"partial\":" + std::to_string(partial.getColumn(0).getInt64()) + "}";
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
GroupFigure read_figure(SQLite::Statement& row) {
  return {row.getColumn(0).getInt64(), row.getColumn(1).getString(), row.getColumn(2).getString(),
          row.getColumn(3).getDouble(), qualifier_bit(row.getColumn(4).getText()), row.getColumn(5).getInt() != 0,
          row.getColumn(6).getInt64(), row.getColumn(7).getInt64()};
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
  std::sort(figures.begin(), figures.end(), [](const GroupFigure& a, const GroupFigure& b) {
    return a.from < b.from;
  });
  std::string latest_end;
  for (std::size_t i = 0; i < figures.size(); ++i) {
    GroupFigure& figure = figures[i];
    figure.overlaps = (i > 0 && latest_end >= figure.from) ||
                      (i + 1 < figures.size() && figures[i + 1].from <= figure.to);
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

BatchSums::BatchSums(SQLite::Database& sql, std::int64_t batch_id) : m_sql(sql), m_batch_id(batch_id) {
  SQLite::Statement pause(m_sql, "INSERT INTO figure_sums_paused (batch_id) VALUES (?)");
  pause.bind(1, m_batch_id);
  pause.exec();
  m_paused = true;
  m_last = std::make_unique<SQLite::Statement>(m_sql, "SELECT ifnull(max(id), 0) FROM figures");
  constexpr const char* k_columns =
    "id, span_from, span_to, value, qualifier, note IS NOT NULL AND note <> '', ifnull(source_id, 0), "
    "ifnull(batch_id, 0)";
  m_new = std::make_unique<SQLite::Statement>(
    m_sql, fmt::format("SELECT {}, unit_id, indicator_id, campaign_id FROM figures WHERE id > ? ORDER BY id",
                       k_columns));
  // By figures_key, not figures_campaign (which holds every unit's figures).
  m_older = std::make_unique<SQLite::Statement>(
    m_sql, "SELECT 1 FROM figures INDEXED BY figures_key WHERE unit_id = ? AND indicator_id = ? AND campaign_id = ? "
           "AND id <= ? LIMIT 1");
  m_group = std::make_unique<SQLite::Statement>(
    m_sql, fmt::format("SELECT {} FROM figures INDEXED BY figures_key WHERE unit_id = ? AND indicator_id = ? AND "
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
  SQLite::Statement end(m_sql, "DELETE FROM figure_sums_paused WHERE batch_id = ?");
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
    written.push_back({{m_new->getColumn(8).getInt64(), m_new->getColumn(9).getInt64(),
                        m_new->getColumn(10).getInt64()},
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
  auto put = [&](SQLite::Statement& statement, std::size_t rows) {
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
    std::string sql = "INSERT OR REPLACE INTO figure_sums (campaign_id, grain, unit_id, indicator_id, source_id, "
                      "batch_id, bucket, figures, total, largest, qualifiers, first_from, last_to, first_id, noted, "
                      "overlapping) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) {
      sql += i == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < k_columns; ++c) {
        sql += c == 0 ? "?" : ", ?";
      }
      sql += ")";
    }
    return std::make_unique<SQLite::Statement>(m_sql, sql);
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
