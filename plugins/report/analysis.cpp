#include "analysis.hpp"

#include "aggregate.hpp"
#include "doc_json.hpp"
#include "document.hpp"
#include "period.hpp"
#include "sum_answer.hpp"
#include "wording.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

namespace campaign::report {

namespace {

struct Indicator {
  std::string code;
  std::string name;
  std::string measure_unit;
  std::string parent;
  std::string group;
  Aggregation aggregation = Aggregation::sum;
  bool lower_is_better = false;
};

struct Unit {
  std::string code;
  std::string name;
  std::string parent;
};

// Everything the summary reads, fetched once through the query API.
class Source {
public:
  explicit Source(const Ask& ask) : m_ask(ask) {}

  Json list(const std::string& kind, const std::map<std::string, std::string>& filters = {}) const {
    return list_of(m_ask, kind, filters);
  }

  std::vector<Figure> figures(const std::map<std::string, std::string>& filters) const {
    return figures_of_list(m_ask(list_request("figure", filters)));
  }

  Json ask(const Json& request) const { return ask_json(m_ask, request.dump()); }

  // The answer's text as the host gave it.
  std::string ask_text(const Json& request) const { return m_ask(request.dump()); }

  Json show(const std::string& kind, const std::string& ref) const {
    return ask_json(m_ask, Json{{"show", kind}, {"ref", ref}}.dump());
  }

private:
  const Ask& m_ask;
};

// Footnotes: one per distinct source, batch and note behind counted figures, numbered in order of use.
class Footnotes {
public:
  explicit Footnotes(Lang lang) : m_lang(lang) {}

  std::vector<int> ids_for(const std::vector<const Figure*>& figures) {
    std::set<int> ids;
    for (const Figure* figure : figures) {
      auto known = m_by_figure.find(figure);
      if (known == m_by_figure.end()) {
        known = m_by_figure.emplace(figure, id_for(*figure)).first;
      }
      ids.insert(known->second);
    }
    return {ids.begin(), ids.end()};
  }

  Doc json() const {
    Doc array = Doc::array();
    for (std::size_t i = 0; i < m_texts.size(); ++i) {
      array.push_back(Doc{{"id", static_cast<int>(i) + 1}, {"text", m_texts[i]}});
    }
    return array;
  }

private:
  int id_for(const Figure& figure) {
    const SummaryWords& w = summary_words(m_lang);
    std::vector<std::string> parts;
    if (figure.source.empty()) {
      parts.push_back(w.no_source);
    } else {
      std::string source = substitute(w.source, {{"source", figure.source}});
      if (!figure.source_number.empty()) {
        source += ", " + substitute(w.source_number, {{"number", figure.source_number}});
      }
      if (!figure.source_date.empty()) {
        source += ", " + format_date(figure.source_date, m_lang);
      }
      parts.push_back(source);
    }
    if (figure.batch) {
      parts.push_back(substitute(w.batch, {{"batch", std::to_string(*figure.batch)}}));
    }
    if (!figure.note.empty()) {
      parts.push_back(substitute(w.note, {{"note", figure.note}}));
    }
    std::string text;
    for (const std::string& part : parts) {
      text += (text.empty() ? "" : "; ") + part;
    }
    const auto it = std::find(m_texts.begin(), m_texts.end(), text);
    if (it != m_texts.end()) {
      return static_cast<int>(it - m_texts.begin()) + 1;
    }
    m_texts.push_back(text);
    return static_cast<int>(m_texts.size());
  }

  Lang m_lang;
  std::vector<std::string> m_texts;
  std::unordered_map<const Figure*, int> m_by_figure; // a figure's footnote never changes
};

class Summary {
public:
  Summary(const SummaryRequest& request, const Ask& ask)
    : m_source(ask), m_lang(parse_lang(request.lang.empty() ? "vi" : request.lang)),
      m_words(summary_words(m_lang)), m_footnotes(m_lang), m_units_listed(request.units_listed) {
    load_campaign(request.campaign);
    load_period(request.period);
    load_units(request.unit);
    load_indicators();
    if (!request.sums || !load_sums(request.unit)) {
      load_figures();
      choose_scope(request.unit);
      classify();
    }
  }

  std::string document() {
    Doc doc;
    doc["format"] = k_document_format;
    doc["version"] = k_document_version;
    doc["lang"] = lang_code(m_lang);
    doc["analysis"] = "summary";
    doc["title"] = substitute(m_words.title, {{"campaign", m_campaign_name}, {"period", m_span.label}});
    doc["campaign"] = Doc{{"code", m_campaign_code}, {"name", m_campaign_name}};
    doc["issuer"] = Doc::array();
    for (const std::string& code : m_organisers) {
      doc["issuer"].push_back(Doc{{"code", code}, {"name", unit_name(code)}});
    }
    doc["scope"] = m_scope.empty() ? Doc(nullptr) : Doc{{"code", m_scope}, {"name", unit_name(m_scope)}};
    doc["period"] = Doc{{"name", m_span.label}, {"start", m_span.start}, {"end", m_span.end}};
    compute_totals();
    Doc sections = Doc::array();
    sections.push_back(overview());
    sections.push_back(key_figures());
    sections.push_back(indicator_groups());
    sections.push_back(unit_breakdown());
    sections.push_back(models());
    sections.push_back(awards());
    sections.push_back(agreements());
    if (auto pledges_section = pledges()) {
      sections.push_back(std::move(*pledges_section));
    }
    sections.push_back(unattributed());
    doc["sections"] = std::move(sections);
    doc["footnotes"] = m_footnotes.json();
    return doc.dump(2) + "\n";
  }

private:
  // ---- loading

  void load_campaign(const std::string& requested) {
    m_campaign_code = requested;
    if (m_campaign_code.empty()) {
      const Json campaigns = m_source.list("campaign");
      if (campaigns.size() != 1) {
        std::string codes;
        for (const Json& campaign : campaigns) {
          codes += (codes.empty() ? "" : ", ") + str(campaign, "code");
        }
        throw sdk::Failure(campaigns.empty()
                             ? "the database has no campaign to report on"
                             : "name the campaign to report on with --campaign (one of " + codes + ")",
                           CAMPAIGN_INVALID_INPUT);
      }
      m_campaign_code = str(campaigns.front(), "code");
    }
    const Json campaign = m_source.show("campaign", m_campaign_code);
    m_campaign_name = str(campaign, "name");
    m_campaign_start = str(campaign, "start_date");
    m_campaign_end = str(campaign, "end_date");
    if (const auto it = campaign.find("organisers"); it != campaign.end() && it->is_array()) {
      for (const Json& code : *it) {
        m_organisers.push_back(code.get<std::string>());
      }
    }
  }

  void load_period(const std::string& requested) {
    std::vector<Span> named;
    for (const Json& period : m_source.list("period", {{"campaign", m_campaign_code}})) {
      Span span{str(period, "name"), str(period, "start_date"), str(period, "end_date"), true};
      named.push_back(span);
      m_named_periods[span.label] = span;
    }
    if (!requested.empty()) {
      m_span = resolve_period(requested, named);
      return;
    }
    if (m_campaign_start.empty() || m_campaign_end.empty()) {
      throw sdk::Failure("name the period to report on with --period: campaign " + m_campaign_code +
                           " has no start and end dates to default to",
                         CAMPAIGN_INVALID_INPUT);
    }
    m_span = {m_campaign_start.substr(0, 4) + "-" + m_campaign_end.substr(0, 4), m_campaign_start,
              m_campaign_end, false};
  }

  // All units; with a scope unit asked for, only it and the units below it
  // (the others are named one by one when a report mentions them).
  void load_units(const std::string& requested) {
    Json units;
    if (!requested.empty()) {
      try {
        units = m_source.list("unit", {{"within", requested}});
        m_some_units = true;
      } catch (const sdk::HostRefused&) {
        // a code the host does not know as such, or a host without "within": all units
      }
    }
    if (!m_some_units) {
      units = m_source.list("unit");
    }
    for (const Json& json : units) {
      Unit unit{str(json, "code"), str(json, "name"), str(json, "parent")};
      m_tree.add(unit.code, unit.parent);
      m_units[unit.code] = unit;
    }
  }

  void load_indicators() {
    for (const Json& json : m_source.list("indicator")) {
      Indicator indicator;
      indicator.code = str(json, "code");
      indicator.name = str(json, m_lang == Lang::vi ? "name_vi" : "name_en");
      indicator.measure_unit = measure_unit_in(str(json, "measure_unit"), m_lang);
      indicator.parent = str(json, "parent");
      indicator.group = str(json, "group");
      indicator.aggregation = parse_aggregation(str(json, "aggregation"));
      indicator.lower_is_better = str(json, "direction") == "lower";
      m_indicator_order.push_back(indicator.code);
      m_indicators[indicator.code] = indicator;
    }
  }

  void load_figures() {
    m_figures = m_source.figures({{"campaign", m_campaign_code}});
  }

  // Reads the figures as sums per unit, indicator, source and batch (the
  // host's running totals), and figure by figure only what the sums cannot
  // stand for: a unit's indicator with a figure reaching across an edge of
  // the period, sharing time with another of its unit and indicator, or
  // carrying a note (a footnote of its own); and the whole of an indicator
  // taken as the latest value, or with figures of a unit and of a unit above
  // it. Returns false, having kept nothing, when every figure must be read
  // one by one: a host without running totals, or too much to read apart.
  bool load_sums(const std::string& requested) {
    Json request{{"aggregate", "figures"},
                 {"filters", {{"campaign", m_campaign_code}, {"from", m_span.start}, {"to", m_span.end}}},
                 {"group_by", {"unit", "indicator", "source", "batch"}}};
    std::string scope;
    if (!requested.empty()) {
      scope = str(m_source.show("unit", requested), "code");
      request["filters"]["unit"] = scope;
    }
    std::optional<SumAnswer> answer;
    try {
      answer = parse_sum_answer(m_source.ask_text(request));
    } catch (const sdk::HostRefused&) {
      return false; // a host without running totals: the figures one by one
    }
    if (!answer || answer->partial.size() != 1 || answer->columns.size() != 15) {
      return false;
    }
    // What is read figure by figure: units' indicators (by code), and indicators whole.
    std::set<std::pair<std::string, std::string>> by_figure;
    std::set<std::string> indicators_by_figure;
    std::map<std::string, std::set<std::string>> units_of; // per indicator, the units with figures
    for (const SumRow& row : answer->rows) {
      if (indicator_of(row.indicator).aggregation == Aggregation::last) {
        indicators_by_figure.insert(row.indicator);
        continue;
      }
      if (row.noted != 0 || row.overlapping != 0) {
        by_figure.emplace(row.unit, row.indicator);
      }
      units_of[row.indicator].insert(row.unit);
    }
    std::int64_t left_out = 0;
    for (const SumRow& row : answer->crossing) {
      left_out += row.figures;
      by_figure.emplace(row.unit, row.indicator);
    }
    if (left_out != answer->partial.front() || !answer->fractional) {
      return false; // the groups named do not account for every figure left out
    }
    // Values that are not whole numbers: their sum may differ in the last
    // digits from the figures added in the summary's order.
    for (const SumRow& row : *answer->fractional) {
      const auto indicator = m_indicators.find(row.indicator);
      if (indicator == m_indicators.end() || indicator->second.aggregation == Aggregation::sum) {
        by_figure.emplace(row.unit, row.indicator);
      }
    }
    // A unit above another with figures of the same indicator: the figures
    // may share time, and only one of them would count.
    std::unordered_map<std::string, std::vector<std::string>> lineages;
    auto above_another = [&](const std::set<std::string>& units) {
      for (const std::string& unit : units) {
        auto lineage = lineages.find(unit);
        if (lineage == lineages.end()) {
          lineage = lineages.emplace(unit, m_tree.lineage(unit)).first;
        }
        for (std::size_t i = 1; i < lineage->second.size(); ++i) {
          if (units.count(lineage->second[i]) > 0) {
            return true;
          }
        }
      }
      return false;
    };
    for (const auto& [code, units] : units_of) {
      if (above_another(units)) {
        indicators_by_figure.insert(code);
      }
    }
    // The figures of those, sharing a day with the period.
    auto read = [&](std::map<std::string, std::string> filters) {
      filters["campaign"] = m_campaign_code;
      std::vector<Figure> figures = m_source.figures(filters);
      std::erase_if(figures, [&](const Figure& figure) { return !overlaps(m_span, figure.from, figure.to); });
      return figures;
    };
    auto apart = read_apart(by_figure, indicators_by_figure, read, [](const std::string& unit) { return unit; });
    if (!apart) {
      return false; // too many to read apart: every figure, in one request
    }
    std::map<std::string, std::vector<Figure>>& figures_of = *apart; // by indicator
    // A unit's figures may show a unit above another that its totals did not
    // (all of them reached across an edge): then the indicator is read whole.
    std::set<std::string> whole;
    for (const auto& [code, figures] : figures_of) {
      const auto indicator = m_indicators.find(code);
      if (indicators_by_figure.count(code) != 0 ||
          (indicator != m_indicators.end() && indicator->second.aggregation == Aggregation::last)) {
        continue;
      }
      std::set<std::string>& units = units_of[code];
      for (const Figure& figure : figures) {
        units.insert(figure.unit);
      }
      if (above_another(units)) {
        whole.insert(code);
      }
    }
    for (const std::string& code : whole) {
      figures_of[code] = read({{"indicator", code}});
      indicators_by_figure.insert(code);
    }
    std::vector<Figure> figures;
    figures.reserve(answer->rows.size());
    for (SumRow& row : answer->rows) {
      if (indicators_by_figure.count(row.indicator) == 0 && by_figure.count({row.unit, row.indicator}) == 0) {
        const Aggregation aggregation = indicator_of(row.indicator).aggregation;
        figures.push_back(figure_of_sums(std::move(row), aggregation));
      }
    }
    const std::size_t sums = figures.size();
    for (auto& [code, read_figures] : figures_of) {
      for (Figure& figure : read_figures) {
        figures.push_back(std::move(figure));
      }
    }
    std::sort(figures.begin() + static_cast<std::ptrdiff_t>(sums), figures.end(),
              [](const Figure& a, const Figure& b) { return a.id < b.id; });
    m_disjoint = true;
    m_figures = std::move(figures);
    if (!requested.empty()) {
      m_scope = scope;
    } else {
      std::vector<std::string> reporting;
      for (const Figure& figure : m_figures) {
        reporting.push_back(figure.unit);
      }
      m_scope = m_tree.common_ancestor(reporting.empty() ? m_organisers : reporting);
    }
    // Every sum lies within the scope: the host kept those below the unit
    // asked for, and the scope chosen is above every unit with figures. The
    // figures read one by one are placed as classify() places them.
    for (const Figure& figure : m_figures) {
      if (figure.sum) {
        m_inside[figure.indicator].push_back(&figure);
      } else if (m_tree.within(figure.unit, m_scope)) {
        if (inside(m_span, figure.from, figure.to)) {
          m_inside[figure.indicator].push_back(&figure);
        } else {
          m_straddling.push_back(&figure);
        }
      }
    }
    return true;
  }

  // The total of one indicator's figures for `root` and the units below it.
  std::optional<Total> total_for(const std::vector<const Figure*>& figures, const std::string& root,
                                 Aggregation aggregation, std::vector<SetAside>* set_aside = nullptr) const {
    if (!m_disjoint) {
      return aggregate(figures, root, m_tree, aggregation, set_aside);
    }
    // Sums share no time with one another, nor with the figures read one by
    // one (another unit's or indicator's), so the two parts add up.
    std::vector<const Figure*> sums;
    std::vector<const Figure*> single;
    for (const Figure* figure : figures) {
      (figure->sum ? sums : single).push_back(figure);
    }
    // Every sum lies within the scope ("" stands for every unit).
    std::optional<Total> total =
      sums.empty() && !single.empty() ? std::nullopt
                                      : aggregate_disjoint(sums, root == m_scope ? std::string() : root, m_tree,
                                                           aggregation);
    if (single.empty()) {
      return total;
    }
    return add_totals(std::move(total), aggregate(single, root, m_tree, aggregation, set_aside), aggregation);
  }

  void choose_scope(const std::string& requested) {
    if (!requested.empty()) {
      m_scope = str(m_source.show("unit", requested), "code");
      return;
    }
    std::vector<std::string> reporting;
    for (const Figure& figure : m_figures) {
      if (overlaps(m_span, figure.from, figure.to)) {
        reporting.push_back(figure.unit);
      }
    }
    m_scope = m_tree.common_ancestor(reporting.empty() ? m_organisers : reporting);
  }

  void classify() {
    for (const Figure& figure : m_figures) {
      if (!m_tree.within(figure.unit, m_scope)) {
        continue;
      }
      if (inside(m_span, figure.from, figure.to)) {
        m_inside[figure.indicator].push_back(&figure);
      } else if (overlaps(m_span, figure.from, figure.to)) {
        m_straddling.push_back(&figure);
      }
    }
  }

  void compute_totals() {
    for (const auto& [code, figures] : m_inside) {
      const Indicator& indicator = indicator_of(code);
      if (auto total = total_for(figures, m_scope, indicator.aggregation, &m_set_aside)) {
        m_totals[code] = std::move(*total);
      }
    }
  }

  // ---- helpers

  std::string unit_name(const std::string& code) const {
    const auto it = m_units.find(code);
    if (it != m_units.end()) {
      return it->second.name.empty() ? code : it->second.name;
    }
    if (!m_some_units || code.empty()) {
      return code;
    }
    const auto named = m_other_names.find(code);
    if (named != m_other_names.end()) {
      return named->second;
    }
    std::string name = code;
    try {
      name = str(m_source.show("unit", code), "name");
    } catch (const sdk::HostRefused&) {
      // not a unit the database knows: its code
    }
    return m_other_names.emplace(code, name.empty() ? code : name).first->second;
  }

  const Indicator& indicator_of(const std::string& code) {
    auto it = m_indicators.find(code);
    if (it == m_indicators.end()) {
      Indicator unknown;
      unknown.code = code;
      unknown.name = code;
      it = m_indicators.emplace(code, unknown).first;
      m_indicator_order.push_back(code);
    }
    return it->second;
  }

  // Indicators with a total, in catalogue order.
  std::vector<std::string> reported() const {
    std::vector<std::string> codes;
    for (const std::string& code : m_indicator_order) {
      if (m_totals.count(code) > 0) {
        codes.push_back(code);
      }
    }
    return codes;
  }

  // The indicator's parent when that parent has a total too, else empty.
  std::string reported_parent(const std::string& code) const {
    const auto it = m_indicators.find(code);
    if (it == m_indicators.end() || it->second.parent.empty() || m_totals.count(it->second.parent) == 0) {
      return {};
    }
    return it->second.parent;
  }

  std::string span_text(const std::string& from, const std::string& to) const {
    return format_date(from, m_lang) + " – " + format_date(to, m_lang);
  }

  // ---- sections

  Doc overview() {
    Doc s = section("overview", m_words.section_overview);
    if (m_totals.empty()) {
      s["blocks"].push_back(note(m_words.empty));
    } else {
      std::map<std::int64_t, std::int64_t> counted;
      std::set<std::string> units;
      for (const auto& [code, total] : m_totals) {
        for (const Figure* figure : total.counted) {
          counted[figure->id] = figure->count;
          units.insert(figure->unit);
        }
      }
      std::int64_t figures = 0;
      for (const auto& [id, count] : counted) {
        figures += count;
      }
      s["blocks"].push_back(paragraph(m_words.overview, {exact(static_cast<double>(figures)),
                                                         exact(static_cast<double>(units.size()))}));
    }
    if (!m_straddling.empty()) {
      s["blocks"].push_back(
        paragraph(m_words.unattributed_count, {exact(static_cast<double>(m_straddling.size()))}));
    }
    if (!m_set_aside.empty()) {
      s["blocks"].push_back(
        paragraph(m_words.set_aside_count, {exact(static_cast<double>(m_set_aside.size()))}));
    }
    return s;
  }

  Doc figure_item(const std::string& code, const std::vector<std::string>& codes) {
    const Indicator& indicator = indicator_of(code);
    const Total& total = m_totals.at(code);
    Doc item{{"key", code},
             {"label", indicator.name},
             {"measure_unit", indicator.measure_unit},
             {"value", quantity(total.value)},
             {"notes", notes_json(m_footnotes.ids_for(total.counted))},
             {"subsets", Doc::array()}};
    for (const std::string& other : codes) {
      if (reported_parent(other) == code) {
        item["subsets"].push_back(figure_item(other, codes));
      }
    }
    return item;
  }

  std::vector<Doc> sentences(const std::vector<std::string>& codes) {
    std::set<std::string> used;
    std::vector<Doc> blocks;
    for (const std::string& code : codes) {
      if (used.count(code) > 0 || !reported_parent(code).empty()) {
        continue;
      }
      std::string text;
      std::vector<std::string> slots;
      for (const SentenceTemplate& t : sentence_templates()) {
        if (t.codes.front() != code) {
          continue;
        }
        const bool usable = std::all_of(t.codes.begin(), t.codes.end(), [&](const std::string& c) {
          return m_totals.count(c) > 0 && used.count(c) == 0;
        });
        if (usable) {
          text = m_lang == Lang::vi ? t.vi : t.en;
          slots = t.codes;
          break;
        }
      }
      if (text.empty()) {
        const Indicator& indicator = indicator_of(code);
        text =
          brace_escape(indicator.name) + ": {" + code + "} " + brace_escape(indicator.measure_unit) + ".";
        slots = {code};
      }
      // Subsets the template does not mention: "; trong đó NAME: VALUE UNIT".
      for (const std::string& other : codes) {
        if (reported_parent(other) == code && std::find(slots.begin(), slots.end(), other) == slots.end()) {
          const Indicator& subset = indicator_of(other);
          text.pop_back();
          text += "; " + m_words.of_which + " " + brace_escape(subset.name) + ": {" + other + "} " +
                  brace_escape(subset.measure_unit) + ".";
          slots.push_back(other);
        }
      }
      std::vector<Doc> values;
      std::vector<std::pair<std::string, std::string>> numbered;
      for (std::size_t i = 0; i < slots.size(); ++i) {
        numbered.emplace_back(slots[i], slot(i));
        values.push_back(quantity(m_totals.at(slots[i]).value));
        used.insert(slots[i]);
      }
      blocks.push_back(paragraph(substitute(text, numbered), std::move(values)));
    }
    return blocks;
  }

  Doc key_figures() {
    Doc s = section("key-figures", m_words.section_key_figures);
    const std::vector<std::string> codes = reported();
    if (codes.empty()) {
      s["blocks"].push_back(note(m_words.empty));
      return s;
    }
    for (Doc& block : sentences(codes)) {
      s["blocks"].push_back(std::move(block));
    }
    Doc figures{{"type", "figures"},
                {"id", "key-figures"},
                {"title", m_words.key_figures_table},
                {"items", Doc::array()}};
    for (const std::string& code : codes) {
      if (reported_parent(code).empty()) {
        figures["items"].push_back(figure_item(code, codes));
      }
    }
    s["blocks"].push_back(std::move(figures));
    return s;
  }

  void group_rows(Doc& rows, const std::string& code, int level, const std::vector<std::string>& in_group) {
    const Indicator& indicator = indicator_of(code);
    const Total& total = m_totals.at(code);
    rows.push_back(Doc{{"key", code},
                       {"level", level},
                       {"cells", Doc::array({indicator.name, indicator.measure_unit, quantity(total.value),
                                             num(static_cast<double>(total.figures))})},
                       {"notes", notes_json(m_footnotes.ids_for(total.counted))}});
    for (const std::string& other : in_group) {
      if (reported_parent(other) == code) {
        group_rows(rows, other, level + 1, in_group);
      }
    }
  }

  Doc indicator_groups() {
    Doc s = section("indicators", m_words.section_indicators);
    const std::vector<std::string> codes = reported();
    if (codes.empty()) {
      s["blocks"].push_back(note(m_words.empty));
      return s;
    }
    std::vector<std::string> groups;
    for (const std::string& code : codes) {
      const std::string& group = indicator_of(code).group;
      if (std::find(groups.begin(), groups.end(), group) == groups.end()) {
        groups.push_back(group);
      }
    }
    for (const std::string& group : groups) {
      std::vector<std::string> in_group;
      for (const std::string& code : codes) {
        if (indicator_of(code).group == group) {
          in_group.push_back(code);
        }
      }
      Doc rows = Doc::array();
      for (const std::string& code : in_group) {
        const std::string parent = reported_parent(code);
        const bool parent_here = !parent.empty() && indicator_of(parent).group == group;
        if (!parent_here) {
          group_rows(rows, code, 0, in_group);
        }
      }
      s["blocks"].push_back(
        Doc{{"type", "table"},
            {"id", "group-" + (group.empty() ? std::string("other") : group)},
            {"title", group_title(group, m_lang)},
            {"columns", Doc::array({column("indicator", m_words.col_indicator, "text"),
                                    column("measure_unit", m_words.col_measure_unit, "text"),
                                    column("result", m_words.col_result, "quantity"),
                                    column("figures", m_words.col_figures, "number")})},
            {"rows", std::move(rows)},
            {"label_column", 0}});
    }
    return s;
  }

  Doc unit_breakdown() {
    Doc s = section("units", m_words.section_units);
    const std::vector<std::string>& children = m_tree.children(m_scope);
    const std::set<std::string> child_set(children.begin(), children.end());
    std::unordered_map<std::string, std::string> child_of; // unit → the child of the scope it lies under
    bool any = false;
    for (const std::string& code : reported()) {
      const Indicator& indicator = indicator_of(code);
      struct Entry {
        std::string unit;
        Total total;
      };
      // Each figure goes to the child of the scope it lies under.
      std::map<std::string, std::vector<const Figure*>> under_child;
      for (const Figure* figure : m_inside[code]) {
        auto child = child_of.find(figure->unit);
        if (child == child_of.end()) {
          std::string found;
          for (const std::string& unit : m_tree.lineage(figure->unit)) {
            if (child_set.count(unit) > 0) {
              found = unit;
              break;
            }
          }
          child = child_of.emplace(figure->unit, found).first;
        }
        if (!child->second.empty()) {
          under_child[child->second].push_back(figure);
        }
      }
      std::vector<Entry> entries;
      for (const std::string& child : children) {
        const auto figures = under_child.find(child);
        if (figures == under_child.end()) {
          continue;
        }
        if (auto total = total_for(figures->second, child, indicator.aggregation)) {
          entries.push_back({child, std::move(*total)});
        }
      }
      if (entries.empty()) {
        continue;
      }
      any = true;
      std::vector<double> values;
      for (const Entry& entry : entries) {
        values.push_back(entry.total.value.value);
      }
      const std::vector<int> rank = ranks(values, indicator.lower_is_better);
      std::vector<std::size_t> order(entries.size());
      for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
      }
      std::vector<std::string> names;
      names.reserve(entries.size());
      for (const Entry& entry : entries) {
        names.push_back(unit_name(entry.unit));
      }
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (rank[a] != rank[b]) {
          return rank[a] < rank[b];
        }
        return names[a] < names[b];
      });
      std::vector<int> ranks_in_order;
      ranks_in_order.reserve(order.size());
      for (const std::size_t i : order) {
        ranks_in_order.push_back(rank[i]);
      }
      const std::size_t listed = rows_listed(ranks_in_order, m_units_listed);
      order.resize(listed);
      Doc rows = Doc::array();
      for (const std::size_t i : order) {
        rows.push_back(Doc{
          {"key", entries[i].unit},
          {"cells", Doc::array({num(rank[i]), names[i], quantity(entries[i].total.value)})},
          {"notes", notes_json(m_footnotes.ids_for(entries[i].total.counted))}});
      }
      Doc result = column("result", m_words.col_result, "quantity");
      result["direction"] = indicator.lower_is_better ? "lower" : "higher";
      std::string title = indicator.name + " (" + indicator.measure_unit + ")";
      title += indicator.lower_is_better ? ", " + m_words.lower_is_better : "";
      s["blocks"].push_back(Doc{{"type", "table"},
                                {"id", "units-" + code},
                                {"title", title},
                                {"columns", Doc::array({column("rank", m_words.col_rank, "number"),
                                                        column("unit", m_words.col_unit, "text"), result})},
                                {"rows", std::move(rows)},
                                {"label_column", 1},
                                {"chart", Doc{{"value_columns", Doc::array({2})}}}});
      if (listed < entries.size()) {
        s["blocks"].push_back(rows_not_listed(listed, entries.size(), m_lang));
      }
    }
    if (!any) {
      s["blocks"].push_back(note(m_words.no_unit_data));
    }
    return s;
  }

  Doc models() {
    Doc s = section("models", m_words.section_models);
    Doc rows = Doc::array();
    double points = 0;
    bool points_known = false;
    std::vector<Json> chosen;
    for (const Json& model : m_source.list("model", {{"campaign", m_campaign_code}})) {
      const std::string started = str(model, "started_on");
      if (!m_tree.within(str(model, "unit"), m_scope) || (!started.empty() && started > m_span.end)) {
        continue;
      }
      chosen.push_back(model);
    }
    std::stable_sort(chosen.begin(), chosen.end(), [&](const Json& a, const Json& b) {
      return std::make_pair(unit_name(str(a, "unit")), str(a, "name")) <
             std::make_pair(unit_name(str(b, "unit")), str(b, "name"));
    });
    for (const Json& model : chosen) {
      Doc points_cell = nullptr;
      if (const auto it = model.find("points"); it != model.end() && it->is_number()) {
        points += it->get<double>();
        points_known = true;
        points_cell = num(it->get<double>());
      }
      const std::string started = str(model, "started_on");
      const std::string type = str(model, "type");
      rows.push_back(Doc{{"key", str(model, "id")},
                         {"cells", Doc::array({str(model, "name"), type.empty() ? Doc(nullptr) : Doc(type),
                                               unit_name(str(model, "unit")), points_cell,
                                               started.empty() ? Doc(nullptr) : Doc(started)})}});
    }
    if (chosen.empty()) {
      s["blocks"].push_back(note(m_words.no_models));
      return s;
    }
    s["blocks"].push_back(paragraph(m_words.models_count, {exact(static_cast<double>(chosen.size()))}));
    if (points_known) {
      s["blocks"].push_back(paragraph(m_words.models_points, {exact(points)}));
    }
    s["blocks"].push_back(Doc{
      {"type", "table"},
      {"id", "models"},
      {"title", m_words.section_models},
      {"columns",
       Doc::array({column("name", m_words.col_model, "text"), column("type", m_words.col_type, "text"),
                   column("unit", m_words.col_unit, "text"), column("points", m_words.col_points, "number"),
                   column("started_on", m_words.col_started, "date")})},
      {"rows", std::move(rows)},
      {"label_column", 0}});
    return s;
  }

  Doc awards() {
    Doc s = section("awards", m_words.section_awards);
    std::vector<Json> chosen;
    std::size_t undated = 0;
    for (const Json& award : m_source.list("award", {{"campaign", m_campaign_code}})) {
      const std::string recipient = str(award, "recipient_unit");
      if (!recipient.empty() && !m_tree.within(recipient, m_scope)) {
        continue;
      }
      const std::string period = str(award, "period");
      const std::string date = str(award, "decision_date");
      bool counts = false;
      if (const auto named = m_named_periods.find(period); named != m_named_periods.end()) {
        counts = inside(m_span, named->second.start, named->second.end);
      } else if (!date.empty()) {
        counts = inside(m_span, date, date);
      } else {
        ++undated;
      }
      if (counts) {
        chosen.push_back(award);
      }
    }
    if (chosen.empty()) {
      s["blocks"].push_back(note(m_words.no_awards));
    } else {
      std::map<std::pair<std::string, std::string>, std::pair<double, double>> by_form;
      double collectives = 0;
      double individuals = 0;
      Doc decisions = Doc::array();
      for (const Json& award : chosen) {
        const bool collective = str(award, "recipient_kind") == "collective";
        const double quantity_value =
          award.contains("quantity") && award["quantity"].is_number() ? award["quantity"].get<double>() : 1.0;
        auto& counts = by_form[{str(award, "form"), str(award, "issuer")}];
        (collective ? counts.first : counts.second) += quantity_value;
        (collective ? collectives : individuals) += quantity_value;
        std::string recipient = str(award, "recipient_name");
        if (recipient.empty()) {
          recipient = unit_name(str(award, "recipient_unit"));
        }
        const std::string number_text = str(award, "decision_number");
        const std::string date = str(award, "decision_date");
        decisions.push_back(
          Doc{{"key", str(award, "id")},
              {"cells",
               Doc::array({number_text.empty() ? Doc(nullptr) : Doc(number_text),
                           date.empty() ? Doc(nullptr) : Doc(date), str(award, "form"), str(award, "issuer"),
                           recipient.empty() ? Doc(nullptr) : Doc(recipient),
                           collective ? m_words.collective : m_words.individual, num(quantity_value)})}});
      }
      s["blocks"].push_back(paragraph(m_words.awards_total, {exact(collectives), exact(individuals)}));
      Doc rows = Doc::array();
      for (const auto& [key, counts] : by_form) {
        rows.push_back(
          Doc{{"cells", Doc::array({key.first, key.second, num(counts.first), num(counts.second)})}});
      }
      s["blocks"].push_back(Doc{
        {"type", "table"},
        {"id", "awards-by-form"},
        {"title", m_words.awards_by_form},
        {"columns",
         Doc::array({column("form", m_words.col_form, "text"), column("issuer", m_words.col_issuer, "text"),
                     column("collectives", m_words.col_collectives, "number"),
                     column("individuals", m_words.col_individuals, "number")})},
        {"rows", std::move(rows)},
        {"label_column", 0}});
      s["blocks"].push_back(
        Doc{{"type", "table"},
            {"id", "award-decisions"},
            {"title", m_words.awards_decisions},
            {"columns",
             Doc::array(
               {column("decision", m_words.col_decision, "text"), column("date", m_words.col_date, "date"),
                column("form", m_words.col_form, "text"), column("issuer", m_words.col_issuer, "text"),
                column("recipient", m_words.col_recipient, "text"), column("kind", m_words.col_kind, "text"),
                column("quantity", m_words.col_quantity, "number")})},
            {"rows", std::move(decisions)},
            {"label_column", 4}});
    }
    if (undated > 0) {
      s["blocks"].push_back(paragraph(m_words.undated_awards, {exact(static_cast<double>(undated))}));
    }
    return s;
  }

  Doc agreements() {
    Doc s = section("agreements", m_words.section_agreements);
    Doc rows = Doc::array();
    for (const Json& agreement : m_source.list("agreement", {{"campaign", m_campaign_code}})) {
      const std::string signed_on = str(agreement, "signed_on");
      if (!signed_on.empty() && !inside(m_span, signed_on, signed_on)) {
        continue;
      }
      std::string parties;
      bool in_scope = m_scope.empty();
      if (const auto it = agreement.find("parties"); it != agreement.end() && it->is_array()) {
        for (const Json& party : *it) {
          const std::string code = party.get<std::string>();
          parties += (parties.empty() ? "" : "; ") + unit_name(code);
          in_scope = in_scope || m_tree.within(code, m_scope);
        }
      }
      if (!in_scope) {
        continue;
      }
      const std::string document = str(agreement, "document");
      rows.push_back(Doc{{"key", str(agreement, "id")},
                         {"cells", Doc::array({str(agreement, "title"), parties,
                                               signed_on.empty() ? Doc(nullptr) : Doc(signed_on),
                                               document.empty() ? Doc(nullptr) : Doc(document)})}});
    }
    if (rows.empty()) {
      s["blocks"].push_back(note(m_words.no_agreements));
      return s;
    }
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "agreements"},
                              {"title", m_words.section_agreements},
                              {"columns", Doc::array({column("title", m_words.col_agreement, "text"),
                                                      column("parties", m_words.col_parties, "text"),
                                                      column("signed_on", m_words.col_signed_on, "date"),
                                                      column("document", m_words.col_document, "text")})},
                              {"rows", std::move(rows)},
                              {"label_column", 0}});
    return s;
  }

  std::string assess(const std::string& comparator, double target, const std::optional<Total>& total) const {
    if (!total) {
      return m_words.no_figures;
    }
    const double value = total->value.value;
    const Qualifier q = total->value.qualifier;
    const bool exact_or_lower = q == Qualifier::exact || q == Qualifier::at_least;
    const bool exact_or_upper = q == Qualifier::exact || q == Qualifier::at_most;
    if (comparator == ">=") {
      if (value >= target && exact_or_lower) {
        return m_words.met;
      }
      return value < target && exact_or_upper ? m_words.not_met : m_words.undetermined;
    }
    if (comparator == "<=") {
      if (value <= target && exact_or_upper) {
        return m_words.met;
      }
      return value > target && exact_or_lower ? m_words.not_met : m_words.undetermined;
    }
    if (q != Qualifier::exact) {
      return m_words.undetermined;
    }
    return value == target ? m_words.met : m_words.not_met;
  }

  std::optional<Doc> pledges() {
    if (!m_span.named) {
      return std::nullopt;
    }
    std::vector<Json> chosen;
    for (const Json& pledge :
         m_source.list("pledge", {{"campaign", m_campaign_code}, {"period", m_span.label}})) {
      if (m_tree.within(str(pledge, "signatory"), m_scope)) {
        chosen.push_back(pledge);
      }
    }
    if (chosen.empty()) {
      return std::nullopt;
    }
    std::map<std::int64_t, std::vector<Json>> targets;
    for (const Json& target : m_source.list("target")) {
      if (const auto pledge = integer(target, "pledge")) {
        targets[*pledge].push_back(target);
      }
    }
    static const std::map<std::string, std::string> k_symbols = {{">=", "≥"}, {"<=", "≤"}, {"=", "="}};
    Doc rows = Doc::array();
    std::size_t met = 0;
    std::size_t count = 0;
    std::set<std::string> signatories;
    for (const Json& pledge : chosen) {
      const std::string signatory = str(pledge, "signatory");
      signatories.insert(signatory);
      for (const Json& target : targets[integer(pledge, "id").value_or(0)]) {
        const std::string code = str(target, "indicator");
        if (code.empty()) {
          continue; // a target scored by a rule rather than an indicator's figures
        }
        const Indicator& indicator = indicator_of(code);
        const std::string comparator = str(target, "comparator");
        const double goal = number(target, "target");
        std::optional<Total> total;
        if (const auto it = m_inside.find(code); it != m_inside.end()) {
          total = total_for(it->second, signatory, indicator.aggregation);
        }
        const std::string assessment = assess(comparator, goal, total);
        if (assessment == m_words.met) {
          ++met;
        }
        ++count;
        const auto symbol = k_symbols.find(comparator);
        rows.push_back(
          Doc{{"key", str(target, "id")},
              {"cells", Doc::array({unit_name(signatory), indicator.name,
                                    symbol == k_symbols.end() ? comparator : symbol->second, num(goal),
                                    total ? quantity(total->value) : Doc(nullptr), assessment})},
              {"notes", notes_json(total ? m_footnotes.ids_for(total->counted) : std::vector<int>{})}});
      }
    }
    Doc s = section("pledges", m_words.section_pledges);
    s["blocks"].push_back(paragraph(m_words.pledges_summary,
                                    {exact(static_cast<double>(signatories.size())),
                                     exact(static_cast<double>(met)), exact(static_cast<double>(count))}));
    s["blocks"].push_back(Doc{{"type", "table"},
                              {"id", "pledge-targets"},
                              {"title", m_words.section_pledges},
                              {"columns", Doc::array({column("signatory", m_words.col_signatory, "text"),
                                                      column("indicator", m_words.col_indicator, "text"),
                                                      column("comparator", m_words.col_condition, "text"),
                                                      column("target", m_words.col_target, "number"),
                                                      column("result", m_words.col_result, "quantity"),
                                                      column("assessment", m_words.col_assessment, "text")})},
                              {"rows", std::move(rows)},
                              {"label_column", 0}});
    return s;
  }

  Doc unattributed() {
    Doc s = section("unattributed", m_words.section_unattributed);
    struct Line {
      const Figure* figure;
      std::string reason;
    };
    std::vector<Line> lines;
    for (const Figure* figure : m_straddling) {
      const bool before = figure->from < m_span.start;
      const bool after = figure->to > m_span.end;
      lines.push_back({figure, before && after ? m_words.both_ends
                                               : (before ? m_words.starts_before : m_words.ends_after)});
    }
    for (const SetAside& aside : m_set_aside) {
      lines.push_back({aside.figure, substitute(m_words.counted_in,
                                                {{"id", std::to_string(aside.kept->id)},
                                                 {"unit", unit_name(aside.kept->unit)},
                                                 {"span", span_text(aside.kept->from, aside.kept->to)}})});
    }
    if (lines.empty()) {
      s["blocks"].push_back(note(m_words.nothing_unattributed));
      return s;
    }
    std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
      return std::make_tuple(a.figure->unit, a.figure->indicator, a.figure->from, a.figure->id) <
             std::make_tuple(b.figure->unit, b.figure->indicator, b.figure->from, b.figure->id);
    });
    Doc rows = Doc::array();
    for (const Line& line : lines) {
      const Figure& f = *line.figure;
      rows.push_back(Doc{{"key", std::to_string(f.id)},
                         {"cells", Doc::array({unit_name(f.unit), indicator_of(f.indicator).name, f.from,
                                               f.to, quantity({f.value, f.qualifier}), line.reason})}});
    }
    s["blocks"].push_back(
      Doc{{"type", "table"},
          {"id", "unattributed"},
          {"title", m_words.section_unattributed},
          {"columns",
           Doc::array(
             {column("unit", m_words.col_unit, "text"), column("indicator", m_words.col_indicator, "text"),
              column("from", m_words.col_from, "date"), column("to", m_words.col_to, "date"),
              column("value", m_words.col_value, "quantity"), column("reason", m_words.col_reason, "text")})},
          {"rows", std::move(rows)},
          {"label_column", 1}});
    return s;
  }

  Source m_source;
  Lang m_lang;
  const SummaryWords& m_words;
  Footnotes m_footnotes;
  std::string m_campaign_code;
  std::string m_campaign_name;
  std::string m_campaign_start;
  std::string m_campaign_end;
  std::vector<std::string> m_organisers;
  std::map<std::string, Span> m_named_periods;
  Span m_span;
  UnitTree m_tree;
  std::map<std::string, Unit> m_units;
  bool m_some_units = false; // m_units holds the scope and the units below it only
  mutable std::map<std::string, std::string> m_other_names;
  std::map<std::string, Indicator> m_indicators;
  std::vector<std::string> m_indicator_order;
  std::vector<Figure> m_figures;
  std::optional<std::size_t> m_units_listed;
  bool m_disjoint = false; // m_figures are sums known to share no time (load_sums)
  std::string m_scope;
  std::map<std::string, std::vector<const Figure*>> m_inside;
  std::vector<const Figure*> m_straddling;
  std::vector<SetAside> m_set_aside;
  std::map<std::string, Total> m_totals;
};

} // namespace

Json ask_json(const Ask& ask, const std::string& request) {
  try {
    return Json::parse(ask(request));
  } catch (const Json::exception& e) {
    throw sdk::Failure(std::string("the host's answer is not JSON: ") + e.what());
  }
}

std::string list_request(const std::string& kind, const std::map<std::string, std::string>& filters) {
  Json request{{"list", kind}, {"filters", Json::object()}};
  for (const auto& [key, value] : filters) {
    request["filters"][key] = value;
  }
  return request.dump();
}

Json list_of(const Ask& ask, const std::string& kind, const std::map<std::string, std::string>& filters) {
  return ask_json(ask, list_request(kind, filters));
}

sdk::OptionDef units_option() {
  return {"units", "string", "how many units each ranking table lists: a number or all",
          std::to_string(k_units_listed)};
}

std::optional<std::size_t> units_listed(const sdk::Options& options) {
  return parse_units_listed(options.get_or("units", std::to_string(k_units_listed)));
}

std::string build_summary(const SummaryRequest& request, const Ask& ask) {
  return Summary(request, ask).document();
}

SummaryAnalysis::SummaryAnalysis()
  : Analysis(
      "summary",
      "Summary report of a campaign's period: key figures, indicator groups, ranked units, models, "
      "awards, agreements, pledges and the figures that cannot be attributed",
      {{"campaign", "string", "campaign code (default: the only campaign)", std::nullopt},
       {"period", "string", "period name or expression (default: the campaign's dates)", std::nullopt},
       {"unit", "string", "scope unit code (default: the lowest unit above all that reported)", std::nullopt},
       {"lang", "string", "language of the document: vi or en", std::string("vi")},
       {"sums", "boolean",
        "read the database's running totals, and figure by figure only what they cannot stand for (false: "
        "every figure one by one)",
        std::string("true")},
       units_option()}) {
}

void SummaryAnalysis::run(sdk::Call&, const sdk::Options& options, sdk::Query& query, sdk::Writer& document) {
  SummaryRequest request;
  request.campaign = options.get_or("campaign", "");
  request.period = options.get_or("period", "");
  request.unit = options.get_or("unit", "");
  request.lang = options.get_or("lang", "vi");
  request.sums = options.get_or("sums", "true") == "true";
  request.units_listed = units_listed(options);
  document.write(
    build_summary(request, [&query](const std::string& request_json) { return query.ask(request_json); }));
}

} // namespace campaign::report
