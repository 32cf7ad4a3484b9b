#include "store/pledge_json.hpp"

#include "store/record_json.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace campaign::store {

namespace {

using domain::Lang;
using Json = nlohmann::ordered_json;

Json json_number(const std::optional<double>& value) {
  return value ? to_json(Value(*value)) : Json(nullptr);
}

Json json_text(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}


Json sheet_json(const PledgeEvaluation& e) {
  Json j;
  j["scored_targets"] = e.scored_targets;
  j["max_points"] = json_number(e.max_total);
  j["computed_points"] = json_number(e.computed_total);
  j["self_points"] = e.self_count > 0 ? json_number(e.self_total) : Json(nullptr);
  j["self_count"] = e.self_count;
  j["awarded_points"] = e.awarded_count > 0 ? json_number(e.awarded_total) : Json(nullptr);
  j["awarded_count"] = e.awarded_count;
  j["score"] = json_number(e.score);
  j["percent"] = json_number(e.percent);
  j["grade"] = e.grade ? Json(std::string(domain::grade_code(*e.grade))) : Json(nullptr);
  j["provisional"] = e.provisional;
  return j;
}

std::string tie_value_text(const RankedPledge& entry, domain::TieBreak tie_break, Lang lang) {
  if (tie_break == domain::TieBreak::targets_met) {
    return fmt::format("targets met {}", entry.pledge.targets_met);
  }
  return fmt::format("mean attainment {}", percent_text(entry.tie_value, lang));
}

} // namespace

double rounded(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(value * scale) / scale;
}

std::string number_text(double value, domain::Lang lang, int decimals) {
  return domain::format_number(value, domain::style_for(lang), decimals);
}

std::string percent_text(double share, domain::Lang lang) {
  return number_text(share * 100.0, lang, 1) + "%";
}

nlohmann::ordered_json target_json(const TargetEvaluation& t) {
  Json j;
  j["target"] = t.id;
  j["kind"] = t.qualitative ? "qualitative" : "quantitative";
  j["indicator"] = t.qualitative ? Json(nullptr) : Json(t.indicator);
  j["indicator_name_vi"] = t.qualitative ? Json(nullptr) : Json(t.indicator_name_vi);
  j["indicator_name_en"] = t.qualitative ? Json(nullptr) : Json(t.indicator_name_en);
  j["criterion"] = t.qualitative ? Json(t.criterion) : Json(nullptr);
  j["comparator"] =
    t.comparator ? Json(std::string(domain::comparator_symbol(*t.comparator))) : Json(nullptr);
  j["target_value"] = t.qualitative ? Json(nullptr) : json_number(t.target);
  j["measure_unit"] = json_text(t.measure_unit);
  j["aggregation"] = t.qualitative ? Json(nullptr) : Json(t.aggregation);
  j["actual"] = t.actual ? json_number(t.actual->value) : Json(nullptr);
  j["actual_qualifier"] =
    t.actual ? Json(std::string(domain::qualifier_code(t.actual->qualifier))) : Json(nullptr);
  j["share"] = t.share ? json_number(rounded(*t.share, 4)) : Json(nullptr);
  j["status"] = std::string(domain::status_code(t.status));
  j["met"] = t.met;
  Json figures = Json::array();
  for (const auto& use : t.figures) {
    figures.push_back(use.figure);
  }
  j["figures"] = figures;
  Json left_out = Json::array();
  for (const auto& use : t.left_out) {
    left_out.push_back(Json{{"figure", use.figure}, {"unit", use.unit}, {"covered_by", *use.covered_by}});
  }
  j["figures_left_out"] = left_out;
  j["figures_partly_inside"] = t.partly_inside;
  j["assessed_met"] = t.assessed_met ? Json(*t.assessed_met) : Json(nullptr);
  j["assessor"] = json_text(t.assessor);
  j["assessed_on"] = json_text(t.assessed_on);
  j["assessment_note"] = json_text(t.assessment_note);
  j["scoring"] = std::string(domain::scoring_mode_code(t.scoring));
  j["max_points"] = json_number(t.max_points);
  j["computed_points"] = json_number(t.computed_points);
  j["self_points"] = json_number(t.self_points);
  j["awarded_points"] = json_number(t.awarded_points);
  j["points"] = json_number(t.points);
  return j;
}

nlohmann::ordered_json pledge_json(const PledgeEvaluation& e) {
  Json j;
  j["pledge"] = e.id;
  j["campaign"] = e.campaign;
  j["period"] = e.period;
  j["period_start"] = e.period_span.from.iso();
  j["period_end"] = e.period_span.to.iso();
  j["signatory"] = e.signatory;
  j["signatory_name"] = e.signatory_name;
  j["counterpart"] = json_text(e.counterpart);
  j["signed_on"] = json_text(e.signed_on);
  j["ceased_on"] = json_text(e.ceased_on);
  j["lineage_successors"] = e.lineage_successors;
  j["successor"] = json_text(e.successor);
  j["transferred_on"] = json_text(e.transferred_on);
  j["as_of"] = e.as_of.iso();
  j["evaluated_to"] = e.evaluated_to.iso();
  j["elapsed_share"] = json_number(rounded(e.elapsed_share, 4));
  j["ended"] = e.ended;
  j["closed_early"] = e.closed_early;
  j["targets_met"] = e.targets_met;
  j["quantitative_targets"] = e.quantitative_targets;
  j["quantitative_met"] = e.quantitative_met;
  j["sheet"] = sheet_json(e);
  Json targets = Json::array();
  for (const auto& t : e.targets) {
    targets.push_back(target_json(t));
  }
  j["targets"] = targets;
  return j;
}

nlohmann::ordered_json rules_json(const PledgeRules& rules) {
  Json j;
  j["campaign"] = rules.campaign;
  j["excellent"] = json_number(rules.thresholds.excellent);
  j["good"] = json_number(rules.thresholds.good);
  j["average"] = json_number(rules.thresholds.average);
  j["award_grade"] = std::string(domain::grade_code(rules.award.min_grade));
  j["award_requires"] = std::string(domain::award_requirement_code(rules.award.requirement));
  j["award_top"] = rules.award.top ? Json(*rules.award.top) : Json(nullptr);
  j["tie_break"] = std::string(domain::tie_break_code(rules.tie_break));
  j["stored"] = rules.stored;
  return j;
}

// How ties were settled: groups sharing a rank, and equal scores told apart by the tie-break.
std::vector<std::string> tie_notes(const PledgeRanking& ranking, Lang lang) {
  std::vector<std::string> notes;
  const domain::TieBreak tie_break = ranking.rules.tie_break;
  std::map<long long, std::vector<const RankedPledge*>> by_score;
  for (const auto& entry : ranking.entries) {
    by_score[std::llround(entry.pledge.score * 100.0)].push_back(&entry);
  }
  for (auto it = by_score.rbegin(); it != by_score.rend(); ++it) {
    const auto& group = it->second;
    if (group.size() < 2) {
      continue;
    }
    std::vector<std::string> names;
    for (const auto* entry : group) {
      names.push_back(entry->pledge.signatory);
    }
    const std::string points = number_text(group.front()->pledge.score, lang);
    if (tie_break == domain::TieBreak::none) {
      notes.push_back(fmt::format("tie: {} have {} points each and share rank {}; no tie-break applied (the "
                                  "next rank is skipped)",
                                  util::join(names, ", "), points, group.front()->rank));
      continue;
    }
    std::vector<std::string> placed;
    for (const auto* entry : group) {
      placed.push_back(fmt::format("{} rank {} ({})", entry->pledge.signatory, entry->rank,
                                   tie_value_text(*entry, tie_break, lang)));
    }
    const bool still_tied =
      std::any_of(group.begin(), group.end(), [](const auto* e) { return !e->tied_with.empty(); });
    notes.push_back(fmt::format("tie: {} have {} points each; tie-break {} applied: {}{}", util::join(names, ", "),
                                points, domain::tie_break_code(tie_break), util::join(placed, ", "),
                                still_tied ? "; those still equal share their rank" : ""));
  }
  return notes;
}

nlohmann::ordered_json ranking_json(const PledgeRanking& ranking) {
  Json j;
  j["campaign"] = ranking.campaign;
  j["period"] = ranking.period;
  j["period_start"] = ranking.period_span.from.iso();
  j["period_end"] = ranking.period_span.to.iso();
  j["as_of"] = ranking.as_of.iso();
  j["rules"] = rules_json(ranking.rules);
  j["signatories"] = ranking.entries.size();
  Json entries = Json::array();
  for (const auto& entry : ranking.entries) {
    const PledgeEvaluation& e = entry.pledge;
    Json item;
    item["rank"] = entry.rank;
    item["pledge"] = e.id;
    item["signatory"] = e.signatory;
    item["signatory_name"] = e.signatory_name;
    item["successor"] = json_text(e.successor);
    item["max_points"] = json_number(e.max_total);
    item["computed_points"] = json_number(e.computed_total);
    item["self_points"] = e.self_count > 0 ? json_number(e.self_total) : Json(nullptr);
    item["awarded_points"] = e.awarded_count > 0 ? json_number(e.awarded_total) : Json(nullptr);
    item["awarded_count"] = e.awarded_count;
    item["scored_targets"] = e.scored_targets;
    item["score"] = json_number(e.score);
    item["percent"] = json_number(e.percent);
    item["grade"] = e.grade ? Json(std::string(domain::grade_code(*e.grade))) : Json(nullptr);
    item["provisional"] = e.provisional;
    item["targets"] = e.targets.size();
    item["targets_met"] = e.targets_met;
    item["quantitative_targets"] = e.quantitative_targets;
    item["quantitative_met"] = e.quantitative_met;
    item["mean_attainment"] = json_number(rounded(e.mean_attainment, 4));
    item["tied_with"] = entry.tied_with;
    item["tie_broken"] = entry.tie_broken;
    item["proposed"] = entry.proposed;
    item["shortfalls"] = domain::award_shortfalls(ranking.rules.award, entry.facts, Lang::en);
    entries.push_back(item);
  }
  j["ranking"] = entries;
  j["tie_notes"] = tie_notes(ranking, Lang::en);
  return j;
}

} // namespace campaign::store
