#include "store/figure_sums.hpp"

#include "domain/date.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace campaign::store {

namespace {

struct Grouping {
  std::string_view name;
  std::string_view select; // the column it selects (an id for unit, indicator and source)
  std::string_view group;  // the GROUP BY term
  int columns;             // the columns it adds to the answer
};

// In the primary key's order, so that grouping by unit, indicator, source and
// batch reads the rows in order without sorting them.
constexpr Grouping k_groupings[] = {
  {"unit", "s.unit_id", "s.unit_id", 1},
  {"indicator", "s.indicator_id", "s.indicator_id", 1},
  {"source", "s.source_id", "s.source_id", 3},
  {"batch", "nullif(s.batch_id, 0)", "s.batch_id", 1},
  {"year", "substr(s.first_from, 1, 4)", "substr(s.first_from, 1, 4)", 1},
  {"month", "substr(s.first_from, 1, 7)", "substr(s.first_from, 1, 7)", 1},
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
  out += nlohmann::json(text).dump();
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
  std::string group;
  for (const Grouping& g : k_groupings) { // GROUP BY in key order
    if (std::find(requested.begin(), requested.end(), &g) != requested.end()) {
      group += (group.empty() ? "" : ", ") + std::string(g.group);
    }
  }
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
  const std::string sql = fmt::format(
    "{}SELECT {}sum(s.figures), sum(s.total), max(s.largest), max(s.qualifiers & 1) | max(s.qualifiers & 2) | "
    "max(s.qualifiers & 4) | max(s.qualifiers & 8), min(s.first_from), max(s.last_to), min(s.first_id), "
    "sum(s.noted), sum(s.overlapping) "
    "FROM figure_sums s WHERE {} AND s.first_from >= :from AND s.last_to <= :to {}{}",
    with, select, where, group.empty() ? "" : "GROUP BY ", group);
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
  SQLite::Statement unit_code(db.sql(), "SELECT code FROM units WHERE id = ?");
  auto code_of_unit = [&](std::int64_t id) -> const std::string& {
    auto it = unit_codes.find(id);
    if (it == unit_codes.end()) {
      unit_code.bind(1, id);
      std::string code = unit_code.executeStep() ? unit_code.getColumn(0).getString() : std::string();
      unit_code.reset();
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
  static constexpr std::string_view k_qualifiers[] = {"exact", "at_least", "at_most", "about"};
  bool first_row = true;
  while (query.executeStep()) {
    if (group_columns == 0 && query.getColumn(0).getInt64() == 0) {
      break; // no figure at all: no row
    }
    out += first_row ? "[" : ",[";
    first_row = false;
    int c = 0;
    for (; c < group_columns; ++c) {
      const SQLite::Column column = query.getColumn(c);
      const std::string_view name = requested[static_cast<std::size_t>(c)]->name;
      if (name == "unit") {
        append_json_string(out, code_of_unit(column.getInt64()));
      } else if (name == "indicator") {
        const auto it = indicator_codes.find(column.getInt64());
        append_json_string(out, it == indicator_codes.end() ? std::string() : it->second);
      } else if (name == "source") {
        const auto it = source_columns.find(column.getInt64());
        out += it == source_columns.end() ? "null,null,null" : it->second;
      } else if (column.isNull()) {
        out += "null";
      } else if (column.getType() == SQLITE_INTEGER) {
        out += std::to_string(column.getInt64());
      } else {
        append_json_string(out, column.getString());
      }
      out += ",";
    }
    out += std::to_string(query.getColumn(c).getInt64()) + ",";
    append_number(out, query.getColumn(c + 1).getDouble());
    out += ",";
    append_number(out, query.getColumn(c + 2).getDouble());
    out += ",[";
    const std::int64_t bits = query.getColumn(c + 3).getInt64();
    bool first_code = true;
    for (int b = 0; b < 4; ++b) {
      if ((bits & (1 << b)) != 0) {
        out += std::string(first_code ? "" : ",") + "\"" + std::string(k_qualifiers[b]) + "\"";
        first_code = false;
      }
    }
    out += "],";
    append_json_string(out, query.getColumn(c + 4).getString());
    out += ",";
    append_json_string(out, query.getColumn(c + 5).getString());
    out += ",";
    out += std::to_string(query.getColumn(c + 6).getInt64()) + "," + std::to_string(query.getColumn(c + 7).getInt64()) +
           "," + std::to_string(query.getColumn(c + 8).getInt64()) + "]";
  }
  SQLite::Statement partial(db.sql(), partial_sql);
  bind(partial);
  partial.executeStep();
  out += "],\"partial\":" + std::to_string(partial.getColumn(0).getInt64()) + "}";
  return out;
}

} // namespace campaign::store
