#include "domain/date.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using Catch::Contains;
using campaign::domain::Date;
using campaign::domain::DateSpan;
using campaign::domain::last_day_of_month;
using campaign::domain::make_span;
using campaign::domain::parse_date;

TEST_CASE("domain::Date") {
  SECTION("days count from 1970-01-01") {
    CHECK(Date::from_ymd(1970, 1, 1).days == 0);
    CHECK(Date::from_ymd(1970, 1, 2).days == 1);
    CHECK(Date::from_ymd(1969, 12, 31).days == -1);
    CHECK(Date::from_ymd(2000, 3, 1).days == 11017);
    CHECK(Date::from_ymd(2023, 8, 11).days == 19580);
  }
  SECTION("fields come back") {
    const Date date = Date::from_ymd(2023, 8, 11);
    CHECK(date.year() == 2023);
    CHECK(date.month() == 8u);
    CHECK(date.day() == 11u);
    const Date leap = Date::from_ymd(2024, 2, 29);
    CHECK(leap.month() == 2u);
    CHECK(leap.day() == 29u);
    CHECK(Date{leap.days + 1}.iso() == "2024-03-01");
  }
  SECTION("iso pads every field") {
    CHECK(Date::from_ymd(2023, 8, 11).iso() == "2023-08-11");
    CHECK(Date::from_ymd(1, 1, 1).iso() == "0001-01-01");
    CHECK(Date::from_ymd(987, 12, 5).iso() == "0987-12-05");
    CHECK(Date::from_ymd(9999, 12, 31).iso() == "9999-12-31");
  }
  SECTION("dates order by day") {
    CHECK(Date::from_ymd(2018, 1, 1) < Date::from_ymd(2023, 12, 31));
    CHECK(Date::from_ymd(2023, 1, 1) == Date::from_ymd(2023, 1, 1));
    CHECK(Date::from_ymd(2023, 1, 2) > Date::from_ymd(2022, 12, 31));
  }
  SECTION("dates that do not exist are refused") {
    REQUIRE_THROWS_AS(Date::from_ymd(2023, 2, 29), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(Date::from_ymd(2023, 2, 29), Contains("February 2023 has 28 days"));
    REQUIRE_THROWS_WITH(Date::from_ymd(1900, 2, 29), Contains("February 1900 has 28 days"));
    REQUIRE_THROWS_WITH(Date::from_ymd(2023, 4, 31), Contains("April 2023 has 30 days"));
    REQUIRE_THROWS_WITH(Date::from_ymd(2023, 13, 1), Contains("month 13 does not exist"));
    REQUIRE_THROWS_WITH(Date::from_ymd(2023, 0, 1), Contains("month 0 does not exist"));
    REQUIRE_THROWS_WITH(Date::from_ymd(2023, 1, 0), Contains("day 0 does not exist"));
    CHECK_NOTHROW(Date::from_ymd(2000, 2, 29));
  }
  SECTION("years outside 1..9999 are refused") {
    REQUIRE_THROWS_WITH(Date::from_ymd(0, 1, 1), Contains("year 0 is outside 1..9999"));
    REQUIRE_THROWS_WITH(Date::from_ymd(10000, 1, 1), Contains("year 10000 is outside 1..9999"));
    REQUIRE_THROWS_WITH(Date::from_ymd(-5, 1, 1), Contains("year -5 is outside 1..9999"));
  }
}

TEST_CASE("domain::parse_date") {
  SECTION("strict ISO dates") {
    CHECK(parse_date("2023-08-11") == Date::from_ymd(2023, 8, 11));
    CHECK(parse_date("2024-02-29") == Date::from_ymd(2024, 2, 29));
    CHECK(parse_date("0001-01-01").days == Date::from_ymd(1, 1, 1).days);
  }
  SECTION("a day the month does not have") {
    REQUIRE_THROWS_AS(parse_date("2023-02-30"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_date("2023-02-30"), "invalid date '2023-02-30': February 2023 has 28 days");
    REQUIRE_THROWS_WITH(parse_date("2023-02-29"), Contains("February 2023 has 28 days"));
    REQUIRE_THROWS_WITH(parse_date("2023-09-31"), Contains("September 2023 has 30 days"));
    REQUIRE_THROWS_WITH(parse_date("2023-09-00"), Contains("day 0 does not exist"));
  }
  SECTION("a month that does not exist") {
    REQUIRE_THROWS_WITH(parse_date("2023-13-01"), "invalid date '2023-13-01': month 13 does not exist");
    REQUIRE_THROWS_WITH(parse_date("2023-00-10"), Contains("month 0 does not exist"));
  }
  SECTION("year 0") {
    REQUIRE_THROWS_WITH(parse_date("0000-01-01"), "invalid date '0000-01-01': year 0 is outside 1..9999");
  }
  SECTION("other forms are refused") {
    REQUIRE_THROWS_WITH(parse_date("11/8/2023"), "invalid date '11/8/2023': expected YYYY-MM-DD");
    REQUIRE_THROWS_WITH(parse_date("2023-8-11"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date("11-08-2023"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date("2023/08/11"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date(" 2023-08-11"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date("2023-08-11x"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date("+023-08-11"), Contains("expected YYYY-MM-DD"));
    REQUIRE_THROWS_WITH(parse_date(""), "invalid date '': expected YYYY-MM-DD");
  }
}

TEST_CASE("domain::last_day_of_month") {
  SECTION("month lengths") {
    CHECK(last_day_of_month(2024, 2).iso() == "2024-02-29");
    CHECK(last_day_of_month(2023, 2).iso() == "2023-02-28");
    CHECK(last_day_of_month(2000, 2).iso() == "2000-02-29");
    CHECK(last_day_of_month(2100, 2).iso() == "2100-02-28");
    CHECK(last_day_of_month(2023, 4).iso() == "2023-04-30");
    CHECK(last_day_of_month(2023, 12).iso() == "2023-12-31");
  }
  SECTION("bad months and years") {
    REQUIRE_THROWS_AS(last_day_of_month(2023, 13), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(last_day_of_month(2023, 13), Contains("month 13 does not exist"));
    REQUIRE_THROWS_WITH(last_day_of_month(0, 5), Contains("year 0 is outside 1..9999"));
  }
}

TEST_CASE("domain::DateSpan") {
  const DateSpan period = make_span(parse_date("2018-01-01"), parse_date("2023-12-31"));
  const DateSpan uneven = make_span(parse_date("2018-01-01"), parse_date("2023-08-11"));
  const DateSpan next = make_span(parse_date("2023-01-01"), parse_date("2025-12-31"));

  SECTION("days are counted inclusively") {
    CHECK(period.days() == 2191);
    CHECK(uneven.days() == 2049);
    CHECK(make_span(parse_date("2023-08-11"), parse_date("2023-08-11")).days() == 1);
    CHECK(make_span(parse_date("2024-02-01"), parse_date("2024-02-29")).days() == 29);
  }
  SECTION("contains a day") {
    CHECK(period.contains(parse_date("2018-01-01")));
    CHECK(period.contains(parse_date("2023-12-31")));
    CHECK_FALSE(period.contains(parse_date("2017-12-31")));
    CHECK_FALSE(period.contains(parse_date("2024-01-01")));
  }
  SECTION("contains a span") {
    CHECK(period.contains(uneven));
    CHECK_FALSE(uneven.contains(period));
    CHECK(period.contains(period));
    CHECK_FALSE(period.contains(next));
  }
  SECTION("overlaps and intersection") {
    CHECK(period.overlaps(next));
    CHECK(next.overlaps(period));
    const auto shared = period.intersection(next);
    REQUIRE(shared.has_value());
    CHECK(shared->iso() == "2023-01-01..2023-12-31");
    CHECK(shared->days() == 365);

    const DateSpan before = make_span(parse_date("2016-01-01"), parse_date("2017-12-31"));
    CHECK_FALSE(before.overlaps(period));
    CHECK_FALSE(before.intersection(period).has_value());

    const DateSpan touching = make_span(parse_date("2023-12-31"), parse_date("2024-06-30"));
    CHECK(touching.overlaps(period));
    REQUIRE(touching.intersection(period).has_value());
    CHECK(touching.intersection(period)->days() == 1);
  }
  SECTION("iso and equality") {
    CHECK(period.iso() == "2018-01-01..2023-12-31");
    CHECK(uneven.iso() == "2018-01-01..2023-08-11");
    CHECK(period == make_span(Date::from_ymd(2018, 1, 1), Date::from_ymd(2023, 12, 31)));
    CHECK_FALSE(period == uneven);
  }
  SECTION("a span that ends before it starts is refused") {
    REQUIRE_THROWS_AS(make_span(parse_date("2023-05-01"), parse_date("2023-01-01")), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(make_span(parse_date("2023-05-01"), parse_date("2023-01-01")),
                        "span 2023-05-01..2023-01-01 ends before it starts");
  }
}
