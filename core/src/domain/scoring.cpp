#include "domain/scoring.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>

namespace campaign::domain {

namespace {

// Two target values are equal when they differ by less than this share of the target.
constexpr double k_equal_tolerance = 1e-9;

bool nearly_equal(double a, double b) {
  return std::fabs(a - b) <= k_equal_tolerance * std::max(1.0, std::fabs(b));
}

// A figure reported as "over N" or exactly N: the true value is at least N.
bool is_lower_bound(Qualifier qualifier) {
  return qualifier == Qualifier::exact || qualifier == Qualifier::at_least;
}

// A figure reported as "nearly N" or exactly N: the true value is at most N.
bool is_upper_bound(Qualifier qualifier) {
  return qualifier == Qualifier::exact || qualifier == Qualifier::at_most;
}

Qualifier qualifier_of(bool lower, bool upper) {
  if (lower && upper) {
    return Qualifier::exact;
  }
  if (lower) {
    return Qualifier::at_least;
  }
  if (upper) {
    return Qualifier::at_most;
  }
  return Qualifier::about;
}

// Whether `a` reports later than `b`: a later span end, then a later start, then a higher id.
bool later(const Observation& a, const Observation& b) {
  if (a.span_to != b.span_to) {
    return a.span_to > b.span_to;
  }
  if (a.span_from != b.span_from) {
    return a.span_from > b.span_from;
  }
  return a.id > b.id;
}

template <typename Enum, std::size_t N>
Enum parse_code(std::string_view text, const std::array<std::pair<std::string_view, Enum>, N>& codes,
                std::string_view what) {
  const std::string lowered = util::to_lower_ascii(util::trim(text));
  std::vector<std::string> names;
  for (const auto& [code, value] : codes) {
    if (lowered == code) {
      return value;
    }
    names.emplace_back(code);
  }
  std::string list;
  for (const auto& name : names) {
    list += (list.empty() ? "" : ", ") + name;
  }
  throw InvalidInput(fmt::format("unknown {} '{}': expected {}{}", what, text, list,
                                 util::did_you_mean(util::trim(text), names)));
}

constexpr std::array<std::pair<std::string_view, Comparator>, 3> k_comparators = {{
  {">=", Comparator::at_least},
  {"<=", Comparator::at_most},
  {"=", Comparator::equal},
}};

constexpr std::array<std::pair<std::string_view, Aggregation>, 3> k_aggregations = {{
  {"sum", Aggregation::sum},
  {"max", Aggregation::max},
  {"last", Aggregation::last},
}};

constexpr std::array<std::pair<std::string_view, ScoringMode>, 2> k_scoring_modes = {{
  {"all_or_nothing", ScoringMode::all_or_nothing},
  {"proportional", ScoringMode::proportional},
}};

constexpr std::array<std::pair<std::string_view, TieBreak>, 3> k_tie_breaks = {{
  {"none", TieBreak::none},
  {"targets_met", TieBreak::targets_met},
  {"attainment", TieBreak::attainment},
}};

constexpr std::array<std::pair<std::string_view, AwardRequirement>, 3> k_requirements = {{
  {"none", AwardRequirement::none},
  {"quantitative_met", AwardRequirement::quantitative_met},
  {"all_met", AwardRequirement::all_met},
}};

template <typename Enum, std::size_t N>
std::string_view code_of(Enum value, const std::array<std::pair<std::string_view, Enum>, N>& codes) {
  for (const auto& [code, candidate] : codes) {
    if (candidate == value) {
      return code;
    }
  }
  return codes.front().first;
}

} // namespace

Comparator parse_comparator(std::string_view text) {
  return parse_code(text, k_comparators, "comparator");
}

std::string_view comparator_symbol(Comparator comparator) {
  return code_of(comparator, k_comparators);
}

Aggregation parse_aggregation(std::string_view text) {
  return parse_code(text, k_aggregations, "aggregation");
}

ScoringMode parse_scoring_mode(std::string_view text) {
  return parse_code(text, k_scoring_modes, "scoring mode");
}

std::string_view scoring_mode_code(ScoringMode mode) {
  return code_of(mode, k_scoring_modes);
}

std::optional<Actual> aggregate(Aggregation aggregation, const std::vector<Observation>& observations) {
  if (observations.empty()) {
    return std::nullopt;
  }
  std::vector<const Observation*> parts;
  if (aggregation == Aggregation::last) {
    std::map<std::int64_t, const Observation*> latest;
    for (const Observation& observation : observations) {
      const Observation*& slot = latest[observation.unit];
      if (slot == nullptr || later(observation, *slot)) {
        slot = &observation;
      }
    }
    for (const auto& [unit, observation] : latest) {
      parts.push_back(observation);
    }
  } else {
    for (const Observation& observation : observations) {
      parts.push_back(&observation);
    }
  }
  const bool upper = std::all_of(parts.begin(), parts.end(),
                                 [](const Observation* o) { return is_upper_bound(o->qualifier); });
  Actual actual;
  bool lower = false;
  if (aggregation == Aggregation::max) {
    actual.value =
      (*std::max_element(parts.begin(), parts.end(),
                         [](const Observation* a, const Observation* b) { return a->value < b->value; }))
        ->value;
    // The largest is certainly reached when a figure of that value is exact or a lower bound.
    lower = std::any_of(parts.begin(), parts.end(), [&](const Observation* o) {
      return o->value == actual.value && is_lower_bound(o->qualifier);
    });
  } else {
    actual.value = std::accumulate(parts.begin(), parts.end(), 0.0,
                                   [](double total, const Observation* o) { return total + o->value; });
    lower = std::all_of(parts.begin(), parts.end(),
                        [](const Observation* o) { return is_lower_bound(o->qualifier); });
  }
  actual.qualifier = qualifier_of(lower, upper);
  return actual;
}

std::string_view status_code(TargetStatus status) {
  switch (status) {
  case TargetStatus::met:
    return "met";
  case TargetStatus::not_met:
    return "not_met";
  case TargetStatus::on_track:
    return "on_track";
  case TargetStatus::behind:
    return "behind";
  case TargetStatus::cannot_tell:
    return "cannot_tell";
  case TargetStatus::not_assessed:
    return "not_assessed";
  }
  return "cannot_tell";
}

std::string status_name(TargetStatus status, Lang lang) {
  const bool vi = lang == Lang::vi;
  switch (status) {
  case TargetStatus::met:
    return vi ? "đạt" : "met";
  case TargetStatus::not_met:
    return vi ? "không đạt" : "not met";
  case TargetStatus::on_track:
    return vi ? "đúng tiến độ" : "on track";
  case TargetStatus::behind:
    return vi ? "chậm tiến độ" : "behind";
  case TargetStatus::cannot_tell:
    return vi ? "chưa xác định được" : "cannot tell yet";
  case TargetStatus::not_assessed:
    return vi ? "chưa đánh giá" : "not assessed";
  }
  return std::string(status_code(status));
}

double attainment_share(Comparator comparator, double target, double actual) {
  switch (comparator) {
  case Comparator::at_least:
    if (target <= 0) {
      return actual >= target ? 1.0 : 0.0;
    }
    return std::max(0.0, actual / target);
  case Comparator::at_most:
    if (actual <= target) {
      return 1.0;
    }
    return actual > 0 ? std::max(0.0, target / actual) : 0.0;
  case Comparator::equal:
    if (target == 0) {
      return nearly_equal(actual, target) ? 1.0 : 0.0;
    }
    return std::max(0.0, 1.0 - std::fabs(actual - target) / std::fabs(target));
  }
  return 0.0;
}

TargetStatus quantitative_status(const TargetRule& rule, const std::optional<Actual>& actual,
                                 Progress progress) {
  if (!actual) {
    return TargetStatus::cannot_tell;
  }
  const double value = actual->value;
  const double target = rule.target;
  // "about" is read as its value; a lower bound leaves the top open, an upper bound the bottom.
  const bool lower_known = actual->qualifier != Qualifier::at_most;
  const bool upper_known = actual->qualifier != Qualifier::at_least;
  const bool reaches = value >= target || nearly_equal(value, target);
  const bool exceeds = value > target && !nearly_equal(value, target);

  if (progress.ended) {
    switch (rule.comparator) {
    case Comparator::at_least:
      if (lower_known && reaches) {
        return TargetStatus::met;
      }
      if (upper_known && !reaches) {
        return TargetStatus::not_met;
      }
      return TargetStatus::cannot_tell;
    case Comparator::at_most:
      if (upper_known && !exceeds) {
        return TargetStatus::met;
      }
      if (lower_known && exceeds) {
        return TargetStatus::not_met;
      }
      return TargetStatus::cannot_tell;
    case Comparator::equal:
      if (lower_known && upper_known) {
        return nearly_equal(value, target) ? TargetStatus::met : TargetStatus::not_met;
      }
      if ((lower_known && exceeds) || (upper_known && !reaches)) {
        return TargetStatus::not_met;
      }
      return TargetStatus::cannot_tell;
    }
  }

  const double elapsed = std::clamp(progress.elapsed_share, 0.0, 1.0);
  if (rule.comparator == Comparator::at_most) {
    if (rule.cumulative && lower_known && exceeds) {
      return TargetStatus::not_met;
    }
    // A cumulative count spends its allowance over the period; a level must stay within it all along.
    const double allowance = rule.cumulative ? target * elapsed : target;
    const bool within = value <= allowance || nearly_equal(value, allowance);
    if (upper_known && within) {
      return TargetStatus::on_track;
    }
    if (lower_known && !within) {
      return TargetStatus::behind;
    }
    return TargetStatus::cannot_tell;
  }
  if (rule.cumulative && rule.comparator == Comparator::at_least && lower_known && reaches) {
    return TargetStatus::met;
  }
  if (rule.cumulative && rule.comparator == Comparator::equal && lower_known && exceeds) {
    return TargetStatus::not_met;
  }
  const double pace = target * elapsed;
  const bool keeps_pace = value >= pace || nearly_equal(value, pace);
  if (lower_known && keeps_pace) {
    return TargetStatus::on_track;
  }
  if (upper_known && !keeps_pace) {
    return TargetStatus::behind;
  }
  return TargetStatus::cannot_tell;
}

bool certainly_met(Comparator comparator, double target, const Actual& actual) {
  return quantitative_status(TargetRule{comparator, target, true}, actual, Progress{1.0, true}) ==
         TargetStatus::met;
}

double round_points(double points) {
  return std::round(points * 100.0) / 100.0;
}

double target_points(ScoringMode mode, double max_points, bool met, double share) {
  if (met) {
    return round_points(max_points);
  }
  if (mode == ScoringMode::all_or_nothing) {
    return 0.0;
  }
  return round_points(max_points * std::clamp(share, 0.0, 1.0));
}

std::string_view grade_code(Grade grade) {
  switch (grade) {
  case Grade::excellent:
    return "excellent";
  case Grade::good:
    return "good";
  case Grade::average:
    return "average";
  case Grade::weak:
    return "weak";
  }
  return "weak";
}

Grade parse_grade(std::string_view text) {
  const std::string lowered = util::to_lower_ascii(util::trim(text));
  constexpr std::array<std::pair<std::string_view, Grade>, 8> k_names = {{
    {"excellent", Grade::excellent},
    {"good", Grade::good},
    {"average", Grade::average},
    {"weak", Grade::weak},
    {"xuất sắc", Grade::excellent},
    {"khá", Grade::good},
    {"trung bình", Grade::average},
    {"yếu", Grade::weak},
  }};
  std::vector<std::string> names;
  for (const auto& [name, grade] : k_names) {
    if (lowered == name) {
      return grade;
    }
    names.emplace_back(name);
  }
  throw InvalidInput(
    fmt::format("unknown grade '{}': expected excellent (Xuất sắc), good (Khá), average (Trung "
                "bình) or weak (Yếu){}",
                text, util::did_you_mean(util::trim(text), names)));
}

std::string grade_name(Grade grade, Lang lang) {
  if (lang == Lang::en) {
    return std::string(grade_code(grade));
  }
  switch (grade) {
  case Grade::excellent:
    return "Xuất sắc";
  case Grade::good:
    return "Khá";
  case Grade::average:
    return "Trung bình";
  case Grade::weak:
    return "Yếu";
  }
  return "Yếu";
}

void check_thresholds(const GradeThresholds& thresholds) {
  const bool finite = std::isfinite(thresholds.excellent) && std::isfinite(thresholds.good) &&
                      std::isfinite(thresholds.average);
  if (!finite || thresholds.average < 0 || thresholds.average >= thresholds.good ||
      thresholds.good >= thresholds.excellent || thresholds.excellent > 100) {
    throw InvalidInput(
      fmt::format("grade thresholds excellent {}, good {}, average {} must rise strictly from "
                  "0 to 100 (0 <= average < good < excellent <= 100)",
                  thresholds.excellent, thresholds.good, thresholds.average));
  }
}

Grade grade_for(double percent, const GradeThresholds& thresholds) {
  if (percent >= thresholds.excellent) {
    return Grade::excellent;
  }
  if (percent >= thresholds.good) {
    return Grade::good;
  }
  if (percent >= thresholds.average) {
    return Grade::average;
  }
  return Grade::weak;
}

std::string_view tie_break_code(TieBreak tie_break) {
  return code_of(tie_break, k_tie_breaks);
}

TieBreak parse_tie_break(std::string_view text) {
  return parse_code(text, k_tie_breaks, "tie-break");
}

Ranking rank_scores(const std::vector<RankInput>& inputs, TieBreak tie_break) {
  const bool breaks = tie_break != TieBreak::none;
  std::vector<long long> scores;
  std::vector<long long> ties;
  for (const RankInput& input : inputs) {
    scores.push_back(std::llround(input.score * 100.0));
    ties.push_back(breaks ? std::llround(input.tie_value * 10000.0) : 0);
  }
  auto better = [&](std::size_t a, std::size_t b) {
    return scores[a] > scores[b] || (scores[a] == scores[b] && ties[a] > ties[b]);
  };
  Ranking ranking;
  ranking.order.resize(inputs.size());
  std::iota(ranking.order.begin(), ranking.order.end(), std::size_t{0});
  std::stable_sort(ranking.order.begin(), ranking.order.end(), better);
  ranking.places.resize(inputs.size());
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    RankPlace& place = ranking.places[i];
    place.rank = 1;
    for (std::size_t j = 0; j < inputs.size(); ++j) {
      if (j == i) {
        continue;
      }
      if (better(j, i)) {
        ++place.rank;
      }
      if (scores[j] == scores[i]) {
        if (ties[j] == ties[i]) {
          place.tied_with.push_back(j);
        } else {
          place.tie_broken = true;
        }
      }
    }
  }
  return ranking;
}

std::string_view award_requirement_code(AwardRequirement requirement) {
  return code_of(requirement, k_requirements);
}

AwardRequirement parse_award_requirement(std::string_view text) {
  return parse_code(text, k_requirements, "award requirement");
}

std::vector<std::string> award_shortfalls(const AwardRule& rule, const AwardFacts& facts, Lang lang) {
  const bool vi = lang == Lang::vi;
  std::vector<std::string> shortfalls;
  if (!facts.grade) {
    shortfalls.push_back(vi ? "chưa xếp loại: không chỉ tiêu nào có điểm tối đa"
                            : "not graded: no target has maximum points");
  } else if (static_cast<int>(*facts.grade) > static_cast<int>(rule.min_grade)) {
    shortfalls.push_back(vi ? fmt::format("xếp loại {} thấp hơn {}", grade_name(*facts.grade, lang),
                                          grade_name(rule.min_grade, lang))
                            : fmt::format("grade {} is below {}", grade_name(*facts.grade, lang),
                                          grade_name(rule.min_grade, lang)));
  }
  if (rule.requirement == AwardRequirement::quantitative_met &&
      facts.quantitative_met < facts.quantitative_targets) {
    const int missing = facts.quantitative_targets - facts.quantitative_met;
    shortfalls.push_back(
      vi ? fmt::format("{}/{} chỉ tiêu định lượng chưa đạt", missing, facts.quantitative_targets)
         : fmt::format("{} of {} quantitative targets not met", missing, facts.quantitative_targets));
  }
  if (rule.requirement == AwardRequirement::all_met && facts.targets_met < facts.targets) {
    const int missing = facts.targets - facts.targets_met;
    shortfalls.push_back(vi ? fmt::format("{}/{} chỉ tiêu chưa đạt", missing, facts.targets)
                            : fmt::format("{} of {} targets not met", missing, facts.targets));
  }
  if (rule.top && facts.rank > *rule.top) {
    shortfalls.push_back(vi ? fmt::format("hạng {}, ngoài {} hạng đầu", facts.rank, *rule.top)
                            : fmt::format("rank {} is below the top {}", facts.rank, *rule.top));
  }
  return shortfalls;
}

} // namespace campaign::domain
