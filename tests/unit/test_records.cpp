#include "db_dump.hpp"
#include "test_backend.hpp"
#include "store/catalogue.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

using campaign::store::Database;
using campaign::store::RawValues;
using campaign::store::record_kind;
using campaign::store::Records;

namespace {

// Every row of every table, as text: equal dumps mean an unchanged database.
std::string dump(Database& db) {
  return campaign::test::dump_database(db);
}

struct Fixture {
  Database db{campaign::test::test_database(), Database::Mode::create};
  Records records{db};

  Fixture() {
    campaign::store::load_indicator_catalogue(db, campaign::util::data_dir() / "indicators.json");
    add("unit", {{"code", "ST"}, {"name", "Tỉnh Sóc Trăng"}, {"kind", "province"}, {"valid_to", "2025-06-30"}});
    add("unit", {{"code", "ST-KS"}, {"name", "Huyện Kế Sách"}, {"kind", "district"}, {"parent", "ST"}});
    add("campaign", {{"code", "ANTQ"}, {"name", "Phong trào"}, {"start_date", "2018-01-01"},
                     {"end_date", "2025-12-31"}, {"organisers", "ST"}});
    add("period", {{"campaign", "ANTQ"}, {"name", "2018-2023"}, {"start_date", "2018-01-01"},
                   {"end_date", "2023-08-11"}});
  }

  std::int64_t add(std::string_view kind, RawValues values) { return records.add(record_kind(kind), values); }

  RawValues tips() {
    return {{"campaign", "ANTQ"}, {"unit", "ST"},   {"indicator", "AN01"},
            {"period", "2018-2023"}, {"value", "7296"}, {"qualifier", "at_least"}};
  }
};

} // namespace

TEST_CASE_METHOD(Fixture, "store::Records add and show", "[backend]") {
  SECTION("a figure's period becomes its span, and its qualifier is kept") {
    const auto id = add("figure", tips());
    const auto figure = records.show(record_kind("figure"), std::to_string(id));
    CHECK(std::get<std::string>(*figure.get("span_from")) == "2018-01-01");
    CHECK(std::get<std::string>(*figure.get("span_to")) == "2023-08-11");
    CHECK(std::get<double>(*figure.get("value")) == 7296.0);
    CHECK(std::get<std::string>(*figure.get("qualifier")) == "at_least");
  }

  SECTION("a subset figure links to its parent") {
    const auto parent = add("figure", tips());
    RawValues valuable = tips();
    valuable["indicator"] = "AN02";
    valuable["value"] = "2677";
    valuable["parent"] = std::to_string(parent);
    const auto id = add("figure", valuable);
    CHECK(std::get<std::int64_t>(*records.show(record_kind("figure"), std::to_string(id)).get("parent")) ==
          parent);
  }

  SECTION("units list their organisers and parents by code") {
    const auto campaign = records.show(record_kind("campaign"), "ANTQ");
    CHECK(std::get<std::vector<std::string>>(*campaign.get("organisers")) == std::vector<std::string>{"ST"});
    const auto district = records.show(record_kind("unit"), "ST-KS");
    CHECK(std::get<std::string>(*district.get("parent")) == "ST");
  }

  SECTION("periods are found by name within their campaign") {
    const auto period = records.show(record_kind("period"), "2018-2023", {{"campaign", "ANTQ"}});
    CHECK(std::get<std::string>(*period.get("end_date")) == "2023-08-11");
  }
}

TEST_CASE_METHOD(Fixture, "store::Records refuses bad input and leaves the database unchanged", "[backend]") {
  const std::string before = dump(db);
  auto refused = [&](std::string_view kind, RawValues values, const std::string& words) {
    REQUIRE_THROWS_WITH(add(kind, values), Catch::Contains(words));
    CHECK(dump(db) == before);
  };

  SECTION("a duplicate code") {
    refused("unit", {{"code", "ST"}, {"name", "x"}, {"kind", "province"}}, "unit 'ST' already exists");
  }
  SECTION("an unknown code, with a suggestion") {
    RawValues values = tips();
    values["unit"] = "SX";
    refused("figure", values, "did you mean 'ST'");
  }
  SECTION("a date that does not exist") {
    RawValues values = tips();
    values.erase("period");
    values["span_from"] = "2023-02-30";
    values["span_to"] = "2023-03-01";
    refused("figure", values, "February 2023 has 28 days");
  }
  SECTION("a span that ends before it starts") {
    RawValues values = tips();
    values.erase("period");
    values["span_from"] = "2023-05-01";
    values["span_to"] = "2023-01-01";
    refused("figure", values, "is after");
  }
  SECTION("a negative count") {
    RawValues values = tips();
    values["value"] = "-5";
    refused("figure", values, "negative");
  }
  SECTION("a fractional count") {
    RawValues values = tips();
    values["value"] = "12.5";
    refused("figure", values, "whole number");
  }
  SECTION("a figure outside its unit's validity") {
    RawValues values = tips();
    values["period"] = "2025";
    refused("figure", values, "exists (open)..2025-06-30");
  }
  SECTION("an ambiguous number") {
    RawValues values = tips();
    values["value"] = "7.296";
    refused("figure", values, "ambiguous");
  }
  SECTION("invalid UTF-8") {
    refused("unit", {{"code", "X"}, {"name", std::string("S\xC3\x28")}, {"kind", "province"}}, "invalid UTF-8");
  }
  SECTION("an exact subset above its exact parent") {
    RawValues parent = tips();
    parent["qualifier"] = "exact";
    const auto id = add("figure", parent);
    const std::string with_parent = dump(db);
    RawValues child = parent;
    child["indicator"] = "AN02";
    child["value"] = "8000";
    child["parent"] = std::to_string(id);
    REQUIRE_THROWS_WITH(add("figure", child), Catch::Contains("more than its parent"));
    CHECK(dump(db) == with_parent);
  }
  SECTION("a parent figure of an unrelated indicator") {
    const auto id = add("figure", tips());
    RawValues child = tips();
    child["indicator"] = "AN03";
    child["value"] = "3";
    child["parent"] = std::to_string(id);
    REQUIRE_THROWS_WITH(add("figure", child), Catch::Contains("not the parent of AN03"));
  }
  SECTION("a missing required field") {
    REQUIRE_THROWS_AS(add("unit", {{"code", "X"}, {"kind", "province"}}), campaign::UsageError);
    CHECK(dump(db) == before);
  }
  SECTION("a period outside its campaign") {
    refused("period", {{"campaign", "ANTQ"}, {"name", "x"}, {"start_date", "2017-01-01"}, {"end_date", "2018-12-31"}},
            "outside campaign");
  }
  SECTION("a unit that would be its own ancestor") {
    REQUIRE_THROWS_WITH(records.edit(record_kind("unit"), "ST", {{"parent", "ST-KS"}}),
                        Catch::Contains("its own ancestor"));
    CHECK(dump(db) == before);
  }
  SECTION("a pledge signed by a unit that no longer exists") {
    add("period", {{"campaign", "ANTQ"}, {"name", "2023-2025"}, {"start_date", "2023-01-01"},
                   {"end_date", "2025-12-31"}});
    const std::string with_period = dump(db);
    REQUIRE_THROWS_WITH(add("pledge", {{"campaign", "ANTQ"}, {"period", "2023-2025"}, {"signatory", "ST"},
                                       {"signed_on", "2025-08-01"}}),
                        Catch::Contains("not on the signing date"));
    CHECK(dump(db) == with_period);
  }
  SECTION("a target with negative points or an unknown comparator") {
    refused("award", {{"campaign", "ANTQ"}, {"recipient_kind", "collective"}, {"form", "Bằng khen"},
                      {"issuer", "UBND"}},
            "needs a recipient");
  }
}

TEST_CASE_METHOD(Fixture, "store::Records edit, list and remove", "[backend]") {
  const auto id = add("figure", tips());
  const auto& figure = record_kind("figure");

  SECTION("edit changes only the named fields and re-checks the rules") {
    records.edit(figure, std::to_string(id), {{"value", "7300"}, {"qualifier", "exact"}});
    const auto changed = records.show(figure, std::to_string(id));
    CHECK(std::get<double>(*changed.get("value")) == 7300.0);
    CHECK(std::get<std::string>(*changed.get("unit")) == "ST");
    REQUIRE_THROWS_WITH(records.edit(figure, std::to_string(id), {{"value", "-1"}}), Catch::Contains("negative"));
    CHECK(std::get<double>(*records.show(figure, std::to_string(id)).get("value")) == 7300.0);
  }

  SECTION("edit clears an optional field with an empty value") {
    records.edit(record_kind("unit"), "ST-KS", {{"parent", ""}});
    CHECK(std::holds_alternative<std::monostate>(*records.show(record_kind("unit"), "ST-KS").get("parent")));
  }

  SECTION("list filters by code and by period") {
    CHECK(records.list(figure, {{"unit", "ST"}}).size() == 1);
    CHECK(records.list(figure, {{"unit", "ST-KS"}}).empty());
    CHECK(records.list(figure, {{"campaign", "ANTQ"}, {"period", "2018-2023"}}).size() == 1);
    CHECK(records.list(figure, {{"period", "2019"}}).empty());
    REQUIRE_THROWS_AS(records.list(figure, {{"value", "1"}}), campaign::UsageError);
  }

  SECTION("remove is refused while others refer to the record") {
    REQUIRE_THROWS_WITH(records.remove(record_kind("unit"), "ST"), Catch::Contains("other records refer to it"));
    records.remove(figure, std::to_string(id));
    CHECK(records.list(figure).empty());
  }
}
