#include "domain/number.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <optional>

using Catch::Contains;
using campaign::domain::format_number;
using campaign::domain::format_quantity;
using campaign::domain::Lang;
using campaign::domain::lang_code;
using campaign::domain::number_style_code;
using campaign::domain::NumberStyle;
using campaign::domain::parse_lang;
using campaign::domain::parse_number;
using campaign::domain::parse_number_style;
using campaign::domain::parse_qualifier;
using campaign::domain::Qualifier;
using campaign::domain::qualifier_code;
using campaign::domain::style_for;

TEST_CASE("domain::parse_lang") {
  SECTION("codes in any case") {
    CHECK(parse_lang("vi") == Lang::vi);
    CHECK(parse_lang("EN") == Lang::en);
    CHECK(parse_lang("Vi") == Lang::vi);
  }
  SECTION("locale strings") {
    CHECK(parse_lang("vi_VN.UTF-8") == Lang::vi);
    CHECK(parse_lang("vi_VN") == Lang::vi);
    CHECK(parse_lang("vi-VN") == Lang::vi);
    CHECK(parse_lang("en_US") == Lang::en);
    CHECK(parse_lang("en_GB.UTF-8@euro") == Lang::en);
    CHECK(parse_lang("C") == Lang::en);
    CHECK(parse_lang("C.UTF-8") == Lang::en);
    CHECK(parse_lang("POSIX") == Lang::en);
  }
  SECTION("anything else") {
    REQUIRE_THROWS_AS(parse_lang("fr_FR.UTF-8"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_lang("fr_FR.UTF-8"), Contains("unknown language 'fr_FR.UTF-8'") && Contains("vi or en"));
    REQUIRE_THROWS_WITH(parse_lang(""), Contains("unknown language ''"));
    REQUIRE_THROWS_WITH(parse_lang("vie"), Contains("unknown language 'vie'"));
    REQUIRE_THROWS_WITH(parse_lang("english"), Contains("unknown language"));
  }
  SECTION("codes") {
    CHECK(lang_code(Lang::vi) == "vi");
    CHECK(lang_code(Lang::en) == "en");
  }
}

TEST_CASE("domain::parse_number_style") {
  SECTION("vi and en") {
    CHECK(parse_number_style("vi") == NumberStyle::vi);
    CHECK(parse_number_style("en") == NumberStyle::en);
    CHECK(parse_number_style("VI") == NumberStyle::vi);
    CHECK(number_style_code(NumberStyle::vi) == "vi");
    CHECK(number_style_code(NumberStyle::en) == "en");
  }
  SECTION("the style follows the language") {
    CHECK(style_for(Lang::vi) == NumberStyle::vi);
    CHECK(style_for(Lang::en) == NumberStyle::en);
  }
  SECTION("anything else") {
    REQUIRE_THROWS_AS(parse_number_style("vi_VN"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_number_style("de"), Contains("unknown number style 'de'") && Contains("vi") &&
                                                     Contains("en"));
  }
}

TEST_CASE("domain::parse_qualifier") {
  SECTION("codes round-trip") {
    for (const Qualifier qualifier : {Qualifier::exact, Qualifier::at_least, Qualifier::at_most, Qualifier::about}) {
      CHECK(parse_qualifier(qualifier_code(qualifier)) == qualifier);
    }
    CHECK(qualifier_code(Qualifier::exact) == "exact");
    CHECK(qualifier_code(Qualifier::at_least) == "at_least");
    CHECK(qualifier_code(Qualifier::at_most) == "at_most");
    CHECK(qualifier_code(Qualifier::about) == "about");
  }
  SECTION("symbols") {
    CHECK(parse_qualifier("=") == Qualifier::exact);
    CHECK(parse_qualifier(">=") == Qualifier::at_least);
    CHECK(parse_qualifier("<=") == Qualifier::at_most);
    CHECK(parse_qualifier("~") == Qualifier::about);
    CHECK(parse_qualifier(" AT_LEAST ") == Qualifier::at_least);
  }
  SECTION("the words reports use") {
    CHECK(parse_qualifier("trên") == Qualifier::at_least);
    CHECK(parse_qualifier("hơn") == Qualifier::at_least);
    CHECK(parse_qualifier("Over") == Qualifier::at_least);
    CHECK(parse_qualifier("gần") == Qualifier::at_most);
    CHECK(parse_qualifier("nearly") == Qualifier::at_most);
    CHECK(parse_qualifier("khoảng") == Qualifier::about);
    CHECK(parse_qualifier("ước") == Qualifier::about);
  }
  SECTION("anything else, with a suggestion") {
    REQUIRE_THROWS_AS(parse_qualifier("atleast"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_qualifier("atleast"),
                        Contains("unknown qualifier 'atleast'") && Contains("did you mean 'at_least'?"));
    REQUIRE_THROWS_WITH(parse_qualifier("=>"), Contains("unknown qualifier '=>'") && Contains("expected exact"));
    REQUIRE_THROWS_WITH(parse_qualifier(""), Contains("unknown qualifier ''"));
  }
}

TEST_CASE("domain::format_number") {
  SECTION("thousands grouping by style") {
    CHECK(format_number(7296, NumberStyle::vi) == "7.296");
    CHECK(format_number(7296, NumberStyle::en) == "7,296");
    CHECK(format_number(16000, NumberStyle::vi) == "16.000");
    CHECK(format_number(1234567, NumberStyle::en) == "1,234,567");
    CHECK(format_number(358, NumberStyle::vi) == "358");
    CHECK(format_number(100000, NumberStyle::vi) == "100.000");
  }
  SECTION("decimal mark by style, trailing zeros trimmed") {
    CHECK(format_number(15.6, NumberStyle::vi) == "15,6");
    CHECK(format_number(15.6, NumberStyle::en) == "15.6");
    CHECK(format_number(1234.5, NumberStyle::vi) == "1.234,5");
    CHECK(format_number(1234.5, NumberStyle::en) == "1,234.5");
    CHECK(format_number(2.50, NumberStyle::en) == "2.5");
    CHECK(format_number(3.0, NumberStyle::en) == "3");
  }
  SECTION("rounding to max_decimals") {
    CHECK(format_number(2.345678, NumberStyle::en) == "2.35");
    CHECK(format_number(2.345678, NumberStyle::en, 4) == "2.3457");
    CHECK(format_number(2.6, NumberStyle::en, 0) == "3");
    CHECK(format_number(0.001, NumberStyle::vi) == "0");
    CHECK(format_number(999.999, NumberStyle::vi) == "1.000");
    CHECK(format_number(0.6, NumberStyle::vi, -3) == "1"); // negative decimals clamp to 0
  }
  SECTION("negatives and negative zero") {
    CHECK(format_number(-7296, NumberStyle::vi) == "-7.296");
    CHECK(format_number(-0.25, NumberStyle::en) == "-0.25");
    CHECK(format_number(-0.0, NumberStyle::vi) == "0");
    CHECK(format_number(-0.001, NumberStyle::en) == "0");
    CHECK(format_number(0, NumberStyle::en) == "0");
  }
  SECTION("integers up to 2^53 are exact") {
    CHECK(format_number(9007199254740992.0, NumberStyle::vi) == "9.007.199.254.740.992");
    CHECK(format_number(9007199254740991.0, NumberStyle::en) == "9,007,199,254,740,991");
    CHECK(format_number(-9007199254740992.0, NumberStyle::en) == "-9,007,199,254,740,992");
  }
  SECTION("non-finite values are refused") {
    REQUIRE_THROWS_AS(format_number(std::numeric_limits<double>::quiet_NaN(), NumberStyle::vi),
                      campaign::InvalidInput);
    REQUIRE_THROWS_WITH(format_number(std::numeric_limits<double>::infinity(), NumberStyle::en),
                        Contains("not a finite number"));
  }
}

TEST_CASE("domain::format_quantity") {
  SECTION("Vietnamese") {
    CHECK(format_quantity(358, Qualifier::exact, Lang::vi) == "358");
    CHECK(format_quantity(7296, Qualifier::at_least, Lang::vi) == "trên 7.296");
    CHECK(format_quantity(50, Qualifier::at_most, Lang::vi) == "gần 50");
    CHECK(format_quantity(300, Qualifier::about, Lang::vi) == "khoảng 300");
    CHECK(format_quantity(16000, Qualifier::at_least, Lang::vi) == "trên 16.000");
  }
  SECTION("English") {
    CHECK(format_quantity(7296, Qualifier::exact, Lang::en) == "7,296");
    CHECK(format_quantity(7296, Qualifier::at_least, Lang::en) == "over 7,296");
    CHECK(format_quantity(50, Qualifier::at_most, Lang::en) == "nearly 50");
    CHECK(format_quantity(300, Qualifier::about, Lang::en) == "about 300");
    CHECK(format_quantity(15.6, Qualifier::about, Lang::en) == "about 15.6");
  }
}

TEST_CASE("domain::parse_number") {
  const std::optional<NumberStyle> vi = NumberStyle::vi;
  const std::optional<NumberStyle> en = NumberStyle::en;
  const std::optional<NumberStyle> unknown;

  SECTION("plain digits in every style") {
    CHECK(parse_number("7296", vi) == 7296.0);
    CHECK(parse_number("7296", en) == 7296.0);
    CHECK(parse_number("7296", unknown) == 7296.0);
    CHECK(parse_number("-12", unknown) == -12.0);
    CHECK(parse_number("+12", vi) == 12.0);
    CHECK(parse_number("0", en) == 0.0);
    CHECK(parse_number("007", en) == 7.0);
    CHECK(parse_number("  358 ", vi) == 358.0);
  }
  SECTION("Vietnamese style") {
    CHECK(parse_number("7.296", vi) == 7296.0);
    CHECK(parse_number("1.234.567", vi) == 1234567.0);
    CHECK(parse_number("15,6", vi) == Approx(15.6));
    CHECK(parse_number("1.234,5", vi) == 1234.5);
    CHECK(parse_number("-16.000", vi) == -16000.0);
    CHECK(parse_number("0,25", vi) == 0.25);
  }
  SECTION("English style") {
    CHECK(parse_number("7,296", en) == 7296.0);
    CHECK(parse_number("1,234,567", en) == 1234567.0);
    CHECK(parse_number("15.6", en) == Approx(15.6));
    CHECK(parse_number("1,234.5", en) == 1234.5);
    CHECK(parse_number("-0.5", en) == -0.5);
  }
  SECTION("negative zero reads as zero") {
    const double zero = parse_number("-0", en);
    CHECK(zero == 0.0);
    CHECK_FALSE(std::signbit(zero));
  }
  SECTION("grouping must be in groups of 3") {
    REQUIRE_THROWS_AS(parse_number("72.96", vi), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_number("72.96", vi), Contains("invalid number '72.96'") && Contains("Vietnamese style"));
    REQUIRE_THROWS_WITH(parse_number("1.2345", vi), Contains("invalid number '1.2345'"));
    REQUIRE_THROWS_WITH(parse_number("1234.567", vi), Contains("invalid number"));
    REQUIRE_THROWS_WITH(parse_number("0.123", vi), Contains("invalid number '0.123'"));
    REQUIRE_THROWS_WITH(parse_number("7,29", en), Contains("English style"));
    REQUIRE_THROWS_WITH(parse_number(".296", vi), Contains("invalid number"));
  }
  SECTION("at most one decimal mark, digits on both sides") {
    REQUIRE_THROWS_WITH(parse_number("1.2.3", en), Contains("invalid number '1.2.3'"));
    REQUIRE_THROWS_WITH(parse_number("1,2,3", vi), Contains("invalid number '1,2,3'"));
    REQUIRE_THROWS_WITH(parse_number("1..2", en), Contains("invalid number '1..2'"));
    REQUIRE_THROWS_WITH(parse_number("1..2", unknown), Contains("invalid number '1..2'"));
    REQUIRE_THROWS_WITH(parse_number("5,", vi), Contains("invalid number '5,'"));
    REQUIRE_THROWS_WITH(parse_number(",5", vi), Contains("invalid number ',5'"));
    REQUIRE_THROWS_WITH(parse_number("1,234.5", vi), Contains("invalid number"));
  }
  SECTION("no other characters") {
    REQUIRE_THROWS_WITH(parse_number("", vi), Contains("invalid number ''"));
    REQUIRE_THROWS_WITH(parse_number("   ", unknown), Contains("invalid number ''"));
    REQUIRE_THROWS_WITH(parse_number("abc", unknown), Contains("invalid number 'abc'") && Contains("expected"));
    REQUIRE_THROWS_WITH(parse_number("7 296", vi), Contains("invalid number '7 296'"));
    REQUIRE_THROWS_WITH(parse_number("12%", en), Contains("invalid number"));
    REQUIRE_THROWS_WITH(parse_number("--1", en), Contains("invalid number"));
    REQUIRE_THROWS_WITH(parse_number("-", en), Contains("invalid number"));
    REQUIRE_THROWS_WITH(parse_number("1e5", en), Contains("invalid number"));
    REQUIRE_THROWS_WITH(parse_number("trên 7.296", vi), Contains("invalid number"));
  }
  SECTION("unknown style: accepted when only one reading exists") {
    CHECK(parse_number("1.234.567", unknown) == 1234567.0);
    CHECK(parse_number("1,234,567", unknown) == 1234567.0);
    CHECK(parse_number("15,6", unknown) == Approx(15.6));
    CHECK(parse_number("15.6", unknown) == Approx(15.6));
    CHECK(parse_number("1.234,5", unknown) == 1234.5);
    CHECK(parse_number("1,234.5", unknown) == 1234.5);
    CHECK(parse_number("0.123", unknown) == Approx(0.123));
    CHECK(parse_number("7.2961", unknown) == Approx(7.2961));
  }
  SECTION("unknown style: ambiguous text is refused") {
    REQUIRE_THROWS_AS(parse_number("1.234", unknown), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_number("1.234", unknown),
                        "ambiguous number '1.234': it is 1234 in Vietnamese style and 1.234 in English style; "
                        "declare the number style (vi or en)");
    REQUIRE_THROWS_WITH(parse_number("1,234", unknown),
                        "ambiguous number '1,234': it is 1.234 in Vietnamese style and 1234 in English style; "
                        "declare the number style (vi or en)");
    REQUIRE_THROWS_WITH(parse_number("7.296", unknown), Contains("ambiguous number '7.296'"));
    REQUIRE_THROWS_WITH(parse_number("-16,000", unknown), Contains("it is -16 in Vietnamese style"));
  }
  SECTION("magnitudes beyond 2^53 are refused") {
    CHECK(parse_number("9007199254740992", en) == 9007199254740992.0);
    CHECK(parse_number("9.007.199.254.740.992", vi) == 9007199254740992.0);
    CHECK(parse_number("-9,007,199,254,740,992", en) == -9007199254740992.0);
    CHECK(parse_number("0009007199254740992", en) == 9007199254740992.0);
    REQUIRE_THROWS_AS(parse_number("9007199254740993", en), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(parse_number("9007199254740993", en),
                        "number '9007199254740993' is beyond 2^53 and cannot be stored exactly");
    REQUIRE_THROWS_WITH(parse_number("9.007.199.254.740.993", vi), Contains("beyond 2^53"));
    REQUIRE_THROWS_WITH(parse_number("-9007199254740992.5", en), Contains("beyond 2^53"));
    REQUIRE_THROWS_WITH(parse_number("100000000000000000000", unknown), Contains("beyond 2^53"));
  }
  SECTION("parsing reads back what formatting writes") {
    for (const double value : {7296.0, 15.6, -1234567.25, 16000.0, 0.5}) {
      CHECK(parse_number(format_number(value, NumberStyle::vi), vi) == Approx(value));
      CHECK(parse_number(format_number(value, NumberStyle::en), en) == Approx(value));
    }
  }
}
