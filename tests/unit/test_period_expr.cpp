#include "domain/period_expr.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <vector>

using Catch::Contains;
using campaign::domain::make_span;
using campaign::domain::NamedPeriod;
using campaign::domain::parse_date;
using campaign::domain::parse_period;
using campaign::domain::Period;

namespace {

std::vector<NamedPeriod> soc_trang_periods() {
  return {
    {"2018-2023", make_span(parse_date("2018-01-01"), parse_date("2023-08-11"))},
    {"2023-2025", make_span(parse_date("2023-08-11"), parse_date("2025-12-31"))},
    {"Giai đoạn 1", make_span(parse_date("2019-01-01"), parse_date("2020-06-30"))},
  };
}

} // namespace

TEST_CASE("domain::parse_period") {
  SECTION("a year") {
    const Period period = parse_period("2023");
    CHECK(period.label == "2023");
    CHECK(period.span.iso() == "2023-01-01..2023-12-31");
    CHECK(period.span.days() == 365);
    CHECK_FALSE(period.named);
    CHECK(parse_period("2024").span.days() == 366);
  }
  SECTION("years with a dash") {
    const Period period = parse_period("2018-2023");
    CHECK(period.label == "2018-2023");
    CHECK(period.span.iso() == "2018-01-01..2023-12-31");
    CHECK(period.span.days() == 2191);
    CHECK_FALSE(period.named);
  }
  SECTION("years with two dots") {
    const Period period = parse_period("2018..2023");
    CHECK(period.label == "2018-2023");
    CHECK(period.span.iso() == "2018-01-01..2023-12-31");
  }
  SECTION("years as Vietnamese text writes them") {
    const Period spaced = parse_period("2018 - 2023");
    CHECK(spaced.label == "2018-2023");
    CHECK(spaced.span.days() == 2191);
    const Period en_dash = parse_period("2023\xE2\x80\x93" "2025");
    CHECK(en_dash.label == "2023-2025");
    CHECK(en_dash.span.iso() == "2023-01-01..2025-12-31");
    CHECK(parse_period("  2018  ..  2023 \t").label == "2018-2023");
  }
  SECTION("a single year as a range") {
    const Period period = parse_period("2023-2023");
    CHECK(period.span.iso() == "2023-01-01..2023-12-31");
  }
  SECTION("a quarter") {
    const Period q3 = parse_period("2023-Q3");
    CHECK(q3.label == "2023-Q3");
    CHECK(q3.span.iso() == "2023-07-01..2023-09-30");
    CHECK(q3.span.days() == 92);
    const Period q1 = parse_period("2024-q1");
    CHECK(q1.label == "2024-Q1");
    CHECK(q1.span.iso() == "2024-01-01..2024-03-31");
    CHECK(q1.span.days() == 91);
    CHECK(parse_period("2023-Q4").span.iso() == "2023-10-01..2023-12-31");
  }
  SECTION("a month") {
    const Period leap = parse_period("2024-02");
    CHECK(leap.label == "2024-02");
    CHECK(leap.span.iso() == "2024-02-01..2024-02-29");
    CHECK(leap.span.to.day() == 29u);
    CHECK(parse_period("2023-02").span.to.day() == 28u);
    CHECK(parse_period("2023-08").span.days() == 31);
  }
  SECTION("dates, inclusive, uneven") {
    const Period period = parse_period("2018-01-01..2023-08-11");
    CHECK(period.label == "2018-01-01..2023-08-11");
    CHECK(period.span.from == parse_date("2018-01-01"));
    CHECK(period.span.to == parse_date("2023-08-11"));
    CHECK(period.span.days() == 2049);
    CHECK(parse_period("2023-08-11..2023-08-11").span.days() == 1);
    CHECK(parse_period(" 2018-01-01 .. 2023-08-11 ").label == "2018-01-01..2023-08-11");
  }
  SECTION("a named period keeps its exact dates") {
    const auto named = soc_trang_periods();
    const Period period = parse_period("2018-2023", named);
    CHECK(period.named);
    CHECK(period.label == "2018-2023");
    CHECK(period.span.iso() == "2018-01-01..2023-08-11");
  }
  SECTION("names match exactly first, then ignoring ASCII case") {
    const std::vector<NamedPeriod> named = {
      {"Phase A", make_span(parse_date("2020-01-01"), parse_date("2020-12-31"))},
      {"phase a", make_span(parse_date("2021-01-01"), parse_date("2021-12-31"))},
    };
    CHECK(parse_period("phase a", named).span.iso() == "2021-01-01..2021-12-31");
    CHECK(parse_period("Phase A", named).span.iso() == "2020-01-01..2020-12-31");
    const Period folded = parse_period("PHASE A", named);
    CHECK(folded.label == "Phase A");
    CHECK(folded.named);
    CHECK(parse_period("  giai đoạn 1 ", soc_trang_periods()).label == "Giai đoạn 1");
  }
  SECTION("other spellings of a period's name find the named period") {
    const auto named = soc_trang_periods();
    const Period spaced = parse_period("2018 - 2023", named);
    CHECK(spaced.named);
    CHECK(spaced.span.iso() == "2018-01-01..2023-08-11");
    CHECK(parse_period("2018..2023", named).span.iso() == "2018-01-01..2023-08-11");
    CHECK(parse_period("2023 - 2025", named).span.iso() == "2023-08-11..2025-12-31");
  }
  SECTION("forms that are not names still work beside names") {
    const Period period = parse_period("2019-2020", soc_trang_periods());
    CHECK_FALSE(period.named);
    CHECK(period.span.iso() == "2019-01-01..2020-12-31");
  }
  SECTION("inverted ranges") {
    REQUIRE_THROWS_AS(parse_period("2023-2018"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_period("2023-2018"),
                        "period '2023-2018' ends before it starts; did you mean '2018-2023'?");
    REQUIRE_THROWS_WITH(parse_period("2023 - 2018"), Contains("did you mean '2018-2023'?"));
    REQUIRE_THROWS_WITH(parse_period("2023..2018"), Contains("ends before it starts"));
    REQUIRE_THROWS_WITH(parse_period("2023-05-01..2023-01-01"),
                        "period '2023-05-01..2023-01-01' ends before it starts; "
                        "did you mean '2023-01-01..2023-05-01'?");
  }
  SECTION("dates that do not exist") {
    REQUIRE_THROWS_WITH(parse_period("2023-02-30..2023-03-01"),
                        "period '2023-02-30..2023-03-01': invalid date '2023-02-30': "
                        "February 2023 has 28 days");
    REQUIRE_THROWS_WITH(parse_period("2023-01-01..2023-13-01"),
                        Contains("period '2023-01-01..2023-13-01'") && Contains("month 13 does not exist"));
    REQUIRE_THROWS_WITH(parse_period("2023-01-01..11/8/2023"),
                        Contains("invalid date '11/8/2023': expected YYYY-MM-DD"));
  }
  SECTION("quarters and months that do not exist") {
    REQUIRE_THROWS_WITH(parse_period("2023-Q0"), Contains("period '2023-Q0'") && Contains("quarter 0 does not exist"));
    REQUIRE_THROWS_WITH(parse_period("2023-Q5"), Contains("quarter 5 does not exist"));
    REQUIRE_THROWS_WITH(parse_period("2023-13"), "period '2023-13': month 13 does not exist");
    REQUIRE_THROWS_WITH(parse_period("2023-00"), Contains("month 0 does not exist"));
  }
  SECTION("year 0") {
    REQUIRE_THROWS_WITH(parse_period("0000"), "period '0000': year 0 is outside 1..9999");
    REQUIRE_THROWS_WITH(parse_period("0000-2023"), Contains("year 0 is outside 1..9999"));
  }
  SECTION("unknown text lists the forms") {
    REQUIRE_THROWS_AS(parse_period("abc"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_period("abc"),
                        "unknown period 'abc': expected a year (2023), years (2018-2023 or 2018..2023), "
                        "a quarter (2023-Q3), a month (2023-08) or dates (2018-01-01..2023-08-11)");
    REQUIRE_THROWS_WITH(parse_period(""), Contains("unknown period ''"));
    REQUIRE_THROWS_WITH(parse_period("2023-8"), Contains("unknown period '2023-8'"));
    REQUIRE_THROWS_WITH(parse_period("2023-Q12"), Contains("unknown period"));
    REQUIRE_THROWS_WITH(parse_period("2023-08-11"), Contains("unknown period '2023-08-11'"));
    REQUIRE_THROWS_WITH(parse_period("23-25"), Contains("unknown period"));
    REQUIRE_THROWS_WITH(parse_period("2018 -- 2023"), Contains("unknown period"));
    REQUIRE_THROWS_WITH(parse_period("2018..2023-08-11"), Contains("invalid date '2018'"));
  }
  SECTION("unknown text lists the campaign's periods and suggests one") {
    const auto named = soc_trang_periods();
    REQUIRE_THROWS_WITH(parse_period("giai doan 1", named),
                        Contains("expected a period of the campaign ('2018-2023', '2023-2025', 'Giai đoạn 1'), "
                                 "a year (2023)") &&
                          Contains("; did you mean 'Giai đoạn 1'?"));
    REQUIRE_THROWS_WITH(parse_period("abc", named), !Contains("did you mean"));
  }
}
