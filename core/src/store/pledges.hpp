#pragma once

#include "domain/date.hpp"
#include "domain/number.hpp"
#include "domain/scoring.hpp"
#include "store/database.hpp"
#include "store/records.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace campaign::store {

// A campaign's rules for scoring pledges. A campaign without stored rules uses
// the defaults: Xuất sắc from 90, Khá from 70 and Trung bình from 50 points out
// of 100, else Yếu; proposed for an award at grade Xuất sắc with every
// quantitative target met; equal scores share a rank.
struct PledgeRules {
  std::string campaign;
  domain::GradeThresholds thresholds;
  domain::AwardRule award;
  domain::TieBreak tie_break = domain::TieBreak::none;
  bool stored = false; // false: the defaults
};

// One figure considered for an actual value.
struct FigureUse {
  std::int64_t figure = 0;
  std::string unit;
  std::string span_from;
  std::string span_to;
  double value = 0;
  domain::Qualifier qualifier = domain::Qualifier::exact;
  // Left out: this figure, of the same unit or of a unit above it, covers the same days and already counts
  // them.
  std::optional<std::int64_t> covered_by;
};

// Where one target of a pledge stands.
struct TargetEvaluation {
  std::int64_t id = 0;
  bool qualitative = false;
  // A quantitative target: the indicator, the rule, and the actual value so far.
  std::string indicator;
  std::string indicator_name_vi;
  std::string indicator_name_en;
  std::string aggregation;
  std::optional<domain::Comparator> comparator;
  double target = 0;
  std::optional<std::string> measure_unit; // the target's, else the indicator's
  std::optional<domain::Actual> actual;    // nullopt: no figures
  std::vector<FigureUse> figures;          // counted
  std::vector<FigureUse> left_out;         // inside the span but covered by a counted figure
  int partly_inside = 0;                   // figures that overlap the evaluated span only partly, not counted
  std::optional<double> share;             // share of the target attained
  // A qualitative target: the criterion and its assessment.
  std::string criterion;
  std::optional<bool> assessed_met;
  std::optional<std::string> assessor;
  std::optional<std::string> assessed_on;
  std::optional<std::string> assessment_note;
  // Both.
  domain::TargetStatus status = domain::TargetStatus::cannot_tell;
  bool met = false; // certainly met if the sheet were closed on the day evaluated
  domain::ScoringMode scoring = domain::ScoringMode::all_or_nothing;
  std::optional<double> max_points;
  std::optional<double> computed_points; // from the actual or the assessment (targets with max points)
  std::optional<double> self_points;
  std::optional<double> awarded_points;
  std::optional<double> points; // awarded, else computed (targets with max points)
};

// Where one pledge stands on a day, with its scoring sheet.
struct PledgeEvaluation {
  std::int64_t id = 0;
  std::string campaign;
  std::string period;
  domain::DateSpan period_span;
  std::string signatory;
  std::string signatory_name;
  std::optional<std::string> counterpart;
  std::optional<std::string> signed_on;
  std::optional<std::string> ceased_on;        // the signatory's last day, when before the period's last day
  std::vector<std::string> lineage_successors; // units that lineage events name after the signatory
  std::optional<std::string> successor;        // the unit the pledge was transferred to
  std::optional<std::string> transferred_on;
  domain::Date as_of;
  domain::Date evaluated_to; // the last day whose figures count
  double elapsed_share = 0;  // of the period, on evaluated_to
  bool ended = false;        // the period is over and evaluated to its end
  bool closed_early = false; // the signatory ceased before the end and nobody took over
  std::vector<TargetEvaluation> targets;
  // The scoring sheet: maximum, computed, self-assessed and awarded points.
  int scored_targets = 0; // targets with max points
  double max_total = 0;
  double computed_total = 0;
  double self_total = 0;
  int self_count = 0;
  double awarded_total = 0;
  int awarded_count = 0;
  double score = 0;              // awarded points, else computed, summed
  std::optional<double> percent; // score out of 100, rounded to 2 decimals; nullopt without max points
  std::optional<domain::Grade> grade;
  bool provisional = true; // the period has not ended, or some points are not awarded yet
  int targets_met = 0;
  int quantitative_targets = 0;
  int quantitative_met = 0;
  double mean_attainment = 0; // mean share attained of the quantitative targets
};

// One signatory's place in a ranking.
struct RankedPledge {
  PledgeEvaluation pledge;
  int rank = 0;
  std::vector<std::string> tied_with; // signatories sharing the rank
  bool tie_broken = false;            // an equal score was told apart by the tie-break
  double tie_value = 0;               // what the tie-break compares (targets met, mean attainment)
  domain::AwardFacts facts;
  bool proposed = false; // meets the campaign's award rule
};

// The signatories of one period of a campaign, best first.
struct PledgeRanking {
  std::string campaign;
  std::string period;
  domain::DateSpan period_span;
  domain::Date as_of;
  PledgeRules rules;
  std::vector<RankedPledge> entries;
};

// Which pledges `status` evaluates: those of the campaign, optionally of one
// period, optionally signed by a unit or a unit below it.
struct PledgeFilter {
  std::string campaign;
  std::optional<std::string> period;
  std::optional<std::string> unit;
};

// A pledge handed over to a successor.
struct Transfer {
  std::int64_t pledge = 0;
  std::string signatory;
  std::string successor;
  std::string transferred_on;
  std::optional<std::int64_t> lineage_event; // the event that named the successor
};

// What an award made from a proposal records besides the pledge's facts.
struct AwardRequest {
  std::string form;
  std::string issuer;
  std::optional<std::string> decision_number;
  std::optional<std::string> decision_date;
};

// Evaluation, scoring, ranking and proposals of pledges. Reads figures of the
// target's indicator and campaign whose whole span lies inside the pledge's
// period up to the day evaluated, reported by the signatory or any unit below
// it; writes go through Records, so they are checked by the same rules.
class Pledges {
public:
  explicit Pledges(Database& db) : m_db(db) {}

  // Returns the pledge `ref` (an id) evaluated as of `as_of`; throws InvalidInput when there is none.
  PledgeEvaluation evaluate(std::string_view ref, domain::Date as_of);

  // Returns every pledge matching the filter, by period start and id, evaluated
  // as of `as_of`; throws InvalidInput for an unknown campaign, period or unit.
  std::vector<PledgeEvaluation> status(const PledgeFilter& filter, domain::Date as_of);

  // Returns the signatories of the campaign's period ranked by score, with
  // grades and proposals; without a period, the only period that has pledges.
  // Throws InvalidInput for an unknown campaign or period, UsageError when the
  // period is needed to choose among several.
  PledgeRanking rank(const std::string& campaign, const std::optional<std::string>& period,
                     domain::Date as_of);

  // Returns the campaign's rules (the defaults when none are stored); throws InvalidInput for an unknown
  // campaign.
  PledgeRules rules(const std::string& campaign);

  // Changes the rules named in `changes` (excellent, good, average,
  // award_grade, award_requires, award_top, tie_break; "" clears award_top)
  // and returns them; throws InvalidInput, naming the key, for a value refused.
  PledgeRules set_rules(const std::string& campaign, const RawValues& changes,
                        std::optional<domain::NumberStyle> number_style);

  // Drops the campaign's stored rules, so the defaults apply again.
  void reset_rules(const std::string& campaign);

  // Transfers the pledge to `to` (else the unit the lineage names after the
  // signatory) from `on` (else the lineage event's date, else the day after
  // the signatory's last day); throws UsageError when the lineage names several
  // successors, InvalidInput when it names none or the transfer breaks a rule.
  Transfer transfer(std::string_view ref, const std::optional<std::string>& to,
                    const std::optional<std::string>& on);

  // Returns the id of the pledge's target `target`: a target id or the code of
  // the indicator of exactly one of its targets; throws InvalidInput otherwise.
  std::int64_t target_of(std::string_view ref, const std::string& target);

  // Sets fields of one target of the pledge (self_points, awarded_points, met,
  // assessor, assessed_on, assessment_note); throws as Records::edit does.
  void score(std::string_view ref, const std::string& target, const RawValues& changes,
             std::optional<domain::NumberStyle> number_style);

  // Sets the awarded points of each target with max points and none awarded to
  // its computed points as of `as_of`; returns how many targets were set.
  int accept_computed(std::string_view ref, domain::Date as_of);

  // Adds an award for the pledge's signatory (its successor after a transfer)
  // and returns its id; throws InvalidInput when the pledge is not proposed
  // under the campaign's award rule as of `as_of` or already has such an award.
  std::int64_t award(std::string_view ref, const AwardRequest& request, domain::Date as_of);

private:
  Database& m_db;
};

} // namespace campaign::store
