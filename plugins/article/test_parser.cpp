// Unit tests of the article importer's reading: text, rules and parse_article().
#define CATCH_CONFIG_MAIN
#include "parser.hpp"
#include "rules.hpp"
#include "text.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>

using namespace campaign::article;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

const Rules& shipped() {
  static const Rules rules = parse_rules(read_text(CAMPAIGN_ARTICLE_SOURCE_RULES));
  return rules;
}

ArticleFigures parse(const std::string& text, ParseSettings settings = {}) {
  return parse_article(text, shipped(), settings);
}

const Figure& only(const ArticleFigures& found) {
  REQUIRE(found.figures.size() == 1);
  return found.figures.front();
}

bool skipped_with(const ArticleFigures& found, const std::string& reason_part) {
  for (const Skipped& skipped : found.skipped) {
    if (skipped.reason.find(reason_part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("article::find_bad_utf8") {
  SECTION("valid text, Vietnamese and ASCII") {
    CHECK_FALSE(find_bad_utf8("Nhân dân đã cung cấp trên 7.296 tin báo\n"));
  }
  SECTION("a byte that cannot start a character, with its offset and line") {
    const auto bad = find_bad_utf8("một\nhai \xff ba");
    REQUIRE(bad);
    CHECK(bad->offset == 10);
    CHECK(bad->line == 2);
    CHECK(bad->what.find("0xff") != std::string::npos);
  }
  SECTION("a sequence cut off, overlong, a surrogate, a NUL byte") {
    CHECK(find_bad_utf8("ab\xe1\xba"));
    CHECK(find_bad_utf8("\xc0\xaf"));
    CHECK(find_bad_utf8("\xe0\x80\xaf"));
    CHECK(find_bad_utf8("\xed\xa0\x80"));
    CHECK(find_bad_utf8(std::string("a\0b", 3)));
    CHECK(find_bad_utf8("\xe1\x41\x41"));
  }
}

TEST_CASE("article::word_key") {
  SECTION("composed and decomposed text share a key") {
    CHECK(word_key("t\xe1\xbb\x91") == word_key("to\xcc\x82\xcc\x81")); // tố
  }
  SECTION("case is folded, Đ included") {
    CHECK(word_key("ĐỐI") == word_key("đối"));
  }
  SECTION("old and new tone placement share a key") {
    CHECK(word_key("hóa") == word_key("hoá"));
    CHECK(word_key("thủy") == word_key("thuỷ"));
  }
  SECTION("tones still tell words apart") {
    CHECK(word_key("tin") != word_key("tín"));
  }
}

TEST_CASE("article::tokenize") {
  const auto tokens = tokenize("trên 7.296 tin, 15,6% và 11/8.");
  REQUIRE(tokens.size() == 11);
  CHECK(tokens[1].kind == TokenKind::number);
  CHECK(tokens[1].key == "7.296");
  CHECK(tokens[4].key == "15,6");
  CHECK_FALSE(tokens[5].space_before); // '%'
  CHECK(tokens[7].key == "11");
  CHECK(tokens[8].key == "/");
}

TEST_CASE("article::parse_rules") {
  SECTION("the shipped file") {
    CHECK(shipped().indicators.size() == 16);
    CHECK(shipped().qualifiers.size() > 5);
  }
  SECTION("defaults for the optional lists") {
    const Rules rules = parse_rules(R"({"format": "campaign-article-rules", "version": 1,
      "indicators": [{"code": "X1", "phrases": ["con mèo"]}]})");
    CHECK(rules.qualifiers.size() == 5);
    CHECK(rules.subset_markers.size() == 2);
    CHECK(rules.change_words.size() == 2);
  }
  auto message_of = [](const std::string& json) {
    try {
      parse_rules(json);
    } catch (const RulesError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  const std::string head = R"({"format": "campaign-article-rules", "version": 1, )";
  SECTION("not JSON: the parser's line and column") {
    const std::string message =
      message_of("{\n  \"format\": \"campaign-article-rules\",\n  \"version\": 1,,\n}");
    CHECK(message.find("not valid JSON") != std::string::npos);
    CHECK(message.find("line 3") != std::string::npos);
  }
  SECTION("another format or version") {
    CHECK(message_of(R"({"format": "campaign-indicators", "version": 1, "indicators": []})")
            .find("not an article rule file") != std::string::npos);
    CHECK(message_of(R"({"format": "campaign-article-rules", "version": 2})").find("\"version\" must be 1") !=
          std::string::npos);
  }
  SECTION("mistakes in an entry are named") {
    CHECK(message_of(head + R"("indicators": [{"code": "X1", "phrase": ["a"]}]})") ==
          "indicators[0] (X1): unknown key \"phrase\" (expected code, name, parent, phrases)");
    CHECK(message_of(head + R"("indicators": [{"code": "X1", "phrases": ["a", " , "]}]})") ==
          "indicators[0] (X1): phrases[1]: ' , ' has no word");
    CHECK(message_of(head + R"("indicators": [{"code": "X1", "phrases": ["a 5 b"]}]})").find("has digits") !=
          std::string::npos);
    CHECK(message_of(head +
                     R"("indicators": [{"code": "X1", "phrases": ["a"]}, {"code": "X1", "phrases": ["b"]}]})")
            .find("indicators[1] (X1): code: a second entry") != std::string::npos);
    CHECK(message_of(head +
                     R"("qualifiers": {"trên": "more"}, "indicators": [{"code": "X1", "phrases": ["a"]}]})")
            .find("'more' is not a qualifier") != std::string::npos);
    CHECK(message_of(head + R"("indicators": [{"code": "X1", "phrases": [{"phrase": "a", "context": []}]}]})")
            .find("phrases[0].context: must be a non-empty array") != std::string::npos);
    CHECK(message_of(head + R"("indicators": [{"code": "X1", "parent": "X1", "phrases": ["a"]}]})")
            .find("parent: must name another indicator") != std::string::npos);
  }
}

TEST_CASE("article::parse_article") {
  SECTION("a report written from the seed article's figures: the ten figures, once each") {
    const ArticleFigures found = parse(read_text(CAMPAIGN_ARTICLE_SEED));
    struct Want {
      const char* indicator;
      const char* integer;
      Qualifier qualifier;
    };
    const Want want[] = {
      {"AN01", "7296", Qualifier::at_least}, {"AN02", "2677", Qualifier::at_least},
      {"AN03", "358", Qualifier::exact},     {"AN04", "779", Qualifier::exact},
      {"AN06", "300", Qualifier::at_least},  {"AN07", "16000", Qualifier::at_least},
      {"AN08", "68", Qualifier::exact},      {"AN09", "620", Qualifier::exact},
      {"TD01", "15", Qualifier::exact},      {"TD02", "25", Qualifier::exact},
    };
    REQUIRE(found.figures.size() == std::size(want));
    for (std::size_t i = 0; i < std::size(want); ++i) {
      const Figure& figure = found.figures[i];
      INFO(figure.indicator << " " << figure.written);
      CHECK(figure.indicator == want[i].indicator);
      CHECK(figure.integer == want[i].integer);
      CHECK(figure.fraction.empty());
      CHECK(figure.qualifier == want[i].qualifier);
      CHECK(figure.period == "2018-2023");
      CHECK(figure.parent == (i == 1 ? std::optional<std::size_t>(0) : std::nullopt));
    }
    CHECK(found.figures[0].line == 2);
    CHECK(found.figures[2].line == 5);
    CHECK(found.figures[2].sentence.rfind("Kết quả, lực lượng chức năng", 0) == 0);
    CHECK(found.figures[0].written == "trên 7.296 tin báo, tố giác tội phạm");
    CHECK(skipped_with(found, "the same figure as on line 2"));
    CHECK(found.dates.empty()); // "11/8" without a year
    CHECK(found.sentences == 16);
  }
  SECTION("the seed decomposed (NFD) reads the same") {
    const std::string composed = read_text(CAMPAIGN_ARTICLE_SEED);
    const ArticleFigures a = parse(composed);
    // "ố" (U+1ED1) as o + U+0302 + U+0301, "ạ" (U+1EA1) as a + U+0323: enough to change every match key.
    std::string decomposed;
    for (std::size_t i = 0; i < composed.size(); ++i) {
      if (composed.compare(i, 3, "\xe1\xbb\x91") == 0) {
        decomposed += "o\xcc\x82\xcc\x81";
        i += 2;
      } else if (composed.compare(i, 3, "\xe1\xba\xa1") == 0) {
        decomposed += "a\xcc\xa3";
        i += 2;
      } else {
        decomposed += composed[i];
      }
    }
    REQUIRE(decomposed != composed);
    const ArticleFigures b = parse(decomposed);
    REQUIRE(a.figures.size() == b.figures.size());
    for (std::size_t i = 0; i < a.figures.size(); ++i) {
      CHECK(a.figures[i].indicator == b.figures[i].indicator);
      CHECK(a.figures[i].sentence == b.figures[i].sentence);
    }
  }
  SECTION("the year of the date option completes 11/8") {
    ParseSettings settings;
    settings.year = 2023;
    const ArticleFigures found = parse(read_text(CAMPAIGN_ARTICLE_SEED), settings);
    REQUIRE(found.dates.size() == 1);
    CHECK(found.dates[0].iso() == "2023-08-11");
  }
  SECTION("Vietnamese numbers, scale words and qualifiers") {
    const std::string period = "Giai đoạn 2018 - 2023, ";
    CHECK(only(parse(period + "có 16 nghìn đối tượng được cảm hóa.")).integer == "16000");
    const Figure decimal = only(parse(period + "ước 1,5 triệu lượt người tham dự."));
    CHECK(decimal.integer == "1500000");
    CHECK(decimal.qualifier == Qualifier::about);
    const Figure fraction = only(parse(period + "khoảng 15,6 kg thuốc nổ."));
    CHECK(fraction.integer == "15");
    CHECK(fraction.fraction == "6");
    CHECK(sink_value(fraction) == "15,6");
    CHECK(display_value(fraction) == "15,6");
    CHECK(only(parse(period + "gần 50 vụ phạm pháp hình sự.")).qualifier == Qualifier::at_most);
    CHECK(only(parse(period + "hơn 1.234.567 lượt người.")).integer == "1234567");
    CHECK(display_value(only(parse(period + "hơn 1.234.567 lượt người."))) == "1.234.567");
    CHECK(only(parse(period + "trên dưới 40 buổi tuyên truyền.")).qualifier == Qualifier::about);
  }
  SECTION("numbers that are not figures") {
    const std::string period = "Giai đoạn 2018 - 2023, ";
    const ArticleFigures found =
      parse(period + "ngày 11 tháng 8 năm 2023 có 3.14 tin báo, 300 - 400 đối tượng bị "
                     "truy nã, tăng 20 vụ phạm tội, 95% công cụ hỗ trợ, theo Quyết định "
                     "510/QĐ-BCA-V05 và 11-8-2023.");
    CHECK(found.figures.empty());
    CHECK(skipped_with(found, "not a number in Vietnamese style"));
    CHECK(skipped_with(found, "part of a range"));
    CHECK(skipped_with(found, "a change, not a total"));
    REQUIRE(found.dates.size() == 2);
    CHECK(found.dates[0].iso() == "2023-08-11");
    CHECK(found.dates[1].iso() == "2023-08-11");
  }
  SECTION("the period: in the sentence, before it, the default, the first of the text") {
    const ArticleFigures found = parse("Hơn 100 tin báo.\n"
                                       "Giai đoạn 2018 - 2023, có 20 vũ khí.\n"
                                       "Có 30 công cụ hỗ trợ.\n"
                                       "Có 40 mô hình giai đoạn 2023 - 2025.\n"
                                       "So với giai đoạn 2013 - 2018, có 50 vụ phạm tội.");
    REQUIRE(found.figures.size() == 5);
    CHECK(found.figures[0].period == "2018-2023");
    CHECK(found.figures[1].period == "2018-2023");
    CHECK(found.figures[2].period == "2018-2023");
    CHECK(found.figures[3].period == "2023-2025");
    CHECK(found.figures[4].period == "2023-2025"); // a compared period is not the one reported
    ParseSettings settings;
    settings.default_period = "2018";
    CHECK(parse("Hơn 100 tin báo.", settings).figures[0].period == "2018");
  }
  SECTION("trong đó links a part to its whole only with the marker and the rule's parent") {
    const std::string period = "Giai đoạn 2018 - 2023, ";
    const ArticleFigures linked = parse(period + "có 90 tin báo. Trong đó, 40 tin có giá trị.");
    REQUIRE(linked.figures.size() == 2);
    CHECK(linked.figures[1].parent == std::optional<std::size_t>(0));
    const ArticleFigures unmarked = parse(period + "có 90 tin báo, 40 tin có giá trị.");
    REQUIRE(unmarked.figures.size() == 2);
    CHECK_FALSE(unmarked.figures[1].parent);
    const ArticleFigures other = parse(period + "có 90 vũ khí, trong đó 40 tin có giá trị.");
    REQUIRE(other.figures.size() == 2);
    CHECK_FALSE(other.figures[1].parent);
  }
  SECTION("a context word decides between phrases; the nearest wins") {
    const std::string period = "Giai đoạn 2018 - 2023, ";
    const ArticleFigures found =
      parse(period + "bắt 12 đối tượng truy nã và cảm hóa 80 đối tượng, có 15 tập thể được khen.");
    REQUIRE(found.figures.size() == 3);
    CHECK(found.figures[0].indicator == "AN06");
    CHECK(found.figures[1].indicator == "AN07");
    CHECK(found.figures[2].indicator == "TD01");
    CHECK(parse(period + "có 15 tập thể tham gia.").figures.empty());
  }
  SECTION("refusals") {
    CHECK_THROWS_AS(parse("Có 100 tin báo."), ArticleError);
    try {
      parse("Giai đoạn 2018 - 2023.\nCó 100 tin báo.\nCó hơn 120 tin báo.");
      FAIL("two values for one figure were accepted");
    } catch (const ArticleError& e) {
      CHECK(e.line() == 3);
      CHECK(std::string(e.what()).find("on line 2") != std::string::npos);
    }
    try {
      parse("Giai đoạn 2018 - 2023.\nCó 100 tin b\xc3\n");
      FAIL("invalid UTF-8 was accepted");
    } catch (const ArticleError& e) {
      CHECK(e.line() == 2);
      CHECK(std::string(e.what()).find("byte offset 39") != std::string::npos);
    }
    CHECK_THROWS_AS(parse(std::string(k_max_article_bytes + 1, ' ')), ArticleError);
  }
  SECTION("hard-wrapped lines are joined; each figure keeps the line of its number") {
    const ArticleFigures found = parse("Giai đoạn 2018 - 2023, nhân dân đã cung cấp trên 7.296 tin\n"
                                       "báo, tố giác tội phạm, trong đó có\n"
                                       "trên 2.677 tin có giá trị.\n"
                                       "Tin nhanh\n"
                                       "Hội nghị biểu dương 15 tập thể được khen.");
    REQUIRE(found.figures.size() == 3);
    CHECK(found.figures[0].line == 1);
    CHECK(found.figures[0].written == "trên 7.296 tin báo, tố giác tội phạm");
    CHECK(found.figures[1].line == 3);
    CHECK(found.figures[1].parent == std::optional<std::size_t>(0));
    CHECK(found.figures[1].sentence ==
          "Giai đoạn 2018 - 2023, nhân dân đã cung cấp trên 7.296 tin báo, tố giác tội "
          "phạm, trong đó có trên 2.677 tin có giá trị.");
    CHECK(found.figures[2].line == 5);
    CHECK(found.figures[2].sentence == "Hội nghị biểu dương 15 tập thể được khen.");
  }
  SECTION("empty and whitespace-only text has no sentence") {
    CHECK(parse("").sentences == 0);
    CHECK(parse(" \r\n\t\n").sentences == 0);
    CHECK(parse("\xef\xbb\xbf").sentences == 0);
  }
}
