#pragma once

#include "domain/number.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::domain {

// How a target's actual value has to compare with the target value.
enum class Comparator {
  at_least, // >=
  at_most,  // <=
  equal,    // =
};

// Returns the comparator written ">=", "<=" or "="; throws InvalidInput for anything else.
Comparator parse_comparator(std::string_view text);

// Returns ">=", "<=" or "=".
std::string_view comparator_symbol(Comparator comparator);

// How the figures of an indicator combine into one value.
enum class Aggregation { sum, max, last };

// Returns the aggregation named "sum", "max" or "last"; throws InvalidInput for anything else.
Aggregation parse_aggregation(std::string_view text);

// How a target's points follow from its actual value: the maximum when met and
// nothing otherwise, or the maximum times the share attained.
enum class ScoringMode { all_or_nothing, proportional };

// Returns the mode named "all_or_nothing" or "proportional"; throws InvalidInput for anything else.
ScoringMode parse_scoring_mode(std::string_view text);

// Returns "all_or_nothing" or "proportional".
std::string_view scoring_mode_code(ScoringMode mode);

// One figure that counts toward an actual value.
struct Observation {
  std::int64_t id = 0;   // the figure, to order figures of the same span
  std::int64_t unit = 0; // the reporting unit
  std::string span_from; // YYYY-MM-DD
  std::string span_to;   // YYYY-MM-DD
  double value = 0;
  Qualifier qualifier = Qualifier::exact;
};

// A value with its qualifier: "trên 7.296" is {7296, at_least}.
struct Actual {
  double value = 0;
  Qualifier qualifier = Qualifier::exact;
};

// Returns the observations combined, or nullopt when there are none. sum adds
// every value; max takes the largest; last takes each unit's latest figure (by
// span end, then span start, then id) and adds those across units. The result
// is a lower bound when every part it rests on is exact or a lower bound (for
// max: the largest figure), an upper bound when every figure is exact or an
// upper bound, exact when both hold and "about" when neither does: a sum of
// lower bounds is a lower bound, and any "about" makes the result "about".
std::optional<Actual> aggregate(Aggregation aggregation, const std::vector<Observation>& observations);

// The standing of one target.
enum class TargetStatus {
  met,          // reached (for good, or at the end of the period)
  not_met,      // missed at the end, or already out of reach (a "<=" target exceeded)
  on_track,     // attainment keeps pace with the share of the period elapsed
  behind,       // attainment lags behind the share of the period elapsed
  cannot_tell,  // no figures yet, or a bound that leaves the answer open ("over 300" against 320)
  not_assessed, // a qualitative target nobody has assessed yet
};

// Returns "met", "not_met", "on_track", "behind", "cannot_tell" or "not_assessed".
std::string_view status_code(TargetStatus status);

// Returns the status in words: "đạt" / "met", "chậm tiến độ" / "behind", ...
std::string status_name(TargetStatus status, Lang lang);

// What status needs to know about a quantitative target.
struct TargetRule {
  Comparator comparator = Comparator::at_least;
  double target = 0;
  // The actual can only grow as figures arrive (sum or max of values >= 0),
  // so a reached ">=" target stays reached and an exceeded "<=" target stays missed.
  bool cumulative = true;
};

// How far the pledge's period has run on the day of evaluation.
struct Progress {
  double elapsed_share = 0; // 0..1
  bool ended = false;       // the evaluation day is the period's last day or later
};

// Returns the share of the target attained: actual / target for ">=" (1 for
// a target of 0), 1 when a "<=" target holds and target / actual when it does
// not, and 1 - |actual - target| / target (not below 0) for "=". Not capped at 1.
double attainment_share(Comparator comparator, double target, double actual);

// Returns whether the target is certainly met by this actual if the period
// closed now: a lower bound counts only when it reaches a ">=" target, an upper
// bound only when it stays within a "<=" target; "about" counts as its value.
bool certainly_met(Comparator comparator, double target, const Actual& actual);

// Returns the status of a quantitative target. Without an actual (no figures) it
// cannot tell. After the end: met, not met, or cannot tell when a bound leaves
// it open. During the period: a cumulative ">=" target reached is met and a
// cumulative "<=" or "=" target exceeded is not met; otherwise on track when
// attainment is at least the share elapsed (for "<=": the actual within that
// share of the target; for a non-cumulative "<=": within the target), behind
// when it is certainly less, and cannot tell when a bound leaves it open.
TargetStatus quantitative_status(const TargetRule& rule, const std::optional<Actual>& actual,
                                 Progress progress);

// Returns points rounded to 2 decimals, halves away from zero.
double round_points(double points);

// Returns the points of a target with `max_points`: all of them when met;
// otherwise 0 (all_or_nothing) or max_points times the share capped at 1
// (proportional), rounded to 2 decimals.
double target_points(ScoringMode mode, double max_points, bool met, double share);

// The movement grades of Decision 510/QĐ-BCA-V05 (2022).
enum class Grade { excellent, good, average, weak };

// Returns "excellent", "good", "average" or "weak".
std::string_view grade_code(Grade grade);

// Returns the grade named by its code or its Vietnamese name ("Xuất sắc", "Khá",
// "Trung bình", "Yếu"); throws InvalidInput with a suggestion for anything else.
Grade parse_grade(std::string_view text);

// Returns "Xuất sắc", "Khá", "Trung bình", "Yếu" (vi) or "excellent", "good", "average", "weak" (en).
std::string grade_name(Grade grade, Lang lang);

// The lowest score, in points out of 100, of each grade above "weak".
struct GradeThresholds {
  double excellent = 90;
  double good = 70;
  double average = 50;
};

// Returns when 0 <= average < good < excellent <= 100; throws InvalidInput naming the thresholds otherwise.
void check_thresholds(const GradeThresholds& thresholds);

// Returns the grade of a score of `percent` points out of 100.
Grade grade_for(double percent, const GradeThresholds& thresholds);

// How signatories with equal scores are told apart.
enum class TieBreak {
  none,        // they share the rank
  targets_met, // more targets met ranks higher
  attainment,  // a higher mean share attained of the quantitative targets ranks higher
};

// Returns "none", "targets_met" or "attainment".
std::string_view tie_break_code(TieBreak tie_break);

// Returns the tie-break named by its code; throws InvalidInput with a suggestion for anything else.
TieBreak parse_tie_break(std::string_view text);

// One signatory to rank: its score and the value its tie-break compares.
struct RankInput {
  double score = 0;
  double tie_value = 0;
};

// One signatory's place.
struct RankPlace {
  int rank = 0;
  std::vector<std::size_t> tied_with; // inputs sharing this rank
  bool tie_broken = false;            // an equal score was told apart by the tie-break
};

// The ranking: input indices best first, and each input's place (by input index).
struct Ranking {
  std::vector<std::size_t> order;
  std::vector<RankPlace> places;
};

// Returns the ranking by score (compared at 2 decimals), higher first. Equal
// scores share a rank and the next rank is skipped (1, 2, 2, 4); with a
// tie-break, equal scores are ordered by tie_value (compared at 4 decimals),
// higher first, and share a rank only when that is equal too. Inputs that
// share a rank keep their input order.
Ranking rank_scores(const std::vector<RankInput>& inputs, TieBreak tie_break);

// Which targets the award rule asks to be met.
enum class AwardRequirement {
  none,             // no target needs to be met
  quantitative_met, // every quantitative target met
  all_met,          // every target met, qualitative ones included
};

// Returns "none", "quantitative_met" or "all_met".
std::string_view award_requirement_code(AwardRequirement requirement);

// Returns the requirement named by its code; throws InvalidInput with a suggestion for anything else.
AwardRequirement parse_award_requirement(std::string_view text);

// A campaign's rule for proposing signatories for an award.
struct AwardRule {
  Grade min_grade = Grade::excellent;
  AwardRequirement requirement = AwardRequirement::quantitative_met;
  std::optional<int> top; // only the signatories ranked this high or higher
};

// What the award rule looks at for one signatory.
struct AwardFacts {
  std::optional<Grade> grade; // nullopt: not graded (no target has max points)
  int rank = 0;
  int quantitative_targets = 0;
  int quantitative_met = 0;
  int targets = 0;
  int targets_met = 0;
};

// Returns why the signatory is not proposed under the rule, one phrase per
// unmet condition in the language; empty when it is proposed.
std::vector<std::string> award_shortfalls(const AwardRule& rule, const AwardFacts& facts, Lang lang);

} // namespace campaign::domain
