#include "test_backend.hpp"
#include "store/catalogue.hpp"
#include "store/database.hpp"
#include "store/figure_sums.hpp"
#include "store/import.hpp"
#include "store/records.hpp"
#include "store/sql.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>

using campaign::store::Database;
using campaign::store::figure_sums;
using campaign::store::RawValues;
using campaign::store::record_kind;
using campaign::store::Records;
using campaign::store::SumRequest;
using campaign::store::sql::Statement;
using Json = nlohmann::json;

namespace {

struct Fixture {
  Database db{campaign::test::test_database(), Database::Mode::create};
  Records records{db};

  Fixture() {
    campaign::store::load_indicator_catalogue(db, campaign::util::data_dir() / "indicators.json");
    add("unit", {{"code", "P"}, {"name", "Tỉnh"}, {"kind", "province"}});
    add("unit", {{"code", "D1"}, {"name", "Huyện 1"}, {"kind", "district"}, {"parent", "P"}});
    add("unit", {{"code", "D2"}, {"name", "Huyện 2"}, {"kind", "district"}, {"parent", "P"}});
    add("unit", {{"code", "X1"}, {"name", "Xã 1"}, {"kind", "commune"}, {"parent", "D1"}});
    add("campaign", {{"code", "C"}, {"name", "Phong trào"}, {"start_date", "2020-01-01"},
                     {"end_date", "2025-12-31"}});
    add("campaign", {{"code", "K"}, {"name", "Khác"}});
  }

  std::int64_t add(std::string_view kind, RawValues values) { return records.add(record_kind(kind), values); }

  std::int64_t figure(const std::string& campaign, const std::string& unit, const std::string& indicator,
                      const std::string& from, const std::string& to, const std::string& value,
                      const std::string& qualifier = "exact") {
    return add("figure", {{"campaign", campaign}, {"unit", unit}, {"indicator", indicator}, {"span_from", from},
                          {"span_to", to}, {"value", value}, {"qualifier", qualifier}});
  }

  // The rows of the running totals, as text, without "overlapping" (which
  // records what was known when a figure was written).
  std::string table(const std::string& from) {
    std::string out;
    Statement rows(db.sql(), "SELECT campaign_id, grain, unit_id, indicator_id, source_id, batch_id, "
                                     "bucket, figures, total, largest, qualifiers, first_from, last_to, first_id, "
                                     "noted FROM " + from + " ORDER BY 1, 2, 3, 4, 5, 6, 7");
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i) {
        out += rows.getColumn(i).getString() + "|";
      }
      out += "\n";
    }
    return out;
  }

  // figure_sums recomputed from the figures, as migration 4 fills it.
  std::string recomputed() {
    db.sql().exec("DROP TABLE IF EXISTS expected");
    db.sql().exec(
      "CREATE TEMP TABLE expected AS SELECT campaign_id, grain, unit_id, indicator_id, ifnull(source_id, 0) AS "
      "source_id, ifnull(batch_id, 0) AS batch_id, bucket, count(*) AS figures, sum(value) AS total, max(value) AS "
      "largest, max(CASE qualifier_bit WHEN 1 THEN 1 ELSE 0 END) + 2 * max(CASE qualifier_bit "
      "WHEN 2 THEN 1 ELSE 0 END) + 4 * max(CASE qualifier_bit WHEN 4 THEN 1 ELSE 0 END) + 8 * max(CASE qualifier_bit "
      "WHEN 8 THEN 1 ELSE 0 END) AS qualifiers, min(span_from) AS first_from, max(span_to) AS last_to, "
      "min(id) AS first_id, sum(has_note) AS noted FROM figure_buckets GROUP BY 1, 2, 3, 4, 5, 6, 7");
    return table("expected");
  }

  // Figures whose "overlaps" in figure_buckets is not what the plain
  // definition gives: another figure of the unit, indicator and campaign
  // sharing a day.
  std::int64_t overlaps_wrong() {
    return db.sql().execAndGetInt64(
      "SELECT count(*) FROM figure_buckets b WHERE b.grain = 'month' AND b.\"overlaps\" <> (CASE WHEN EXISTS "
      "(SELECT 1 FROM figures o WHERE o.unit_id = b.unit_id AND o.indicator_id = b.indicator_id AND o.campaign_id = "
      "b.campaign_id AND o.span_from <= b.span_to AND o.span_to >= b.span_from AND o.id <> b.id) THEN 1 ELSE 0 END)");
  }

  Json sums(SumRequest request) { return Json::parse(figure_sums(db, request)); }

  // Direct sum over the raw figures of campaign C inside [from, to] for the units given.
  double direct(const std::string& indicator, const std::string& from, const std::string& to,
                const std::string& units) {
    Statement q(db.sql(), fmt::format("SELECT ifnull(sum(f.value), 0) FROM figures f JOIN units u ON "
                                              "u.id = f.unit_id JOIN indicators i ON i.id = f.indicator_id "
                                              "JOIN campaigns c ON c.id = f.campaign_id WHERE c.code = 'C' AND "
                                              "i.code = ? AND f.span_from >= ? AND f.span_to <= ? AND u.code IN ({})",
                                              units));
    q.bind(1, indicator);
    q.bind(2, from);
    q.bind(3, to);
    q.executeStep();
    return q.getColumn(0).getDouble();
  }
};

double total_of(const Json& answer, const std::string& indicator) {
  std::size_t column = 0;
  while (answer["columns"][column] != "total") {
    ++column;
  }
  double total = 0;
  for (const Json& row : answer["rows"]) {
    if (row[0] == indicator) {
      total += row[column].get<double>();
    }
  }
  return total;
}

} // namespace

TEST_CASE_METHOD(Fixture, "store figure_sums: triggers keep the totals equal to a recomputation", "[backend]") {
  std::mt19937 random(7);
  const char* units[] = {"P", "D1", "D2", "X1"};
  const char* indicators[] = {"AN01", "AN02", "AN03"};
  const char* qualifiers[] = {"exact", "at_least", "at_most", "about"};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 200; ++i) {
    const int year = 2020 + static_cast<int>(random() % 3);
    const int month = 1 + static_cast<int>(random() % 12);
    const int kind = static_cast<int>(random() % 4);
    std::string from = fmt::format("{}-{:02}-01", year, month);
    std::string to = fmt::format("{}-{:02}-28", year, month);
    if (kind == 1) { // a quarter-like span crossing months
      to = fmt::format("{}-{:02}-28", year, std::min(12, month + 2));
    } else if (kind == 2) { // crossing a year
      to = fmt::format("{}-01-31", year + 1);
    }
    try {
      ids.push_back(figure(random() % 5 == 0 ? "K" : "C", units[random() % 4], indicators[random() % 3], from, to,
                           std::to_string(random() % 1000), qualifiers[random() % 4]));
    } catch (const campaign::InvalidInput&) {
      // the same key twice: refused, as it should be
    }
  }
  REQUIRE(ids.size() > 100);
  CHECK(table("figure_sums") == recomputed());
  CHECK(overlaps_wrong() == 0);
  CHECK(db.sql().execAndGetInt64("SELECT count(*) FROM figure_buckets WHERE \"overlaps\" = 1") > 20);
  for (std::size_t i = 0; i < ids.size(); i += 3) {
    records.edit(record_kind("figure"), std::to_string(ids[i]),
                 {{"value", std::to_string(random() % 1000)}, {"note", i % 2 == 0 ? "ghi chú" : ""}});
  }
  CHECK(table("figure_sums") == recomputed());
  for (std::size_t i = 1; i < ids.size(); i += 4) {
    try {
      records.edit(record_kind("figure"), std::to_string(ids[i]),
                   {{"span_from", "2025-03-01"}, {"span_to", "2025-03-31"}});
    } catch (const campaign::InvalidInput&) {
      // the same key as another figure: refused, nothing changed
    }
  }
  CHECK(table("figure_sums") == recomputed());
  for (std::size_t i = 2; i < ids.size(); i += 5) {
    records.remove(record_kind("figure"), std::to_string(ids[i]));
  }
  CHECK(table("figure_sums") == recomputed());
  CHECK(overlaps_wrong() == 0);
  Statement dirty(db.sql(), "SELECT count(*) FROM figure_sums_dirty");
  dirty.executeStep();
  CHECK(dirty.getColumn(0).getInt64() == 0);
}

TEST_CASE_METHOD(Fixture, "store figure_sums: sums by the request's filters and groups", "[backend]") {
  figure("C", "X1", "AN01", "2021-01-01", "2021-01-31", "10");
  figure("C", "X1", "AN01", "2021-02-01", "2021-02-28", "5", "at_least");
  figure("C", "D2", "AN01", "2021-03-01", "2021-03-31", "7");
  figure("C", "D2", "AN02", "2022-12-01", "2023-01-31", "4"); // crosses a year
  figure("C", "D1", "AN01", "2022-06-01", "2022-06-30", "100");
  figure("K", "D1", "AN01", "2021-06-01", "2021-06-30", "1000"); // another campaign

  SECTION("everything, by indicator") {
    const Json answer = sums({"C", "", "", "", true, {}, {"indicator"}, {}});
    CHECK(answer["grain"] == "year");
    CHECK(answer["columns"][0] == "indicator");
    CHECK(total_of(answer, "AN01") == direct("AN01", "0", "9", "'P','D1','D2','X1'"));
    CHECK(total_of(answer, "AN02") == 4);
    CHECK(answer["partial"] == 0);
  }
  SECTION("a unit and the units below it, a span of whole years, by year") {
    const Json answer = sums({"C", "2021-01-01", "2021-12-31", "D1", true, {"AN01"}, {"indicator", "year"}, {}});
    REQUIRE(answer["rows"].size() == 1);
    const Json& row = answer["rows"][0];
    CHECK(row[1] == "2021");
    CHECK(row[2] == 2);         // figures
    CHECK(row[3] == 15);        // total
    CHECK(row[4] == 10);        // largest
    CHECK(row[5] == Json::array({"exact", "at_least"}));
    CHECK(row[6] == "2021-01-01");
    CHECK(row[7] == "2021-02-28");
    CHECK(answer["partial"] == 0);
  }
  SECTION("the unit alone") {
    const Json answer = sums({"C", "", "", "D1", false, {}, {"unit"}, {}});
    REQUIRE(answer["rows"].size() == 1);
    CHECK(answer["rows"][0][0] == "D1");
    CHECK(answer["rows"][0][2] == 100);
  }
  SECTION("a span that cuts a year uses months, and a figure across its edge is partial") {
    const Json answer = sums({"C", "2021-02-01", "2022-12-31", "", true, {}, {"indicator", "month"}, {}});
    CHECK(answer["grain"] == "month");
    CHECK(total_of(answer, "AN01") == direct("AN01", "2021-02-01", "2022-12-31", "'P','D1','D2','X1'"));
    CHECK(total_of(answer, "AN02") == 0);
    CHECK(answer["partial"] == 1); // the December-January figure
    CHECK(answer["crossing"] == Json::array({Json::array({"AN02", "2022-12", 1})})); // where it is
  }
  SECTION("several spans from one reading: each as if asked alone") {
    const std::vector<std::pair<std::string, std::string>> spans{
      {"2021-01-01", "2021-12-31"}, {"2021-02-01", "2022-12-31"}, {"2022-01-01", ""}};
    const Json answer = sums({"C", "", "", "", true, {}, {"indicator"}, spans});
    CHECK(answer["grain"] == "month"); // the second span cuts a year
    CHECK(answer["columns"][0] == "span");
    CHECK(answer["columns"][1] == "indicator");
    REQUIRE(answer["partial"].size() == 3);
    for (std::size_t i = 0; i < spans.size(); ++i) {
      const Json alone =
        sums({"C", spans[i].first, spans[i].second, "", true, {}, {"indicator", "month"}, {}});
      double total = 0;
      std::int64_t figures = 0;
      for (const Json& row : answer["rows"]) {
        if (row[0] == i) {
          total += row[3].get<double>();
          figures += row[2].get<std::int64_t>();
        }
      }
      double alone_total = 0;
      std::int64_t alone_figures = 0;
      for (const Json& row : alone["rows"]) {
        alone_total += row[3].get<double>();
        alone_figures += row[2].get<std::int64_t>();
      }
      CAPTURE(i);
      CHECK(total == alone_total);
      CHECK(figures == alone_figures);
      CHECK(answer["partial"][i] == alone["partial"]);
    }
    CHECK(answer["partial"][1] == 1); // the December-January figure crosses the second span's end
    CHECK(answer["partial"][2] == 0);
    CHECK(answer["crossing"] == Json::array({Json::array({1, "AN02", 1})}));
  }
  SECTION("spans are refused beside from and to, and when one ends before it starts") {
    CHECK_THROWS_WITH(sums({"C", "2021-01-01", "", "", true, {}, {}, {{"2021-01-01", "2021-12-31"}}}),
                      Catch::Contains("not both"));
    CHECK_THROWS_WITH(sums({"C", "", "", "", true, {}, {}, {{"2021-01-01", "2021-12-31"}, {"2022-05-01", "2022-04-30"}}}),
                      Catch::Contains("spans[1].to: 2022-04-30 is before from 2022-05-01"));
    CHECK_THROWS_WITH(sums({"C", "", "", "", true, {}, {}, {{"2021-13-01", ""}}}), Catch::Contains("spans[0].from"));
  }
  SECTION("the groups with values that are not whole numbers") {
    figure("C", "X1", "AN05", "2021-05-01", "2021-05-31", "0.1");
    figure("C", "X1", "AN05", "2021-06-01", "2021-06-30", "0.2");
    figure("C", "D2", "AN05", "2024-06-01", "2024-06-30", "1.5"); // outside the span
    const Json answer = sums({"C", "2021-01-01", "2021-12-31", "", true, {}, {"unit", "indicator"}, {}});
    CHECK(answer["fractional"] == Json::array({Json::array({"X1", "AN05", 2})}));
    const Json by_year =
      sums({"C", "", "", "", true, {}, {"indicator", "year"}, {{"2021-01-01", "2021-12-31"}, {"", ""}}});
    CHECK(by_year["fractional"] ==
          Json::array({Json::array({"AN05", "2021", 2}), Json::array({"AN05", "2024", 1})})); // never a span
    const Json whole = sums({"C", "2021-01-01", "2021-12-31", "", true, {"AN01"}, {}, {}});
    CHECK(whole["fractional"] == Json::array());
  }
  SECTION("unknown names are refused") {
    CHECK_THROWS_WITH(sums({"C", "", "", "", true, {}, {"colour"}, {}}), Catch::Contains("cannot group by"));
    CHECK_THROWS_WITH(sums({"Z", "", "", "", true, {}, {}, {}}), Catch::Contains("unknown campaign 'Z'"));
    CHECK_THROWS_WITH(sums({"C", "", "", "NOPE", true, {}, {}, {}}), Catch::Contains("unknown unit"));
    CHECK_THROWS_WITH(sums({"C", "", "", "", true, {"AN99X"}, {}, {}}), Catch::Contains("unknown indicator"));
  }
}

TEST_CASE_METHOD(Fixture, "store figure_sums: hundreds of groups, each summed once per span", "[backend]") {
  // 720 monthly figures, 1970-2029, each a group of its own by month: the
  // index of groups grows while it holds them.
  const int months = 720;
  for (int m = 0; m < months; ++m) {
    const std::string month = fmt::format("{:04}-{:02}", 1970 + m / 12, m % 12 + 1);
    figure("K", "X1", "AN01", month + "-01", month + "-28", std::to_string(m));
  }
  const Json answer =
    sums({"K", "", "", "", true, {}, {"month"}, {{"", ""}, {"2000-01-01", "2009-12-31"}}});
  std::map<std::pair<int, std::string>, double> totals;
  for (const Json& row : answer["rows"]) {
    CHECK(row[2] == 1); // one figure per group
    const bool added = totals.emplace(std::make_pair(row[0].get<int>(), row[1].get<std::string>()), row[3]).second;
    CHECK(added);
  }
  CHECK(totals.size() == static_cast<std::size_t>(months + 120));
  CHECK(totals.at({0, "1970-01"}) == 0);
  CHECK(totals.at({0, "2029-12"}) == months - 1);
  CHECK(totals.at({1, "2000-01"}) == 360);
  CHECK(totals.count({1, "1999-12"}) == 0);
  CHECK(answer["partial"] == Json::array({0, 0}));
}

TEST_CASE_METHOD(Fixture, "store figure_sums: figures sharing time are marked overlapping", "[backend]") {
  figure("C", "X1", "AN01", "2021-01-01", "2021-01-31", "10");
  figure("C", "X1", "AN01", "2021-03-01", "2021-03-31", "10");
  Json answer = sums({"C", "", "", "", true, {}, {}, {}});
  CHECK(answer["rows"][0][8] == 0);
  figure("C", "X1", "AN01", "2021-01-01", "2021-03-31", "25"); // covers both
  answer = sums({"C", "", "", "", true, {}, {}, {}});
  CHECK(answer["rows"][0][8].get<int>() > 0);
}

TEST_CASE("store parse_sum_request reads the query API's request") {
  using campaign::store::parse_sum_request;
  const SumRequest request = parse_sum_request(Json::parse(
    R"({"aggregate": "figures", "filters": {"campaign": "C", "from": "2021-01-01", "to": "2021-12-31", "unit": "P",
        "descendants": false, "indicators": ["AN01"]}, "group_by": ["indicator", "month"]})"));
  CHECK(request.campaign == "C");
  CHECK(request.from == "2021-01-01");
  CHECK(request.to == "2021-12-31");
  CHECK(request.unit == "P");
  CHECK_FALSE(request.descendants);
  CHECK(request.indicators == std::vector<std::string>{"AN01"});
  CHECK(request.group_by == std::vector<std::string>{"indicator", "month"});
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "pledges"})")),
                    Catch::Contains("\"aggregate\" must be \"figures\""));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "filters": {"colour": "red"}})")),
                    Catch::Contains("no filter \"colour\""));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "filters": {"indicators": "AN01"}})")),
                    Catch::Contains("array of codes"));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "group_by": "unit"})")),
                    Catch::Contains("array of names"));
  const SumRequest several = parse_sum_request(Json::parse(
    R"({"aggregate": "figures", "filters": {"campaign": "C"}, "spans": [{"from": "2021-01-01", "to": "2021-12-31"}, {"to": "2020-12-31"}]})"));
  CHECK(several.spans == std::vector<std::pair<std::string, std::string>>{{"2021-01-01", "2021-12-31"}, {"", "2020-12-31"}});
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "spans": []})")),
                    Catch::Contains("list of 1 to 64 spans"));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "spans": ["2021"]})")),
                    Catch::Contains("must be an object"));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "spans": [{"form": "2021-01-01"}]})")),
                    Catch::Contains("a span has no \"form\""));
  CHECK_THROWS_WITH(parse_sum_request(Json::parse(R"({"aggregate": "figures", "spans": [{"from": 2021}]})")),
                    Catch::Contains("\"from\" of a span must be a string"));
  CHECK_THROWS_WITH(
    parse_sum_request(Json::parse(R"({"aggregate": "figures", "filters": {"to": "2021-12-31"}, "spans": [{}]})")),
    Catch::Contains("not both"));
}

TEST_CASE_METHOD(Fixture, "store figure_sums: an import keeps the totals of its own figures", "[backend]") {
  // ImportBatch writes figures with the insert trigger standing aside and
  // computes its figures' rows itself; the table must come out as a
  // recomputation from the figures would make it.
  using campaign::store::ImportBatch;
  std::mt19937 random(11);
  const char* units[] = {"P", "D1", "D2", "X1"};
  const char* indicators[] = {"AN01", "AN02", "AN03"};
  const char* qualifiers[] = {"exact", "at_least", "at_most", "about"};
  const char* sources[] = {"", "Báo cáo 1", "Báo cáo 2"};
  struct Row {
    std::string campaign, unit, indicator, from, to, value, qualifier, source, note;
  };
  auto import = [&](const std::vector<Row>& rows) {
    db.write([&] {
      ImportBatch batch(db, "test", "1", {});
      std::uint64_t line = 0;
      for (const Row& row : rows) {
        std::vector<ImportBatch::Field> fields{{"campaign", row.campaign}, {"unit", row.unit},
                                               {"indicator", row.indicator}, {"span_from", row.from},
                                               {"span_to", row.to}, {"value", row.value},
                                               {"qualifier", row.qualifier}, {"source", row.source},
                                               {"note", row.note}};
        batch.add("figure", fields, ++line);
      }
      batch.finish();
    });
  };
  auto random_rows = [&](int count) {
    std::vector<Row> rows;
    std::set<std::string> keys; // one figure per key and import
    while (static_cast<int>(rows.size()) < count) {
      const int year = 2020 + static_cast<int>(random() % 3);
      const int month = 1 + static_cast<int>(random() % 12);
      const int kind = static_cast<int>(random() % 4);
      Row row{random() % 5 == 0 ? "K" : "C", units[random() % 4], indicators[random() % 3],
              fmt::format("{}-{:02}-01", year, month), fmt::format("{}-{:02}-28", year, month),
              std::to_string(random() % 1000), qualifiers[random() % 4], sources[random() % 3],
              random() % 7 == 0 ? "ghi chú" : ""};
      if (kind == 1) {
        row.to = fmt::format("{}-{:02}-28", year, std::min(12, month + 2));
      } else if (kind == 2) {
        row.to = fmt::format("{}-01-31", year + 1);
      }
      if (keys.insert(row.campaign + row.unit + row.indicator + row.from + row.to + row.source).second) {
        rows.push_back(row);
      }
    }
    return rows;
  };
  // How many figures of each import batch share a day with another figure
  // of their unit, indicator and campaign, from the rows and recomputed.
  auto overlapping = [&](const std::string& from) {
    Statement q(db.sql(), "SELECT batch_id, sum(overlapping) FROM " + from +
                                    " WHERE grain = 'month' GROUP BY batch_id ORDER BY batch_id");
    std::map<std::int64_t, std::int64_t> counts;
    while (q.executeStep()) {
      counts[q.getColumn(0).getInt64()] = q.getColumn(1).getInt64();
    }
    return counts;
  };

  figure("C", "X1", "AN01", "2021-01-01", "2021-01-31", "10"); // written by hand: the trigger's row
  std::vector<Row> first = random_rows(300);
  import(first);
  CHECK(table("figure_sums") == recomputed());
  db.sql().exec("CREATE TEMP TABLE expected_overlaps AS SELECT grain, ifnull(batch_id, 0) AS batch_id, "
                "sum(\"overlaps\") AS overlapping FROM figure_buckets GROUP BY 1, 2");
  const auto counted = overlapping("figure_sums");
  const auto expected = overlapping("expected_overlaps");
  REQUIRE(counted.size() == 2);
  CHECK(counted.at(1) == expected.at(1));
  CHECK(counted.at(1) > 20); // the random spans do share days

  SECTION("a second import revises some figures, adds others, leaves the rest") {
    std::vector<Row> second = random_rows(100);
    for (std::size_t i = 0; i < first.size(); i += 6) {
      Row revised = first[i];
      revised.value = std::to_string(std::stoi(revised.value) + 1);
      if (std::none_of(second.begin(), second.end(), [&](const Row& r) {
            return r.campaign + r.unit + r.indicator + r.from + r.to + r.source ==
                   revised.campaign + revised.unit + revised.indicator + revised.from + revised.to +
                     revised.source;
          })) {
        second.push_back(revised);
      }
    }
    import(second);
    CHECK(table("figure_sums") == recomputed());
  }
  SECTION("figures written outside an import still go through the trigger") {
    {
      Statement paused(db.sql(), "SELECT count(*) FROM figure_sums_paused");
      paused.executeStep();
      CHECK(paused.getColumn(0).getInt64() == 0);
    }
    figure("C", "D2", "AN02", "2024-05-01", "2024-05-31", "3");
    CHECK(table("figure_sums") == recomputed());
  }
  SECTION("an import that fails leaves the table as it was") {
    const std::string before = table("figure_sums");
    std::vector<Row> rows = random_rows(50);
    rows.push_back(rows.front()); // the same key twice: the import is refused
    CHECK_THROWS_AS(import(rows), campaign::InvalidInput);
    CHECK(table("figure_sums") == before);
  }
}
