// Unit tests of the pledge analysis on hand-written host answers: the ranking
// table, a tie told apart by the campaign's tie-break, a qualitative target,
// a signatory that ceased, parsing by the renderers' reader.
#include "document.hpp"
#include "pledge_analysis.hpp"

#include <campaign/plugin.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using namespace campaign::report;
namespace sdk = campaign::sdk;

namespace {

using Json = nlohmann::json;

Json entry(int rank, const std::string& code, double score, bool proposed, bool tie_broken) {
  return Json{{"rank", rank},
              {"pledge", rank},
              {"signatory", code},
              {"signatory_name", "Huyện " + code},
              {"successor", nullptr},
              {"max_points", 100},
              {"computed_points", score},
              {"self_points", nullptr},
              {"awarded_points", score},
              {"awarded_count", 2},
              {"scored_targets", 2},
              {"score", score},
              {"percent", score},
              {"grade", score >= 90 ? "excellent" : "good"},
              {"provisional", false},
              {"targets", 2},
              {"targets_met", 2},
              {"quantitative_targets", 1},
              {"quantitative_met", 1},
              {"mean_attainment", 1},
              {"tied_with", Json::array()},
              {"tie_broken", tie_broken},
              {"proposed", proposed},
              {"shortfalls", Json::array()}};
}

Json sheet(int id, const std::string& code, double score, bool ceased) {
  return Json{
    {"pledge", id},
    {"signatory", code},
    {"signatory_name", "Huyện " + code},
    {"counterpart", "P"},
    {"signed_on", "2024-01-15"},
    {"ceased_on", ceased ? Json("2025-06-30") : Json(nullptr)},
    {"successor", nullptr},
    {"transferred_on", nullptr},
    {"closed_early", ceased},
    {"sheet", {{"max_points", 100}, {"self_points", nullptr}, {"awarded_points", score}, {"score", score},
               {"percent", score}, {"grade", score >= 90 ? "excellent" : "good"}}},
    {"targets",
     Json::array({Json{{"target", id * 10},
                       {"kind", "quantitative"},
                       {"indicator", "AN01"},
                       {"indicator_name_vi", "Tin báo"},
                       {"indicator_name_en", "Tip-offs"},
                       {"criterion", nullptr},
                       {"comparator", ">="},
                       {"target_value", 100},
                       {"measure_unit", "tin"},
                       {"actual", 120},
                       {"actual_qualifier", "at_least"},
                       {"status", "met"},
                       {"max_points", 60},
                       {"self_points", nullptr},
                       {"awarded_points", 60},
                       {"points", 60}},
                  Json{{"target", id * 10 + 1},
                       {"kind", "qualitative"},
                       {"indicator", nullptr},
                       {"criterion", "Không có điểm nóng"},
                       {"comparator", nullptr},
                       {"target_value", nullptr},
                       {"measure_unit", nullptr},
                       {"actual", nullptr},
                       {"actual_qualifier", nullptr},
                       {"assessed_met", true},
                       {"status", "met"},
                       {"max_points", 40},
                       {"self_points", nullptr},
                       {"awarded_points", score - 60},
                       {"points", score - 60}}})}};
}

// A host with three signatories: D1 first, D2 and D3 equal on points and told apart by targets met.
struct FakeHost {
  std::vector<Json> requests;
  std::string campaigns = R"([{"code": "K", "name": "Phong trào"}])";

  std::string operator()(const std::string& text) {
    const Json request = Json::parse(text);
    requests.push_back(request);
    if (request.contains("list")) {
      return campaigns;
    }
    if (request.contains("show")) {
      return Json{{"code", request["ref"]}, {"name", "Tên " + request["ref"].get<std::string>()}}.dump();
    }
    if (request.contains("rank")) {
      return Json{{"campaign", "K"},
                  {"period", "2024-2025"},
                  {"period_start", "2024-01-01"},
                  {"period_end", "2025-12-31"},
                  {"as_of", request["as_of"]},
                  {"rules", {{"excellent", 90}, {"good", 70}, {"average", 50}, {"tie_break", "targets_met"}}},
                  {"ranking", Json::array({entry(1, "D1", 100, true, false), entry(2, "D2", 80, false, true),
                                           entry(3, "D3", 80, false, true)})}}
        .dump();
    }
    Json pledges = Json::array({sheet(1, "D1", 100, false), sheet(2, "D2", 80, false), sheet(3, "D3", 80, true)});
    if (request["filters"].contains("unit")) {
      pledges = Json::array({sheet(3, "D3", 80, true)});
    }
    return Json{{"campaign", "K"}, {"as_of", request["as_of"]}, {"pledges", pledges}}.dump();
  }
};

const Json& block_with(const Json& section, const std::string& key, const std::string& value) {
  for (const Json& block : section["blocks"]) {
    if (block.contains(key) && block[key] == value) {
      return block;
    }
  }
  FAIL("no block with " << key << " " << value);
  return section;
}

} // namespace

TEST_CASE("pledges: the ranking, the tie-break and the sheets from the host's answers") {
  FakeHost host;
  const Ask ask = [&host](const std::string& request) { return host(request); };
  PledgeReportRequest request;
  request.as_of = "2026-01-15";
  request.lang = "en";
  const Json doc = Json::parse(build_pledge_report(request, ask));
  // The only campaign, the period of the ranking for the scores, the day asked for.
  CHECK(host.requests[1]["rank"] == "pledge");
  CHECK(host.requests[1]["as_of"] == "2026-01-15");
  CHECK(host.requests[2]["filters"]["period"] == "2024-2025");
  CHECK(doc["analysis"] == "pledges");
  CHECK(doc["period"] == Json{{"name", "2024-2025"}, {"start", "2024-01-01"}, {"end", "2025-12-31"}});
  CHECK(doc["scope"].is_null());
  REQUIRE(doc["sections"].size() == 4);
  const Json& ranking = doc["sections"][0];
  const Json& table = block_with(ranking, "id", "ranking");
  REQUIRE(table["rows"].size() == 3);
  CHECK(table["rows"][1]["cells"] ==
        Json::array({2, "Huyện D2 (D2)", nullptr, 80, 100, 80, 80, "Good (Khá)", nullptr, "no"}));
  CHECK(table["rows"][0]["cells"][9] == "yes");
  // The tie told apart: names, the rule, each rank in a slot.
  bool explained = false;
  for (const Json& block : ranking["blocks"]) {
    if (block["type"] == "paragraph" && block["text"].get<std::string>().find("told apart by the number of targets met") !=
                                          std::string::npos) {
      explained = true;
      CHECK(block["text"] == "Huyện D2 (D2), Huyện D3 (D3) have {0} points each; told apart by the number of "
                             "targets met: D2 rank {1}, D3 rank {2}.");
      CHECK(block["values"] == Json::array({80, 2, 3}));
    }
  }
  CHECK(explained);
  // A sheet: the quantity keeps its qualifier, the qualitative target reads yes, the total row.
  CHECK(doc["sections"][1]["id"] == "sheet-D1");
  const Json& d3 = doc["sections"][3];
  CHECK(block_with(d3, "type", "note")["text"] == "Pledge signed on 15 Jan 2024 with P.");
  const Json& rows = block_with(d3, "id", "sheet-D3")["rows"];
  REQUIRE(rows.size() == 3);
  CHECK(rows[0]["cells"] == Json::array({"Tip-offs (AN01)", ">=", 100, "tips",
                                         Json{{"value", 120}, {"qualifier", "at_least"}}, "met", 60, nullptr, 60,
                                         60}));
  CHECK(rows[1]["cells"][0] == "Không có điểm nóng");
  CHECK(rows[1]["cells"][4] == "yes");
  CHECK(rows[2]["cells"] == Json::array({"Total", nullptr, nullptr, nullptr, nullptr, nullptr, 100, nullptr, 80, 80}));
  bool ceased = false;
  for (const Json& block : d3["blocks"]) {
    ceased = ceased || (block["type"] == "note" &&
                        block["text"] == "D3 ceased to exist after 30 Jun 2025; the pledge is evaluated up to that day.");
  }
  CHECK(ceased);
  // The renderers read it.
  CHECK_NOTHROW(parse_document(doc.dump(), Lang::en));
}

TEST_CASE("pledges: --unit keeps the signatories below it with their ranks; no campaign to choose") {
  FakeHost host;
  const Ask ask = [&host](const std::string& request) { return host(request); };
  PledgeReportRequest request;
  request.campaign = "K";
  request.unit = "D3";
  request.as_of = "2026-01-15";
  const Json doc = Json::parse(build_pledge_report(request, ask));
  CHECK(doc["scope"] == Json{{"code", "D3"}, {"name", "Tên D3"}});
  const Json& rows = block_with(doc["sections"][0], "id", "ranking")["rows"];
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["cells"][0] == 3);
  CHECK(rows[0]["cells"][7] == "Khá");
  CHECK(doc["sections"].size() == 2);

  host.campaigns = R"([{"code": "K"}, {"code": "K2"}])";
  request.campaign.clear();
  CHECK_THROWS_WITH(build_pledge_report(request, ask), Catch::Contains("name one with --campaign"));
}
