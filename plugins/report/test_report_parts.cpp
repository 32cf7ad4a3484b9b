// Unit tests of the report plugin's parts: formatting, periods, aggregation,
// the document reader, the summary on a small fake database, and the renderers.
#define CATCH_CONFIG_MAIN
#include "aggregate.hpp"
#include "analysis.hpp"
#include "doc_json.hpp"
#include "document.hpp"
#include "period.hpp"
#include "renderers.hpp"
#include "sum_answer.hpp"
#include "text.hpp"

#include <campaign/plugin.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>

using namespace campaign::report;
namespace sdk = campaign::sdk;
using Json = nlohmann::json;

TEST_CASE("report::format_quantity") {
  SECTION("Vietnamese and English styles, qualifiers in words") {
    CHECK(format_quantity(7296, Qualifier::at_least, Lang::vi) == "trên 7.296");
    CHECK(format_quantity(7296, Qualifier::at_least, Lang::en) == "over 7,296");
    CHECK(format_quantity(50, Qualifier::at_most, Lang::vi) == "gần 50");
    CHECK(format_quantity(300, Qualifier::about, Lang::en) == "about 300");
    CHECK(format_quantity(16000, Qualifier::exact, Lang::vi) == "16.000");
  }
  SECTION("decimals, negatives and zero") {
    CHECK(format_number(15.6, Lang::vi) == "15,6");
    CHECK(format_number(1234567.25, Lang::en) == "1,234,567.25");
    CHECK(format_number(-1234, Lang::vi) == "-1.234");
    CHECK(format_number(-0.001, Lang::en) == "0");
    CHECK(format_number(2.0 / 3.0, Lang::en) == "0.67");
    CHECK(plain_number(15.6) == "15.6");
    CHECK(plain_number(7296) == "7296");
  }
}

TEST_CASE("report::combine") {
  CHECK(combine({}) == Qualifier::exact);
  CHECK(combine({Qualifier::exact, Qualifier::exact}) == Qualifier::exact);
  CHECK(combine({Qualifier::at_least, Qualifier::exact}) == Qualifier::at_least);
  CHECK(combine({Qualifier::at_most, Qualifier::exact}) == Qualifier::at_most);
  CHECK(combine({Qualifier::at_least, Qualifier::at_most}) == Qualifier::about);
  CHECK(combine({Qualifier::about, Qualifier::exact}) == Qualifier::about);
}

TEST_CASE("report::text helpers") {
  SECTION("dates") {
    CHECK(format_date("2023-08-11", Lang::vi) == "11/08/2023");
    CHECK(format_date("2023-08-11", Lang::en) == "11 Aug 2023");
    CHECK(format_date("not a date", Lang::en) == "not a date");
    CHECK(*day_number("1970-01-02") == 1);
    CHECK(*day_number("2024-03-01") - *day_number("2024-02-28") == 2);
  }
  SECTION("display width of precomposed and decomposed Vietnamese, and wide characters") {
    CHECK(display_width("Sóc Trăng") == 9);
    CHECK(display_width("So\xCC\x81"
                        "c") == 3);
    CHECK(display_width("\xE4\xB8\xAD") == 2);
    CHECK(pad_left("7", 3) == "  7");
    CHECK(pad_right("Đề", 4) == "Đề  ");
  }
  SECTION("escaping for HTML, Markdown, CSV and spreadsheets") {
    CHECK(html_escape("<script>alert('x')</script>&") ==
          "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;");
    CHECK(markdown_escape("a|b *c*\n<d>") == "a\\|b \\*c\\* \\<d\\>");
    CHECK(neutralise_formula("=HYPERLINK(1)") == "'=HYPERLINK(1)");
    CHECK(neutralise_formula("+1") == "'+1");
    CHECK(neutralise_formula("-1") == "'-1");
    CHECK(neutralise_formula("@SUM") == "'@SUM");
    CHECK(neutralise_formula("\tx") == "'\tx");
    CHECK(neutralise_formula("\rx") == "'\rx");
    CHECK(neutralise_formula("Huyện =") == "Huyện =");
    CHECK(csv_field("a,b") == "\"a,b\"");
    CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_field("plain") == "plain");
  }
}

TEST_CASE("report::resolve_period") {
  const std::vector<Span> named = {{"2018-2023", "2018-01-01", "2023-08-11", true},
                                   {"2023-2025", "2023-01-01", "2025-06-30", true}};
  SECTION("a named period wins, also in another spelling") {
    CHECK(resolve_period("2018-2023", named).end == "2023-08-11");
    CHECK(resolve_period(" 2018 - 2023 ", named).end == "2023-08-11");
    CHECK(resolve_period("2018..2023", named).named);
  }
  SECTION("years, quarters, months and days") {
    const Span year = resolve_period("2024", named);
    CHECK((year.start == "2024-01-01" && year.end == "2024-12-31" && !year.named));
    CHECK(resolve_period("2019-2020", named).end == "2020-12-31");
    CHECK(resolve_period("2024-Q1", named).end == "2024-03-31");
    CHECK(resolve_period("2024-q3", named).start == "2024-07-01");
    CHECK(resolve_period("2024-02", named).end == "2024-02-29");
    CHECK(resolve_period("2023-02", named).end == "2023-02-28");
    CHECK(resolve_period("2018-01-01..2023-08-11", named).label == "2018-01-01..2023-08-11");
  }
  SECTION("refusals name the text and the forms") {
    CHECK_THROWS_WITH(resolve_period("2018-2O23", named), Catch::Contains("unknown period '2018-2O23'") &&
                                                            Catch::Contains("'2018-2023', '2023-2025'"));
    CHECK_THROWS_WITH(resolve_period("2023-2018", named), Catch::Contains("ends before it starts"));
    CHECK_THROWS_WITH(resolve_period("2023-02-30..2023-03-01", named), Catch::Contains("does not exist"));
    CHECK_THROWS_AS(resolve_period("2024-13", named), sdk::Failure);
  }
  SECTION("inside and overlapping") {
    const Span span{"2023-2025", "2023-01-01", "2025-06-30", true};
    CHECK(inside(span, "2024-01-01", "2024-12-31"));
    CHECK_FALSE(inside(span, "2018-01-01", "2023-08-11"));
    CHECK(overlaps(span, "2018-01-01", "2023-08-11"));
    CHECK_FALSE(overlaps(span, "2025-07-01", "2025-12-31"));
  }
}

namespace {

Figure fig(std::int64_t id, const std::string& unit, const std::string& from, const std::string& to,
           double value, Qualifier qualifier = Qualifier::exact) {
  Figure f;
  f.id = id;
  f.unit = unit;
  f.indicator = "AN01";
  f.from = from;
  f.to = to;
  f.value = value;
  f.qualifier = qualifier;
  return f;
}

UnitTree tree() {
  UnitTree units;
  units.add("ST", "");
  units.add("ST-KS", "ST");
  units.add("ST-MT", "ST");
  units.add("ST-KS-1", "ST-KS");
  units.add("HG", "");
  return units;
}

} // namespace

TEST_CASE("report::aggregate") {
  const UnitTree units = tree();
  SECTION("the unit tree") {
    CHECK(units.within("ST-KS-1", "ST"));
    CHECK_FALSE(units.within("HG", "ST"));
    CHECK(units.within("HG", ""));
    CHECK(units.depth("ST-KS-1") == 2);
    CHECK(units.children("ST") == std::vector<std::string>{"ST-KS", "ST-MT"});
    CHECK(units.common_ancestor({"ST-KS-1", "ST-MT"}) == "ST");
    CHECK(units.common_ancestor({"ST-KS-1", "HG"}).empty());
  }
  SECTION("sum: lower bounds add up to a lower bound") {
    const Figure a = fig(1, "ST-KS", "2024-01-01", "2024-12-31", 100, Qualifier::at_least);
    const Figure b = fig(2, "ST-MT", "2024-01-01", "2024-12-31", 50);
    const auto total = aggregate({&a, &b}, "ST", units, Aggregation::sum);
    REQUIRE(total);
    CHECK(total->value.value == 150);
    CHECK(total->value.qualifier == Qualifier::at_least);
  }
  SECTION("sum: a higher unit's figure covers overlapping figures below it, which are set aside") {
    const Figure province = fig(1, "ST", "2018-01-01", "2023-08-11", 7296, Qualifier::at_least);
    const Figure district = fig(2, "ST-KS", "2019-01-01", "2019-12-31", 500);
    const Figure later = fig(3, "ST-KS", "2024-01-01", "2024-12-31", 40);
    const Figure same_span = fig(4, "ST-KS", "2024-01-01", "2024-12-31", 41);
    std::vector<SetAside> aside;
    const auto total =
      aggregate({&district, &later, &province, &same_span}, "ST", units, Aggregation::sum, &aside);
    REQUIRE(total);
    CHECK(total->value.value == 7296 + 41);
    REQUIRE(aside.size() == 2);
    std::sort(aside.begin(), aside.end(),
              [](const SetAside& a, const SetAside& b) { return a.figure->id < b.figure->id; });
    CHECK(aside[0].figure->id == 2);
    CHECK(aside[0].kept->id == 1);
    CHECK(aside[1].figure->id == 3);
    CHECK(aside[1].kept->id == 4);
    const auto below =
      aggregate({&district, &later, &province, &same_span}, "ST-KS", units, Aggregation::sum);
    REQUIRE(below);
    CHECK(below->value.value == 500 + 41);
  }
  SECTION("max and last") {
    const Figure early = fig(1, "ST-KS", "2024-01-01", "2024-06-30", 7);
    const Figure late = fig(2, "ST-KS", "2024-07-01", "2024-12-31", 5);
    const Figure other = fig(3, "ST-MT", "2024-01-01", "2024-03-31", 4, Qualifier::at_least);
    CHECK(aggregate({&early, &late, &other}, "ST", units, Aggregation::max)->value.value == 7);
    const auto last = aggregate({&early, &late, &other}, "ST", units, Aggregation::last);
    REQUIRE(last);
    CHECK(last->value.value == 5 + 4);
    CHECK(last->value.qualifier == Qualifier::at_least);
    const Figure own = fig(4, "ST", "2024-01-01", "2024-12-31", 20);
    CHECK(aggregate({&early, &late, &other, &own}, "ST", units, Aggregation::last)->value.value == 20);
  }
  SECTION("nothing below the root") {
    const Figure a = fig(1, "HG", "2024-01-01", "2024-12-31", 1);
    CHECK_FALSE(aggregate({&a}, "ST", units, Aggregation::sum));
  }
  SECTION("ranks respect the direction") {
    CHECK(ranks({5, 9, 5, 1}, false) == std::vector<int>{2, 1, 2, 4});
    CHECK(ranks({5, 9, 5, 1}, true) == std::vector<int>{2, 4, 2, 1});
  }
}

TEST_CASE("report::parse_document") {
  SECTION("a minimal document") {
    const Document d = parse_document(
      R"({"format":"campaign-report","version":1,"title":"T","sections":[{"title":"S","blocks":[
         {"type":"paragraph","text":"{0} and {{x}}","values":[{"value":7296,"qualifier":"at_least"}]},
         {"type":"table","columns":[{"label":"A"},{"label":"B","type":"quantity"}],
          "rows":[{"cells":["x",{"value":1.5}]},{"cells":[null,3]}],"chart":{"value_columns":[1]}}]}]})",
      Lang::en);
    CHECK(d.lang == Lang::en);
    REQUIRE(d.sections.size() == 1);
    CHECK(fill(std::get<Paragraph>(d.sections[0].blocks[0]), Lang::vi) == "trên 7.296 and {x}");
    const Table& table = std::get<Table>(d.sections[0].blocks[1]);
    CHECK(table.chart_columns == std::vector<std::size_t>{1});
    CHECK(cell_text(table.rows[0].cells[1], table.columns[1], Lang::vi) == "1,5");
    CHECK(cell_text(table.rows[1].cells[0], table.columns[0], Lang::vi).empty());
  }
  SECTION("refusals say where") {
    CHECK_THROWS_WITH(parse_document("{", Lang::vi), Catch::Contains("not JSON"));
    CHECK_THROWS_WITH(parse_document(R"({"format":"x","version":1,"title":"T"})", Lang::vi),
                      Catch::Contains("/format"));
    CHECK_THROWS_WITH(parse_document(R"({"format":"campaign-report","version":2,"title":"T"})", Lang::vi),
                      Catch::Contains("reads version 1"));
    CHECK_THROWS_WITH(
      parse_document(
        R"({"format":"campaign-report","version":1,"title":"T","sections":[{"title":"S","blocks":[
        {"type":"table","columns":[{"label":"A"}],"rows":[{"cells":["a","b"]}]}]}]})",
        Lang::vi),
      Catch::Contains("/sections/0/blocks/0/rows/0/cells") && Catch::Contains("expected 1 cells"));
    CHECK_THROWS_WITH(
      parse_document(
        R"({"format":"campaign-report","version":1,"title":"T","sections":[{"title":"S","blocks":[
        {"type":"paragraph","text":"x","values":[{"value":1,"qualifier":"trên"}]}]}]})",
        Lang::vi),
      Catch::Contains("'trên' is not exact"));
  }
}

namespace {

// A fake database answering the summary's requests.
class FakeHost {
public:
  FakeHost() {
    m_lists["campaign"] = Json::array({{{"code", "C"}, {"name", "Phong trào"}}});
    m_lists["period"] =
      Json::array({{{"name", "2024"}, {"start_date", "2024-01-01"}, {"end_date", "2024-12-31"}}});
    m_lists["unit"] = Json::array({{{"code", "P"}, {"name", "Tỉnh P"}, {"parent", nullptr}},
                                   {{"code", "A"}, {"name", "<script>alert(1)</script>"}, {"parent", "P"}},
                                   {{"code", "B"}, {"name", "=HYPERLINK(\"x\")"}, {"parent", "P"}}});
    m_lists["indicator"] = Json::array({{{"code", "AN01"},
                                         {"name_vi", "Tin báo"},
                                         {"name_en", "Tips"},
                                         {"measure_unit", "tin"},
                                         {"aggregation", "sum"},
                                         {"direction", "higher"},
                                         {"parent", nullptr},
                                         {"group", "security"}},
                                        {{"code", "AN02"},
                                         {"name_vi", "Tin có giá trị"},
                                         {"name_en", "Valuable tips"},
                                         {"measure_unit", "tin"},
                                         {"aggregation", "sum"},
                                         {"direction", "higher"},
                                         {"parent", "AN01"},
                                         {"group", "security"}},
                                        {{"code", "AN16"},
                                         {"name_vi", "Vụ phạm pháp"},
                                         {"name_en", "Cases"},
                                         {"measure_unit", "vụ"},
                                         {"aggregation", "sum"},
                                         {"direction", "lower"},
                                         {"parent", nullptr},
                                         {"group", "security"}}});
    m_lists["figure"] = Json::array({figure(1, "A", "AN01", "2024-01-01", "2024-06-30", 100, "at_least"),
                                     figure(2, "B", "AN01", "2024-01-01", "2024-12-31", 40, "exact"),
                                     figure(3, "A", "AN02", "2024-01-01", "2024-06-30", 30, "at_least"),
                                     figure(4, "A", "AN16", "2024-01-01", "2024-12-31", 9, "exact"),
                                     figure(5, "B", "AN16", "2024-01-01", "2024-12-31", 3, "exact"),
                                     figure(6, "P", "AN01", "2023-07-01", "2024-06-30", 77, "exact")});
  }

  std::string ask(const std::string& request) {
    const Json json = Json::parse(request);
    m_requests.push_back(json);
    if (json.contains("aggregate")) {
      throw sdk::HostRefused(CAMPAIGN_INVALID_INPUT); // a host without running totals
    }
    if (json.contains("show")) {
      if (json["show"] == "campaign") {
        return Json{{"code", "C"}, {"name", "Phong trào"}, {"organisers", {"P"}}}.dump();
      }
      for (const Json& unit : m_lists["unit"]) {
        if (unit["code"] == json["ref"]) {
          return unit.dump();
        }
      }
      throw sdk::HostRefused(CAMPAIGN_INVALID_INPUT);
    }
    const auto it = m_lists.find(json["list"].get<std::string>());
    return it == m_lists.end() ? "[]" : it->second.dump();
  }

  std::vector<Json> m_requests;

private:
  static Json figure(int id, const std::string& unit, const std::string& indicator, const std::string& from,
                     const std::string& to, double value, const std::string& qualifier) {
    return {{"id", id},
            {"campaign", "C"},
            {"unit", unit},
            {"indicator", indicator},
            {"span_from", from},
            {"span_to", to},
            {"value", value},
            {"qualifier", qualifier},
            {"source", "Báo cáo 12/BC"},
            {"source_date", "2025-01-05"},
            {"note", nullptr},
            {"batch", nullptr}};
  }
  std::map<std::string, Json> m_lists;
};

const Json& section_of(const Json& doc, const std::string& id) {
  for (const Json& s : doc["sections"]) {
    if (s["id"] == id) {
      return s;
    }
  }
  throw std::runtime_error("no section " + id);
}

} // namespace

TEST_CASE("report::build_summary") {
  FakeHost host;
  const Ask ask = [&host](const std::string& request) { return host.ask(request); };
  SECTION("key figures keep qualifiers and put subsets under their parent") {
    const Json doc = Json::parse(build_summary({"", "2024", "", "vi"}, ask));
    CHECK(doc["format"] == "campaign-report");
    CHECK(doc["scope"]["code"] == "P");
    CHECK(doc["period"]["end"] == "2024-12-31");
    const Json& key = section_of(doc, "key-figures");
    const Json& figures = key["blocks"].back();
    REQUIRE(figures["type"] == "figures");
    CHECK(figures["items"][0]["key"] == "AN01");
    CHECK(figures["items"][0]["value"] == Json{{"value", 140}, {"qualifier", "at_least"}});
    CHECK(figures["items"][0]["subsets"][0]["key"] == "AN02");
    CHECK(key["blocks"][0]["text"] ==
          "Nhân dân đã cung cấp {0} tin báo, tố giác tội phạm, trong đó {1} tin có giá trị.");
    // The province's figure from mid-2023 straddles the start of 2024: listed, not dropped.
    const Json& unattributed = section_of(doc, "unattributed")["blocks"][0];
    REQUIRE(unattributed["rows"].size() == 1);
    CHECK(unattributed["rows"][0]["key"] == "6");
    CHECK(unattributed["rows"][0]["cells"][5] == "bắt đầu trước kỳ báo cáo");
    CHECK(doc["footnotes"][0]["text"] == "Nguồn: Báo cáo 12/BC, 05/01/2025");
  }
  SECTION("units are ranked by each indicator's direction") {
    const Json doc = Json::parse(build_summary({"C", "2024", "P", "en"}, ask));
    const Json& units = section_of(doc, "units");
    const Json& cases = units["blocks"][2];
    CHECK(cases["id"] == "units-AN16");
    CHECK(cases["rows"][0]["key"] == "B");
    CHECK(cases["rows"][0]["cells"][0] == 1);
    CHECK(cases["rows"][1]["key"] == "A");
  }
  SECTION("a ranking table longer than the option \"units\" lists the first and counts the rest") {
    SummaryRequest request{"C", "2024", "P", "en"};
    request.units_listed = 1;
    const Json doc = Json::parse(build_summary(request, ask));
    const Json& blocks = section_of(doc, "units")["blocks"];
    const auto cases = std::find_if(blocks.begin(), blocks.end(),
                                    [](const Json& block) { return block.value("id", "") == "units-AN16"; });
    REQUIRE(cases != blocks.end());
    REQUIRE(cases->at("rows").size() == 1);
    CHECK(cases->at("rows")[0]["key"] == "B");
    const Json& rest = *(cases + 1);
    CHECK(rest["type"] == "paragraph");
    CHECK(rest["text"] == "The table above lists {0} of {1} units; the other {2} are left out "
                          "(-O units=all lists them all).");
    CHECK(rest["values"] == Json::array({1, 2, 1}));
    request.units_listed = std::nullopt;
    const Json all = Json::parse(build_summary(request, ask));
    for (const Json& block : section_of(all, "units")["blocks"]) {
      CHECK(block["type"] == "table");
    }
  }
  SECTION("a period without figures says so") {
    const Json doc = Json::parse(build_summary({"C", "2030", "", "en"}, ask));
    CHECK(section_of(doc, "key-figures")["blocks"][0] ==
          Json{{"type", "note"}, {"text", "There are no figures for this period."}});
  }
  SECTION("refusals") {
    CHECK_THROWS_WITH(build_summary({"C", "2024-Q5", "", "vi"}, ask), Catch::Contains("unknown period"));
    CHECK_THROWS_AS(build_summary({"C", "2024", "NOPE", "vi"}, ask), sdk::HostRefused);
    CHECK_THROWS_WITH(build_summary({"C", "2024", "", "fr"}, ask), Catch::Contains("'fr'"));
  }
  SECTION("every renderer takes the document") {
    const Document doc = parse_document(build_summary({"C", "2024", "", "vi"}, ask), Lang::vi);
    const std::string text = render_text(doc, false);
    CHECK(text.find("trên 140 tin [1]") != std::string::npos);
    CHECK(text.find("\x1b[") == std::string::npos);
    CHECK(render_text(doc, true).find("\x1b[1m") != std::string::npos);
    const std::string csv = render_csv(doc, true);
    CHECK(csv.rfind("\xEF\xBB\xBF"
                    "section,table,row_key,row,parent,column,value,qualifier,text\r\n",
                    0) == 0);
    CHECK(csv.find("units,units-AN01,B,\"'=HYPERLINK(\"\"x\"\")\"") != std::string::npos);
    CHECK(csv.find(",=HYPERLINK") == std::string::npos);
    const std::string html =
      render_html(doc, "<p>{{#sections}}{{#blocks}}{{#is_table}}{{#rows}}{{#cells}}"
                       "{{text}};{{/cells}}{{/rows}}{{/is_table}}{{/blocks}}{{/sections}}</p>");
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(html.find("<script>") == std::string::npos);
    const std::string xlsx = render_xlsx(doc);
    CHECK(xlsx.rfind("PK", 0) == 0);
  }
}

TEST_CASE("report::rows_listed and the option \"units\"") {
  CHECK(parse_units_listed("all") == std::nullopt);
  CHECK(parse_units_listed("30") == std::optional<std::size_t>(30));
  for (const char* bad : {"0", "-3", "ten", "5x", ""}) {
    CHECK_THROWS_WITH(parse_units_listed(bad), Catch::Contains("units:"));
  }
  const std::vector<int> ranks{1, 2, 2, 2, 5, 6, 0, 0};
  CHECK(rows_listed(ranks, std::nullopt) == 8);
  CHECK(rows_listed(ranks, 1) == 1);
  CHECK(rows_listed(ranks, 2) == 4); // the units tied at rank 2 stay together
  CHECK(rows_listed(ranks, 5) == 5);
  CHECK(rows_listed(ranks, 7) == 7); // rows without a rank are cut where the limit falls
  CHECK(rows_listed(ranks, 100) == 8);
  CHECK(rows_listed({}, 3) == 0);
}

TEST_CASE("report::fit_reads reads the most crowded indicators whole") {
  std::set<std::pair<int, std::string>> groups;
  for (int unit = 0; unit < 1500; ++unit) {
    groups.emplace(unit, "KG");
  }
  for (int unit = 0; unit < 10; ++unit) {
    groups.emplace(unit, "AN01");
  }
  std::set<std::string> whole{"AN08"};
  CHECK(fit_reads(groups, whole));
  CHECK(whole == std::set<std::string>{"AN08", "KG"}); // 2 whole + 10 units
  std::set<std::string> fits;
  groups.clear();
  groups.emplace(1, "AN01");
  CHECK(fit_reads(groups, fits));
  CHECK(fits.empty());
  std::set<std::pair<int, std::string>> many;
  for (int code = 0; code <= 1000; ++code) {
    many.emplace(0, "I" + std::to_string(code));
  }
  std::set<std::string> all;
  CHECK_FALSE(fit_reads(many, all)); // 1,001 indicators, each a request however read
}

TEST_CASE("report::parse_sum_answer") {
  SECTION("an answer's rows, with null sources and batches") {
    const auto answer = parse_sum_answer(
      R"({"grain":"year","columns":["unit","indicator","source","source_number","source_date","batch","figures",)"
      R"("total","largest","qualifiers","first_from","last_to","first_id","noted","overlapping"],"rows":[)"
      R"(["X1","AN01","Báo cáo","12/BC","2025-01-05",3,2,15,10,["exact","at_least"],"2021-01-01","2021-02-28",4,0,1],)"
      R"(["X2","AN01",null,null,null,null,1,2.5,2.5,["about"],"2021-03-01","2021-03-31",9,1,0]],"partial":0})");
    REQUIRE(answer);
    CHECK(answer->grain == "year");
    CHECK(answer->partial == std::vector<std::int64_t>{0});
    CHECK(answer->whole());
    REQUIRE(answer->rows.size() == 2);
    const SumRow& first = answer->rows[0];
    CHECK(first.unit == "X1");
    CHECK(first.source == "Báo cáo");
    CHECK(first.source_date == "2025-01-05");
    CHECK(first.batch == 3);
    CHECK(first.figures == 2);
    CHECK(first.total == 15);
    CHECK(first.qualifiers == ((1u << static_cast<unsigned>(Qualifier::exact)) |
                               (1u << static_cast<unsigned>(Qualifier::at_least))));
    CHECK(figure_of_sums(SumRow(first), Aggregation::sum).qualifier == Qualifier::at_least);
    CHECK(first.last_to == "2021-02-28");
    CHECK(first.overlapping == 1);
    const SumRow& second = answer->rows[1];
    CHECK(second.source.empty());
    CHECK_FALSE(second.batch.has_value());
    CHECK(second.total == 2.5);
    CHECK(second.noted == 1);
    CHECK(figure_of_sums(SumRow(second), Aggregation::sum).qualifier == Qualifier::about);
  }
  SECTION("an answer for several spans: the span of each row, a partial count per span") {
    const auto answer = parse_sum_answer(
      R"({"grain":"year","columns":["span","unit","figures","total"],"rows":[[0,"X1",2,5],[1,"X1",3,7]],)"
      R"("crossing":[[1,"X2",4]],"fractional":[["X3",2]],"partial":[0,4]})");
    REQUIRE(answer);
    REQUIRE(answer->rows.size() == 2);
    CHECK(answer->rows[0].span == 0);
    CHECK(answer->rows[1].span == 1);
    CHECK(answer->rows[1].figures == 3);
    CHECK(answer->partial == std::vector<std::int64_t>{0, 4});
    REQUIRE(answer->crossing.size() == 1);
    CHECK(answer->crossing[0].span == 1);
    CHECK(answer->crossing[0].unit == "X2");
    CHECK(answer->crossing[0].figures == 4);
    REQUIRE(answer->fractional);
    REQUIRE(answer->fractional->size() == 1);
    CHECK((*answer->fractional)[0].unit == "X3");
    CHECK((*answer->fractional)[0].figures == 2);
    CHECK_FALSE(parse_sum_answer(R"({"columns":["span","unit","figures"],"rows":[],"fractional":[[0,"X3",2]]})"));
    CHECK_FALSE(parse_sum_answer(R"({"columns":["span","unit","figures"],"rows":[],"crossing":[[1,"X2",4,5]]})"));
    CHECK_FALSE(parse_sum_answer(R"({"columns":["span","unit"],"rows":[],"crossing":[[1,"X2"]]})"));
    CHECK_FALSE(answer->whole());
    CHECK_FALSE(parse_sum_answer(R"({"columns":["span","figures"],"rows":[[-1,2]],"partial":[0]})"));
    CHECK_FALSE(parse_sum_answer(R"({"columns":["span","figures"],"rows":[[0,2]],"partial":[0,"1"]})"));
  }
  SECTION("anything else is refused, never half read") {
    const std::string columns = R"({"columns":["unit","figures"],)";
    CHECK(parse_sum_answer(columns + R"("rows":[["X1",2]],"partial":0})"));
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1"]],"partial":0})"));         // a short row
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1",2,3]],"partial":0})"));     // a long row
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[[2,"X1"]],"partial":0})"));       // types swapped
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1",null]],"partial":0})"));    // a null count
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1",["a"]]],"partial":0})"));   // a list for a count
    CHECK_FALSE(parse_sum_answer(R"({"columns":["colour"],"rows":[],"partial":0})"));   // an unknown column
    CHECK_FALSE(parse_sum_answer(R"({"rows":[["X1",2]],"columns":["unit","figures"]})")); // rows first
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1",2]],"partial":"0"})"));     // partial as text
    CHECK_FALSE(parse_sum_answer(columns + R"("rows":[["X1",2]])"));                     // cut short
    CHECK_FALSE(parse_sum_answer("not json"));
    CHECK_FALSE(parse_sum_answer(R"({"columns":["qualifiers"],"rows":[[["roughly"]]],"partial":0})")); // unknown code
    CHECK_FALSE(parse_sum_answer(R"({"columns":["figures"],"rows":[[2.5]],"partial":0})"));          // a count in parts
    const auto none = parse_sum_answer(columns + R"("rows":[]})");
    REQUIRE(none);
    CHECK_FALSE(none->whole()); // no partial count: nothing says every figure is in the rows
  }
}

