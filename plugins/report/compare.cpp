#include "compare.hpp"

#include "doc_json.hpp"
#include "period.hpp"
#include "sum_answer.hpp"
#include "wording.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <set>
#include <unordered_map>

namespace campaign::report {

namespace {

struct CompareWords {
  std::string title; // {periods}, {campaign}
  std::string section_periods;
  std::string section_indicators;
  std::string section_units;
  std::string section_overlap;
  std::string section_straddling;
  std::string section_lineage;
  std::string section_pledges;
  std::string per_year;
  std::string per_month;
  std::string per_total;
  std::string col_period;
  std::string col_start;
  std::string col_end;
  std::string col_days;
  std::string col_indicator;
  std::string col_measure_unit;
  std::string col_value; // {period}
  std::string col_figure_value;
  std::string col_rate;   // {period}, {per}
  std::string col_change; // {from}, {to}
  std::string col_percent;
  std::string col_verdict;
  std::string col_rank;
  std::string col_unit;
  std::string col_from;
  std::string col_to;
  std::string col_counted;
  std::string col_handling;
  std::string col_pledges;
  std::string col_targets;
  std::string col_met;
  std::string col_share;
  std::string better;
  std::string worse;
  std::string unchanged;
  std::string undetermined;
  std::string new_value;
  std::string no_data;
  std::string not_comparable;
  std::string estimate_suffix;
  std::string rates_explained; // {per}
  std::string totals_explained;
  std::string shared; // {a}, {b}, {0} days, {start}, {end}
  std::string shared_both;
  std::string shared_exclusive; // {b}
  std::string no_overlap;
  std::string in_both;
  std::string in_later; // {b}
  std::string no_shared_figures;
  std::string straddling_count; // {0}
  std::string not_attributable;
  std::string prorated;
  std::string not_spread; // aggregation
  std::string no_straddling;
  std::string estimate_note;
  std::string rolled_up;  // {unit}, {units}
  std::string split_note; // {unit}, {date}, {units}
  std::string nothing_lineage;
  std::string units_table; // {indicator}, {a}, {b}
  std::string no_units;
  std::string pledges_summary; // {period}: {0} of {1} targets met
  std::string no_pledges;
  std::string pledges_only_named;
  std::string chart_title;
};

const CompareWords& compare_words(Lang lang) {
  static const CompareWords k_vi{
    "So sánh {periods}: {campaign}",
    "Các kỳ so sánh",
    "Chỉ tiêu",
    "Đơn vị",
    "Thời gian trùng nhau",
    "Số liệu vắt qua ranh giới kỳ",
    "Đơn vị sáp nhập, chia tách",
    "Giao ước thi đua",
    "năm",
    "tháng",
    "cả kỳ",
    "Kỳ",
    "Từ ngày",
    "Đến ngày",
    "Số ngày",
    "Chỉ tiêu",
    "Đơn vị tính",
    "{period}",
    "Giá trị",
    "{period} (bình quân/{per})",
    "Thay đổi",
    "Thay đổi (%)",
    "Đánh giá",
    "Hạng",
    "Đơn vị",
    "Từ ngày",
    "Đến ngày",
    "Tính vào kỳ",
    "Cách xử lý",
    "Giao ước",
    "Chỉ tiêu giao ước",
    "Đạt",
    "Tỷ lệ đạt (%)",
    "Tốt hơn",
    "Kém hơn",
    "Không đổi",
    "Không xác định được",
    "Mới",
    "Không có số liệu",
    "Không so sánh được",
    " (ước tính)",
    "Kết quả được quy về bình quân mỗi {per} theo số ngày của từng kỳ để so sánh các kỳ dài ngắn khác nhau; "
    "chỉ tiêu tính theo số cao nhất hoặc số cuối kỳ (như số mô hình) được so sánh nguyên giá trị.",
    "Kết quả của các kỳ được so sánh nguyên giá trị, không quy đổi theo độ dài của kỳ (--per total).",
    "Kỳ {a} và kỳ {b} trùng nhau {0} ngày ({start} – {end}).",
    "Số liệu trong những ngày trùng nhau được tính vào cả hai kỳ.",
    "Những ngày trùng nhau chỉ được tính vào kỳ sau ({b}) theo tùy chọn --exclusive.",
    "Các kỳ không có ngày nào trùng nhau.",
    "Tính vào cả hai kỳ",
    "Chỉ tính vào kỳ {b}",
    "Không có số liệu nào nằm trọn trong những ngày trùng nhau.",
    "{0} số liệu có thời gian vắt qua ranh giới một kỳ.",
    "Không quy được vào kỳ",
    "Chia theo số ngày (ước tính)",
    "Không chia được (cách tổng hợp: {aggregation})",
    "Không có số liệu nào vắt qua ranh giới kỳ.",
    "Có phần ước tính: số liệu vắt qua ranh giới kỳ được chia theo số ngày (--prorate).",
    "{unit} gồm cả số liệu của các đơn vị trước khi sáp nhập: {units}.",
    "{unit}: không so sánh được vì chia tách ngày {date} (từ {units}) mà không có số liệu phân bổ.",
    "Không có đơn vị nào sáp nhập hay chia tách trong thời gian so sánh.",
    "{indicator}: {a} so với {b}",
    "Không có đơn vị trực thuộc nào có số liệu.",
    "Kỳ {period}: đạt {0} trên {1} chỉ tiêu giao ước.",
    "Không có giao ước nào trong các kỳ so sánh.",
    "Tỷ lệ đạt chỉ tính cho các kỳ được đặt tên của phong trào (kỳ có giao ước).",
    "Bình quân theo kỳ (mỗi nhóm cột theo thang riêng)"};
  static const CompareWords k_en{
    "Comparison of {periods}: {campaign}",
    "Periods compared",
    "Indicators",
    "Units",
    "Shared days",
    "Figures straddling a period's edge",
    "Merged and split units",
    "Emulation pledges",
    "year",
    "month",
    "period",
    "Period",
    "From",
    "To",
    "Days",
    "Indicator",
    "Measure",
    "{period}",
    "Value",
    "{period} (per {per})",
    "Change",
    "Change (%)",
    "Verdict",
    "Rank",
    "Unit",
    "From",
    "To",
    "Counted",
    "Handling",
    "Pledges",
    "Targets",
    "Met",
    "Share met (%)",
    "better",
    "worse",
    "unchanged",
    "cannot be determined",
    "new",
    "no data",
    "not comparable",
    " (estimate)",
    "Results are expressed per {per} from each period's number of days, so that periods of different "
    "lengths compare fairly; indicators taken as a maximum or a latest value (such as models in place) are "
    "compared as they are.",
    "The periods' results are compared as they are, not adjusted for the periods' lengths (--per total).",
    "Periods {a} and {b} share {0} days ({start} – {end}).",
    "Figures within the shared days count in both periods.",
    "The shared days count only in the later period ({b}), as --exclusive asks.",
    "The periods share no days.",
    "Counted in both periods",
    "Counted in {b} only",
    "No figure lies wholly within the shared days.",
    "{0} figures have spans that cross a period's edge.",
    "Not attributable",
    "Spread by days (estimate)",
    "Cannot be spread (aggregation: {aggregation})",
    "No figure crosses a period's edge.",
    "Includes estimates: figures crossing a period's edge were spread by days (--prorate).",
    "{unit} includes the figures of the units merged into it: {units}.",
    "{unit}: not comparable, split on {date} (from {units}) without an allocation of the earlier figures.",
    "No unit merged or split within the periods compared.",
    "{indicator}: {a} against {b}",
    "No unit below the scope has figures.",
    "Period {period}: {0} of {1} pledge targets met.",
    "No pledges in the periods compared.",
    "Shares met are given for the campaign's named periods (the periods pledges belong to).",
    "Per period (each group on its own scale)"};
  return lang == Lang::vi ? k_vi : k_en;
}

struct Indicator {
  std::string code;
  std::string name;
  std::string measure_unit;
  std::string aggregation_code;
  Aggregation aggregation = Aggregation::sum;
  bool lower_is_better = false;
};

std::vector<std::string> codes_of(const Json& record, const char* key) {
  std::vector<std::string> codes;
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) {
    return codes;
  }
  if (it->is_array()) {
    for (const Json& code : *it) {
      if (code.is_string()) {
        codes.push_back(code.get<std::string>());
      }
    }
    return codes;
  }
  return split_list(str(record, key), ",");
}

// One period of the comparison: as named, and the days it counts.
struct Period {
  Span span;     // as the user named it
  Span counting; // after --exclusive
};

// One indicator's value in one period for one group of units.
struct Value {
  std::optional<Quantity> total;
  std::optional<Quantity> rate;  // per year or month; none for levels (max, last) or --per total
  std::optional<Quantity> basis; // what is compared: the rate, else the total
  bool estimated = false;        // includes prorated parts
};

// What the sums of one indicator in one period add up to for some units.
struct Tally {
  double value = 0;
  unsigned qualifiers = 0; // 1 << Qualifier for each present
  bool any = false;

  void add(double more, unsigned bits, Aggregation aggregation) {
    value = aggregation == Aggregation::max && any ? std::max(value, more) : value + more;
    qualifiers |= bits;
    any = true;
  }
};

class Comparison {
public:
  Comparison(const CompareRequest& request, const Ask& ask)
    : m_request(request), m_ask(ask), m_lang(parse_lang(request.lang.empty() ? "vi" : request.lang)),
      m_words(compare_words(m_lang)) {
    if (request.periods.size() < 2) {
      throw sdk::Failure("periods: name at least two periods to compare (such as 2018-2023 2023-2025)",
                         CAMPAIGN_INVALID_INPUT);
    }
    load_campaign();
    load_periods();
    load_units();
    load_indicators();
    if (!request.sums || !load_sums()) {
      m_figures = fetch_figures(m_ask, m_campaign_code, m_first_start, m_last_end);
      for (const Figure& figure : m_figures) {
        m_reporting.push_back(figure.unit);
      }
    }
    choose_scope();
  }

  std::string document() {
    Doc doc;
    doc["format"] = k_document_format;
    doc["version"] = k_document_version;
    doc["lang"] = lang_code(m_lang);
    doc["analysis"] = "compare";
    std::string labels;
    for (const Period& period : m_periods) {
      labels += (labels.empty() ? "" : (m_lang == Lang::vi ? " và " : " and ")) + period.span.label;
    }
    doc["title"] = substitute(m_words.title, {{"periods", labels}, {"campaign", m_campaign_name}});
    doc["campaign"] = Doc{{"code", m_campaign_code}, {"name", m_campaign_name}};
    doc["issuer"] = Doc::array();
    for (const std::string& code : m_organisers) {
      doc["issuer"].push_back(Doc{{"code", code}, {"name", unit_name(code)}});
    }
    doc["scope"] = m_scope.empty() ? Doc(nullptr) : Doc{{"code", m_scope}, {"name", unit_name(m_scope)}};
    doc["periods"] = Doc::array();
    for (const Period& period : m_periods) {
      doc["periods"].push_back(Doc{{"name", period.span.label},
                                   {"start", period.counting.start},
                                   {"end", period.counting.end},
                                   {"days", days_of(period.counting)}});
    }
    doc["per"] = per_code();
    Doc sections = Doc::array();
    sections.push_back(periods_section());
    sections.push_back(indicators_section());
    sections.push_back(units_section());
    sections.push_back(overlap_section());
    sections.push_back(straddling_section());
    sections.push_back(lineage_section());
    sections.push_back(pledges_section());
    doc["sections"] = std::move(sections);
    Doc footnotes = Doc::array();
    if (m_estimated) {
      footnotes.push_back(Doc{{"id", 1}, {"text", m_words.estimate_note}});
    }
    doc["footnotes"] = std::move(footnotes);
    return doc.dump(2) + "\n";
  }

private:
  // ---- loading

  void load_campaign() {
    m_campaign_code = m_request.campaign;
    if (m_campaign_code.empty()) {
      const Json campaigns = list_of(m_ask, "campaign");
      if (campaigns.size() != 1) {
        std::string codes;
        for (const Json& campaign : campaigns) {
          codes += (codes.empty() ? "" : ", ") + str(campaign, "code");
        }
        throw sdk::Failure(campaigns.empty()
                             ? "the database has no campaign to compare"
                             : "name the campaign to compare with --campaign (one of " + codes + ")",
                           CAMPAIGN_INVALID_INPUT);
      }
      m_campaign_code = str(campaigns.front(), "code");
    }
    const Json campaign = ask_json(m_ask, Json{{"show", "campaign"}, {"ref", m_campaign_code}}.dump());
    m_campaign_code = str(campaign, "code");
    m_campaign_name = str(campaign, "name");
    m_organisers = codes_of(campaign, "organisers");
  }

  void load_periods() {
    std::vector<Span> named;
    for (const Json& period : list_of(m_ask, "period", {{"campaign", m_campaign_code}})) {
      named.push_back({str(period, "name"), str(period, "start_date"), str(period, "end_date"), true});
    }
    std::vector<Span> spans;
    for (const std::string& text : m_request.periods) {
      spans.push_back(resolve_period(text, named));
    }
    const std::vector<Span> counting = m_request.exclusive ? exclusive_spans(spans) : spans;
    for (std::size_t i = 0; i < spans.size(); ++i) {
      m_periods.push_back({spans[i], counting[i]});
    }
    m_first_start = spans.front().start;
    m_last_end = spans.front().end;
    for (const Span& span : spans) {
      m_first_start = std::min(m_first_start, span.start);
      m_last_end = std::max(m_last_end, span.end);
    }
  }

  void load_units() {
    for (const Json& json : list_of(m_ask, "unit")) {
      const std::string code = str(json, "code");
      const std::string parent = str(json, "parent");
      m_tree.add(code, parent);
      m_units.add(code, parent);
      m_names[code] = str(json, "name");
    }
    for (const Json& json : list_of(m_ask, "lineage")) {
      m_events.push_back(
        {str(json, "kind"), str(json, "date"), codes_of(json, "predecessors"), codes_of(json, "successors")});
    }
  }

  void load_indicators() {
    std::map<std::string, Indicator> all;
    std::vector<std::string> order;
    for (const Json& json : list_of(m_ask, "indicator")) {
      Indicator indicator;
      indicator.code = str(json, "code");
      indicator.name = str(json, m_lang == Lang::vi ? "name_vi" : "name_en");
      indicator.measure_unit = measure_unit_in(str(json, "measure_unit"), m_lang);
      indicator.aggregation_code = str(json, "aggregation");
      indicator.aggregation = parse_aggregation(indicator.aggregation_code);
      indicator.lower_is_better = str(json, "direction") == "lower";
      order.push_back(indicator.code);
      all[indicator.code] = indicator;
    }
    if (m_request.indicators.empty()) {
      for (const std::string& code : order) {
        m_indicators.push_back(all[code]);
      }
      return;
    }
    std::set<std::string> named;
    for (const std::string& code : m_request.indicators) {
      const auto it = all.find(code);
      if (it == all.end()) {
        throw sdk::Failure("indicator: no indicator '" + code + "'", CAMPAIGN_INVALID_INPUT);
      }
      if (named.insert(code).second) { // an indicator named twice is compared once
        m_indicators.push_back(it->second);
      }
    }
  }

  // Reads the figures of each period as sums per unit and indicator when that
  // gives exactly the document the figures one by one would (fetch_sums says
  // when): then no figure straddles a period's edge or lies within shared
  // days, so those sections have nothing to list, and nothing is prorated.
  // Returns false, having kept nothing, when the figures must be read one by one.
  bool load_sums() {
    std::vector<Span> counting;
    std::vector<Span> shared;
    for (std::size_t i = 0; i < m_periods.size(); ++i) {
      if (m_periods[i].counting.start > m_periods[i].counting.end) {
        return false; // no days left to count (--exclusive)
      }
      counting.push_back(m_periods[i].counting);
      for (std::size_t j = i + 1; j < m_periods.size(); ++j) {
        if (const auto days = shared_days(m_periods[i].span, m_periods[j].span)) {
          shared.push_back(*days);
        }
      }
    }
    std::vector<std::pair<std::string, Aggregation>> indicators;
    for (const Indicator& indicator : m_indicators) {
      indicators.emplace_back(indicator.code, indicator.aggregation);
    }
    auto sums = fetch_sums(m_ask, m_campaign_code, counting, shared, m_first_start, m_last_end, indicators, m_units);
    if (!sums) {
      return false;
    }
    for (const std::uint32_t unit : sums->reporting) {
      m_reporting.push_back(m_units.code(unit));
    }
    m_sums = std::move(sums->periods);
    m_figures = std::move(sums->figures);
    return true;
  }

  void choose_scope() {
    if (!m_request.unit.empty()) {
      m_scope = str(ask_json(m_ask, Json{{"show", "unit"}, {"ref", m_request.unit}}.dump()), "code");
    } else {
      std::vector<std::string> reporting = m_reporting;
      std::sort(reporting.begin(), reporting.end());
      reporting.erase(std::unique(reporting.begin(), reporting.end()), reporting.end());
      m_scope = m_tree.common_ancestor(reporting.empty() ? m_organisers : reporting);
    }
    m_scope_roll_up =
      m_scope.empty() ? RollUp{{""}, true, {}, {}} : roll_up(m_scope, m_events, m_first_start, m_last_end);
    for (const Figure& figure : m_figures) {
      m_by_unit[figure.unit].push_back(&figure);
      if (within_any(figure.unit, m_scope_roll_up.units)) {
        m_by_indicator[figure.indicator].push_back(&figure);
      }
    }
  }

  // ---- computing

  bool within_any(const std::string& unit, const std::vector<std::string>& roots) const {
    return std::any_of(roots.begin(), roots.end(),
                       [&](const std::string& root) { return m_tree.within(unit, root); });
  }

  // The figures, by indicator, of the units `roots` stand for and the units below them.
  using ByIndicator = std::map<std::string, std::vector<const Figure*>>;
  ByIndicator figures_below(const std::vector<std::string>& roots) const {
    ByIndicator result;
    std::vector<std::pair<std::string, int>> pending;
    std::set<std::string> seen;
    for (const std::string& root : roots) {
      pending.emplace_back(root, 0);
    }
    while (!pending.empty()) {
      const auto [unit, depth] = pending.back();
      pending.pop_back();
      if (!seen.insert(unit).second) {
        continue;
      }
      if (const auto own = m_by_unit.find(unit); own != m_by_unit.end()) {
        for (const Figure* figure : own->second) {
          result[figure->indicator].push_back(figure);
        }
      }
      if (depth < 64) {
        for (const std::string& child : m_tree.children(unit)) {
          pending.emplace_back(child, depth + 1);
        }
      }
    }
    return result;
  }


  // The value of an indicator in a period for the units `roots` stand for: from `figures` one by
  // one (theirs alone: m_by_indicator for the scope, figures_below() for a unit, so none is
  // checked again here) and from `sums` (their tally, tally_sums()), which share no figure.
  Value value_of(const Indicator& indicator, const Period& period, const std::vector<std::string>& roots,
                 const ByIndicator& figures, const Tally& sums) {
    Value result;
    std::vector<const Figure*> counted;
    if (const auto found = figures.find(indicator.code); found != figures.end()) {
      for (const Figure* figure : found->second) {
        if (inside(period.counting, figure->from, figure->to)) {
          counted.push_back(figure);
        } else if (m_request.prorate && indicator.aggregation == Aggregation::sum &&
                   overlaps(period.counting, figure->from, figure->to)) {
          Figure part = *figure;
          const Quantity share =
            prorate({figure->value, figure->qualifier}, figure->from, figure->to, period.counting);
          part.value = share.value;
          part.qualifier = share.qualifier;
          part.from = std::max(figure->from, period.counting.start);
          part.to = std::min(figure->to, period.counting.end);
          m_parts.push_back(part);
          counted.push_back(&m_parts.back());
          result.estimated = true;
        }
      }
    }
    Tally tally;
    if (!counted.empty()) {
      for (const std::string& root : roots) {
        if (const auto total = aggregate(counted, root, m_tree, indicator.aggregation)) {
          tally.add(total->value.value, qualifier_bit(total->value.qualifier), indicator.aggregation);
        }
        if (root.empty()) {
          break;
        }
      }
    }
    result.estimated = result.estimated && tally.any;
    if (sums.any) {
      tally.add(sums.value, sums.qualifiers, indicator.aggregation);
    }
    if (!tally.any) {
      return result;
    }
    result.total = Quantity{tally.value, combine_bits(tally.qualifiers)};
    if (normalised(indicator)) {
      result.rate = rate(*result.total, days_of(period.counting), m_request.per);
    }
    result.basis = result.rate ? result.rate : result.total;
    m_estimated = m_estimated || result.estimated;
    return result;
  }

  // From the sums, for each group of roots (the units one line stands for, as
  // value_of() takes them): the tally of each indicator and period, at
  // [group * indicators * periods + indicator * periods + period]. Each
  // root's units are tallied apart and the roots then combined in order, as
  // value_of() does; sums share no time with one another (fetch_sums), so
  // each counts in full.
  std::vector<Tally> tally_sums(const std::vector<const std::vector<std::string>*>& groups) const {
    const std::size_t cells = m_indicators.size() * m_periods.size();
    std::vector<std::vector<std::uint32_t>> roots_at(m_units.size()); // the roots standing at a unit
    std::vector<std::uint32_t> everywhere;                            // the roots "" (every unit)
    std::vector<std::size_t> group_of_root;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (const std::string& root : *groups[g]) {
        const auto id = static_cast<std::uint32_t>(group_of_root.size());
        group_of_root.push_back(g);
        if (root.empty()) {
          everywhere.push_back(id);
          break;
        }
        if (const auto unit = m_units.find(root)) {
          roots_at[*unit].push_back(id); // a root the units do not list has no sums
        }
      }
    }
    std::vector<Tally> by_root(group_of_root.size() * cells);
    for (std::size_t p = 0; p < m_sums.size(); ++p) {
      for (const UnitSum& sum : m_sums[p]) {
        const std::size_t cell = sum.indicator * m_periods.size() + p;
        const Aggregation aggregation = m_indicators[sum.indicator].aggregation;
        for (const std::uint32_t root : everywhere) {
          by_root[root * cells + cell].add(sum.value, sum.qualifiers, aggregation);
        }
        m_units.each_above(sum.unit, [&](std::uint32_t unit) {
          for (const std::uint32_t root : roots_at[unit]) {
            by_root[root * cells + cell].add(sum.value, sum.qualifiers, aggregation);
          }
        });
      }
    }
    std::vector<Tally> result(groups.size() * cells);
    for (std::size_t root = 0; root < group_of_root.size(); ++root) {
      for (std::size_t cell = 0; cell < cells; ++cell) {
        const Tally& tally = by_root[root * cells + cell];
        if (tally.any) {
          result[group_of_root[root] * cells + cell].add(tally.value, tally.qualifiers,
                                                         m_indicators[cell / m_periods.size()].aggregation);
        }
      }
    }
    return result;
  }

  // ---- helpers

  // Flows (sums) are compared per year or month; levels (max, last: models in place) as they are.
  bool normalised(const Indicator& indicator) const {
    return m_request.per != Per::total && indicator.aggregation == Aggregation::sum;
  }

  std::string unit_name(const std::string& code) const {
    const auto it = m_names.find(code);
    return it == m_names.end() || it->second.empty() ? code : it->second;
  }

  std::string per_code() const {
    return m_request.per == Per::year ? "year" : (m_request.per == Per::month ? "month" : "total");
  }

  std::string per_word() const {
    return m_request.per == Per::year ? m_words.per_year
                                      : (m_request.per == Per::month ? m_words.per_month : m_words.per_total);
  }

  std::string verdict_text(const Change& change) const {
    std::string text;
    switch (change.verdict) {
    case Verdict::better:
      text = m_words.better;
      break;
    case Verdict::worse:
      text = m_words.worse;
      break;
    case Verdict::unchanged:
      text = m_words.unchanged;
      break;
    case Verdict::undetermined:
      return m_words.undetermined;
    case Verdict::new_value:
      return m_words.new_value;
    case Verdict::no_data:
      return m_words.no_data;
    case Verdict::not_comparable:
      return m_words.not_comparable;
    }
    return change.estimate ? text + m_words.estimate_suffix : text;
  }

  // The percentage cell: the change, or what stands in for it.
  Doc percent_cell(const Change& change) const {
    if (change.percent) {
      return quantity(*change.percent);
    }
    switch (change.verdict) {
    case Verdict::new_value:
      return m_words.new_value;
    case Verdict::no_data:
      return m_words.no_data;
    case Verdict::not_comparable:
      return m_words.not_comparable;
    default:
      return m_words.undetermined;
    }
  }

  static Doc value_cell(const std::optional<Quantity>& q) { return q ? quantity(*q) : Doc(nullptr); }

  std::string span_text(const Span& span) const {
    return format_date(span.start, m_lang) + " – " + format_date(span.end, m_lang);
  }

  // ---- sections

  Doc periods_section() const {
    Doc s = section("periods", m_words.section_periods);
    s["blocks"].push_back(paragraph(m_request.per == Per::total
                                      ? m_words.totals_explained
                                      : substitute(m_words.rates_explained, {{"per", per_word()}}),
                                    {}));
    Doc rows = Doc::array();
    for (const Period& period : m_periods) {
      rows.push_back(Doc{{"key", period.span.label},
                         {"cells", Doc::array({period.span.label, period.counting.start, period.counting.end,
                                               days_of(period.counting)})}});
    }
    s["blocks"].push_back(Doc{
      {"type", "table"},
      {"id", "periods"},
      {"title", m_words.section_periods},
      {"columns",
       Doc::array({column("period", m_words.col_period, "text"), column("start", m_words.col_start, "date"),
                   column("end", m_words.col_end, "date"), column("days", m_words.col_days, "number")})},
      {"rows", std::move(rows)},
      {"label_column", 0}});
    return s;
  }

  Doc indicators_section() {
    Doc s = section("indicators", m_words.section_indicators);
    Doc columns = Doc::array({column("indicator", m_words.col_indicator, "text"),
                              column("measure_unit", m_words.col_measure_unit, "text")});
    std::vector<std::size_t> rate_columns;
    for (std::size_t p = 0; p < m_periods.size(); ++p) {
      const std::string& label = m_periods[p].span.label;
      columns.push_back(column("value-" + std::to_string(p + 1),
                               substitute(m_words.col_value, {{"period", label}}), "quantity"));
      if (m_request.per != Per::total) {
        columns.push_back(column("rate-" + std::to_string(p + 1),
                                 substitute(m_words.col_rate, {{"period", label}, {"per", per_word()}}),
                                 "quantity"));
      }
      rate_columns.push_back(columns.size() - 1);
    }
    for (std::size_t p = 1; p < m_periods.size(); ++p) {
      const std::string suffix =
        m_periods.size() > 2 ? " " + m_periods[p - 1].span.label + " → " + m_periods[p].span.label : "";
      columns.push_back(column("change-" + std::to_string(p), m_words.col_change + suffix, "change"));
      columns.push_back(column("percent-" + std::to_string(p), m_words.col_percent + suffix, "percent"));
      columns.push_back(column("verdict-" + std::to_string(p), m_words.col_verdict + suffix, "text"));
    }
    Doc rows = Doc::array();
    const std::vector<Tally> tallies = tally_sums({&m_scope_roll_up.units}); // nothing without sums
    for (std::size_t i = 0; i < m_indicators.size(); ++i) {
      const Indicator& indicator = m_indicators[i];
      std::vector<Value> values;
      bool any = false;
      for (std::size_t p = 0; p < m_periods.size(); ++p) {
        values.push_back(value_of(indicator, m_periods[p], m_scope_roll_up.units, m_by_indicator,
                                  tallies[i * m_periods.size() + p]));
        any = any || values.back().total.has_value();
      }
      if (!any) {
        continue;
      }
      Doc cells = Doc::array({indicator.name, indicator.measure_unit});
      for (const Value& value : values) {
        cells.push_back(value_cell(value.total));
        if (m_request.per != Per::total) {
          cells.push_back(value_cell(value.rate));
        }
      }
      for (std::size_t p = 1; p < values.size(); ++p) {
        Change change = compare_values(values[p - 1].basis, values[p].basis, indicator.lower_is_better);
        if (!m_scope_roll_up.comparable) {
          change = Change{Verdict::not_comparable, std::nullopt, std::nullopt, false};
        }
        cells.push_back(value_cell(change.absolute));
        cells.push_back(percent_cell(change));
        cells.push_back(verdict_text(change));
      }
      bool estimated = false;
      for (const Value& value : values) {
        estimated = estimated || value.estimated;
      }
      rows.push_back(Doc{{"key", indicator.code},
                         {"cells", std::move(cells)},
                         {"notes", estimated ? Doc::array({1}) : Doc::array()}});
    }
    if (rows.empty()) {
      s["blocks"].push_back(note(m_words.no_data));
      return s;
    }
    Doc grouped = Doc::array();
    for (const std::size_t c : rate_columns) {
      grouped.push_back(c);
    }
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "indicators"},
                              {"title", m_words.section_indicators},
                              {"columns", std::move(columns)},
                              {"rows", std::move(rows)},
                              {"label_column", 0},
                              {"chart", Doc{{"value_columns", Doc::array()},
                                            {"grouped_columns", std::move(grouped)},
                                            {"title", m_words.chart_title}}}});
    return s;
  }

  Doc units_section() {
    Doc s = section("units", m_words.section_units);
    std::vector<std::string> children;
    for (const std::string& root : m_scope_roll_up.units) {
      for (const std::string& child : m_tree.children(root)) {
        children.push_back(child);
      }
      if (root.empty()) {
        break;
      }
    }
    std::vector<RollUp> roll_ups;
    std::vector<ByIndicator> figures; // one by one, and
    for (const std::string& child : children) {
      roll_ups.push_back(roll_up(child, m_events, m_first_start, m_last_end));
      figures.push_back(m_figures.empty() ? ByIndicator() : figures_below(roll_ups.back().units));
    }
    std::vector<const std::vector<std::string>*> groups;
    for (const RollUp& child_roll_up : roll_ups) {
      groups.push_back(&child_roll_up.units);
    }
    const std::vector<Tally> tallies = tally_sums(groups); // and from the sums
    const std::size_t cells = m_indicators.size() * m_periods.size();
    const Period& first = m_periods.front();
    const Period& last = m_periods.back();
    for (std::size_t i = 0; i < m_indicators.size(); ++i) {
      const Indicator& indicator = m_indicators[i];
      struct Line {
        std::string unit;
        Value before;
        Value after;
        Change change;
      };
      std::vector<Line> lines;
      for (std::size_t c = 0; c < children.size(); ++c) {
        const std::string& child = children[c];
        const RollUp& child_roll_up = roll_ups[c];
        auto value = [&](const Period& period) {
          const auto p = static_cast<std::size_t>(&period - m_periods.data());
          return value_of(indicator, period, child_roll_up.units, figures[c],
                          tallies[c * cells + i * m_periods.size() + p]);
        };
        Line line{child, value(first), value(last), {}};
        if (!line.before.total && !line.after.total) {
          continue;
        }
        line.change = child_roll_up.comparable
                        ? compare_values(line.before.basis, line.after.basis, indicator.lower_is_better)
                        : Change{Verdict::not_comparable, std::nullopt, std::nullopt, false};
        lines.push_back(std::move(line));
      }
      if (lines.empty()) {
        continue;
      }
      std::vector<Change> changes;
      for (const Line& line : lines) {
        changes.push_back(line.change);
      }
      std::vector<std::size_t> order = rank_by_change(changes, indicator.lower_is_better);
      std::vector<int> ranks_in_order;
      int rank = 0;
      for (const std::size_t line : order) {
        const Verdict verdict = lines[line].change.verdict;
        const bool ranked = verdict == Verdict::better || verdict == Verdict::worse || verdict == Verdict::unchanged;
        ranks_in_order.push_back(ranked ? ++rank : 0);
      }
      const std::size_t listed = rows_listed(ranks_in_order, m_request.units_listed);
      order.resize(listed);
      Doc rows = Doc::array();
      for (std::size_t row = 0; row < order.size(); ++row) {
        const Line& line = lines[order[row]];
        const bool ranked = ranks_in_order[row] != 0;
        rows.push_back(
          Doc{{"key", line.unit},
              {"cells", Doc::array({ranked ? Doc(ranks_in_order[row]) : Doc(nullptr), unit_name(line.unit),
                                    value_cell(line.before.basis), value_cell(line.after.basis),
                                    percent_cell(line.change), verdict_text(line.change)})},
              {"notes", line.before.estimated || line.after.estimated ? Doc::array({1}) : Doc::array()}});
      }
      auto heading = [&](const std::string& label) {
        return normalised(indicator) ? substitute(m_words.col_rate, {{"period", label}, {"per", per_word()}})
                                     : label;
      };
      Doc before = column("before", heading(first.span.label), "quantity");
      Doc after = column("after", heading(last.span.label), "quantity");
      const char* direction = indicator.lower_is_better ? "lower" : "higher";
      before["direction"] = direction;
      after["direction"] = direction;
      s["blocks"].push_back(Doc{
        {"type", "table"},
        {"id", "units-" + indicator.code},
        {"title",
         substitute(m_words.units_table,
                    {{"indicator", indicator.name}, {"a", first.span.label}, {"b", last.span.label}})},
        {"columns",
         Doc::array({column("rank", m_words.col_rank, "number"), column("unit", m_words.col_unit, "text"),
                     std::move(before), std::move(after), column("percent", m_words.col_percent, "percent"),
                     column("verdict", m_words.col_verdict, "text")})},
        {"rows", std::move(rows)},
        {"label_column", 1}});
      if (listed < lines.size()) {
        s["blocks"].push_back(rows_not_listed(listed, lines.size(), m_lang));
      }
    }
    if (s["blocks"].empty()) {
      s["blocks"].push_back(note(m_words.no_units));
    }
    return s;
  }

  const Indicator* indicator_of(const std::string& code) const {
    for (const Indicator& indicator : m_indicators) {
      if (indicator.code == code) {
        return &indicator;
      }
    }
    return nullptr;
  }
  std::string indicator_name(const std::string& code) const {
    const Indicator* indicator = indicator_of(code);
    return indicator != nullptr ? indicator->name : code;
  }

  Doc figure_columns(const std::string& last_label, const std::string& last_type) const {
    return Doc::array(
      {column("unit", m_words.col_unit, "text"), column("indicator", m_words.col_indicator, "text"),
       column("from", m_words.col_from, "date"), column("to", m_words.col_to, "date"),
       column("value", m_words.col_figure_value, "quantity"), column("handling", last_label, last_type)});
  }

  Doc overlap_section() const {
    Doc s = section("overlap", m_words.section_overlap);
    bool any_shared = false;
    for (std::size_t i = 0; i < m_periods.size(); ++i) {
      for (std::size_t j = i + 1; j < m_periods.size(); ++j) {
        const auto shared = shared_days(m_periods[i].span, m_periods[j].span);
        if (!shared) {
          continue;
        }
        any_shared = true;
        const Period& earlier =
          m_periods[i].span.start <= m_periods[j].span.start ? m_periods[i] : m_periods[j];
        const Period& later = &earlier == &m_periods[i] ? m_periods[j] : m_periods[i];
        s["blocks"].push_back(
          paragraph(substitute(m_words.shared, {{"a", brace_escape(m_periods[i].span.label)},
                                                {"b", brace_escape(m_periods[j].span.label)},
                                                {"start", format_date(shared->start, m_lang)},
                                                {"end", format_date(shared->end, m_lang)}}),
                    {exact(static_cast<double>(days_of(*shared)))}));
        s["blocks"].push_back(paragraph(
          m_request.exclusive ? substitute(m_words.shared_exclusive, {{"b", brace_escape(later.span.label)}})
                              : m_words.shared_both,
          {}));
        const std::string handling =
          m_request.exclusive ? substitute(m_words.in_later, {{"b", later.span.label}}) : m_words.in_both;
        Doc rows = Doc::array();
        for (const Figure& figure : m_figures) {
          if (!inside(*shared, figure.from, figure.to) || !within_any(figure.unit, m_scope_roll_up.units) ||
              indicator_of(figure.indicator) == nullptr) {
            continue;
          }
          rows.push_back(
            Doc{{"key", std::to_string(figure.id)},
                {"cells", Doc::array({unit_name(figure.unit), indicator_name(figure.indicator), figure.from,
                                      figure.to, quantity({figure.value, figure.qualifier}), handling})}});
        }
        if (rows.empty()) {
          s["blocks"].push_back(note(m_words.no_shared_figures));
        } else {
          s["blocks"].push_back(Doc{{"type", "table"},
                                    {"id", "shared-" + std::to_string(i + 1) + "-" + std::to_string(j + 1)},
                                    {"title", m_words.section_overlap},
                                    {"columns", figure_columns(m_words.col_handling, "text")},
                                    {"rows", std::move(rows)},
                                    {"label_column", 1}});
        }
      }
    }
    if (!any_shared) {
      s["blocks"].push_back(note(m_words.no_overlap));
    }
    return s;
  }

  Doc straddling_section() const {
    Doc s = section("straddling", m_words.section_straddling);
    Doc rows = Doc::array();
    for (const Period& period : m_periods) {
      for (const Figure& figure : m_figures) {
        const Indicator* indicator = indicator_of(figure.indicator);
        if (indicator == nullptr || !within_any(figure.unit, m_scope_roll_up.units) ||
            !overlaps(period.counting, figure.from, figure.to) ||
            inside(period.counting, figure.from, figure.to)) {
          continue;
        }
        std::string handling = m_words.not_attributable;
        Doc counted(nullptr);
        if (m_request.prorate) {
          if (indicator->aggregation == Aggregation::sum) {
            handling = m_words.prorated;
            counted =
              quantity(prorate({figure.value, figure.qualifier}, figure.from, figure.to, period.counting));
          } else {
            handling = substitute(m_words.not_spread, {{"aggregation", indicator->aggregation_code}});
          }
        }
        rows.push_back(Doc{
          {"key", std::to_string(figure.id)},
          {"cells", Doc::array({period.span.label, unit_name(figure.unit), indicator->name, figure.from,
                                figure.to, quantity({figure.value, figure.qualifier}), counted, handling})}});
      }
    }
    if (rows.empty()) {
      s["blocks"].push_back(note(m_words.no_straddling));
      return s;
    }
    s["blocks"].push_back(paragraph(m_words.straddling_count, {exact(static_cast<double>(rows.size()))}));
    s["blocks"].push_back(
      Doc{{"type", "table"},
          {"id", "straddling"},
          {"title", m_words.section_straddling},
          {"columns",
           Doc::array({column("period", m_words.col_period, "text"), column("unit", m_words.col_unit, "text"),
                       column("indicator", m_words.col_indicator, "text"),
                       column("from", m_words.col_from, "date"), column("to", m_words.col_to, "date"),
                       column("value", m_words.col_figure_value, "quantity"),
                       column("counted", m_words.col_counted, "quantity"),
                       column("handling", m_words.col_handling, "text")})},
          {"rows", std::move(rows)},
          {"label_column", 2}});
    return s;
  }

  std::string names_of(const std::vector<std::string>& codes) const {
    std::string text;
    for (const std::string& code : codes) {
      text += (text.empty() ? "" : ", ") + unit_name(code);
    }
    return text;
  }

  Doc lineage_section() const {
    Doc s = section("lineage", m_words.section_lineage);
    std::vector<std::string> units;
    if (!m_scope.empty()) {
      units.push_back(m_scope);
    }
    for (const std::string& root : m_scope_roll_up.units) {
      for (const std::string& child : m_tree.children(root)) {
        units.push_back(child);
      }
      if (root.empty()) {
        break;
      }
    }
    for (const std::string& unit : units) {
      const RollUp r = roll_up(unit, m_events, m_first_start, m_last_end);
      if (!r.comparable) {
        s["blocks"].push_back(
          paragraph(brace_escape(substitute(m_words.split_note, {{"unit", unit_name(unit)},
                                                                 {"date", format_date(r.split_date, m_lang)},
                                                                 {"units", names_of(r.split)}})),
                    {}));
      } else if (r.units.size() > 1) {
        const std::vector<std::string> predecessors(r.units.begin() + 1, r.units.end());
        s["blocks"].push_back(
          paragraph(brace_escape(substitute(m_words.rolled_up,
                                            {{"unit", unit_name(unit)}, {"units", names_of(predecessors)}})),
                    {}));
      }
    }
    if (s["blocks"].empty()) {
      s["blocks"].push_back(note(m_words.nothing_lineage));
    }
    return s;
  }

  Doc pledges_section() const {
    Doc s = section("pledges", m_words.section_pledges);
    Doc rows = Doc::array();
    for (const Period& period : m_periods) {
      if (!period.span.named) {
        continue;
      }
      std::set<std::int64_t> seen;
      double pledges = 0;
      double targets = 0;
      double met = 0;
      for (const std::string& root : m_scope_roll_up.units) {
        Json filters{{"campaign", m_campaign_code}, {"period", period.span.label}};
        if (!root.empty()) {
          filters["unit"] = root;
        }
        const Json answer =
          ask_json(m_ask, Json{{"status", "pledge"}, {"filters", filters}, {"as_of", period.span.end}}.dump());
        for (const Json& pledge : answer) {
          if (!seen.insert(integer(pledge, "id").value_or(0)).second) {
            continue;
          }
          pledges += 1;
          targets += number(pledge, "targets");
          met += number(pledge, "targets_met");
        }
        if (root.empty()) {
          break;
        }
      }
      if (pledges == 0) {
        continue;
      }
      s["blocks"].push_back(
        paragraph(substitute(m_words.pledges_summary, {{"period", brace_escape(period.span.label)}}),
                  {exact(met), exact(targets)}));
      rows.push_back(Doc{{"key", period.span.label},
                         {"cells", Doc::array({period.span.label, num(pledges), num(targets), num(met),
                                               targets > 0 ? num(met / targets * 100.0) : Doc(nullptr)})}});
    }
    if (rows.empty()) {
      s["blocks"].push_back(note(m_words.no_pledges));
      return s;
    }
    s["blocks"].push_back(note(m_words.pledges_only_named));
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "pledges"},
                              {"title", m_words.section_pledges},
                              {"columns", Doc::array({column("period", m_words.col_period, "text"),
                                                      column("pledges", m_words.col_pledges, "number"),
                                                      column("targets", m_words.col_targets, "number"),
                                                      column("met", m_words.col_met, "number"),
                                                      column("share", m_words.col_share, "number")})},
                              {"rows", std::move(rows)},
                              {"label_column", 0}});
    return s;
  }

  const CompareRequest& m_request;
  const Ask& m_ask;
  Lang m_lang;
  const CompareWords& m_words;
  std::string m_campaign_code;
  std::string m_campaign_name;
  std::vector<std::string> m_organisers;
  std::vector<Period> m_periods;
  std::string m_first_start;
  std::string m_last_end;
  UnitTree m_tree;
  std::map<std::string, std::string> m_names;
  std::vector<LineageEvent> m_events;
  std::vector<Indicator> m_indicators;
  UnitIndex m_units;
  std::vector<Figure> m_figures;            // one by one
  std::vector<std::vector<UnitSum>> m_sums; // and sums per period (load_sums)
  std::vector<std::string> m_reporting; // the units with figures in the window
  std::deque<Figure> m_parts;           // prorated parts of straddling figures
  std::string m_scope;
  RollUp m_scope_roll_up;
  std::map<std::string, std::vector<const Figure*>> m_by_indicator; // figures of the scope
  std::map<std::string, std::vector<const Figure*>> m_by_unit;      // all figures
  bool m_estimated = false;
};

} // namespace

std::vector<std::string> split_list(const std::string& text, std::string_view separators) {
  std::vector<std::string> items;
  std::string current;
  auto flush = [&] {
    const auto first = current.find_first_not_of(" \t\r\n");
    if (first != std::string::npos) {
      const auto last = current.find_last_not_of(" \t\r\n");
      items.push_back(current.substr(first, last - first + 1));
    }
    current.clear();
  };
  for (const char c : text) {
    if (separators.find(c) != std::string_view::npos) {
      flush();
    } else {
      current += c;
    }
  }
  flush();
  return items;
}

std::vector<Figure> fetch_figures(const Ask& ask, const std::string& campaign, const std::string& start,
                                  const std::string& end, std::map<std::string, std::string> filters) {
  std::vector<Figure> figures;
  const Span window{"", start, end, false};
  filters["campaign"] = campaign;
  for (Figure& figure : figures_of_list(ask(list_request("figure", filters)))) {
    if (overlaps(window, figure.from, figure.to)) {
      figures.push_back(std::move(figure));
    }
  }
  return figures;
}

void UnitIndex::add(const std::string& code, const std::string& parent) {
  if (m_index.emplace(code, static_cast<std::uint32_t>(m_codes.size())).second) {
    m_codes.push_back(code);
    m_parent_codes.push_back(parent);
  } else {
    m_parent_codes[m_index[code]] = parent;
  }
  m_parent.clear();
}

std::optional<std::uint32_t> UnitIndex::find(const std::string& code) const {
  const auto it = m_index.find(code);
  return it == m_index.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

void UnitIndex::resolve() const {
  if (m_parent.size() == m_codes.size()) {
    return;
  }
  m_parent.assign(m_codes.size(), -1);
  for (std::size_t i = 0; i < m_codes.size(); ++i) {
    const auto parent = find(m_parent_codes[i]);
    m_parent[i] = parent ? static_cast<std::int64_t>(*parent) : -1;
  }
  // A walk up from a unit that takes more steps than there are units goes round a cycle.
  m_cyclic = false;
  std::vector<char> done(m_codes.size(), 0); // 1: its walk up ends
  for (std::size_t i = 0; i < m_codes.size() && !m_cyclic; ++i) {
    std::vector<std::size_t> path;
    std::int64_t current = static_cast<std::int64_t>(i);
    while (current >= 0 && done[static_cast<std::size_t>(current)] == 0) {
      if (path.size() > m_codes.size()) {
        m_cyclic = true;
        break;
      }
      path.push_back(static_cast<std::size_t>(current));
      current = m_parent[static_cast<std::size_t>(current)];
    }
    for (const std::size_t unit : path) {
      done[unit] = 1;
    }
  }
}

std::optional<PeriodSums> fetch_sums(const Ask& ask, const std::string& campaign,
                                     const std::vector<Span>& counting, const std::vector<Span>& shared,
                                     const std::string& start, const std::string& end,
                                     const std::vector<std::pair<std::string, Aggregation>>& indicators,
                                     const UnitIndex& units) {
  if (units.cyclic()) {
    return std::nullopt;
  }
  // One request: the counted spans, then the days shared by periods (the
  // comparison lists the figures lying wholly within them), then the window
  // (the units that reported, and what the aggregations need) unless the
  // counted spans follow one another without a gap from its start to its
  // end: then they hold every figure of the window (none straddles when no
  // span has a partial figure), and their rows serve.
  std::vector<Span> ordered = counting;
  std::sort(ordered.begin(), ordered.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
  bool contiguous = shared.empty() && !ordered.empty() && ordered.front().start == start &&
                    ordered.back().end == end;
  for (std::size_t i = 1; contiguous && i < ordered.size(); ++i) {
    contiguous = days_between(ordered[i - 1].end, ordered[i].start) == 2;
  }
  std::vector<Span> spans = counting;
  spans.insert(spans.end(), shared.begin(), shared.end());
  if (!contiguous) {
    spans.push_back(Span{"", start, end, false});
  }
  if (spans.size() > k_most_spans) {
    return std::nullopt; // more than one request may name: the figures one by one
  }
  Json list = Json::array();
  for (const Span& span : spans) {
    list.push_back(Json{{"from", span.start}, {"to", span.end}});
  }
  const Json request{{"aggregate", "figures"},
                     {"filters", {{"campaign", campaign}}},
                     {"group_by", {"unit", "indicator"}},
                     {"spans", std::move(list)}};
  std::unordered_map<std::string, std::uint32_t> indicator_index;
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    indicator_index.emplace(indicators[i].first, static_cast<std::uint32_t>(i));
  }
  const std::size_t window_span = contiguous ? spans.size() : spans.size() - 1;
  PeriodSums result;
  result.periods.resize(counting.size());
  std::vector<char> reported(units.size(), 0);
  // Per indicator compared that adds up, the units with figures of it in the window.
  std::vector<std::vector<char>> adding(indicators.size());
  auto add_up = [&](std::uint32_t indicator, std::uint32_t unit) {
    adding[indicator].resize(units.size(), 0);
    adding[indicator][unit] = 1;
  };
  // What the totals cannot give, read figure by figure: groups (a unit and an
  // indicator's code), and indicators whole.
  std::set<std::pair<std::uint32_t, std::string>> by_figure;
  std::set<std::string> indicators_by_figure;
  auto take = [&](const SumRow& row) {
    const auto unit = units.find(row.unit);
    if (!unit || row.span >= spans.size()) {
      return false;
    }
    const bool counted = row.span < counting.size();
    const auto indicator = indicator_index.find(row.indicator);
    const bool compared = indicator != indicator_index.end();
    if (!counted && row.span < counting.size() + shared.size()) {
      if (row.figures != 0 && compared) {
        by_figure.emplace(*unit, row.indicator); // figures within shared days are listed one by one
      }
      return true;
    }
    const Aggregation aggregation = compared ? indicators[indicator->second].second : Aggregation::sum;
    if (contiguous ? counted : row.span == window_span) {
      reported[*unit] = 1;
      if (compared && aggregation == Aggregation::last) {
        indicators_by_figure.insert(row.indicator); // a latest value
      } else if (compared && aggregation == Aggregation::sum) {
        if (row.overlapping != 0) {
          by_figure.emplace(*unit, row.indicator); // figures of a unit sharing time
        }
        add_up(indicator->second, *unit);
      }
    }
    if (counted && compared) {
      result.periods[row.span].push_back({*unit, indicator->second,
                                          aggregation == Aggregation::max ? row.largest : row.total,
                                          row.qualifiers});
    }
    return true;
  };
  SumAnswer answer;
  try {
    if (!read_sum_answer(ask(request.dump()), answer, take)) {
      return std::nullopt;
    }
  } catch (const sdk::HostRefused&) {
    return std::nullopt; // a host without running totals: the figures one by one
  }
  // span, unit, indicator, figures, total, largest, qualifiers, first_from, last_to, first_id, noted, overlapping
  if (answer.partial.size() != spans.size() || answer.columns.size() != 12 || answer.columns.front() != "span") {
    return std::nullopt;
  }
  // Groups with figures across an edge of a span: read one by one. The groups
  // named must account for every figure left out.
  std::vector<std::int64_t> left_out(spans.size(), 0);
  for (const SumRow& row : answer.crossing) {
    const auto unit = units.find(row.unit);
    if (!unit || row.span >= spans.size()) {
      return std::nullopt;
    }
    left_out[row.span] += row.figures;
    // Another indicator's figures only say whether the unit reported.
    if (indicator_index.count(row.indicator) != 0 || reported[*unit] == 0) {
      by_figure.emplace(*unit, row.indicator);
    }
  }
  if (left_out != answer.partial || !answer.fractional) {
    return std::nullopt;
  }
  // Groups with values that are not whole numbers, of an indicator that adds
  // up: their totals may differ in the last digits from the figures added in
  // the comparison's order, so they are read one by one.
  for (const SumRow& row : *answer.fractional) {
    const auto unit = units.find(row.unit);
    const auto indicator = indicator_index.find(row.indicator);
    if (!unit) {
      return std::nullopt;
    }
    if (indicator != indicator_index.end() && indicators[indicator->second].second == Aggregation::sum) {
      by_figure.emplace(*unit, row.indicator);
    }
  }
  // A unit above another with figures of the same indicator that adds up:
  // their figures may share time, and only one of them would count; the
  // indicator is read one by one.
  auto above_another = [&](std::size_t indicator) {
    const std::vector<char>& units_adding = adding[indicator];
    for (std::uint32_t unit = 0; unit < units_adding.size(); ++unit) {
      bool above = false;
      if (units_adding[unit] != 0) {
        units.each_above(unit, [&](std::uint32_t other) { above = above || (other != unit && units_adding[other] != 0); });
      }
      if (above) {
        return true;
      }
    }
    return false;
  };
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    if (above_another(i)) {
      indicators_by_figure.insert(indicators[i].first);
    }
  }
  // The figures of those indicators and groups.
  auto read = [&](const std::map<std::string, std::string>& filters) {
    return fetch_figures(ask, campaign, start, end, filters);
  };
  auto apart =
    read_apart(by_figure, indicators_by_figure, read, [&units](std::uint32_t unit) { return units.code(unit); });
  if (!apart) {
    return std::nullopt; // too many to read apart: every figure, in one request
  }
  std::map<std::string, std::vector<Figure>>& figures_of = *apart; // by indicator
  // A group's figures may show a unit above another that the totals did not
  // (all its figures crossed an edge): that indicator is read whole.
  std::set<std::string> whole;
  for (const auto& [code, figures] : figures_of) {
    const auto indicator = indicator_index.find(code);
    if (indicators_by_figure.count(code) != 0 || indicator == indicator_index.end() ||
        indicators[indicator->second].second != Aggregation::sum) {
      continue;
    }
    for (const Figure& figure : figures) {
      if (const auto unit = units.find(figure.unit)) {
        add_up(indicator->second, *unit);
      }
    }
    if (above_another(indicator->second)) {
      whole.insert(code);
    }
  }
  for (const std::string& code : whole) {
    figures_of[code] = read({{"indicator", code}});
    indicators_by_figure.insert(code);
  }
  // The totals of the groups read one by one are left out.
  for (std::vector<UnitSum>& sums : result.periods) {
    std::erase_if(sums, [&](const UnitSum& sum) {
      const std::string& code = indicators[sum.indicator].first;
      return indicators_by_figure.count(code) != 0 || by_figure.count({sum.unit, code}) != 0;
    });
  }
  for (auto& [code, figures] : figures_of) {
    for (Figure& figure : figures) {
      const auto unit = units.find(figure.unit);
      if (!unit) {
        return std::nullopt;
      }
      reported[*unit] = 1;
      result.figures.push_back(std::move(figure));
    }
  }
  std::sort(result.figures.begin(), result.figures.end(),
            [](const Figure& a, const Figure& b) { return a.id < b.id; });
  for (std::uint32_t unit = 0; unit < reported.size(); ++unit) {
    if (reported[unit] != 0) {
      result.reporting.push_back(unit);
    }
  }
  return result;
}

std::string build_comparison(const CompareRequest& request, const Ask& ask) {
  return Comparison(request, ask).document();
}

CompareAnalysis::CompareAnalysis()
  : Analysis(
      "compare",
      "Comparison of periods of uneven length: rates per year or month, changes that respect bounds, "
      "shared days, straddling figures, merged and split units, units ranked by change, pledges met",
      {{"campaign", "string", "campaign code (default: the only campaign)", std::nullopt},
       {"periods", "string", "two or more period names or expressions, separated by ';'", std::nullopt},
       {"unit", "string", "scope unit code (default: the lowest unit above all that reported)", std::nullopt},
       {"per", "string", "rates per year, month or total (no normalisation)", std::string("year")},
       {"indicator", "string", "indicator codes to compare, separated by ',' (default: all)", std::nullopt},
       {"exclusive", "boolean", "count days shared by periods only in the later period",
        std::string("false")},
       {"prorate", "boolean", "spread figures straddling a period's edge by days, as estimates",
        std::string("false")},
       {"lang", "string", "language of the document: vi or en", std::string("vi")},
       {"sums", "boolean",
        "read the database's running totals, and figure by figure only what they cannot stand for (false: "
        "every figure one by one)",
        std::string("true")},
       units_option()}) {
}

void CompareAnalysis::run(sdk::Call&, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) {
  CompareRequest request;
  request.campaign = options.get_or("campaign", "");
  request.periods = split_list(options.get_or("periods", ""), ";");
  request.unit = options.get_or("unit", "");
  request.per = parse_per(options.get_or("per", "year"));
  request.indicators = split_list(options.get_or("indicator", ""), ",");
  request.exclusive = options.get_or("exclusive", "false") == "true";
  request.prorate = options.get_or("prorate", "false") == "true";
  request.lang = options.get_or("lang", "vi");
  request.sums = options.get_or("sums", "true") == "true";
  request.units_listed = units_listed(options);
  document.write(
    build_comparison(request, [&query](const std::string& request_json) { return query.ask(request_json); }));
}

} // namespace campaign::report
