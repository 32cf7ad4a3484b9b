// Unit tests of the period comparison: the arithmetic with hand-computed
// cases, and the analysis on a small fake database.
#include "compare.hpp"
#include "compare_math.hpp"
#include "document.hpp"

#include <campaign/plugin.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace campaign::report;
namespace sdk = campaign::sdk;

namespace {

using Json = nlohmann::json;

Quantity q(double value, Qualifier qualifier = Qualifier::exact) {
  return {value, qualifier};
}

void check_finite(const Change& change) {
  if (change.absolute) {
    CHECK(std::isfinite(change.absolute->value));
  }
  if (change.percent) {
    CHECK(std::isfinite(change.percent->value));
  }
}

} // namespace

TEST_CASE("compare: uneven periods become rates per year and month") {
  // 2018-01-01..2023-08-11: 1826 days of 2018-2022 (2020 is leap) and 223 of 2023.
  CHECK(days_between("2018-01-01", "2023-08-11") == 2049);
  // 2023-08-12..2025-12-31: 142 days of 2023, 366 of 2024, 365 of 2025.
  CHECK(days_between("2023-08-12", "2025-12-31") == 873);
  CHECK(days_between("2024-01-01", "2023-12-31") == 0);
  CHECK(days_between("not a date", "2023-12-31") == 0);

  // 2049 over 2049 days is one a day: 365.25 a year, 30.4375 a month.
  const Quantity a = rate(q(2049), 2049, Per::year);
  CHECK(a.value == Approx(365.25));
  CHECK(rate(q(2049), 2049, Per::month).value == Approx(30.4375));
  CHECK(rate(q(2049, Qualifier::at_least), 2049, Per::total).value == 2049);
  CHECK(rate(q(7, Qualifier::at_least), 7, Per::year).qualifier == Qualifier::at_least);
  // 1746 over 873 days is two a day: 730.5 a year, twice the earlier rate.
  const Quantity b = rate(q(1746), 873, Per::year);
  CHECK(b.value == Approx(730.5));
  const Change change = compare_values(a, b, false);
  CHECK(change.verdict == Verdict::better);
  REQUIRE(change.percent);
  CHECK(change.percent->value == Approx(100));
  CHECK(change.percent->qualifier == Qualifier::exact);
  REQUIRE(change.absolute);
  CHECK(change.absolute->value == Approx(365.25));
  // Without normalisation the longer period would look better: 2049 against 1746 is -14.79 %.
  const Change raw = compare_values(q(2049), q(1746), false);
  CHECK(raw.verdict == Verdict::worse);
  CHECK(raw.percent->value == Approx(-14.7877).epsilon(1e-4));

  CHECK(parse_per("month") == Per::month);
  CHECK_THROWS_AS(parse_per("week"), sdk::Failure);
}

TEST_CASE("compare: overlapping years and --exclusive") {
  const Span a{"2018-2023", "2018-01-01", "2023-12-31", false};
  const Span b{"2023-2025", "2023-01-01", "2025-12-31", false};
  CHECK(days_of(a) == 2191);
  CHECK(days_of(b) == 1096);
  const auto shared = shared_days(a, b);
  REQUIRE(shared);
  CHECK(shared->start == "2023-01-01");
  CHECK(shared->end == "2023-12-31");
  CHECK(days_of(*shared) == 365);
  CHECK_FALSE(shared_days(Span{"", "2018-01-01", "2022-12-31", false}, b));

  // The shared year goes to the later period; the order given does not matter.
  const std::vector<Span> exclusive = exclusive_spans({b, a});
  CHECK(exclusive[0].start == "2023-01-01");
  CHECK(exclusive[0].end == "2025-12-31");
  CHECK(exclusive[1].start == "2018-01-01");
  CHECK(exclusive[1].end == "2022-12-31");
  CHECK(days_of(exclusive[1]) == 1826);
  // A leap day before the cut.
  const std::vector<Span> leap = exclusive_spans(
    {Span{"", "2024-01-01", "2024-12-31", false}, Span{"", "2024-03-01", "2024-06-30", false}});
  CHECK(leap[0].end == "2024-02-29");
  // Periods starting on the same day leave the earlier one without days.
  CHECK_THROWS_AS(exclusive_spans({a, Span{"x", "2018-01-01", "2019-12-31", false}}), sdk::Failure);
}

TEST_CASE("compare: lower bounds and estimates are never stated as exact") {
  SECTION("an exact base against a lower bound: at least +12 %") {
    const Change c = compare_values(q(100), q(112, Qualifier::at_least), false);
    CHECK(c.verdict == Verdict::better);
    REQUIRE(c.percent);
    CHECK(c.percent->value == Approx(12));
    CHECK(c.percent->qualifier == Qualifier::at_least);
    CHECK(c.absolute->value == Approx(12));
    CHECK(c.absolute->qualifier == Qualifier::at_least);
  }
  SECTION("a lower-bound base against an exact value: at most +12 %, direction open") {
    const Change c = compare_values(q(100, Qualifier::at_least), q(112), false);
    CHECK(c.verdict == Verdict::undetermined);
    REQUIRE(c.percent);
    CHECK(c.percent->value == Approx(12));
    CHECK(c.percent->qualifier == Qualifier::at_most);
  }
  SECTION("a lower-bound base against a smaller exact value: at most -20 %, certainly down") {
    const Change c = compare_values(q(100, Qualifier::at_least), q(80), false);
    CHECK(c.verdict == Verdict::worse);
    CHECK(c.percent->value == Approx(-20));
    CHECK(c.percent->qualifier == Qualifier::at_most);
  }
  SECTION("lower bounds on both sides: cannot be determined") {
    const Change c = compare_values(q(7296, Qualifier::at_least), q(3000, Qualifier::at_least), false);
    CHECK(c.verdict == Verdict::undetermined);
    CHECK_FALSE(c.percent);
    CHECK_FALSE(c.absolute);
  }
  SECTION("about: an estimated change") {
    const Change c = compare_values(q(100, Qualifier::about), q(150), false);
    CHECK(c.verdict == Verdict::better);
    CHECK(c.estimate);
    CHECK(c.percent->value == Approx(50));
    CHECK(c.percent->qualifier == Qualifier::about);
  }
  SECTION("about against a bound: cannot be determined") {
    const Change c = compare_values(q(100, Qualifier::about), q(150, Qualifier::at_least), false);
    CHECK(c.verdict == Verdict::undetermined);
    CHECK_FALSE(c.percent);
  }
  SECTION("an upper bound after: at most") {
    const Change c = compare_values(q(50), q(40, Qualifier::at_most), false);
    CHECK(c.verdict == Verdict::worse);
    CHECK(c.percent->value == Approx(-20));
    CHECK(c.percent->qualifier == Qualifier::at_most);
  }
}

TEST_CASE("compare: a lower-is-better indicator") {
  // Criminal cases: 40 a year before, 30 after: -25 %, which is better.
  const Change fewer = compare_values(q(40), q(30), true);
  CHECK(fewer.verdict == Verdict::better);
  CHECK(fewer.percent->value == Approx(-25));
  const Change more = compare_values(q(40), q(50), true);
  CHECK(more.verdict == Verdict::worse);
  // At least 50 cases after 40: certainly worse.
  CHECK(compare_values(q(40), q(50, Qualifier::at_least), true).verdict == Verdict::worse);
  CHECK(compare_values(q(40), q(40), true).verdict == Verdict::unchanged);
}

TEST_CASE("compare: zero and missing bases give new and no data, never inf or NaN") {
  const Change fresh = compare_values(q(0), q(5), false);
  CHECK(fresh.verdict == Verdict::new_value);
  CHECK_FALSE(fresh.percent);
  REQUIRE(fresh.absolute);
  CHECK(fresh.absolute->value == 5);
  check_finite(fresh);

  const Change zeros = compare_values(q(0), q(0), false);
  CHECK(zeros.verdict == Verdict::unchanged);
  CHECK(zeros.percent->value == 0);

  CHECK(compare_values(std::nullopt, q(5), false).verdict == Verdict::no_data);
  CHECK(compare_values(q(5), std::nullopt, false).verdict == Verdict::no_data);
  CHECK_FALSE(compare_values(std::nullopt, q(5), false).percent);
  CHECK(compare_values(q(NAN), q(5), false).verdict == Verdict::no_data);

  // An upper bound of zero is a zero base too; a lower bound of zero leaves the percentage open.
  CHECK(compare_values(q(0, Qualifier::at_most), q(5), false).verdict == Verdict::new_value);
  const Change open = compare_values(q(0, Qualifier::at_least), q(5), false);
  CHECK(open.verdict != Verdict::better);
  check_finite(open);
  CHECK(verdict_code(Verdict::new_value) == "new");
  CHECK(verdict_code(Verdict::no_data) == "no_data");
}

TEST_CASE("compare: straddling figures with and without prorating") {
  const Span a{"A", "2018-01-01", "2023-08-11", false};
  const Span b{"B", "2023-08-12", "2025-12-31", false};
  // The year 2023, 365 a year: 223 days fall in A and 142 in B.
  CHECK(share_inside("2023-01-01", "2023-12-31", a) == Approx(223.0 / 365.0));
  const Quantity in_a = prorate(q(365), "2023-01-01", "2023-12-31", a);
  const Quantity in_b = prorate(q(365), "2023-01-01", "2023-12-31", b);
  CHECK(in_a.value == Approx(223));
  CHECK(in_b.value == Approx(142));
  CHECK(in_a.qualifier == Qualifier::about);
  CHECK(prorate(q(365, Qualifier::at_least), "2023-01-01", "2023-12-31", b).qualifier == Qualifier::about);
  CHECK(share_inside("2026-01-01", "2026-12-31", b) == 0);
  CHECK(inside(a, "2018-01-01", "2023-08-11"));
  CHECK_FALSE(inside(b, "2023-01-01", "2023-12-31"));
  CHECK(overlaps(b, "2023-01-01", "2023-12-31"));
}

TEST_CASE("compare: merged and split units") {
  const std::vector<LineageEvent> events = {
    {"merge", "2025-07-01", {"ST", "HG", "CT"}, {"CT-2025"}},
    {"rename", "2020-01-01", {"OLD"}, {"ST"}},
    {"split", "2024-01-01", {"P"}, {"Q", "R"}},
    {"split", "2010-01-01", {"X"}, {"Y", "Z"}},
  };
  SECTION("a merged unit rolls up its predecessors, and theirs") {
    const RollUp r = roll_up("CT-2025", events, "2018-01-01", "2025-12-31");
    CHECK(r.comparable);
    CHECK(r.units == std::vector<std::string>{"CT-2025", "ST", "HG", "CT", "OLD"});
  }
  SECTION("a predecessor stands only for itself") {
    const RollUp r = roll_up("HG", events, "2018-01-01", "2025-12-31");
    CHECK(r.units == std::vector<std::string>{"HG"});
    CHECK(r.comparable);
  }
  SECTION("a unit split within the periods is not comparable") {
    const RollUp q_unit = roll_up("Q", events, "2018-01-01", "2025-12-31");
    CHECK_FALSE(q_unit.comparable);
    CHECK(q_unit.split_date == "2024-01-01");
    CHECK(q_unit.split == std::vector<std::string>{"P"});
    CHECK_FALSE(roll_up("P", events, "2018-01-01", "2025-12-31").comparable);
  }
  SECTION("a split before the periods does not matter") {
    CHECK(roll_up("Y", events, "2018-01-01", "2025-12-31").comparable);
    CHECK(roll_up("Q", events, "2024-06-01", "2025-12-31").comparable);
  }
}

TEST_CASE("compare: units ranked by change, best first") {
  const std::vector<Change> changes = {
    compare_values(q(100), q(110), false),                                       // +10 %
    compare_values(std::nullopt, q(5), false),                                   // no data
    compare_values(q(100), q(80), false),                                        // -20 %
    compare_values(q(0), q(5), false),                                           // new
    compare_values(q(100), q(150), false),                                       // +50 %
    compare_values(q(1, Qualifier::at_least), q(2, Qualifier::at_least), false), // undetermined
  };
  CHECK(rank_by_change(changes, false) == std::vector<std::size_t>{4, 0, 2, 3, 5, 1});
  // Lower is better: the largest fall first.
  CHECK(rank_by_change(changes, true) == std::vector<std::size_t>{2, 0, 4, 3, 5, 1});
}

namespace {

// A fake database for the comparison: a province P with two districts, a
// merged district M (of M1 and M2) and a district S split from T in 2024.
class FakeDatabase {
public:
  FakeDatabase() {
    m_lists["campaign"] = Json::array({{{"code", "C"}, {"name", "Phong trào"}, {"organisers", {"P"}}}});
    m_lists["period"] =
      Json::array({{{"name", "2018-2023"}, {"start_date", "2018-01-01"}, {"end_date", "2023-08-11"}},
                   {{"name", "2023-2025"}, {"start_date", "2023-08-12"}, {"end_date", "2025-12-31"}}});
    m_lists["unit"] = Json::array({unit("P", ""), unit("A", "P"), unit("M", "P"), unit("M1", "P"),
                                   unit("M2", "P"), unit("S", "P"), unit("T", "P")});
    m_lists["lineage"] = Json::array(
      {{{"kind", "merge"}, {"date", "2023-08-12"}, {"predecessors", {"M1", "M2"}}, {"successors", {"M"}}},
       {{"kind", "split"}, {"date", "2024-01-01"}, {"predecessors", {"T"}}, {"successors", {"S"}}}});
    m_lists["indicator"] =
      Json::array({indicator("AN01", "higher"), indicator("AN03", "higher"), indicator("AN16", "lower")});
    m_lists["figure"] = Json::array({
      figure(1, "A", "AN01", "2018-01-01", "2023-08-11", 2049, "exact"), // 365.25 a year
      figure(2, "A", "AN01", "2023-08-12", "2025-12-31", 1746, "exact"), // 730.5 a year: +100 %
      figure(3, "M1", "AN01", "2018-01-01", "2023-08-11", 1000, "exact"),
      figure(4, "M2", "AN01", "2018-01-01", "2023-08-11", 1049, "exact"), // M: 2049 before
      figure(5, "M", "AN01", "2023-08-12", "2025-12-31", 873, "exact"),   // 365.25 a year: unchanged
      figure(6, "T", "AN01", "2018-01-01", "2023-08-11", 500, "exact"),
      figure(7, "S", "AN01", "2024-01-01", "2025-12-31", 300, "exact"),
      figure(8, "A", "AN16", "2023-01-01", "2023-12-31", 365, "exact"), // straddles the edge
      figure(9, "A", "AN16", "2024-01-01", "2025-12-31", 100, "at_least"),
      figure(10, "A", "AN03", "2023-02-01", "2023-02-28", 28, "exact"), // in 2018-2023 and in 2023
    });
  }

  // Answers aggregate requests with "spans" (grouped by unit and indicator), as the host does.
  bool keeps_totals = false;
  int aggregates = 0; // the aggregate requests answered
  double skew = 0;    // added to every total answered: shows where totals are read

  // Leaves out the figures with these ids.
  void drop_figures(const std::set<int>& ids) {
    Json kept = Json::array();
    for (const Json& figure : m_lists["figure"]) {
      if (ids.count(figure["id"].get<int>()) == 0) {
        kept.push_back(figure);
      }
    }
    m_lists["figure"] = kept;
  }

  void add_unit(const std::string& code, const std::string& parent) { m_lists["unit"].push_back(unit(code, parent)); }
  void add_indicator(const std::string& code, const std::string& aggregation) {
    Json added = indicator(code, "higher");
    added["aggregation"] = aggregation;
    m_lists["indicator"].push_back(added);
  }
  void add_figure(int id, const std::string& unit, const std::string& indicator, const std::string& from,
                  const std::string& to, double value, const std::string& qualifier) {
    m_lists["figure"].push_back(figure(id, unit, indicator, from, to, value, qualifier));
  }

  std::string ask(const std::string& request) {
    const Json json = Json::parse(request);
    if (json.contains("show")) {
      for (const Json& item : m_lists[json["show"] == "campaign" ? "campaign" : "unit"]) {
        if (item["code"] == json["ref"]) {
          return item.dump();
        }
      }
      throw sdk::HostRefused(CAMPAIGN_INVALID_INPUT);
    }
    if (json.contains("aggregate")) {
      if (!keeps_totals) {
        throw sdk::HostRefused(CAMPAIGN_INVALID_INPUT); // no running totals: the figures one by one
      }
      return totals(json);
    }
    if (json.contains("status")) {
      // One pledge of 2023-2025, evaluated on the period's last day: 2 of its 3 targets met.
      const bool asked = json["filters"]["period"] == "2023-2025" && json["as_of"] == "2025-12-31";
      return asked ? R"([{"id": 1, "period": "2023-2025", "signatory": "A", "targets": 3, "targets_met": 2}])"
                   : "[]";
    }
    const auto it = m_lists.find(json["list"].get<std::string>());
    if (it == m_lists.end()) {
      return "[]";
    }
    const Json filters = json.value("filters", Json::object());
    Json listed = Json::array(); // the records whose fields equal the filters (that they have)
    for (const Json& record : it->second) {
      bool kept = true;
      for (const auto& [key, value] : filters.items()) {
        kept = kept && (!record.contains(key) || record[key] == value);
      }
      if (kept) {
        listed.push_back(record);
      }
    }
    return listed.dump();
  }

private:
  // The sums of the figures inside each span per unit and indicator; a figure
  // only sharing days with a span is partial there.
  std::string totals(const Json& request) {
    ++aggregates;
    REQUIRE(request["group_by"] == Json::array({"unit", "indicator"}));
    Json rows = Json::array();
    Json crossing = Json::array();
    Json partial = Json::array();
    std::map<std::pair<std::string, std::string>, int> fractional; // values that are not whole
    for (std::size_t s = 0; s < request["spans"].size(); ++s) {
      const std::string from = request["spans"][s]["from"];
      const std::string to = request["spans"][s]["to"];
      std::map<std::pair<std::string, std::string>, Json> groups;
      std::map<std::pair<std::string, std::string>, int> crossing_groups;
      int left_out = 0;
      for (const Json& figure : m_lists["figure"]) {
        const std::string start = figure["span_from"];
        const std::string end = figure["span_to"];
        if (start > to || end < from) {
          continue;
        }
        if (start < from || end > to) {
          ++left_out;
          ++crossing_groups[{figure["unit"], figure["indicator"]}];
          continue;
        }
        Json& row = groups[{figure["unit"], figure["indicator"]}];
        const double value = figure["value"];
        if (value != std::floor(value)) {
          ++fractional[{figure["unit"], figure["indicator"]}];
        }
        if (row.is_null()) {
          row = Json::array({s, figure["unit"], figure["indicator"], 0, 0.0, value, Json::array(), start, end,
                             figure["id"], 0, 0});
        }
        row[3] = row[3].get<int>() + 1;
        row[4] = row[4].get<double>() + value;
        row[5] = std::max(row[5].get<double>(), value);
        if (std::find(row[6].begin(), row[6].end(), figure["qualifier"]) == row[6].end()) {
          row[6].push_back(figure["qualifier"]);
        }
        row[7] = std::min(row[7].get<std::string>(), start);
        row[8] = std::max(row[8].get<std::string>(), end);
      }
      for (auto& [key, row] : groups) {
        row[4] = row[4].get<double>() + skew;
        row[5] = row[5].get<double>() + skew;
        rows.push_back(row);
      }
      for (const auto& [key, count] : crossing_groups) {
        crossing.push_back(Json::array({s, key.first, key.second, count}));
      }
      partial.push_back(left_out);
    }
    return Json{{"grain", "month"},
                {"columns", {"span", "unit", "indicator", "figures", "total", "largest", "qualifiers", "first_from",
                             "last_to", "first_id", "noted", "overlapping"}},
                {"rows", rows},
                {"crossing", crossing},
                {"fractional", fractional_rows(fractional)},
                {"partial", partial}}
      .dump();
  }

  static Json fractional_rows(const std::map<std::pair<std::string, std::string>, int>& groups) {
    Json rows = Json::array();
    for (const auto& [key, count] : groups) {
      rows.push_back(Json::array({key.first, key.second, count}));
    }
    return rows;
  }

  static Json unit(const std::string& code, const std::string& parent) {
    return {
      {"code", code}, {"name", "Unit " + code}, {"parent", parent.empty() ? Json(nullptr) : Json(parent)}};
  }
  static Json indicator(const std::string& code, const std::string& direction) {
    return {{"code", code},         {"name_vi", code},        {"name_en", code},   {"measure_unit", "tin"},
            {"aggregation", "sum"}, {"direction", direction}, {"parent", nullptr}, {"group", "security"}};
  }
  static Json figure(int id, const std::string& unit, const std::string& indicator, const std::string& from,
                     const std::string& to, double value, const std::string& qualifier) {
    return {{"id", id},          {"campaign", "C"}, {"unit", unit},           {"indicator", indicator},
            {"span_from", from}, {"span_to", to},   {"value", value},         {"qualifier", qualifier},
            {"source", nullptr}, {"note", nullptr}, {"source_date", nullptr}, {"batch", nullptr}};
  }
  std::map<std::string, Json> m_lists;
};

const Json& block_with_id(const Json& doc, const std::string& section, const std::string& id) {
  for (const Json& s : doc["sections"]) {
    if (s["id"] != section) {
      continue;
    }
    for (const Json& block : s["blocks"]) {
      if (block.value("id", "") == id) {
        return block;
      }
    }
  }
  throw std::runtime_error("no block " + id);
}

const Json& row_with_key(const Json& table, const std::string& key) {
  for (const Json& row : table["rows"]) {
    if (row["key"] == key) {
      return row;
    }
  }
  throw std::runtime_error("no row " + key);
}

} // namespace

TEST_CASE("compare: the analysis on a fake database") {
  FakeDatabase db;
  const Ask ask = [&db](const std::string& request) { return db.ask(request); };
  CompareRequest request;
  request.periods = {"2018-2023", "2023-2025"};
  request.lang = "en";

  SECTION("the document reads, with rates, changes, ranking, lineage and straddling figures") {
    const std::string text = build_comparison(request, ask);
    const Document parsed = parse_document(text, Lang::en);
    CHECK(parsed.title == "Comparison of 2018-2023 and 2023-2025: Phong trào");
    const Json doc = Json::parse(text);
    CHECK(doc["scope"]["code"] == "P");
    CHECK(doc["periods"][0]["days"] == 2049);
    CHECK(doc["periods"][1]["days"] == 873);

    const Json& units = block_with_id(doc, "units", "units-AN01");
    // A: +100 %, M (with M1 and M2 before): unchanged, S: split, not comparable.
    CHECK(units["rows"][0]["key"] == "A");
    CHECK(units["rows"][0]["cells"][4]["value"] == 100);
    CHECK(units["rows"][0]["cells"][5] == "better");
    const Json& merged = row_with_key(units, "M");
    CHECK(merged["cells"][2]["value"].get<double>() == Approx(365.25));
    CHECK(merged["cells"][5] == "unchanged");
    CHECK(row_with_key(units, "S")["cells"][5] == "not comparable");
    CHECK(row_with_key(units, "S")["cells"][0].is_null());

    // AN16: nothing counted before (the 2023 figure straddles the edge): no data.
    const Json& indicators = block_with_id(doc, "indicators", "indicators");
    const Json& cases = row_with_key(indicators, "AN16");
    CHECK(cases["cells"][2].is_null());
    CHECK(cases["cells"][8] == "no data");
    CHECK(indicators["chart"]["grouped_columns"] == Json::array({3, 5}));

    const Json& straddling = block_with_id(doc, "straddling", "straddling");
    REQUIRE(straddling["rows"].size() == 2);
    CHECK(straddling["rows"][0]["cells"][7] == "Not attributable");
    CHECK(straddling["rows"][0]["cells"][6].is_null());
  }

  SECTION("the option \"units\" lists the best units and counts the rest") {
    request.units_listed = 2;
    const Json doc = Json::parse(build_comparison(request, ask));
    const Json& units = block_with_id(doc, "units", "units-AN01");
    REQUIRE(units["rows"].size() == 2);
    CHECK(units["rows"][0]["key"] == "A");
    const Json* after = nullptr;
    for (const Json& s : doc["sections"]) {
      if (s["id"] == "units") {
        for (std::size_t i = 0; i + 1 < s["blocks"].size(); ++i) {
          if (s["blocks"][i].value("id", "") == "units-AN01") {
            after = &s["blocks"][i + 1];
          }
        }
      }
    }
    REQUIRE(after != nullptr);
    CHECK((*after)["type"] == "paragraph");
    CHECK((*after)["values"] == Json::array({2, 6, 4})); // of A, M, S, M1, M2 and T
  }

  SECTION("pledges met in each named period") {
    const Json doc = Json::parse(build_comparison(request, ask));
    const Json& pledges = block_with_id(doc, "pledges", "pledges");
    REQUIRE(pledges["rows"].size() == 1);
    CHECK(pledges["rows"][0]["cells"][0] == "2023-2025");
    CHECK(pledges["rows"][0]["cells"][2] == 3);
    CHECK(pledges["rows"][0]["cells"][3] == 2);
    CHECK(pledges["rows"][0]["cells"][4].get<double>() == Approx(200.0 / 3.0));
  }

  SECTION("figures in shared days count in both periods, or with --exclusive in the later one") {
    request.periods = {"2018-2023", "2023"};
    request.indicators = {"AN03"};
    Json doc = Json::parse(build_comparison(request, ask));
    const Json& row = row_with_key(block_with_id(doc, "indicators", "indicators"), "AN03");
    CHECK(row["cells"][2]["value"] == 28);
    CHECK(row["cells"][4]["value"] == 28);
    const Json& shared = block_with_id(doc, "overlap", "shared-1-2");
    REQUIRE(shared["rows"].size() == 1);
    CHECK(shared["rows"][0]["key"] == "10");
    CHECK(shared["rows"][0]["cells"][5] == "Counted in both periods");

    request.exclusive = true;
    doc = Json::parse(build_comparison(request, ask));
    const Json& later_only = row_with_key(block_with_id(doc, "indicators", "indicators"), "AN03");
    CHECK(later_only["cells"][2].is_null());
    CHECK(later_only["cells"][4]["value"] == 28);
    CHECK(later_only["cells"][8] == "no data");
    CHECK(block_with_id(doc, "overlap", "shared-1-2")["rows"][0]["cells"][5] == "Counted in 2023 only");
  }

  SECTION("--prorate counts the straddling figure's days as an estimate") {
    request.prorate = true;
    request.indicators = {"AN16"};
    const Json doc = Json::parse(build_comparison(request, ask));
    const Json& cases = row_with_key(block_with_id(doc, "indicators", "indicators"), "AN16");
    // 223 of 365 days before: about 223 over 2049 days; after: at least 100 + about 142.
    CHECK(cases["cells"][2]["value"].get<double>() == Approx(223));
    CHECK(cases["cells"][2]["qualifier"] == "about");
    CHECK(cases["cells"][4]["value"].get<double>() == Approx(242));
    CHECK(cases["cells"][4]["qualifier"] == "about");
    CHECK(cases["notes"] == Json::array({1}));
    CHECK(doc["footnotes"][0]["id"] == 1);
    const Json& straddling = block_with_id(doc, "straddling", "straddling");
    CHECK(straddling["rows"][0]["cells"][6]["value"].get<double>() == Approx(223));
    CHECK(straddling["rows"][0]["cells"][6]["qualifier"] == "about");
  }

  SECTION("--exclusive and too few periods") {
    request.periods = {"2018", "2018-2019"};
    request.exclusive = true;
    CHECK_THROWS_AS(build_comparison(request, ask), sdk::Failure);
    request.periods = {"2018-2023"};
    CHECK_THROWS_AS(build_comparison(request, ask), sdk::Failure);
    request.periods = {"2018-2024", "2023-2025"};
    request.exclusive = true;
    const Json doc = Json::parse(build_comparison(request, ask));
    CHECK(doc["periods"][0]["end"] == "2023-08-11");
  }
}

TEST_CASE("compare: the running totals give the document the figures give") {
  FakeDatabase db;
  db.keeps_totals = true;
  const Ask ask = [&db](const std::string& request) { return db.ask(request); };
  CompareRequest request;
  request.periods = {"2018-2023", "2023-2025"};
  request.lang = "en";
  auto both = [&] {
    request.sums = false;
    const std::string figures = build_comparison(request, ask);
    const int before = db.aggregates;
    request.sums = true;
    const std::string sums = build_comparison(request, ask);
    CHECK(db.aggregates == before + 1); // one request for every span
    return std::make_pair(figures, sums);
  };

  SECTION("figures across a period's edge and within shared days: those units and indicators one by one") {
    const auto [figures, sums] = both();
    CHECK(sums == figures);
    CHECK(Json::parse(sums)["sections"][4]["blocks"].size() > 1); // the straddling figure is listed
    request.prorate = true;
    const auto [prorated_figures, prorated_sums] = both();
    CHECK(prorated_sums == prorated_figures);
    request.prorate = false;
    request.periods = {"2018-2023", "2023"}; // A's AN03 of February 2023 lies in the shared days
    const auto [shared_figures, shared_sums] = both();
    CHECK(shared_sums == shared_figures);
    request.periods = {"2018-2023", "2023-2025"};
    db.skew = 1;
    const Json skewed = Json::parse(both().second);
    const Json straight = Json::parse(sums);
    const Json& units = block_with_id(skewed, "units", "units-AN16");
    CHECK(row_with_key(units, "A") == row_with_key(block_with_id(straight, "units", "units-AN16"), "A")); // one by one
    CHECK(row_with_key(block_with_id(skewed, "units", "units-AN01"), "M") !=
          row_with_key(block_with_id(straight, "units", "units-AN01"), "M")); // from the totals
  }
  SECTION("merged and split units, from the totals") {
    db.drop_figures({8, 9, 10}); // nothing across an edge
    const auto [figures, sums] = both();
    CHECK(sums == figures);
    const Json doc = Json::parse(sums);
    const Json& merged = row_with_key(block_with_id(doc, "units", "units-AN01"), "M");
    CHECK(merged["cells"][2]["value"].get<double>() == Approx(365.25)); // M1 and M2 rolled up into M
    CHECK(row_with_key(block_with_id(doc, "units", "units-AN01"), "S")["cells"][5] == "not comparable");
    request.unit = "M";
    const auto [unit_figures, unit_sums] = both();
    CHECK(unit_sums == unit_figures);
    db.skew = 1;
    const auto [skewed_figures, skewed_sums] = both();
    CHECK(skewed_figures == unit_figures);
    CHECK(skewed_sums != unit_sums); // the totals are what was read
  }
  SECTION("units under no common unit: the scope is every unit") {
    db.drop_figures({8, 9, 10});
    db.add_unit("Q", "");
    db.add_unit("Q1", "Q");
    db.add_figure(11, "Q1", "AN01", "2018-01-01", "2023-08-11", 10, "at_least");
    db.add_figure(12, "Q1", "AN01", "2023-08-12", "2025-12-31", 30, "exact");
    const auto [figures, sums] = both();
    CHECK(sums == figures);
    const Json doc = Json::parse(sums);
    CHECK(doc["scope"].is_null());
    const Json& total = row_with_key(block_with_id(doc, "indicators", "indicators"), "AN01");
    CHECK(total["cells"][2]["value"] == 2049 + 2049 + 500 + 10);
    CHECK(total["cells"][2]["qualifier"] == "at_least");
  }
  SECTION("an indicator taken as the largest value, partly from the totals") {
    db.drop_figures({8, 9, 10});
    db.add_indicator("MX", "max");
    db.add_figure(21, "A", "MX", "2018-01-01", "2018-12-31", 5, "exact");
    db.add_figure(22, "A", "MX", "2024-01-01", "2024-12-31", 7, "at_least");
    db.add_figure(23, "M1", "MX", "2019-01-01", "2019-12-31", 9, "exact");
    db.add_figure(24, "M", "MX", "2024-01-01", "2024-12-31", 4, "exact");
    db.add_figure(25, "T", "MX", "2023-01-01", "2023-12-31", 11, "exact"); // across the edge: read one by one
    request.indicators = {"MX", "AN01"};
    const auto [figures, sums] = both();
    CHECK(sums == figures);
    const Json doc = Json::parse(sums);
    const Json& row = row_with_key(block_with_id(doc, "indicators", "indicators"), "MX");
    CHECK(row["cells"][2]["value"] == 9); // the largest before, not a sum
    CHECK(row["cells"][3].is_null());     // a level, not a rate
    db.skew = 100;
    const Json skewed = Json::parse(both().second);
    CHECK(row_with_key(block_with_id(skewed, "indicators", "indicators"), "MX") != row); // from the totals
  }
  SECTION("an indicator named twice is compared once") {
    db.drop_figures({8, 9, 10});
    request.indicators = {"AN01", "AN01"};
    const auto [figures, sums] = both();
    CHECK(sums == figures);
    CHECK(block_with_id(Json::parse(sums), "indicators", "indicators")["rows"].size() == 1);
  }
}

TEST_CASE("compare: percent cells in the renderers") {
  const Column percent{"percent", "Change (%)", "percent", ""};
  CHECK(cell_text(Cell{Quantity{12, Qualifier::at_least}}, percent, Lang::en) == "at least +12 %");
  CHECK(cell_text(Cell{Quantity{-22.77, Qualifier::at_most}}, percent, Lang::vi) == "nhiều nhất -22,77 %");
  const Column change{"change", "Change", "change", ""};
  CHECK(cell_text(Cell{Quantity{8.3, Qualifier::exact}}, change, Lang::vi) == "+8,3");
  CHECK(cell_text(Cell{Quantity{-296.13, Qualifier::at_most}}, change, Lang::en) == "at most -296.13");
  CHECK(change.numeric());
  CHECK(cell_text(Cell{Quantity{-25, Qualifier::exact}}, percent, Lang::vi) == "-25 %");
  CHECK(cell_text(Cell{Quantity{12.5, Qualifier::exact}}, percent, Lang::vi) == "+12,5 %");
  CHECK(cell_text(Cell{std::string("new")}, percent, Lang::en) == "new");
  CHECK(percent.numeric());
}

TEST_CASE("compare: UnitIndex walks up by index and finds cycles") {
  UnitIndex units;
  units.add("X1", "D1"); // the parent comes later
  units.add("D1", "P");
  units.add("P", "");
  units.add("Y", "NOWHERE"); // a parent nobody lists
  REQUIRE(units.find("X1"));
  CHECK_FALSE(units.find("NOWHERE"));
  std::vector<std::string> above;
  units.each_above(*units.find("X1"), [&](std::uint32_t unit) { above.push_back(units.code(unit)); });
  CHECK(above == std::vector<std::string>{"X1", "D1", "P"});
  above.clear();
  units.each_above(*units.find("Y"), [&](std::uint32_t unit) { above.push_back(units.code(unit)); });
  CHECK(above == std::vector<std::string>{"Y"});
  CHECK_FALSE(units.cyclic());

  units.add("P", "X1"); // P now lies below itself
  CHECK(units.cyclic());
  std::size_t steps = 0;
  units.each_above(*units.find("D1"), [&](std::uint32_t) { ++steps; });
  CHECK(steps == units.size()); // the walk ends, however the units loop
}
