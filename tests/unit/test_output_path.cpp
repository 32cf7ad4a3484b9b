#include "cli/output_path.hpp"
#include "util/error.hpp"

#include <catch2/catch.hpp>

using campaign::cli::fill_output_path;
using campaign::cli::safe_file_part;

TEST_CASE("cli::safe_file_part keeps a value inside one file name") {
  CHECK(safe_file_part("ST-KS") == "ST-KS");
  CHECK(safe_file_part("Huyện Kế Sách") == "Huyện Kế Sách");
  CHECK(safe_file_part("../x") == "___x");
  CHECK(safe_file_part("a/../../b") == "a_______b");
  CHECK(safe_file_part("..") == "__");
  CHECK(safe_file_part(".hidden") == "_hidden");
  CHECK(safe_file_part("a\\b") == "a_b");
  CHECK(safe_file_part(std::string("a\nb\x7f", 4)) == "a_b_");
  CHECK(safe_file_part("") == "_");
  CHECK(safe_file_part("2018.2023") == "2018.2023");
}

TEST_CASE("cli::fill_output_path fills placeholders") {
  const std::map<std::string, std::string> values{{"unit", "../x"}, {"period", "2023-Q3"}};
  CHECK(fill_output_path("out/{unit}-{period}.html", values) == "out/___x-2023-Q3.html");
  CHECK(fill_output_path("plain.txt", values) == "plain.txt");
  CHECK_THROWS_AS(fill_output_path("out/{colour}.html", values), campaign::UsageError);
  CHECK_THROWS_AS(fill_output_path("out/{unit.html", values), campaign::UsageError);
}
