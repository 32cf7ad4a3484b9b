#include "domain/scoring.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using namespace campaign::domain;

namespace {

Observation observe(std::int64_t unit, const char* from, const char* to, double value,
                    Qualifier qualifier = Qualifier::exact, std::int64_t id = 0) {
  return Observation{id, unit, from, to, value, qualifier};
}

TargetStatus status(Comparator comparator, double target, std::optional<Actual> actual, double elapsed,
                    bool ended, bool cumulative = true) {
  return quantitative_status(TargetRule{comparator, target, cumulative}, actual, Progress{elapsed, ended});
}

Actual exact(double value) {
  return {value, Qualifier::exact};
}
Actual over(double value) {
  return {value, Qualifier::at_least};
}
Actual nearly(double value) {
  return {value, Qualifier::at_most};
}

} // namespace

TEST_CASE("domain::aggregate (scoring)") {
  SECTION("nothing to aggregate") {
    CHECK_FALSE(aggregate(Aggregation::sum, {}).has_value());
  }
  SECTION("a sum of exact values is exact") {
    const auto actual = aggregate(Aggregation::sum, {observe(1, "2024-01-01", "2024-12-31", 100),
                                                     observe(2, "2024-01-01", "2024-12-31", 50)});
    REQUIRE(actual);
    CHECK(actual->value == 150);
    CHECK(actual->qualifier == Qualifier::exact);
  }
  SECTION("a sum of lower bounds is a lower bound: over 7,296 and 300 make over 7,596") {
    const auto actual =
      aggregate(Aggregation::sum, {observe(1, "2018-01-01", "2023-08-11", 7296, Qualifier::at_least),
                                   observe(2, "2018-01-01", "2023-08-11", 300)});
    CHECK(actual->value == 7596);
    CHECK(actual->qualifier == Qualifier::at_least);
  }
  SECTION("a sum of upper bounds is an upper bound") {
    const auto actual =
      aggregate(Aggregation::sum, {observe(1, "2024-01-01", "2024-12-31", 50, Qualifier::at_most),
                                   observe(2, "2024-01-01", "2024-12-31", 5)});
    CHECK(actual->value == 55);
    CHECK(actual->qualifier == Qualifier::at_most);
  }
  SECTION("a lower and an upper bound together bound nothing: about") {
    const auto actual =
      aggregate(Aggregation::sum, {observe(1, "2024-01-01", "2024-12-31", 50, Qualifier::at_least),
                                   observe(2, "2024-01-01", "2024-12-31", 5, Qualifier::at_most)});
    CHECK(actual->qualifier == Qualifier::about);
  }
  SECTION("any about makes the sum about") {
    const auto actual =
      aggregate(Aggregation::sum, {observe(1, "2024-01-01", "2024-12-31", 50),
                                   observe(2, "2024-01-01", "2024-12-31", 5, Qualifier::about)});
    CHECK(actual->value == 55);
    CHECK(actual->qualifier == Qualifier::about);
  }
  SECTION("max: the largest, a lower bound when another figure is only a lower bound") {
    const auto actual =
      aggregate(Aggregation::max, {observe(1, "2024-01-01", "2024-12-31", 10, Qualifier::at_least),
                                   observe(1, "2025-01-01", "2025-12-31", 12)});
    CHECK(actual->value == 12);
    CHECK(actual->qualifier == Qualifier::at_least);
  }
  SECTION("max: the largest being an upper bound makes the result an upper bound") {
    const auto actual =
      aggregate(Aggregation::max, {observe(1, "2024-01-01", "2024-12-31", 10),
                                   observe(1, "2025-01-01", "2025-12-31", 12, Qualifier::at_most)});
    CHECK(actual->value == 12);
    CHECK(actual->qualifier == Qualifier::at_most);
  }
  SECTION("max of exact values is exact") {
    const auto actual = aggregate(Aggregation::max, {observe(1, "2024-01-01", "2024-12-31", 10),
                                                     observe(2, "2024-01-01", "2024-12-31", 7)});
    CHECK(actual->value == 10);
    CHECK(actual->qualifier == Qualifier::exact);
  }
  SECTION("last: each unit's latest figure, added across units") {
    const auto actual =
      aggregate(Aggregation::last, {observe(1, "2024-01-01", "2024-12-31", 5, Qualifier::exact, 1),
                                    observe(1, "2025-01-01", "2025-06-30", 6, Qualifier::exact, 2),
                                    observe(2, "2024-01-01", "2024-12-31", 3, Qualifier::exact, 3)});
    CHECK(actual->value == 9);
    CHECK(actual->qualifier == Qualifier::exact);
  }
  SECTION("last: on the same last day, the later start, then the higher id") {
    const auto actual =
      aggregate(Aggregation::last, {observe(1, "2024-01-01", "2024-12-31", 5, Qualifier::exact, 1),
                                    observe(1, "2024-07-01", "2024-12-31", 7, Qualifier::at_least, 2)});
    CHECK(actual->value == 7);
    CHECK(actual->qualifier == Qualifier::at_least);
    const auto same =
      aggregate(Aggregation::last, {observe(1, "2024-01-01", "2024-12-31", 5, Qualifier::exact, 4),
                                    observe(1, "2024-01-01", "2024-12-31", 8, Qualifier::exact, 9)});
    CHECK(same->value == 8);
  }
}

TEST_CASE("domain::quantitative_status (scoring)") {
  SECTION("without figures it cannot tell") {
    CHECK(status(Comparator::at_least, 100, std::nullopt, 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_most, 20, std::nullopt, 0.5, false) == TargetStatus::cannot_tell);
  }
  SECTION(">= at the end: exact values, and bounds that settle it or leave it open") {
    CHECK(status(Comparator::at_least, 100, exact(100), 1, true) == TargetStatus::met);
    CHECK(status(Comparator::at_least, 100, exact(99), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::at_least, 100, over(100), 1, true) == TargetStatus::met);
    CHECK(status(Comparator::at_least, 100, over(95), 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_least, 100, nearly(120), 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_least, 100, nearly(90), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::at_least, 100, Actual{99, Qualifier::about}, 1, true) == TargetStatus::not_met);
  }
  SECTION("<= at the end") {
    CHECK(status(Comparator::at_most, 20, exact(20), 1, true) == TargetStatus::met);
    CHECK(status(Comparator::at_most, 20, exact(21), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::at_most, 20, over(18), 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_most, 20, over(25), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::at_most, 20, nearly(25), 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_most, 20, nearly(18), 1, true) == TargetStatus::met);
  }
  SECTION("= at the end") {
    CHECK(status(Comparator::equal, 10, exact(10), 1, true) == TargetStatus::met);
    CHECK(status(Comparator::equal, 10, exact(11), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::equal, 10, over(9), 1, true) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::equal, 10, over(11), 1, true) == TargetStatus::not_met);
    CHECK(status(Comparator::equal, 10, nearly(9), 1, true) == TargetStatus::not_met);
  }
  SECTION(">= half-way: on track when attainment keeps pace with the time elapsed") {
    CHECK(status(Comparator::at_least, 100, exact(60), 0.5, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_least, 100, exact(50), 0.5, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_least, 100, exact(40), 0.5, false) == TargetStatus::behind);
    CHECK(status(Comparator::at_least, 100, exact(100), 0.5, false) == TargetStatus::met);
    CHECK(status(Comparator::at_least, 100, over(60), 0.5, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_least, 100, over(40), 0.5, false) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_least, 100, nearly(60), 0.5, false) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_least, 100, nearly(40), 0.5, false) == TargetStatus::behind);
  }
  SECTION(">= of a level (aggregation last): reaching it early is only on track") {
    CHECK(status(Comparator::at_least, 6, exact(6), 0.5, false, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_least, 6, exact(2), 0.5, false, false) == TargetStatus::behind);
  }
  SECTION("<= half-way: a count spends its allowance over the period") {
    CHECK(status(Comparator::at_most, 20, exact(10), 0.5, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_most, 20, exact(11), 0.5, false) == TargetStatus::behind);
    CHECK(status(Comparator::at_most, 20, exact(21), 0.5, false) == TargetStatus::not_met);
    CHECK(status(Comparator::at_most, 20, nearly(11), 0.5, false) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_most, 20, over(9), 0.5, false) == TargetStatus::cannot_tell);
    CHECK(status(Comparator::at_most, 20, over(12), 0.5, false) == TargetStatus::behind);
  }
  SECTION("<= of a level must stay within the target all along") {
    CHECK(status(Comparator::at_most, 20, exact(18), 0.5, false, false) == TargetStatus::on_track);
    CHECK(status(Comparator::at_most, 20, exact(21), 0.5, false, false) == TargetStatus::behind);
  }
  SECTION("= half-way: exceeding a count already misses it") {
    CHECK(status(Comparator::equal, 10, exact(6), 0.5, false) == TargetStatus::on_track);
    CHECK(status(Comparator::equal, 10, exact(4), 0.5, false) == TargetStatus::behind);
    CHECK(status(Comparator::equal, 10, exact(11), 0.5, false) == TargetStatus::not_met);
  }
}

TEST_CASE("domain::attainment_share and target_points (scoring)") {
  SECTION("shares") {
    CHECK(attainment_share(Comparator::at_least, 100, 75) == Approx(0.75));
    CHECK(attainment_share(Comparator::at_least, 100, 150) == Approx(1.5));
    CHECK(attainment_share(Comparator::at_least, 0, 3) == 1.0);
    CHECK(attainment_share(Comparator::at_most, 20, 18) == 1.0);
    CHECK(attainment_share(Comparator::at_most, 20, 25) == Approx(0.8));
    CHECK(attainment_share(Comparator::equal, 10, 12) == Approx(0.8));
    CHECK(attainment_share(Comparator::equal, 10, 30) == 0.0);
  }
  SECTION("certainly met") {
    CHECK(certainly_met(Comparator::at_least, 100, exact(100)));
    CHECK_FALSE(certainly_met(Comparator::at_least, 100, over(99)));
    CHECK(certainly_met(Comparator::at_most, 20, nearly(20)));
    CHECK_FALSE(certainly_met(Comparator::at_most, 20, over(20)));
  }
  SECTION("all or nothing") {
    CHECK(target_points(ScoringMode::all_or_nothing, 40, true, 1.2) == 40);
    CHECK(target_points(ScoringMode::all_or_nothing, 40, false, 0.99) == 0);
  }
  SECTION("proportional: the maximum times the share, capped, rounded to 2 decimals") {
    CHECK(target_points(ScoringMode::proportional, 40, false, 241.0 / 242.0) == Approx(39.83));
    CHECK(target_points(ScoringMode::proportional, 50, false, 0.75) == Approx(37.5));
    CHECK(target_points(ScoringMode::proportional, 40, false, 1.5) == 40);
    CHECK(target_points(ScoringMode::proportional, 40, true, 0.5) == 40);
    CHECK(round_points(0.125) == Approx(0.13));
  }
}

TEST_CASE("domain::grade_for (scoring)") {
  const GradeThresholds defaults;
  SECTION("the documented defaults: Xuất sắc >= 90, Khá >= 70, Trung bình >= 50, else Yếu") {
    CHECK(grade_for(100, defaults) == Grade::excellent);
    CHECK(grade_for(90, defaults) == Grade::excellent);
    CHECK(grade_for(89.99, defaults) == Grade::good);
    CHECK(grade_for(70, defaults) == Grade::good);
    CHECK(grade_for(69.99, defaults) == Grade::average);
    CHECK(grade_for(50, defaults) == Grade::average);
    CHECK(grade_for(49.99, defaults) == Grade::weak);
    CHECK(grade_for(0, defaults) == Grade::weak);
  }
  SECTION("other thresholds") {
    const GradeThresholds strict{95, 80, 65};
    CHECK(grade_for(94, strict) == Grade::good);
    CHECK(grade_for(64, strict) == Grade::weak);
  }
  SECTION("thresholds must rise strictly within 0..100") {
    CHECK_NOTHROW(check_thresholds(defaults));
    CHECK_THROWS_AS(check_thresholds({70, 70, 50}), campaign::InvalidInput);
    CHECK_THROWS_AS(check_thresholds({101, 70, 50}), campaign::InvalidInput);
    CHECK_THROWS_AS(check_thresholds({90, 70, -1}), campaign::InvalidInput);
    CHECK_THROWS_WITH(check_thresholds({60, 70, 50}),
                      Catch::Contains("0 <= average < good < excellent <= 100"));
  }
  SECTION("names") {
    CHECK(grade_name(Grade::excellent, Lang::vi) == "Xuất sắc");
    CHECK(grade_name(Grade::average, Lang::vi) == "Trung bình");
    CHECK(grade_name(Grade::weak, Lang::en) == "weak");
    CHECK(parse_grade("Xuất sắc") == Grade::excellent);
    CHECK(parse_grade("khá") == Grade::good);
    CHECK(parse_grade(" Good ") == Grade::good);
    CHECK_THROWS_WITH(parse_grade("excelent"), Catch::Contains("did you mean 'excellent'"));
  }
}

TEST_CASE("domain::rank_scores (scoring)") {
  SECTION("equal totals share a rank and the next rank is skipped") {
    const auto ranking = rank_scores({{100, 0}, {90, 0}, {70, 0}, {70, 0}, {67.5, 0}}, TieBreak::none);
    CHECK(ranking.order == std::vector<std::size_t>{0, 1, 2, 3, 4});
    CHECK(ranking.places[0].rank == 1);
    CHECK(ranking.places[1].rank == 2);
    CHECK(ranking.places[2].rank == 3);
    CHECK(ranking.places[3].rank == 3);
    CHECK(ranking.places[4].rank == 5);
    CHECK(ranking.places[2].tied_with == std::vector<std::size_t>{3});
    CHECK(ranking.places[3].tied_with == std::vector<std::size_t>{2});
    CHECK(ranking.places[0].tied_with.empty());
    CHECK_FALSE(ranking.places[2].tie_broken);
  }
  SECTION("input order does not decide; scores are compared at 2 decimals") {
    const auto ranking = rank_scores({{70, 0}, {100, 0}, {70.004, 0}}, TieBreak::none);
    CHECK(ranking.order == std::vector<std::size_t>{1, 0, 2});
    CHECK(ranking.places[0].rank == 2);
    CHECK(ranking.places[2].rank == 2);
  }
  SECTION("a tie-break orders equal scores and says it did") {
    const auto ranking = rank_scores({{100, 3}, {70, 1}, {70, 2}, {67.5, 1}}, TieBreak::targets_met);
    CHECK(ranking.order == std::vector<std::size_t>{0, 2, 1, 3});
    CHECK(ranking.places[2].rank == 2);
    CHECK(ranking.places[1].rank == 3);
    CHECK(ranking.places[1].tie_broken);
    CHECK(ranking.places[2].tie_broken);
    CHECK(ranking.places[1].tied_with.empty());
    CHECK_FALSE(ranking.places[0].tie_broken);
  }
  SECTION("those still equal after the tie-break share their rank") {
    const auto ranking = rank_scores({{80, 2}, {80, 1}, {80, 2}}, TieBreak::attainment);
    CHECK(ranking.places[0].rank == 1);
    CHECK(ranking.places[2].rank == 1);
    CHECK(ranking.places[1].rank == 3);
    CHECK(ranking.places[0].tied_with == std::vector<std::size_t>{2});
    CHECK(ranking.places[0].tie_broken);
  }
}

TEST_CASE("domain::award_shortfalls (scoring)") {
  const AwardRule rule; // Xuất sắc, every quantitative target met
  SECTION("proposed when the grade and the targets meet the rule") {
    CHECK(award_shortfalls(rule, {Grade::excellent, 1, 2, 2, 3, 2}, Lang::en).empty());
  }
  SECTION("each unmet condition is named") {
    const auto why = award_shortfalls(rule, {Grade::good, 3, 3, 2, 4, 3}, Lang::en);
    REQUIRE(why.size() == 2);
    CHECK(why[0] == "grade good is below excellent");
    CHECK(why[1] == "1 of 3 quantitative targets not met");
    CHECK(award_shortfalls(rule, {Grade::good, 3, 3, 2, 4, 3}, Lang::vi)[0] ==
          "xếp loại Khá thấp hơn Xuất sắc");
    CHECK(award_shortfalls(rule, {std::nullopt, 1, 0, 0, 0, 0}, Lang::en)[0] ==
          "not graded: no target has maximum points");
  }
  SECTION("all targets, and only the top ranks") {
    const AwardRule wider{Grade::good, AwardRequirement::all_met, 2};
    CHECK(award_shortfalls(wider, {Grade::good, 2, 2, 2, 3, 3}, Lang::en).empty());
    const auto why = award_shortfalls(wider, {Grade::good, 3, 2, 2, 3, 2}, Lang::en);
    REQUIRE(why.size() == 2);
    CHECK(why[0] == "1 of 3 targets not met");
    CHECK(why[1] == "rank 3 is below the top 2");
  }
}

TEST_CASE("domain::status_name and codes (scoring)") {
  CHECK(status_name(TargetStatus::on_track, Lang::vi) == "đúng tiến độ");
  CHECK(status_name(TargetStatus::cannot_tell, Lang::en) == "cannot tell yet");
  CHECK(status_code(TargetStatus::not_met) == "not_met");
  CHECK(parse_comparator(">=") == Comparator::at_least);
  CHECK_THROWS_AS(parse_comparator(">"), campaign::InvalidInput);
  CHECK(parse_tie_break("targets_met") == TieBreak::targets_met);
  CHECK_THROWS_WITH(parse_tie_break("target_met"), Catch::Contains("did you mean 'targets_met'"));
  CHECK(parse_award_requirement("all_met") == AwardRequirement::all_met);
}
