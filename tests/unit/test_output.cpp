#include "cli/output.hpp"
#include "store/record_json.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using campaign::cli::csv_cell;

TEST_CASE("cli::csv_cell") {
  SECTION("plain text stays as it is") {
    CHECK(csv_cell("Sóc Trăng") == "Sóc Trăng");
  }
  SECTION("quotes, commas and line breaks are quoted") {
    CHECK(csv_cell("Tin báo, tố giác") == "\"Tin báo, tố giác\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("a\nb") == "\"a\nb\"");
  }
  SECTION("cells a spreadsheet would run as formulas are neutralised") {
    CHECK(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
    CHECK(csv_cell("+1") == "'+1");
    CHECK(csv_cell("-1") == "'-1");
    CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
    CHECK(csv_cell("-1", false) == "-1");
  }
}

TEST_CASE("cli::write_text_table") {
  campaign::cli::TextTable table;
  table.columns = {"code", "value"};
  table.rows = {{"Sóc Trăng", "7.296"}, {"So\xCC\x81""c", "15"}};
  table.right_aligned = {false, true};
  std::ostringstream out;
  campaign::cli::write_text_table(out, table);
  const std::string text = out.str();
  // Precomposed and decomposed Vietnamese take the same columns, so numbers line up.
  CHECK(text.find("Sóc Trăng  7.296\n") != std::string::npos);
  CHECK(text.find("So\xCC\x81""c           15\n") != std::string::npos);
}

TEST_CASE("store::to_json") {
  CHECK(campaign::store::to_json(campaign::store::Value(7296.0)).dump() == "7296");
  CHECK(campaign::store::to_json(campaign::store::Value(15.6)).dump() == "15.6");
  CHECK(campaign::store::to_json(campaign::store::Value(std::monostate{})).is_null());
  CHECK(campaign::store::to_json(campaign::store::Value(std::vector<std::string>{"A", "B"})).dump() ==
        R"(["A","B"])");
}
