// Unit tests of the xlsx importer's cell values: numbers as the XML writes
// them made plain and written for each number style, and Excel date serials.
#define CATCH_CONFIG_MAIN
#include "cell_values.hpp"

#include <catch2/catch.hpp>

#include <stdexcept>

using namespace campaign_xlsx;

TEST_CASE("campaign_xlsx::plain_number") {
  SECTION("integers and decimals as Excel writes them") {
    CHECK(plain_number("7296") == "7296");
    CHECK(plain_number("15.6") == "15.6");
    CHECK(plain_number("-15.60") == "-15.6");
    CHECK(plain_number("0") == "0");
    CHECK(plain_number("-0") == "0");
    CHECK(plain_number("007.500") == "7.5");
    CHECK(plain_number("0.30000000000000004") == "0.30000000000000004");
    CHECK(plain_number(" 12 ") == "12");
  }
  SECTION("exponents are written out") {
    CHECK(plain_number("1.5E-3") == "0.0015");
    CHECK(plain_number("1E+20") == "100000000000000000000");
    CHECK(plain_number("2.5e3") == "2500");
    CHECK(plain_number("123.456E1") == "1234.56");
    CHECK(plain_number("9.0071992547409929E+15") == "9007199254740992.9");
  }
  SECTION("text that is not a number") {
    CHECK_THROWS_AS(plain_number(""), std::invalid_argument);
    CHECK_THROWS_AS(plain_number("abc"), std::invalid_argument);
    CHECK_THROWS_AS(plain_number("1,5"), std::invalid_argument);
    CHECK_THROWS_AS(plain_number("1E"), std::invalid_argument);
    CHECK_THROWS_AS(plain_number("."), std::invalid_argument);
    CHECK_THROWS_WITH(plain_number("1E+999999999"), Catch::Contains("out of range"));
  }
}

TEST_CASE("campaign_xlsx::number_for_style") {
  SECTION("integers are the same in every style") {
    CHECK(number_for_style("7296", "vi") == "7296");
    CHECK(number_for_style("7296", "en") == "7296");
    CHECK(number_for_style("7296", "") == "7296");
  }
  SECTION("decimals follow the style") {
    CHECK(number_for_style("15.6", "vi") == "15,6");
    CHECK(number_for_style("15.6", "en") == "15.6");
    CHECK(number_for_style("-1.234", "vi") == "-1,234");
  }
  SECTION("without a style, three decimals get a fourth that settles the reading") {
    CHECK(number_for_style("1.234", "") == "1.2340");
    CHECK(number_for_style("15.6", "") == "15.6");
    CHECK(number_for_style("1.2345", "") == "1.2345");
  }
}

TEST_CASE("campaign_xlsx::serial_to_date") {
  SECTION("the 1900 system and its 29 February") {
    CHECK(serial_to_date("1", false) == "1900-01-01");
    CHECK(serial_to_date("59", false) == "1900-02-28");
    CHECK(serial_to_date("61", false) == "1900-03-01");
    CHECK(serial_to_date("43101", false) == "2018-01-01");
    CHECK(serial_to_date("45149", false) == "2023-08-11");
    CHECK(serial_to_date("45149.75", false) == "2023-08-11");
    CHECK(serial_to_date("2958465", false) == "9999-12-31");
    CHECK_THROWS_WITH(serial_to_date("60", false), Catch::Contains("29 February 1900"));
    CHECK_THROWS_AS(serial_to_date("0", false), std::invalid_argument);
    CHECK_THROWS_AS(serial_to_date("2958466", false), std::invalid_argument);
  }
  SECTION("the 1904 system") {
    CHECK(serial_to_date("0", true) == "1904-01-01");
    CHECK(serial_to_date("43687", true) == "2023-08-11");
  }
  SECTION("what is no date") {
    CHECK_THROWS_AS(serial_to_date("-1", false), std::invalid_argument);
    CHECK_THROWS_AS(serial_to_date("x", false), std::invalid_argument);
    CHECK_THROWS_AS(serial_to_date("1E+20", false), std::invalid_argument);
  }
}
