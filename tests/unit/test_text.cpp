#include "util/error.hpp"
#include "util/text.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using campaign::util::did_you_mean;
using campaign::util::display_width;
using campaign::util::find_invalid_utf8;
using campaign::util::pad_left;
using campaign::util::pad_right;
using campaign::util::require_utf8;
using campaign::util::suggest;
using campaign::util::to_lower_ascii;
using campaign::util::trim;

TEST_CASE("util::find_invalid_utf8") {
  SECTION("valid text has no invalid offset") {
    CHECK_FALSE(find_invalid_utf8("").has_value());
    CHECK_FALSE(find_invalid_utf8("plain ascii").has_value());
    CHECK_FALSE(find_invalid_utf8("Sóc Trăng, Hậu Giang, Cần Thơ").has_value());
    CHECK_FALSE(find_invalid_utf8("\xE4\xB8\xAD\xE6\x96\x87").has_value()); // 中文
    CHECK_FALSE(find_invalid_utf8("\xF0\x9F\x98\x80").has_value());         // U+1F600
    CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF").has_value());         // U+10FFFF
    CHECK_FALSE(find_invalid_utf8("\xED\x9F\xBF").has_value());             // U+D7FF
    CHECK_FALSE(find_invalid_utf8("\xEE\x80\x80").has_value());             // U+E000
  }
  SECTION("a stray continuation byte") {
    CHECK(find_invalid_utf8("ab\x80" "cd") == 2u);
  }
  SECTION("overlong encodings") {
    CHECK(find_invalid_utf8("x\xC0\xAF") == 1u);             // '/' in 2 bytes
    CHECK(find_invalid_utf8("\xC1\xBF") == 0u);              // U+007F in 2 bytes
    CHECK(find_invalid_utf8("xy\xE0\x80\xAF") == 2u);        // '/' in 3 bytes
    CHECK(find_invalid_utf8("\xF0\x8F\xBF\xBF") == 0u);      // U+FFFF in 4 bytes
  }
  SECTION("surrogates") {
    CHECK(find_invalid_utf8("a\xED\xA0\x80") == 1u); // U+D800
    CHECK(find_invalid_utf8("\xED\xBF\xBF") == 0u);  // U+DFFF
  }
  SECTION("code points above U+10FFFF") {
    CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);
    CHECK(find_invalid_utf8("ok\xF5\x80\x80\x80") == 2u);
    CHECK(find_invalid_utf8("\xFF") == 0u);
  }
  SECTION("truncated sequences") {
    CHECK(find_invalid_utf8("Tr\xC4") == 2u);           // ă cut after its first byte
    CHECK(find_invalid_utf8("\xE4\xB8") == 0u);         // 中 cut short at the end
    CHECK(find_invalid_utf8("\xE4\xB8" "abc") == 0u);   // cut short before ASCII
    CHECK(find_invalid_utf8("\xF0\x9F\x98") == 0u);
  }
  SECTION("the offset is that of the first problem") {
    CHECK(find_invalid_utf8("Sóc\xFFTrăng\xFF") == 4u);
  }
}

TEST_CASE("util::require_utf8") {
  SECTION("valid text passes") {
    CHECK_NOTHROW(require_utf8("Phong trào thi đua", "campaign name"));
  }
  SECTION("invalid text names what and where") {
    REQUIRE_THROWS_AS(require_utf8("ab\xC3", "unit name"), campaign::InvalidInput);
    REQUIRE_THROWS_WITH(require_utf8("ab\xC3", "unit name"), "unit name: invalid UTF-8 at byte 2");
  }
}

TEST_CASE("util::display_width") {
  SECTION("ASCII and precomposed Vietnamese take one column per letter") {
    CHECK(display_width("") == 0u);
    CHECK(display_width("abc") == 3u);
    CHECK(display_width("Sóc Trăng") == 9u);
    CHECK(display_width("Cần Thơ") == 7u);
  }
  SECTION("decomposed Vietnamese has the width of the precomposed form") {
    // "Sóc Trăng" with o + U+0301 and a + U+0306.
    const std::string decomposed = "So\xCC\x81" "c Tra\xCC\x86" "ng";
    CHECK(decomposed.size() > std::string("Sóc Trăng").size());
    CHECK(display_width(decomposed) == display_width("Sóc Trăng"));
    // "Hậu" as a + U+0302 + U+0323.
    CHECK(display_width("Ha\xCC\x82\xCC\xA3u") == 3u);
  }
  SECTION("every listed combining range is zero width") {
    CHECK(display_width("e\xCD\xAF") == 1u);     // U+036F
    CHECK(display_width("e\xE1\xAA\xB0") == 1u); // U+1AB0
    CHECK(display_width("e\xE1\xB7\x80") == 1u); // U+1DC0
    CHECK(display_width("e\xE2\x83\x90") == 1u); // U+20D0
    CHECK(display_width("e\xEF\xB8\xA0") == 1u); // U+FE20
  }
  SECTION("zero-width characters take no column") {
    CHECK(display_width("a\xE2\x80\x8B" "b") == 2u); // U+200B
    CHECK(display_width("a\xE2\x80\x8F" "b") == 2u); // U+200F
    CHECK(display_width("a\xE2\x80\xAE" "b") == 2u); // U+202E
    CHECK(display_width("a\xE2\x81\xA0" "b") == 2u); // U+2060
    CHECK(display_width("\xEF\xBB\xBF" "ab") == 2u); // BOM
    CHECK(display_width("a\xE2\x80\xAF" "b") == 3u); // U+202F is outside the ranges
  }
  SECTION("wide and fullwidth characters take two columns") {
    CHECK(display_width("\xE4\xB8\xAD\xE6\x96\x87") == 4u); // 中文
    CHECK(display_width("\xEA\xB0\x80") == 2u);             // U+AC00 Hangul
    CHECK(display_width("\xE1\x84\x80") == 2u);             // U+1100
    CHECK(display_width("\xEF\xBC\xA1") == 2u);             // U+FF21 fullwidth A
    CHECK(display_width("\xEF\xBF\xA0") == 2u);             // U+FFE0
    CHECK(display_width("\xF0\x9F\x98\x80") == 2u);         // U+1F600
    CHECK(display_width("\xF0\x9F\xA4\x94") == 2u);         // U+1F914
    CHECK(display_width("\xF0\xA0\x80\x80") == 2u);         // U+20000
    CHECK(display_width("\xEF\xBD\xA1") == 1u);             // U+FF61 halfwidth
  }
  SECTION("controls take no column") {
    CHECK(display_width("a\tb\n") == 2u);
    CHECK(display_width("a\x7F") == 1u);
    CHECK(display_width("a\xC2\x85") == 1u); // U+0085, a C1 control
    CHECK(display_width("\xC2\xA0") == 1u);  // U+00A0 is not a control
  }
  SECTION("invalid bytes take one column each") {
    CHECK(display_width("a\xFF\xFE") == 3u);
    CHECK(display_width("\xE4\xB8") == 2u);
  }
}

TEST_CASE("util::pad_right and util::pad_left") {
  SECTION("pad by columns, not bytes") {
    CHECK(pad_right("Sóc Trăng", 12) == "Sóc Trăng   ");
    CHECK(pad_left("Sóc Trăng", 12) == "   Sóc Trăng");
    CHECK(pad_right("\xE4\xB8\xAD", 4) == "\xE4\xB8\xAD  ");
    CHECK(pad_left("7.296", 8) == "   7.296");
  }
  SECTION("decomposed text is padded like precomposed text") {
    const std::string decomposed = "So\xCC\x81" "c";
    CHECK(pad_right(decomposed, 5) == decomposed + "  ");
  }
  SECTION("text already as wide or wider is unchanged") {
    CHECK(pad_right("abcdef", 3) == "abcdef");
    CHECK(pad_left("abcdef", 3) == "abcdef");
    CHECK(pad_right("abc", 3) == "abc");
    CHECK(pad_left("", 0).empty());
  }
}

TEST_CASE("util::suggest") {
  const std::vector<std::string> commands = {"import", "export", "report", "compare", "periods"};

  SECTION("nearest first, within the distance limit") {
    CHECK(suggest("imoprt", commands) == std::vector<std::string>{"import"});
    CHECK(suggest("reprot", commands) == std::vector<std::string>{"report"});
  }
  SECTION("ties keep the candidates' order") {
    // "xport" is 1 away from "export" and 2 away from "import" and "report".
    CHECK(suggest("xport", commands) == std::vector<std::string>{"export", "import", "report"});
    CHECK(suggest("xport", commands, 2) == std::vector<std::string>{"export", "import"});
  }
  SECTION("ASCII letters compare case-insensitively") {
    CHECK(suggest("EXPORT", commands).front() == "export");
  }
  SECTION("far words are not suggested") {
    CHECK(suggest("zzzzzzz", commands).empty());
    CHECK(suggest("x", {"abcd"}).empty());
  }
  SECTION("the limit grows with the word") {
    // 12 code points allow 4 edits.
    CHECK(suggest("abcdefghijkl", {"abcdefghwxyz"}) == std::vector<std::string>{"abcdefghwxyz"});
    CHECK(suggest("abcdefghijkl", {"abcdefgvwxyz"}).empty());
  }
  SECTION("prefixes of at least 2 characters are suggested") {
    CHECK(suggest("comp", commands) == std::vector<std::string>{"compare"});
    CHECK(suggest("PER", commands) == std::vector<std::string>{"periods"});
    CHECK(suggest("c", {"compare"}).empty());
  }
  SECTION("distance counts code points, not bytes") {
    // One letter differs ("ă" vs "a"): 1 edit, though 2 bytes differ.
    CHECK(suggest("Sóc Trang", {"Cần Thơ", "Sóc Trăng"}) == std::vector<std::string>{"Sóc Trăng"});
  }
  SECTION("duplicates are reported once") {
    CHECK(suggest("exprt", {"export", "export"}) == std::vector<std::string>{"export"});
  }
}

TEST_CASE("util::did_you_mean") {
  SECTION("nothing close") {
    CHECK(did_you_mean("zzzzzzz", {"import", "export"}).empty());
    CHECK(did_you_mean("import", {}).empty());
  }
  SECTION("one, two and three suggestions") {
    CHECK(did_you_mean("imprt", {"import", "compare"}) == "; did you mean 'import'?");
    CHECK(did_you_mean("xport", {"export", "import"}) == "; did you mean 'export' or 'import'?");
    CHECK(did_you_mean("xport", {"export", "import", "report", "deport"}) ==
          "; did you mean 'export', 'import' or 'report'?");
  }
}

TEST_CASE("util::to_lower_ascii and util::trim") {
  SECTION("to_lower_ascii lowers ASCII letters only") {
    CHECK(to_lower_ascii("VI_vn.UTF-8") == "vi_vn.utf-8");
    CHECK(to_lower_ascii("SÓC") == "sÓc");
  }
  SECTION("trim removes ASCII whitespace at both ends") {
    CHECK(trim("  2018 - 2023 \t\r\n") == "2018 - 2023");
    CHECK(trim(" \t ").empty());
    CHECK(trim("a b") == "a b");
    CHECK(trim("\xC2\xA0x") == "\xC2\xA0x"); // no-break space is not ASCII
  }
}
