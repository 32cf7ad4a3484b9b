#include "pledge_analysis.hpp"

#include "doc_json.hpp"
#include "wording.hpp"

#include <cmath>
#include <ctime>
#include <map>

namespace campaign::report {

namespace {

struct PledgeWords {
  std::string title;    // {period}, {campaign}
  std::string subtitle; // {as_of}
  std::string section_ranking;
  std::string section_sheet; // {signatory}
  std::string ranking_table;
  std::string summary; // {0} signatories, {1} proposed
  std::string no_pledges;
  std::string col_rank;
  std::string col_signatory;
  std::string col_self;
  std::string col_awarded;
  std::string col_max;
  std::string col_score;
  std::string col_percent;
  std::string col_grade;
  std::string col_tie;
  std::string col_proposed;
  std::string col_target;
  std::string col_comparator;
  std::string col_target_value;
  std::string col_measure_unit;
  std::string col_actual;
  std::string col_status;
  std::string total;
  std::string yes;
  std::string no;
  std::string tied_with; // {units}
  std::string tie_shared; // {names}: {0} points, rank {1}
  std::string tie_broken; // {names}: {0} points; {rule}: {placed}
  std::string placed;     // {unit} at rank {N}
  std::string still_tied;
  std::string tie_targets_met;
  std::string tie_attainment;
  std::string rules; // {0} {1} {2}: thresholds; {excellent} {good} {average} {weak}
  std::string score_rule;
  std::string provisional_period; // {end}
  std::string provisional_awarded; // {0} of {1}
  std::string sheet_result;        // {0} of {1} points, {2} percent, {grade}, rank {3}
  std::string sheet_ungraded;
  std::string sheet_pledge; // {signed_on}, {counterpart}
  std::string sheet_ceased;      // {signatory}, {date}
  std::string sheet_transferred; // {successor}, {date}
  std::string no_targets;
  std::string met;
  std::string not_met;
  std::string on_track;
  std::string behind;
  std::string cannot_tell;
  std::string not_assessed;
  std::string excellent;
  std::string good;
  std::string average;
  std::string weak;
};

const PledgeWords& pledge_words(Lang lang) {
  static const PledgeWords k_vi{
    "Kết quả chấm điểm giao ước thi đua {period}: {campaign}",
    "Tính đến ngày {as_of}",
    "Bảng xếp hạng",
    "Phiếu chấm điểm: {signatory}",
    "Xếp hạng các đơn vị ký giao ước",
    "Có {0} đơn vị ký giao ước; {1} đơn vị được đề nghị khen thưởng.",
    "Không có giao ước nào trong kỳ.",
    "Hạng",
    "Đơn vị ký",
    "Điểm tự chấm",
    "Điểm thẩm định",
    "Điểm tối đa",
    "Điểm",
    "Điểm trên thang 100",
    "Xếp loại",
    "Đồng hạng",
    "Đề nghị khen thưởng",
    "Chỉ tiêu",
    "So sánh",
    "Mục tiêu",
    "Đơn vị tính",
    "Kết quả",
    "Tình trạng",
    "Tổng cộng",
    "Có",
    "Không",
    "đồng hạng với {units}",
    "{names} cùng đạt {0} điểm nên đồng hạng {1}; hạng kế tiếp được bỏ qua.",
    "{names} cùng đạt {0} điểm; phân định theo {rule}: {placed}.",
    "{unit} hạng {N}",
    " Các đơn vị vẫn bằng nhau thì đồng hạng.",
    "số chỉ tiêu đạt",
    "tỷ lệ đạt bình quân của các chỉ tiêu định lượng",
    "Xếp loại theo điểm quy về thang 100: {excellent} từ {0} điểm, {good} từ {1} điểm, {average} từ {2} "
    "điểm, dưới mức đó {weak}.",
    "Điểm của mỗi chỉ tiêu là điểm thẩm định; chỉ tiêu chưa được thẩm định tính theo điểm chấm từ kết quả.",
    "Kết quả tạm tính: kỳ giao ước kéo dài đến ngày {end}.",
    "Kết quả tạm tính: {0}/{1} đơn vị còn chỉ tiêu chưa được thẩm định.",
    "Tổng điểm {0}/{1} điểm ({2} điểm trên thang 100), xếp loại {grade}, hạng {3}.",
    "Không xếp loại: không chỉ tiêu nào có điểm tối đa.",
    "Giao ước ký ngày {signed_on} với {counterpart}.",
    "{signatory} chấm dứt hoạt động sau ngày {date}; giao ước được đánh giá đến ngày đó.",
    "Giao ước đã chuyển cho {successor} từ ngày {date}.",
    "Giao ước không có chỉ tiêu nào.",
    "Đạt",
    "Không đạt",
    "Đúng tiến độ",
    "Chậm tiến độ",
    "Chưa xác định được",
    "Chưa đánh giá",
    "Xuất sắc",
    "Khá",
    "Trung bình",
    "Yếu",
  };
  static const PledgeWords k_en{
    "Pledge scores {period}: {campaign}",
    "As of {as_of}",
    "Ranking",
    "Scoring sheet: {signatory}",
    "Signatories ranked",
    "Signatories: {0}; proposed for commendation: {1}.",
    "No pledges in the period.",
    "Rank",
    "Signatory",
    "Self-assessed",
    "Awarded",
    "Maximum",
    "Score",
    "Score of 100",
    "Grade",
    "Tie",
    "Proposed for commendation",
    "Target",
    "Comparator",
    "Target value",
    "Unit of measure",
    "Actual",
    "Status",
    "Total",
    "yes",
    "no",
    "tied with {units}",
    "{names} have {0} points each and share rank {1}; the next rank is skipped.",
    "{names} have {0} points each; told apart by {rule}: {placed}.",
    "{unit} rank {N}",
    " Those still equal share their rank.",
    "the number of targets met",
    "the mean attainment of the quantitative targets",
    "Grades by score out of 100: {excellent} from {0} points, {good} from {1}, {average} from {2}, below "
    "that {weak}.",
    "A target's points are the awarded points; a target not yet awarded counts the points computed from its "
    "actual value.",
    "Provisional: the pledge period runs until {end}.",
    "Provisional: signatories with targets not yet awarded: {0} of {1}.",
    "Total {0} of {1} points ({2} out of 100), grade {grade}, rank {3}.",
    "Not graded: no target has maximum points.",
    "Pledge signed on {signed_on} with {counterpart}.",
    "{signatory} ceased to exist after {date}; the pledge is evaluated up to that day.",
    "The pledge was transferred to {successor} from {date}.",
    "The pledge has no targets.",
    "met",
    "not met",
    "on track",
    "behind",
    "cannot tell yet",
    "not assessed",
    "Excellent (Xuất sắc)",
    "Good (Khá)",
    "Average (Trung bình)",
    "Weak (Yếu)",
  };
  return lang == Lang::vi ? k_vi : k_en;
}

std::string status_word(const std::string& code, const PledgeWords& w) {
  const std::map<std::string, const std::string*> words = {
    {"met", &w.met},         {"not_met", &w.not_met},           {"on_track", &w.on_track},
    {"behind", &w.behind},   {"cannot_tell", &w.cannot_tell},   {"not_assessed", &w.not_assessed},
  };
  const auto it = words.find(code);
  return it == words.end() ? code : *it->second;
}

std::string grade_word(const std::string& code, const PledgeWords& w) {
  if (code == "excellent") {
    return w.excellent;
  }
  if (code == "good") {
    return w.good;
  }
  if (code == "average") {
    return w.average;
  }
  if (code == "weak") {
    return w.weak;
  }
  return code;
}

// Today in the local time zone, as `campaign pledge status` takes it by default.
std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return text;
}

Doc optional_number(const Json& object, const char* key) {
  return object.contains(key) && object[key].is_number() ? num(object[key].get<double>()) : Doc(nullptr);
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string joined;
  for (const auto& item : items) {
    joined += (joined.empty() ? "" : separator) + item;
  }
  return joined;
}

class PledgeReport {
public:
  PledgeReport(const PledgeReportRequest& request, const Ask& ask)
    : m_ask(ask), m_lang(parse_lang(request.lang)), m_words(pledge_words(m_lang)) {
    m_campaign = request.campaign.empty() ? only_campaign() : request.campaign;
    m_as_of = request.as_of.empty() ? today() : request.as_of;
    m_unit = request.unit;
    Doc filters{{"campaign", m_campaign}};
    if (!request.period.empty()) {
      filters["period"] = request.period;
    }
    m_ranking = ask_json(Doc{{"rank", "pledge"}, {"filters", filters}, {"as_of", m_as_of}});
    filters["period"] = str(m_ranking, "period");
    if (!m_unit.empty()) {
      filters["unit"] = m_unit;
    }
    const Json scores = ask_json(Doc{{"score", "pledge"}, {"filters", filters}, {"as_of", m_as_of}});
    for (const Json& pledge : scores["pledges"]) {
      m_sheets[integer(pledge, "pledge").value_or(0)] = pledge;
    }
    m_campaign_name = str(ask_json(Doc{{"show", "campaign"}, {"ref", m_campaign}}), "name");
  }

  std::string document() {
    Doc doc;
    doc["format"] = k_document_format;
    doc["version"] = k_document_version;
    doc["lang"] = lang_code(m_lang);
    doc["analysis"] = "pledges";
    doc["title"] =
      substitute(m_words.title, {{"campaign", m_campaign_name}, {"period", str(m_ranking, "period")}});
    doc["subtitle"] = substitute(m_words.subtitle, {{"as_of", format_date(m_as_of, m_lang)}});
    doc["campaign"] = Doc{{"code", m_campaign}, {"name", m_campaign_name}};
    doc["scope"] = m_unit.empty() ? Doc(nullptr)
                                  : Doc{{"code", m_unit}, {"name", str(ask_json(Doc{{"show", "unit"},
                                                                                    {"ref", m_unit}}),
                                                                       "name")}};
    doc["period"] = Doc{{"name", str(m_ranking, "period")},
                        {"start", str(m_ranking, "period_start")},
                        {"end", str(m_ranking, "period_end")}};
    doc["as_of"] = m_as_of;
    Doc sections = Doc::array();
    sections.push_back(ranking_section());
    for (const Json& entry : m_ranking["ranking"]) {
      const auto it = m_sheets.find(integer(entry, "pledge").value_or(0));
      if (it != m_sheets.end()) {
        sections.push_back(sheet_section(it->second, entry));
      }
    }
    doc["sections"] = std::move(sections);
    return doc.dump(2);
  }

private:
  Json ask_json(const Doc& request) { return report::ask_json(m_ask, request.dump()); }

  std::string only_campaign() {
    const Json campaigns = ask_json(Doc{{"list", "campaign"}});
    if (campaigns.size() != 1) {
      throw sdk::Failure(campaigns.empty() ? "the database has no campaign"
                                           : "the database has several campaigns; name one with --campaign",
                         CAMPAIGN_INVALID_INPUT);
    }
    return str(campaigns[0], "code");
  }

  // The ranking rows shown: every signatory, or those with a sheet in the scope.
  std::vector<const Json*> shown_entries() const {
    std::vector<const Json*> shown;
    for (const Json& entry : m_ranking["ranking"]) {
      if (m_sheets.count(integer(entry, "pledge").value_or(0)) > 0) {
        shown.push_back(&entry);
      }
    }
    return shown;
  }

  static std::string signatory_label(const Json& entry) {
    return str(entry, "signatory_name") + " (" + str(entry, "signatory") + ")";
  }

  std::string tie_cell(const Json& entry) const {
    std::vector<std::string> others;
    for (const Json& code : entry["tied_with"]) {
      if (code.get<std::string>() != str(entry, "signatory")) {
        others.push_back(code.get<std::string>());
      }
    }
    return others.empty() ? std::string() : substitute(m_words.tied_with, {{"units", join(others, ", ")}});
  }

  Doc ranking_section() {
    Doc s = section("ranking", m_words.section_ranking);
    const std::vector<const Json*> shown = shown_entries();
    if (shown.empty()) {
      s["blocks"].push_back(note(m_words.no_pledges));
      return s;
    }
    int proposed = 0;
    Doc rows = Doc::array();
    for (const Json* entry : shown) {
      proposed += entry->value("proposed", false) ? 1 : 0;
      rows.push_back(Doc{
        {"key", str(*entry, "signatory")},
        {"cells", Doc::array({num(number(*entry, "rank")), signatory_label(*entry), optional_number(*entry, "self_points"),
                              optional_number(*entry, "awarded_points"), optional_number(*entry, "max_points"),
                              optional_number(*entry, "score"), optional_number(*entry, "percent"),
                              (*entry)["grade"].is_string() ? Doc(grade_word(str(*entry, "grade"), m_words))
                                                            : Doc(nullptr),
                              tie_cell(*entry).empty() ? Doc(nullptr) : Doc(tie_cell(*entry)),
                              entry->value("proposed", false) ? m_words.yes : m_words.no})}});
    }
    s["blocks"].push_back(
      paragraph(m_words.summary, {num(static_cast<double>(shown.size())), num(proposed)}));
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "ranking"},
                              {"title", m_words.ranking_table},
                              {"columns", Doc::array({column("rank", m_words.col_rank, "number"),
                                                      column("signatory", m_words.col_signatory, "text"),
                                                      column("self_points", m_words.col_self, "number"),
                                                      column("awarded_points", m_words.col_awarded, "number"),
                                                      column("max_points", m_words.col_max, "number"),
                                                      column("score", m_words.col_score, "number"),
                                                      column("percent", m_words.col_percent, "number"),
                                                      column("grade", m_words.col_grade, "text"),
                                                      column("tie", m_words.col_tie, "text"),
                                                      column("proposed", m_words.col_proposed, "text")})},
                              {"rows", std::move(rows)},
                              {"label_column", 1},
                              {"chart", Doc{{"value_columns", Doc::array({6})}}}});
    for (Doc& block : tie_paragraphs(shown)) {
      s["blocks"].push_back(std::move(block));
    }
    const Json& rules = m_ranking["rules"];
    s["blocks"].push_back(paragraph(substitute(m_words.rules, {{"excellent", m_words.excellent},
                                                               {"good", m_words.good},
                                                               {"average", m_words.average},
                                                               {"weak", m_words.weak}}),
                                    {num(number(rules, "excellent")), num(number(rules, "good")),
                                     num(number(rules, "average"))}));
    s["blocks"].push_back(note(m_words.score_rule));
    if (m_as_of < str(m_ranking, "period_end")) {
      s["blocks"].push_back(
        note(substitute(m_words.provisional_period, {{"end", format_date(str(m_ranking, "period_end"), m_lang)}})));
    }
    int unawarded = 0;
    for (const Json* entry : shown) {
      unawarded += number(*entry, "awarded_count") < number(*entry, "scored_targets") ? 1 : 0;
    }
    if (unawarded > 0) {
      s["blocks"].push_back(paragraph(m_words.provisional_awarded,
                                      {num(unawarded), num(static_cast<double>(shown.size()))}));
    }
    return s;
  }

  // One paragraph per group of equal scores: the shared rank, or how the tie-break placed them.
  std::vector<Doc> tie_paragraphs(const std::vector<const Json*>& shown) const {
    std::map<long long, std::vector<const Json*>, std::greater<>> by_score;
    for (const Json* entry : shown) {
      by_score[std::llround(number(*entry, "score") * 100.0)].push_back(entry);
    }
    const std::string tie_break = str(m_ranking["rules"], "tie_break");
    std::vector<Doc> blocks;
    for (const auto& [score, group] : by_score) {
      if (group.size() < 2) {
        continue;
      }
      std::vector<std::string> names;
      for (const Json* entry : group) {
        names.push_back(brace_escape(signatory_label(*entry)));
      }
      const double points = number(*group.front(), "score");
      if (tie_break == "none") {
        blocks.push_back(paragraph(substitute(m_words.tie_shared, {{"names", join(names, ", ")}}),
                                   {num(points), num(number(*group.front(), "rank"))}));
        continue;
      }
      std::vector<std::string> placed;
      std::vector<Doc> values{num(points)};
      bool still_tied = false;
      for (const Json* entry : group) {
        placed.push_back(substitute(m_words.placed, {{"unit", brace_escape(str(*entry, "signatory"))},
                                                     {"N", slot(values.size())}}));
        values.push_back(num(number(*entry, "rank")));
        still_tied = still_tied || !(*entry)["tied_with"].empty();
      }
      blocks.push_back(paragraph(
        substitute(m_words.tie_broken,
                   {{"names", join(names, ", ")},
                    {"rule", tie_break == "targets_met" ? m_words.tie_targets_met : m_words.tie_attainment},
                    {"placed", join(placed, ", ")}}) +
          (still_tied ? m_words.still_tied : ""),
        std::move(values)));
    }
    return blocks;
  }

  std::string target_label(const Json& target) const {
    if (str(target, "kind") == "qualitative") {
      return str(target, "criterion");
    }
    const std::string name = str(target, m_lang == Lang::vi ? "indicator_name_vi" : "indicator_name_en");
    return name.empty() ? str(target, "indicator") : name + " (" + str(target, "indicator") + ")";
  }

  Doc actual_cell(const Json& target) const {
    if (str(target, "kind") == "qualitative") {
      if (!target["assessed_met"].is_boolean()) {
        return Doc(nullptr);
      }
      return target["assessed_met"].get<bool>() ? m_words.yes : m_words.no;
    }
    if (!target["actual"].is_number()) {
      return Doc(nullptr);
    }
    return Doc{{"value", num(number(target, "actual"))},
               {"qualifier", target["actual_qualifier"].is_string() ? str(target, "actual_qualifier") : "exact"}};
  }

  Doc sheet_section(const Json& pledge, const Json& entry) const {
    const std::string signatory = str(pledge, "signatory");
    Doc s = section("sheet-" + signatory,
                    substitute(m_words.section_sheet, {{"signatory", signatory_label(pledge)}}));
    if (pledge["signed_on"].is_string() || pledge["counterpart"].is_string()) {
      std::string text = m_words.sheet_pledge;
      text = substitute(text, {{"signed_on", pledge["signed_on"].is_string()
                                               ? format_date(str(pledge, "signed_on"), m_lang)
                                               : "?"},
                               {"counterpart", pledge["counterpart"].is_string() ? str(pledge, "counterpart") : "?"}});
      s["blocks"].push_back(note(text));
    }
    if (pledge["successor"].is_string()) {
      s["blocks"].push_back(note(substitute(
        m_words.sheet_transferred,
        {{"successor", str(pledge, "successor")}, {"date", format_date(str(pledge, "transferred_on"), m_lang)}})));
    } else if (pledge.value("closed_early", false)) {
      s["blocks"].push_back(note(substitute(
        m_words.sheet_ceased, {{"signatory", signatory}, {"date", format_date(str(pledge, "ceased_on"), m_lang)}})));
    }
    const Json& targets = pledge["targets"];
    if (targets.empty()) {
      s["blocks"].push_back(note(m_words.no_targets));
      return s;
    }
    Doc rows = Doc::array();
    for (const Json& target : targets) {
      const bool qualitative = str(target, "kind") == "qualitative";
      rows.push_back(Doc{
        {"key", std::to_string(integer(target, "target").value_or(0))},
        {"cells",
         Doc::array({target_label(target),
                     target["comparator"].is_string() ? Doc(str(target, "comparator")) : Doc(nullptr),
                     qualitative ? Doc(m_words.met) : optional_number(target, "target_value"),
                     target["measure_unit"].is_string()
                       ? Doc(measure_unit_in(str(target, "measure_unit"), m_lang))
                       : Doc(nullptr),
                     actual_cell(target), status_word(str(target, "status"), m_words),
                     optional_number(target, "max_points"), optional_number(target, "self_points"),
                     optional_number(target, "awarded_points"), optional_number(target, "points")})}});
    }
    const Json& sheet = pledge["sheet"];
    rows.push_back(Doc{{"key", "total"},
                       {"cells", Doc::array({m_words.total, nullptr, nullptr, nullptr, nullptr, nullptr,
                                             optional_number(sheet, "max_points"),
                                             optional_number(sheet, "self_points"),
                                             optional_number(sheet, "awarded_points"),
                                             optional_number(sheet, "score")})}});
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "sheet-" + signatory},
                              {"title", signatory_label(pledge)},
                              {"columns", Doc::array({column("target", m_words.col_target, "text"),
                                                      column("comparator", m_words.col_comparator, "text"),
                                                      column("target_value", m_words.col_target_value, "number"),
                                                      column("measure_unit", m_words.col_measure_unit, "text"),
                                                      column("actual", m_words.col_actual, "quantity"),
                                                      column("status", m_words.col_status, "text"),
                                                      column("max_points", m_words.col_max, "number"),
                                                      column("self_points", m_words.col_self, "number"),
                                                      column("awarded_points", m_words.col_awarded, "number"),
                                                      column("points", m_words.col_score, "number")})},
                              {"rows", std::move(rows)},
                              {"label_column", 0}});
    if (sheet["grade"].is_string()) {
      s["blocks"].push_back(
        paragraph(substitute(m_words.sheet_result, {{"grade", grade_word(str(sheet, "grade"), m_words)}}),
                  {num(number(sheet, "score")), num(number(sheet, "max_points")), num(number(sheet, "percent")),
                   num(number(entry, "rank"))}));
    } else {
      s["blocks"].push_back(note(m_words.sheet_ungraded));
    }
    return s;
  }

  const Ask& m_ask;
  Lang m_lang;
  const PledgeWords& m_words;
  std::string m_campaign;
  std::string m_campaign_name;
  std::string m_as_of;
  std::string m_unit;
  Json m_ranking;
  std::map<std::int64_t, Json> m_sheets;
};

} // namespace

std::string build_pledge_report(const PledgeReportRequest& request, const Ask& ask) {
  return PledgeReport(request, ask).document();
}

PledgeAnalysis::PledgeAnalysis()
  : Analysis("pledges",
             "Pledge scores of a campaign's period: the ranking of the signatories, with grades, ties and "
             "proposals, and one scoring sheet per signatory",
             {{"campaign", "string", "campaign code (default: the only campaign)", std::nullopt},
              {"period", "string", "period name (default: the only period with pledges)", std::nullopt},
              {"unit", "string", "only signatories that are this unit or below it (default: all)", std::nullopt},
              {"as_of", "string", "evaluate on this day, YYYY-MM-DD (default: today)", std::nullopt},
              {"lang", "string", "language of the document: vi or en", std::string("vi")}}) {}

void PledgeAnalysis::run(sdk::Call&, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) {
  PledgeReportRequest request;
  request.campaign = options.get_or("campaign", "");
  request.period = options.get_or("period", "");
  request.unit = options.get_or("unit", "");
  request.as_of = options.get_or("as_of", "");
  request.lang = options.get_or("lang", "vi");
  document.write(
    build_pledge_report(request, [&query](const std::string& request_json) { return query.ask(request_json); }));
}

} // namespace campaign::report
