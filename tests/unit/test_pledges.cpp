#include "db_dump.hpp"
#include "test_backend.hpp"
#include "store/pledges.hpp"

#include "domain/date.hpp"
#include "plugin/calls.hpp"
#include "domain/scoring.hpp"
#include "store/catalogue.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "store/pledge_json.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <SQLiteCpp/Statement.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <unistd.h>

using campaign::domain::Grade;
using campaign::domain::parse_date;
using campaign::domain::Qualifier;
using campaign::domain::TargetStatus;
using campaign::store::Database;
using campaign::store::PledgeEvaluation;
using campaign::store::Pledges;
using campaign::store::RawValues;
using campaign::store::record_kind;
using campaign::store::Records;

namespace {

// Every row of every table, as text: equal dumps mean an unchanged database.
std::string dump(Database& db) {
  return campaign::test::dump_database(db);
}

// A small campaign: five districts sign pledges for 2024-2025 with the same
// three targets (AN01 >= 100 for 50 points in proportion, AN16 <= 20 for 30
// points all or nothing, a qualitative criterion for 20 points). D4 ceases on
// 2025-06-30 and merges into N; C1 is a commune of D1.
struct Fixture {
  Database db{campaign::test::test_database(), Database::Mode::create};
  Records records{db};
  Pledges pledges{db};
  std::map<std::string, std::int64_t> pledge_of;
  std::map<std::string, std::map<std::string, std::int64_t>> target_of;

  std::int64_t add(std::string_view kind, RawValues values) { return records.add(record_kind(kind), values); }

  void unit(const std::string& code, const std::string& kind, const std::string& parent,
            const std::string& from = "", const std::string& to = "") {
    RawValues values{{"code", code}, {"name", "Đơn vị " + code}, {"kind", kind}};
    if (!parent.empty()) {
      values["parent"] = parent;
    }
    if (!from.empty()) {
      values["valid_from"] = from;
    }
    if (!to.empty()) {
      values["valid_to"] = to;
    }
    add("unit", values);
  }

  void figure(const std::string& unit, const std::string& indicator, const std::string& from,
              const std::string& to, const std::string& value, const std::string& qualifier = "exact") {
    add("figure", {{"campaign", "K"},
                   {"unit", unit},
                   {"indicator", indicator},
                   {"span_from", from},
                   {"span_to", to},
                   {"value", value},
                   {"qualifier", qualifier}});
  }

  Fixture() {
    campaign::store::load_indicator_catalogue(db, campaign::util::data_dir() / "indicators.json");
    unit("P", "province", "", "2000-01-01");
    for (const char* district : {"D1", "D2", "D3", "D5"}) {
      unit(district, "district", "P");
    }
    unit("D4", "district", "P", "", "2025-06-30");
    unit("N", "district", "P", "2025-07-01");
    unit("C1", "commune", "D1");
    add("lineage", {{"kind", "merge"}, {"date", "2025-07-01"}, {"predecessors", "D4"}, {"successors", "N"}});
    add("campaign",
        {{"code", "K"}, {"name", "Phong trào"}, {"start_date", "2023-01-01"}, {"end_date", "2026-12-31"}});
    add("period",
        {{"campaign", "K"}, {"name", "2024-2025"}, {"start_date", "2024-01-01"}, {"end_date", "2025-12-31"}});
    add("campaign", {{"code", "K2"}, {"name", "Phong trào khác"}});
    add(
      "period",
      {{"campaign", "K2"}, {"name", "2024-2025"}, {"start_date", "2024-01-01"}, {"end_date", "2025-12-31"}});
    const std::map<std::string, std::string> assessed = {
      {"D1", "yes"}, {"D2", "yes"}, {"D3", "no"}, {"D4", "yes"}};
    for (const char* district : {"D1", "D2", "D3", "D4", "D5"}) {
      const auto id = add("pledge", {{"campaign", "K"},
                                     {"period", "2024-2025"},
                                     {"signatory", district},
                                     {"counterpart", "P"},
                                     {"signed_on", "2024-01-15"}});
      pledge_of[district] = id;
      const std::string pledge = std::to_string(id);
      target_of[district]["AN01"] = add("target", {{"pledge", pledge},
                                                   {"indicator", "AN01"},
                                                   {"comparator", ">="},
                                                   {"target", "100"},
                                                   {"max_points", "50"},
                                                   {"scoring", "proportional"}});
      target_of[district]["AN16"] = add("target", {{"pledge", pledge},
                                                   {"indicator", "AN16"},
                                                   {"comparator", "<="},
                                                   {"target", "20"},
                                                   {"max_points", "30"}});
      RawValues quality{{"pledge", pledge},
                        {"kind", "qualitative"},
                        {"criterion", "Không có điểm nóng về ANTT"},
                        {"max_points", "20"}};
      if (auto it = assessed.find(district); it != assessed.end()) {
        quality["met"] = it->second;
        quality["assessor"] = "Công an tỉnh";
        quality["assessed_on"] = "2025-12-20";
      }
      target_of[district]["Q"] = add("target", quality);
    }
    figure("D1", "AN01", "2024-01-01", "2024-12-31", "60");
    figure("C1", "AN01", "2024-01-01", "2024-03-31", "10"); // inside D1's 2024 figure: left out
    figure("C1", "AN01", "2025-01-01", "2025-12-31", "50");
    figure("D1", "AN16", "2024-01-01", "2024-12-31", "10");
    figure("D1", "AN16", "2025-01-01", "2025-12-31", "8");
    figure("D2", "AN01", "2024-01-01", "2024-12-31", "70");
    figure("D2", "AN01", "2025-01-01", "2025-12-31", "30");
    figure("D2", "AN01", "2023-07-01", "2024-06-30", "99"); // only partly inside the period
    figure("D2", "AN16", "2024-01-01", "2024-12-31", "12");
    figure("D2", "AN16", "2025-01-01", "2025-12-31", "10");
    figure("D3", "AN01", "2024-01-01", "2024-12-31", "40");
    figure("D3", "AN01", "2025-01-01", "2025-12-31", "35", "at_least");
    figure("D3", "AN16", "2024-01-01", "2024-12-31", "8");
    figure("D3", "AN16", "2025-01-01", "2025-12-31", "7");
    figure("D4", "AN01", "2024-01-01", "2024-12-31", "60");
    figure("D4", "AN01", "2025-01-01", "2025-06-30", "20");
    figure("D4", "AN16", "2024-01-01", "2024-12-31", "6");
    figure("D4", "AN16", "2025-01-01", "2025-06-30", "4");
    figure("N", "AN01", "2025-07-01", "2025-12-31", "30");
    figure("N", "AN16", "2025-07-01", "2025-12-31", "12");
    figure("D5", "AN01", "2024-01-01", "2024-12-31", "50");
    figure("D5", "AN01", "2025-01-01", "2025-12-31", "30");
    figure("D5", "AN16", "2024-01-01", "2024-12-31", "5");
    figure("D5", "AN16", "2025-01-01", "2025-12-31", "5");
  }

  PledgeEvaluation evaluate(const std::string& district, const char* as_of) {
    return pledges.evaluate(std::to_string(pledge_of.at(district)), parse_date(as_of));
  }
};

const campaign::store::TargetEvaluation& target(const PledgeEvaluation& e, std::int64_t id) {
  for (const auto& t : e.targets) {
    if (t.id == id) {
      return t;
    }
  }
  FAIL("no target " << id);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE_METHOD(Fixture, "store::Pledges evaluates each pledge's actuals, statuses and points at the end", "[backend]") {
  SECTION("D1: the commune's figures count, its quarter inside D1's year is left out") {
    const auto e = evaluate("D1", "2026-01-15");
    CHECK(e.ended);
    CHECK(e.elapsed_share == 1.0);
    const auto& tips = target(e, target_of["D1"]["AN01"]);
    REQUIRE(tips.actual);
    CHECK(tips.actual->value == 110);
    CHECK(tips.actual->qualifier == Qualifier::exact);
    CHECK(tips.figures.size() == 2);
    REQUIRE(tips.left_out.size() == 1);
    CHECK(tips.left_out[0].unit == "C1");
    CHECK(tips.status == TargetStatus::met);
    CHECK(tips.computed_points == 50);
    const auto& cases = target(e, target_of["D1"]["AN16"]);
    CHECK(cases.actual->value == 18);
    CHECK(cases.status == TargetStatus::met);
    CHECK(cases.computed_points == 30);
    const auto& quality = target(e, target_of["D1"]["Q"]);
    CHECK(quality.status == TargetStatus::met);
    CHECK(quality.computed_points == 20);
    CHECK(e.max_total == 100);
    CHECK(e.score == 100);
    CHECK(e.percent == 100);
    CHECK(e.grade == Grade::excellent);
    CHECK(e.targets_met == 3);
    CHECK(e.provisional); // no awarded points yet
  }
  SECTION("D2: a '<=' target exceeded, a figure only partly inside the period not counted") {
    const auto e = evaluate("D2", "2026-01-15");
    const auto& tips = target(e, target_of["D2"]["AN01"]);
    CHECK(tips.actual->value == 100);
    CHECK(tips.partly_inside == 1);
    CHECK(tips.status == TargetStatus::met);
    const auto& cases = target(e, target_of["D2"]["AN16"]);
    CHECK(cases.actual->value == 22);
    CHECK(cases.status == TargetStatus::not_met);
    CHECK(cases.computed_points == 0);
    CHECK(cases.share == Approx(20.0 / 22.0));
    CHECK(e.score == 70);
    CHECK(e.grade == Grade::good);
  }
  SECTION("D3: a lower bound below the target cannot tell; proportional points from the value") {
    const auto e = evaluate("D3", "2026-01-15");
    const auto& tips = target(e, target_of["D3"]["AN01"]);
    CHECK(tips.actual->value == 75);
    CHECK(tips.actual->qualifier == Qualifier::at_least);
    CHECK(tips.status == TargetStatus::cannot_tell);
    CHECK_FALSE(tips.met);
    CHECK(tips.share == Approx(0.75));
    CHECK(tips.computed_points == 37.5);
    CHECK(target(e, target_of["D3"]["Q"]).status == TargetStatus::not_met);
    CHECK(e.score == 67.5);
    CHECK(e.percent == 67.5);
    CHECK(e.grade == Grade::average);
  }
  SECTION("D5: a qualitative target nobody assessed scores nothing") {
    const auto e = evaluate("D5", "2026-01-15");
    CHECK(target(e, target_of["D5"]["Q"]).status == TargetStatus::not_assessed);
    CHECK(target(e, target_of["D5"]["AN01"]).status == TargetStatus::not_met);
    CHECK(target(e, target_of["D5"]["AN01"]).computed_points == 40);
    CHECK(e.score == 70);
  }
}

TEST_CASE_METHOD(Fixture, "store::Pledges: a pledge on track or behind at a given day", "[backend]") {
  SECTION("as of 2024-12-31, 366 of 731 days have elapsed") {
    const auto d1 = evaluate("D1", "2024-12-31");
    CHECK_FALSE(d1.ended);
    CHECK(d1.elapsed_share == Approx(366.0 / 731.0));
    // Only the 2024 figure of D1 counts (the commune's 2025 figure lies after the day).
    CHECK(target(d1, target_of["D1"]["AN01"]).actual->value == 60);
    CHECK(target(d1, target_of["D1"]["AN01"]).status == TargetStatus::on_track);
    // 10 cases of an allowance of 20 * 366 / 731 = 10.01.
    CHECK(target(d1, target_of["D1"]["AN16"]).status == TargetStatus::on_track);
    const auto d2 = evaluate("D2", "2024-12-31");
    CHECK(target(d2, target_of["D2"]["AN01"]).status == TargetStatus::on_track);
    CHECK(target(d2, target_of["D2"]["AN16"]).status == TargetStatus::behind);
    CHECK(target(evaluate("D3", "2024-12-31"), target_of["D3"]["AN01"]).status == TargetStatus::behind);
    // 50% attained against 50.07% elapsed is behind.
    CHECK(target(evaluate("D5", "2024-12-31"), target_of["D5"]["AN01"]).status == TargetStatus::behind);
  }
  SECTION("as of 2024-06-30 only spans that have ended count") {
    // D1's 2024 figure is not over yet, so the commune's first quarter counts on its own.
    const auto d1 = evaluate("D1", "2024-06-30");
    const auto& tips = target(d1, target_of["D1"]["AN01"]);
    CHECK(tips.actual->value == 10);
    CHECK(tips.left_out.empty());
    CHECK(tips.partly_inside == 1);
    CHECK(tips.status == TargetStatus::behind);
    CHECK(d1.provisional);
    // D2 has no figure whose span ended inside the period yet: it cannot tell.
    const auto d2 = evaluate("D2", "2024-06-30");
    CHECK_FALSE(target(d2, target_of["D2"]["AN01"]).actual);
    CHECK(target(d2, target_of["D2"]["AN01"]).status == TargetStatus::cannot_tell);
    CHECK(target(d2, target_of["D2"]["AN01"]).partly_inside == 2);
  }
}

TEST_CASE_METHOD(Fixture, "store::Pledges: a pledge whose signatory ceased", "[backend]") {
  SECTION("without a transfer: evaluated up to its last day, against the share of the period elapsed then") {
    const auto e = evaluate("D4", "2026-01-15");
    REQUIRE(e.ceased_on);
    CHECK(*e.ceased_on == "2025-06-30");
    CHECK(e.closed_early);
    CHECK_FALSE(e.ended);
    CHECK(e.evaluated_to == parse_date("2025-06-30"));
    CHECK(e.elapsed_share == Approx(547.0 / 731.0));
    CHECK(e.lineage_successors == std::vector<std::string>{"N"});
    const auto& tips = target(e, target_of["D4"]["AN01"]);
    CHECK(tips.actual->value == 80);
    CHECK(tips.status == TargetStatus::on_track);
    CHECK(tips.computed_points == 40);
    CHECK(target(e, target_of["D4"]["AN16"]).status == TargetStatus::on_track);
    CHECK(e.score == 90);
    CHECK(e.grade == Grade::excellent);
    CHECK(e.quantitative_met == 1);
  }
  SECTION("transferred to the successor the lineage names: its figures count from the transfer") {
    const auto before = dump(db);
    const auto transfer = pledges.transfer(std::to_string(pledge_of["D4"]), std::nullopt, std::nullopt);
    CHECK(transfer.successor == "N");
    CHECK(transfer.transferred_on == "2025-07-01");
    CHECK(dump(db) != before);
    const auto e = evaluate("D4", "2026-01-15");
    CHECK(e.successor == std::optional<std::string>("N"));
    CHECK_FALSE(e.closed_early);
    CHECK(e.ended);
    const auto& tips = target(e, target_of["D4"]["AN01"]);
    CHECK(tips.actual->value == 110);
    CHECK(tips.status == TargetStatus::met);
    const auto& cases = target(e, target_of["D4"]["AN16"]);
    CHECK(cases.actual->value == 22);
    CHECK(cases.status == TargetStatus::not_met);
    CHECK(e.score == 70);
  }
}

TEST_CASE_METHOD(Fixture, "store::Pledges ranks pledge signatories with grades, ties and proposals", "[backend]") {
  SECTION("equal totals share a rank and the next is skipped") {
    const auto ranking = pledges.rank("K", std::nullopt, parse_date("2026-01-15"));
    CHECK(ranking.period == "2024-2025");
    REQUIRE(ranking.entries.size() == 5);
    std::vector<std::pair<std::string, int>> places;
    for (const auto& entry : ranking.entries) {
      places.emplace_back(entry.pledge.signatory, entry.rank);
    }
    CHECK(places ==
          std::vector<std::pair<std::string, int>>{{"D1", 1}, {"D4", 2}, {"D2", 3}, {"D5", 3}, {"D3", 5}});
    CHECK(ranking.entries[2].tied_with == std::vector<std::string>{"D5"});
    CHECK(ranking.entries[3].tied_with == std::vector<std::string>{"D2"});
    CHECK_FALSE(ranking.entries[2].tie_broken);
    // Proposed: Xuất sắc with every quantitative target met; D4 is Xuất sắc but short on AN01.
    CHECK(ranking.entries[0].proposed);
    CHECK(ranking.entries[0].pledge.grade == Grade::excellent);
    CHECK(ranking.entries[1].pledge.grade == Grade::excellent);
    CHECK_FALSE(ranking.entries[1].proposed);
    CHECK_FALSE(ranking.entries[2].proposed);
  }
  SECTION("a tie-break of the campaign's rules orders equal scores") {
    pledges.set_rules("K", {{"tie_break", "targets_met"}}, std::nullopt);
    const auto ranking = pledges.rank("K", std::string("2024-2025"), parse_date("2026-01-15"));
    CHECK(ranking.entries[2].pledge.signatory == "D2");
    CHECK(ranking.entries[2].rank == 3);
    CHECK(ranking.entries[3].pledge.signatory == "D5");
    CHECK(ranking.entries[3].rank == 4);
    CHECK(ranking.entries[2].tie_broken);
    CHECK(ranking.entries[3].tied_with.empty());
  }
  SECTION("awarded points replace computed ones; other thresholds change grades and proposals") {
    pledges.score(std::to_string(pledge_of["D4"]), "AN01", {{"awarded_points", "50"}, {"self_points", "50"}},
                  std::nullopt);
    pledges.set_rules("K", {{"excellent", "95"}, {"award_requires", "none"}}, std::nullopt);
    const auto ranking = pledges.rank("K", std::nullopt, parse_date("2026-01-15"));
    const auto& d4 = ranking.entries[0].pledge.signatory == "D4" ? ranking.entries[0] : ranking.entries[1];
    CHECK(d4.pledge.score == 100);
    CHECK(d4.pledge.computed_total == 90);
    CHECK(d4.pledge.awarded_count == 1);
    CHECK(d4.pledge.self_total == 50);
    CHECK(d4.rank == 1);
    CHECK(d4.proposed);
    CHECK(ranking.entries[0].rank == 1);
    CHECK(ranking.entries[1].rank == 1);
    CHECK(ranking.entries[2].pledge.grade == Grade::good);
  }
  SECTION("accepting the computed points fills the awarded column") {
    const int set = pledges.accept_computed(std::to_string(pledge_of["D3"]), parse_date("2026-01-15"));
    CHECK(set == 3);
    const auto e = evaluate("D3", "2026-01-15");
    CHECK(e.awarded_count == 3);
    CHECK(e.awarded_total == 67.5);
    CHECK(target(e, target_of["D3"]["AN01"]).awarded_points == 37.5);
    CHECK_FALSE(e.provisional);
  }
  SECTION("a proposal becomes an award once") {
    const auto id =
      pledges.award(std::to_string(pledge_of["D1"]), {"Bằng khen", "UBND tỉnh", "12/QĐ", "2026-01-20"},
                    parse_date("2026-01-15"));
    const auto award = records.get(record_kind("award"), id);
    CHECK(std::get<std::string>(*award.get("recipient_unit")) == "D1");
    CHECK(std::get<std::string>(*award.get("period")) == "2024-2025");
    CHECK(std::get<std::string>(*award.get("reason")) ==
          "Giao ước thi đua giai đoạn 2024-2025 (giao ước 1): 100/100 điểm, xếp loại Xuất sắc, hạng 1/5");
    const auto before = dump(db);
    REQUIRE_THROWS_WITH(pledges.award(std::to_string(pledge_of["D1"]), {"Bằng khen", "UBND tỉnh", {}, {}},
                                      parse_date("2026-01-15")),
                        Catch::Contains("already has award"));
    CHECK(dump(db) == before);
  }
}

TEST_CASE_METHOD(Fixture, "store::Pledges refuses bad pledge input and leaves the database unchanged", "[backend]") {
  const std::string before = dump(db);
  auto refused = [&](const std::function<void()>& work, const std::string& words) {
    REQUIRE_THROWS_WITH(work(), Catch::Contains(words));
    CHECK(dump(db) == before);
  };
  const std::string d1 = std::to_string(pledge_of["D1"]);

  SECTION("a target on an unknown indicator") {
    refused(
      [&] {
        add("target", {{"pledge", d1}, {"indicator", "AN99"}, {"comparator", ">="}, {"target", "5"}});
      },
      "unknown indicator 'AN99'");
  }
  SECTION("a comparator outside >=, <=, =") {
    refused(
      [&] {
        add("target", {{"pledge", d1}, {"indicator", "AN01"}, {"comparator", ">"}, {"target", "5"}});
      },
      "'>' is not one of >=, <=, =");
  }
  SECTION("max points below zero") {
    refused(
      [&] {
        add("target", {{"pledge", d1},
                       {"indicator", "AN01"},
                       {"comparator", ">="},
                       {"target", "5"},
                       {"max_points", "-1"}});
      },
      "max_points: -1 is below zero");
  }
  SECTION("awarded points above the maximum, on add and on score") {
    refused(
      [&] {
        add("target", {{"pledge", d1},
                       {"indicator", "AN01"},
                       {"comparator", ">="},
                       {"target", "5"},
                       {"max_points", "10"},
                       {"awarded_points", "12"}});
      },
      "awarded_points: 12 is above the maximum of 10 points");
    refused(
      [&] {
        pledges.score(d1, "AN01", {{"awarded_points", "60"}}, std::nullopt);
      },
      "awarded_points: 60 is above the maximum of 50 points");
    refused([&] { pledges.score(d1, "AN16", {{"self_points", "-2"}}, std::nullopt); }, "below zero");
  }
  SECTION("points without a maximum") {
    refused(
      [&] {
        add("target", {{"pledge", d1},
                       {"indicator", "AN01"},
                       {"comparator", ">="},
                       {"target", "5"},
                       {"self_points", "3"}});
      },
      "no max_points");
  }
  SECTION("a pledge period outside its campaign") {
    refused(
      [&] {
        records.edit(record_kind("pledge"), d1, {{"campaign", "K2"}});
      },
      "period 2024-2025 belongs to campaign K, not to K2");
    refused(
      [&] {
        add("pledge", {{"campaign", "K"}, {"period", "2018-2023"}, {"signatory", "D1"}});
      },
      "unknown period '2018-2023'");
  }
  SECTION("a pledge signed by a unit not valid on the signing date, or not during the period") {
    refused(
      [&] {
        add("pledge",
            {{"campaign", "K"}, {"period", "2024-2025"}, {"signatory", "N"}, {"signed_on", "2024-01-15"}});
      },
      "signatory: unit N exists 2025-07-01..(open), not on the signing date 2024-01-15");
    add("period",
        {{"campaign", "K"}, {"name", "2024"}, {"start_date", "2024-01-01"}, {"end_date", "2024-12-31"}});
    const std::string with_period = dump(db);
    REQUIRE_THROWS_WITH(add("pledge", {{"campaign", "K"}, {"period", "2024"}, {"signatory", "N"}}),
                        Catch::Contains("not during period 2024"));
    CHECK(dump(db) == with_period);
  }
  SECTION("a transfer the lineage cannot back, or to a unit not there yet") {
    refused([&] { pledges.transfer(d1, std::nullopt, std::nullopt); }, "no lineage event names D1");
    refused(
      [&] { pledges.transfer(std::to_string(pledge_of["D4"]), std::string("N"), std::string("2025-03-01")); },
      "successor: unit N exists 2025-07-01..(open), not on the transfer date 2025-03-01");
    refused(
      [&] {
        pledges.transfer(std::to_string(pledge_of["D4"]), std::string("D4"), std::string("2025-07-01"));
      },
      "the signatory itself");
  }
  SECTION("a qualitative target with an indicator, in proportion, or assessed by nobody") {
    refused(
      [&] {
        add("target", {{"pledge", d1}, {"kind", "qualitative"}, {"criterion", "x"}, {"indicator", "AN01"}});
      },
      "a qualitative target has no indicator");
    refused(
      [&] {
        add("target",
            {{"pledge", d1}, {"kind", "qualitative"}, {"criterion", "x"}, {"scoring", "proportional"}});
      },
      "scored all_or_nothing");
    REQUIRE_THROWS_AS(
      add("target", {{"pledge", d1}, {"kind", "qualitative"}, {"criterion", "x"}, {"met", "yes"}}),
      campaign::UsageError);
    CHECK(dump(db) == before);
    refused([&] { pledges.score(d1, "AN01", {{"met", "yes"}}, std::nullopt); }, "only a qualitative target");
  }
  SECTION("a score for a target of another pledge or an indicator without a target") {
    refused(
      [&] {
        pledges.score(d1, std::to_string(target_of["D2"]["AN01"]), {{"self_points", "1"}}, std::nullopt);
      },
      "belongs to pledge");
    refused(
      [&] {
        pledges.score(d1, "AN02", {{"self_points", "1"}}, std::nullopt);
      },
      "pledge 1 has no target on indicator 'AN02'");
  }
  SECTION("grade thresholds out of order") {
    refused(
      [&] {
        pledges.set_rules("K", {{"excellent", "60"}}, std::nullopt);
      },
      "average < good < excellent");
    refused(
      [&] {
        pledges.set_rules("K", {{"tie_break", "coin"}}, std::nullopt);
      },
      "tie_break: unknown tie-break");
  }
  SECTION("an award for a pledge that is not proposed") {
    refused(
      [&] {
        pledges.award(std::to_string(pledge_of["D2"]), {"Bằng khen", "UBND tỉnh", {}, {}},
                      parse_date("2026-01-15"));
      },
      "is not proposed for an award");
  }
}

TEST_CASE_METHOD(Fixture, "the query API's pledge score and rank answers are the pledge commands' JSON", "[backend]") {
  campaign::plugin::QueryApi query(db);
  using Json = nlohmann::ordered_json;
  SECTION("score: every sheet of the filter, each as pledge_json") {
    const Json answer = Json::parse(query.answer(
      R"({"score": "pledge", "filters": {"campaign": "K", "period": "2024-2025"}, "as_of": "2026-01-15"})"));
    CHECK(answer["campaign"] == "K");
    CHECK(answer["as_of"] == "2026-01-15");
    REQUIRE(answer["pledges"].size() == 5);
    for (const Json& sheet : answer["pledges"]) {
      const std::string id = std::to_string(sheet["pledge"].get<std::int64_t>());
      CHECK(sheet == campaign::store::pledge_json(pledges.evaluate(id, parse_date("2026-01-15"))));
    }
    const Json d1 = Json::parse(query.answer(
      R"({"score": "pledge", "filters": {"campaign": "K", "unit": "D1"}, "as_of": "2026-01-15"})"));
    REQUIRE(d1["pledges"].size() == 1);
    CHECK(d1["pledges"][0]["signatory"] == "D1");
    CHECK(d1["pledges"][0]["sheet"]["max_points"] == 100);
  }
  SECTION("rank: the ranking as ranking_json, with the tie-break of the rules") {
    pledges.set_rules("K", {{"tie_break", "targets_met"}}, std::nullopt);
    const Json answer = Json::parse(
      query.answer(R"({"rank": "pledge", "filters": {"campaign": "K"}, "as_of": "2026-01-15"})"));
    CHECK(answer == campaign::store::ranking_json(pledges.rank("K", std::nullopt, parse_date("2026-01-15"))));
    REQUIRE(answer["ranking"].size() == 5);
    CHECK(answer["ranking"][2]["signatory"] == "D2");
    CHECK(answer["ranking"][2]["rank"] == 3);
    CHECK(answer["ranking"][2]["tie_broken"] == true);
    CHECK(answer["ranking"][3]["rank"] == 4);
  }
  SECTION("bad requests are refused with the reason") {
    CHECK_THROWS_WITH(query.answer(R"({"score": "pledge", "filters": {"campaign": "K"}})"),
                      Catch::Contains("needs \"as_of\""));
    CHECK_THROWS_WITH(query.answer(R"({"rank": "pledge", "filters": {"campaign": "K", "unit": "D1"}, "as_of": "2026-01-15"})"),
                      Catch::Contains("pledge rank cannot be filtered by 'unit'"));
    CHECK_THROWS_WITH(query.answer(R"({"rank": "pledge", "filters": {}, "as_of": "2026-01-15"})"),
                      Catch::Contains("needs the filter \"campaign\""));
    CHECK_THROWS_WITH(query.answer(R"({"rank": "pledge", "filters": {"campaign": "NOPE"}, "as_of": "2026-01-15"})"),
                      Catch::Contains("NOPE"));
    CHECK_THROWS_WITH(
      query.answer(R"({"score": "pledge", "filters": {"campaign": "K", "period": "2030"}, "as_of": "2026-01-15"})"),
      Catch::Contains("2030"));
    CHECK_THROWS_WITH(query.answer(R"({"score": "pledge", "filters": {"campaign": "K"}, "as_of": "2026-02-30"})"),
                      Catch::Contains("as_of"));
  }
}

TEST_CASE("store::migrations version 3 keeps the pledge targets of an older database") {
  const std::filesystem::path file =
    std::filesystem::temp_directory_path() / ("campaign-pledges-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(file);
  {
    // A database as version 2 left it, with one target.
    SQLite::Database raw(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    raw.exec("PRAGMA application_id = " + std::to_string(campaign::store::k_application_id));
    raw.exec(
      "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
      "NOT NULL)");
    for (const auto& step : campaign::store::migrations()) {
      if (step.version >= 3) {
        break;
      }
      raw.exec(std::string(step.sql));
      raw.exec("INSERT INTO schema_migrations VALUES (" + std::to_string(step.version) + ", 'old', 'then')");
      raw.exec("PRAGMA user_version = " + std::to_string(step.version));
    }
    raw.exec(
      "INSERT INTO units (id, code, name, kind) VALUES (1, 'U', 'Huyện U', 'district');"
      "INSERT INTO indicators (id, code, name_vi, name_en, measure_unit) VALUES (1, 'AN01', 'Tin', 'Tips', "
      "'tin');"
      "INSERT INTO campaigns (id, code, name) VALUES (1, 'K', 'Phong trào');"
      "INSERT INTO periods (id, campaign_id, name, start_date, end_date) VALUES (1, 1, 'p', '2024-01-01', "
      "'2024-12-31');"
      "INSERT INTO pledges (id, campaign_id, period_id, signatory_id) VALUES (1, 1, 1, 1);"
      "INSERT INTO pledge_targets (id, pledge_id, indicator_id, comparator, target, max_points, note) "
      "VALUES (7, 1, 1, '>=', 5, 10, 'cũ')");
  }
  {
    Database db(file, Database::Mode::open_existing);
    CHECK(db.schema_version() == Database::latest_schema_version());
    Records records(db);
    const auto target = records.get(record_kind("target"), 7);
    CHECK(std::get<std::string>(*target.get("kind")) == "quantitative");
    CHECK(std::get<std::string>(*target.get("scoring")) == "all_or_nothing");
    CHECK(std::get<std::string>(*target.get("indicator")) == "AN01");
    CHECK(std::get<double>(*target.get("max_points")) == 10);
    CHECK(std::get<std::string>(*target.get("note")) == "cũ");
    CHECK(std::holds_alternative<std::monostate>(*records.get(record_kind("pledge"), 1).get("successor")));
    SQLite::Statement rules(db.sqlite("test"), "SELECT count(*) FROM pledge_rules");
    rules.executeStep();
    CHECK(rules.getColumn(0).getInt() == 0);
  }
  std::filesystem::remove(file);
  std::filesystem::remove(file.string() + "-wal");
  std::filesystem::remove(file.string() + "-shm");
}
