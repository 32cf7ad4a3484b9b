#include "store/pledges.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace campaign::store {

namespace {

using domain::Date;

// The units from `root` down, as (id, depth): the root is 0, its children 1, ...
constexpr const char* k_scope_cte =
  "WITH RECURSIVE scope(id, depth) AS (SELECT CAST(?1 AS BIGINT), 0 UNION ALL SELECT u.id, s.depth + 1 FROM units u "
  "JOIN scope s ON u.parent_id = s.id WHERE s.depth < 64) ";

std::optional<std::string> optional_text(const sql::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getString();
}

std::optional<double> optional_number(const sql::Column& column) {
  if (column.isNull()) {
    return std::nullopt;
  }
  return column.getDouble();
}

Date day_after(Date date) {
  return Date{date.days + 1};
}

Date day_before(Date date) {
  return Date{date.days - 1};
}

PledgeRules load_rules(sql::Connection& sql, std::int64_t campaign_id, const std::string& campaign) {
  PledgeRules rules;
  rules.campaign = campaign;
  sql::Statement query(sql,
                          "SELECT excellent_from, good_from, average_from, award_min_grade, award_requires, "
                          "award_top, tie_break FROM pledge_rules WHERE campaign_id = ?");
  query.bind(1, campaign_id);
  if (query.executeStep()) {
    rules.stored = true;
    rules.thresholds = {query.getColumn(0).getDouble(), query.getColumn(1).getDouble(),
                        query.getColumn(2).getDouble()};
    rules.award.min_grade = domain::parse_grade(query.getColumn(3).getString());
    rules.award.requirement = domain::parse_award_requirement(query.getColumn(4).getString());
    if (!query.getColumn(5).isNull()) {
      rules.award.top = query.getColumn(5).getInt();
    }
    rules.tie_break = domain::parse_tie_break(query.getColumn(6).getString());
  }
  return rules;
}

// The days of one unit's scope whose figures count: the signatory's before a
// transfer, the successor's after it.
struct Segment {
  std::int64_t root = 0;
  std::string from;
  std::string to;
};

struct Collected {
  std::vector<FigureUse> used;
  std::vector<std::int64_t> used_units;
  std::vector<FigureUse> left_out;
  int partly_inside = 0;
};

bool is_ancestor(std::int64_t ancestor, std::int64_t unit,
                 const std::map<std::int64_t, std::int64_t>& parents) {
  auto it = parents.find(unit);
  for (int depth = 0; it != parents.end() && depth < 64; ++depth) {
    if (it->second == ancestor) {
      return true;
    }
    it = parents.find(it->second);
  }
  return false;
}

// The figures of the indicator in each segment's scope and days. A figure is
// left out when a figure already counted (of a unit above it, or for a sum of
// the same unit) covers some of the same days, so no day of an area counts twice.
Collected collect(sql::Connection& sql, std::int64_t campaign_id, std::int64_t indicator_id,
                  const std::vector<Segment>& segments, bool same_unit_covers) {
  Collected collected;
  std::map<std::int64_t, std::int64_t> parents;
  struct Candidate {
    FigureUse use;
    std::int64_t unit = 0;
  };
  std::vector<Candidate> candidates;
  for (const Segment& segment : segments) {
    if (segment.from > segment.to) {
      continue;
    }
    sql::Statement tree(
      sql, std::string(k_scope_cte) +
             "SELECT s.id, u.parent_id FROM scope s JOIN units u ON u.id = s.id WHERE s.depth > 0");
    tree.bind(1, segment.root);
    while (tree.executeStep()) {
      parents[tree.getColumn(0).getInt64()] = tree.getColumn(1).getInt64();
    }
    sql::Statement query(
      sql, std::string(k_scope_cte) +
             "SELECT f.id, f.unit_id, u.code, f.span_from, f.span_to, f.value, f.qualifier, "
             "f.span_from >= ?4 AND f.span_to <= ?5 FROM figures f JOIN scope s ON s.id = f.unit_id "
             "JOIN units u ON u.id = f.unit_id WHERE f.campaign_id = ?2 AND f.indicator_id = ?3 "
             "AND f.span_from <= ?5 AND f.span_to >= ?4 "
             "ORDER BY s.depth, julianday(f.span_to) - julianday(f.span_from) DESC, f.id");
    query.bind(1, segment.root);
    query.bind(2, campaign_id);
    query.bind(3, indicator_id);
    query.bind(4, segment.from);
    query.bind(5, segment.to);
    while (query.executeStep()) {
      if (query.getColumn(7).getInt() == 0) {
        ++collected.partly_inside;
        continue;
      }
      Candidate candidate;
      candidate.use.figure = query.getColumn(0).getInt64();
      candidate.unit = query.getColumn(1).getInt64();
      candidate.use.unit = query.getColumn(2).getString();
      candidate.use.span_from = query.getColumn(3).getString();
      candidate.use.span_to = query.getColumn(4).getString();
      candidate.use.value = query.getColumn(5).getDouble();
      candidate.use.qualifier = domain::parse_qualifier(query.getColumn(6).getString());
      candidates.push_back(std::move(candidate));
    }
  }
  for (Candidate& candidate : candidates) {
    for (std::size_t i = 0; i < collected.used.size(); ++i) {
      const FigureUse& counted = collected.used[i];
      const bool overlaps =
        counted.span_from <= candidate.use.span_to && candidate.use.span_from <= counted.span_to;
      const std::int64_t counted_unit = collected.used_units[i];
      const bool covers = counted_unit == candidate.unit ? same_unit_covers
                                                         : is_ancestor(counted_unit, candidate.unit, parents);
      if (overlaps && covers) {
        candidate.use.covered_by = counted.figure;
        break;
      }
    }
    if (candidate.use.covered_by) {
      collected.left_out.push_back(std::move(candidate.use));
    } else {
      collected.used.push_back(std::move(candidate.use));
      collected.used_units.push_back(candidate.unit);
    }
  }
  return collected;
}

// A target as stored, before evaluation.
struct TargetRow {
  TargetEvaluation evaluation;
  std::int64_t indicator_id = 0;
  std::string value_kind;
};

PledgeEvaluation evaluate_pledge(sql::Connection& sql, std::int64_t id, Date as_of) {
  sql::Statement query(
    sql,
    "SELECT p.campaign_id, c.code, per.name, per.start_date, per.end_date, p.signatory_id, u.code, u.name, "
    "u.valid_to, (SELECT code FROM units WHERE id = p.counterpart_id), p.signed_on, p.successor_id, "
    "(SELECT code FROM units WHERE id = p.successor_id), p.transferred_on FROM pledges p "
    "JOIN campaigns c ON c.id = p.campaign_id JOIN periods per ON per.id = p.period_id "
    "JOIN units u ON u.id = p.signatory_id WHERE p.id = ?");
  query.bind(1, id);
  if (!query.executeStep()) {
    throw InvalidInput(fmt::format("no pledge with id {}", id));
  }
  PledgeEvaluation e;
  e.id = id;
  const std::int64_t campaign_id = query.getColumn(0).getInt64();
  e.campaign = query.getColumn(1).getString();
  e.period = query.getColumn(2).getString();
  e.period_span = {domain::parse_date(query.getColumn(3).getString()),
                   domain::parse_date(query.getColumn(4).getString())};
  const std::int64_t signatory_id = query.getColumn(5).getInt64();
  e.signatory = query.getColumn(6).getString();
  e.signatory_name = query.getColumn(7).getString();
  const auto valid_to = optional_text(query.getColumn(8));
  e.counterpart = optional_text(query.getColumn(9));
  e.signed_on = optional_text(query.getColumn(10));
  const bool transferred = !query.getColumn(11).isNull();
  const std::int64_t successor_id = transferred ? query.getColumn(11).getInt64() : 0;
  e.successor = optional_text(query.getColumn(12));
  e.transferred_on = optional_text(query.getColumn(13));
  e.as_of = as_of;

  if (valid_to && domain::parse_date(*valid_to) < e.period_span.to) {
    e.ceased_on = valid_to;
  }
  sql::Statement lineage(sql,
                            "SELECT DISTINCT su.code, e.event_date FROM unit_event_predecessors pr "
                            "JOIN unit_events e ON e.id = pr.event_id JOIN unit_event_successors s ON "
                            "s.event_id = e.id JOIN units su ON su.id = s.unit_id WHERE pr.unit_id = ? AND "
                            "s.unit_id <> pr.unit_id ORDER BY e.event_date, su.code");
  lineage.bind(1, signatory_id);
  while (lineage.executeStep()) {
    e.lineage_successors.push_back(lineage.getColumn(0).getString());
  }

  Date last = e.period_span.to;
  if (e.ceased_on && !transferred) {
    last = domain::parse_date(*e.ceased_on);
  }
  e.closed_early = e.ceased_on && !transferred && as_of > last;
  e.ended = !e.closed_early && as_of >= e.period_span.to;
  e.evaluated_to = std::min(as_of, last);
  const std::int64_t elapsed_days =
    std::max<std::int64_t>(0, e.evaluated_to.days - e.period_span.from.days + 1);
  e.elapsed_share =
    std::min(1.0, static_cast<double>(elapsed_days) / static_cast<double>(e.period_span.days()));

  std::vector<Segment> segments;
  const std::string start = e.period_span.from.iso();
  if (transferred) {
    const Date handover = domain::parse_date(*e.transferred_on);
    segments.push_back({signatory_id, start, std::min(e.evaluated_to, day_before(handover)).iso()});
    segments.push_back({successor_id, handover.iso(), e.evaluated_to.iso()});
  } else {
    segments.push_back({signatory_id, start, e.evaluated_to.iso()});
  }

  const PledgeRules rules = load_rules(sql, campaign_id, e.campaign);
  std::vector<TargetRow> rows;
  sql::Statement targets(
    sql,
    "SELECT t.id, t.target_kind, t.indicator_id, i.code, i.name_vi, i.name_en, i.aggregation, i.value_kind, "
    "coalesce(t.measure_unit, i.measure_unit), t.comparator, t.target, t.criterion, t.met, t.assessor, "
    "t.assessed_on, t.assessment_note, t.scoring, t.max_points, t.self_points, t.awarded_points "
    "FROM pledge_targets t LEFT JOIN indicators i ON i.id = t.indicator_id WHERE t.pledge_id = ? ORDER BY "
    "t.id");
  targets.bind(1, id);
  while (targets.executeStep()) {
    TargetRow row;
    TargetEvaluation& t = row.evaluation;
    t.id = targets.getColumn(0).getInt64();
    t.qualitative = targets.getColumn(1).getString() == "qualitative";
    if (!t.qualitative) {
      row.indicator_id = targets.getColumn(2).getInt64();
      t.indicator = targets.getColumn(3).getString();
      t.indicator_name_vi = targets.getColumn(4).getString();
      t.indicator_name_en = targets.getColumn(5).getString();
      t.aggregation = targets.getColumn(6).getString();
      row.value_kind = targets.getColumn(7).getString();
      t.comparator = domain::parse_comparator(targets.getColumn(9).getString());
      t.target = targets.getColumn(10).getDouble();
    }
    t.measure_unit = optional_text(targets.getColumn(8));
    t.criterion = optional_text(targets.getColumn(11)).value_or("");
    if (!targets.getColumn(12).isNull()) {
      t.assessed_met = targets.getColumn(12).getString() == "yes";
    }
    t.assessor = optional_text(targets.getColumn(13));
    t.assessed_on = optional_text(targets.getColumn(14));
    t.assessment_note = optional_text(targets.getColumn(15));
    t.scoring = domain::parse_scoring_mode(targets.getColumn(16).getString());
    t.max_points = optional_number(targets.getColumn(17));
    t.self_points = optional_number(targets.getColumn(18));
    t.awarded_points = optional_number(targets.getColumn(19));
    rows.push_back(std::move(row));
  }

  double attainment_sum = 0;
  for (TargetRow& row : rows) {
    TargetEvaluation& t = row.evaluation;
    if (t.qualitative) {
      t.met = t.assessed_met.value_or(false);
      t.status = !t.assessed_met ? domain::TargetStatus::not_assessed
                 : t.met         ? domain::TargetStatus::met
                                 : domain::TargetStatus::not_met;
    } else {
      const auto aggregation = domain::parse_aggregation(t.aggregation);
      Collected collected =
        collect(sql, campaign_id, row.indicator_id, segments, aggregation == domain::Aggregation::sum);
      std::vector<domain::Observation> observations;
      for (std::size_t i = 0; i < collected.used.size(); ++i) {
        const FigureUse& use = collected.used[i];
        observations.push_back(
          {use.figure, collected.used_units[i], use.span_from, use.span_to, use.value, use.qualifier});
      }
      t.actual = domain::aggregate(aggregation, observations);
      t.figures = std::move(collected.used);
      t.left_out = std::move(collected.left_out);
      t.partly_inside = collected.partly_inside;
      const domain::TargetRule rule{*t.comparator, t.target,
                                    aggregation != domain::Aggregation::last && row.value_kind != "signed"};
      t.status = domain::quantitative_status(rule, t.actual, domain::Progress{e.elapsed_share, e.ended});
      if (t.actual) {
        t.share = domain::attainment_share(*t.comparator, t.target, t.actual->value);
        t.met = domain::certainly_met(*t.comparator, t.target, *t.actual);
      }
      ++e.quantitative_targets;
      e.quantitative_met += t.met ? 1 : 0;
      attainment_sum += t.share.value_or(0.0);
    }
    e.targets_met += t.met ? 1 : 0;
    if (t.max_points) {
      t.computed_points = t.qualitative
                            ? (t.met ? domain::round_points(*t.max_points) : 0.0)
                            : domain::target_points(t.scoring, *t.max_points, t.met, t.share.value_or(0));
      t.points = t.awarded_points.value_or(*t.computed_points);
      ++e.scored_targets;
      e.max_total += *t.max_points;
      e.computed_total += *t.computed_points;
      if (t.self_points) {
        e.self_total += *t.self_points;
        ++e.self_count;
      }
      if (t.awarded_points) {
        e.awarded_total += *t.awarded_points;
        ++e.awarded_count;
      }
      e.score += *t.points;
    }
    e.targets.push_back(std::move(t));
  }
  e.max_total = domain::round_points(e.max_total);
  e.computed_total = domain::round_points(e.computed_total);
  e.self_total = domain::round_points(e.self_total);
  e.awarded_total = domain::round_points(e.awarded_total);
  e.score = domain::round_points(e.score);
  if (e.quantitative_targets > 0) {
    e.mean_attainment = attainment_sum / e.quantitative_targets;
  }
  if (e.max_total > 0) {
    e.percent = domain::round_points(e.score * 100.0 / e.max_total);
    e.grade = domain::grade_for(*e.percent, rules.thresholds);
  }
  e.provisional = as_of < e.period_span.to || e.awarded_count < e.scored_targets;
  return e;
}

std::int64_t resolve_pledge(Database& db, std::string_view ref) {
  return Records(db).resolve(record_kind("pledge"), ref);
}

} // namespace

PledgeEvaluation Pledges::evaluate(std::string_view ref, domain::Date as_of) {
  return evaluate_pledge(m_db.sql(), resolve_pledge(m_db, ref), as_of);
}

std::vector<PledgeEvaluation> Pledges::status(const PledgeFilter& filter, domain::Date as_of) {
  Records records(m_db);
  const std::int64_t campaign_id = records.resolve(record_kind("campaign"), filter.campaign);
  std::optional<std::int64_t> period_id;
  if (filter.period) {
    period_id = records.resolve(record_kind("period"), *filter.period, {{"campaign", filter.campaign}});
  }
  std::optional<std::int64_t> unit_id;
  if (filter.unit) {
    unit_id = records.resolve(record_kind("unit"), *filter.unit);
  }
  sql::Statement query(m_db.sql(), std::string(k_scope_cte) +
                                        "SELECT p.id FROM pledges p JOIN periods per ON per.id = p.period_id "
                                        "WHERE p.campaign_id = ?2 AND (?3 IS NULL OR p.period_id = ?3) AND "
                                        "(?1 IS NULL OR p.signatory_id IN (SELECT id FROM scope)) "
                                        "ORDER BY per.start_date, per.name, p.id");
  if (unit_id) {
    query.bind(1, *unit_id);
  } else {
    query.bind(1);
  }
  query.bind(2, campaign_id);
  if (period_id) {
    query.bind(3, *period_id);
  } else {
    query.bind(3);
  }
  std::vector<std::int64_t> ids;
  while (query.executeStep()) {
    ids.push_back(query.getColumn(0).getInt64());
  }
  std::vector<PledgeEvaluation> evaluations;
  for (const std::int64_t id : ids) {
    evaluations.push_back(evaluate_pledge(m_db.sql(), id, as_of));
  }
  return evaluations;
}

PledgeRanking Pledges::rank(const std::string& campaign, const std::optional<std::string>& period,
                            domain::Date as_of) {
  Records records(m_db);
  sql::Connection& sql = m_db.sql();
  const std::int64_t campaign_id = records.resolve(record_kind("campaign"), campaign);
  std::int64_t period_id = 0;
  if (period) {
    period_id = records.resolve(record_kind("period"), *period, {{"campaign", campaign}});
  } else {
    sql::Statement periods(
      sql, "SELECT DISTINCT per.id, per.name, per.start_date FROM pledges p JOIN periods per ON "
           "per.id = p.period_id WHERE p.campaign_id = ? ORDER BY per.start_date, per.name");
    periods.bind(1, campaign_id);
    std::vector<std::string> names;
    while (periods.executeStep()) {
      period_id = periods.getColumn(0).getInt64();
      names.push_back(periods.getColumn(1).getString());
    }
    if (names.empty()) {
      throw InvalidInput(fmt::format("campaign {} has no pledges to rank", campaign));
    }
    if (names.size() > 1) {
      std::string list;
      for (const auto& name : names) {
        list += (list.empty() ? "" : ", ") + name;
      }
      throw UsageError(fmt::format(
        "campaign {} has pledges in several periods ({}); choose one with --period", campaign, list));
    }
  }
  PledgeRanking ranking;
  ranking.campaign = campaign;
  ranking.as_of = as_of;
  ranking.rules = load_rules(sql, campaign_id, campaign);
  {
    sql::Statement query(sql, "SELECT name, start_date, end_date FROM periods WHERE id = ?");
    query.bind(1, period_id);
    query.executeStep();
    ranking.period = query.getColumn(0).getString();
    ranking.period_span = {domain::parse_date(query.getColumn(1).getString()),
                           domain::parse_date(query.getColumn(2).getString())};
  }
  std::vector<std::int64_t> ids;
  {
    sql::Statement query(sql,
                            "SELECT id FROM pledges WHERE campaign_id = ? AND period_id = ? ORDER BY id");
    query.bind(1, campaign_id);
    query.bind(2, period_id);
    while (query.executeStep()) {
      ids.push_back(query.getColumn(0).getInt64());
    }
  }
  std::vector<PledgeEvaluation> evaluations;
  std::vector<domain::RankInput> inputs;
  for (const std::int64_t id : ids) {
    evaluations.push_back(evaluate_pledge(sql, id, as_of));
    const PledgeEvaluation& e = evaluations.back();
    double tie_value = 0;
    if (ranking.rules.tie_break == domain::TieBreak::targets_met) {
      tie_value = e.targets_met;
    } else if (ranking.rules.tie_break == domain::TieBreak::attainment) {
      tie_value = e.mean_attainment;
    }
    inputs.push_back({e.score, tie_value});
  }
  const domain::Ranking places = domain::rank_scores(inputs, ranking.rules.tie_break);
  for (const std::size_t index : places.order) {
    const domain::RankPlace& place = places.places[index];
    RankedPledge entry;
    entry.pledge = evaluations[index];
    entry.rank = place.rank;
    entry.tie_broken = place.tie_broken;
    entry.tie_value = inputs[index].tie_value;
    for (const std::size_t other : place.tied_with) {
      entry.tied_with.push_back(evaluations[other].signatory);
    }
    const PledgeEvaluation& e = entry.pledge;
    entry.facts = {e.grade,
                   place.rank,
                   e.quantitative_targets,
                   e.quantitative_met,
                   static_cast<int>(e.targets.size()),
                   e.targets_met};
    entry.proposed = domain::award_shortfalls(ranking.rules.award, entry.facts, domain::Lang::en).empty();
    ranking.entries.push_back(std::move(entry));
  }
  return ranking;
}

PledgeRules Pledges::rules(const std::string& campaign) {
  const std::int64_t campaign_id = Records(m_db).resolve(record_kind("campaign"), campaign);
  return load_rules(m_db.sql(), campaign_id, campaign);
}

PledgeRules Pledges::set_rules(const std::string& campaign, const RawValues& changes,
                               std::optional<domain::NumberStyle> number_style) {
  const std::int64_t campaign_id = Records(m_db).resolve(record_kind("campaign"), campaign);
  PledgeRules rules = load_rules(m_db.sql(), campaign_id, campaign);
  for (const auto& [key, text] : changes) {
    try {
      util::require_utf8(text, key);
      if (key == "excellent" || key == "good" || key == "average") {
        const double value = domain::parse_number(text, number_style);
        double& threshold = key == "excellent" ? rules.thresholds.excellent
                            : key == "good"    ? rules.thresholds.good
                                               : rules.thresholds.average;
        threshold = value;
      } else if (key == "award_grade") {
        rules.award.min_grade = domain::parse_grade(text);
      } else if (key == "award_requires") {
        rules.award.requirement = domain::parse_award_requirement(text);
      } else if (key == "award_top") {
        if (util::trim(text).empty()) {
          rules.award.top.reset();
        } else {
          const double top = domain::parse_number(text, number_style);
          if (top < 1 || top != static_cast<double>(static_cast<int>(top)) || top > 100000) {
            throw InvalidInput(fmt::format("'{}' is not a whole number >= 1", text));
          }
          rules.award.top = static_cast<int>(top);
        }
      } else if (key == "tie_break") {
        rules.tie_break = domain::parse_tie_break(text);
      } else {
        throw UsageError(fmt::format("pledge rules have no setting '{}'", key));
      }
    } catch (Error& e) {
      e.add_context(key);
      throw;
    }
  }
  domain::check_thresholds(rules.thresholds);
  m_db.write([&] {
    sql::Statement upsert(
      m_db.sql(),
      "INSERT INTO pledge_rules (campaign_id, excellent_from, good_from, average_from, award_min_grade, "
      "award_requires, award_top, tie_break) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id) "
      "DO UPDATE SET excellent_from = excluded.excellent_from, good_from = excluded.good_from, "
      "average_from = excluded.average_from, award_min_grade = excluded.award_min_grade, "
      "award_requires = excluded.award_requires, award_top = excluded.award_top, "
      "tie_break = excluded.tie_break");
    upsert.bind(1, campaign_id);
    upsert.bind(2, rules.thresholds.excellent);
    upsert.bind(3, rules.thresholds.good);
    upsert.bind(4, rules.thresholds.average);
    upsert.bind(5, std::string(domain::grade_code(rules.award.min_grade)));
    upsert.bind(6, std::string(domain::award_requirement_code(rules.award.requirement)));
    if (rules.award.top) {
      upsert.bind(7, *rules.award.top);
    } else {
      upsert.bind(7);
    }
    upsert.bind(8, std::string(domain::tie_break_code(rules.tie_break)));
    upsert.exec();
  });
  rules.stored = true;
  return rules;
}

void Pledges::reset_rules(const std::string& campaign) {
  const std::int64_t campaign_id = Records(m_db).resolve(record_kind("campaign"), campaign);
  m_db.write([&] {
    sql::Statement erase(m_db.sql(), "DELETE FROM pledge_rules WHERE campaign_id = ?");
    erase.bind(1, campaign_id);
    erase.exec();
  });
}

Transfer Pledges::transfer(std::string_view ref, const std::optional<std::string>& to,
                           const std::optional<std::string>& on) {
  Transfer transfer;
  m_db.write([&] {
    Records records(m_db);
    sql::Connection& sql = m_db.sql();
    transfer.pledge = resolve_pledge(m_db, ref);
    sql::Statement signatory(sql, "SELECT u.id, u.code, u.valid_to FROM pledges p JOIN units u ON "
                                     "u.id = p.signatory_id WHERE p.id = ?");
    signatory.bind(1, transfer.pledge);
    signatory.executeStep();
    const std::int64_t signatory_id = signatory.getColumn(0).getInt64();
    transfer.signatory = signatory.getColumn(1).getString();
    const auto valid_to = optional_text(signatory.getColumn(2));

    struct Named {
      std::int64_t event = 0;
      std::string date;
      std::string code;
    };
    std::vector<Named> named;
    sql::Statement lineage(sql,
                              "SELECT e.id, e.event_date, su.code FROM unit_event_predecessors pr "
                              "JOIN unit_events e ON e.id = pr.event_id JOIN unit_event_successors s ON "
                              "s.event_id = e.id JOIN units su ON su.id = s.unit_id WHERE pr.unit_id = ? AND "
                              "s.unit_id <> pr.unit_id ORDER BY e.event_date, su.code");
    lineage.bind(1, signatory_id);
    while (lineage.executeStep()) {
      named.push_back({lineage.getColumn(0).getInt64(), lineage.getColumn(1).getString(),
                       lineage.getColumn(2).getString()});
    }
    const Named* chosen = nullptr;
    if (to) {
      transfer.successor = util::trim(*to);
      for (const Named& candidate : named) {
        if (candidate.code == transfer.successor) {
          chosen = &candidate;
          break;
        }
      }
    } else {
      std::vector<std::string> codes;
      for (const Named& candidate : named) {
        if (std::find(codes.begin(), codes.end(), candidate.code) == codes.end()) {
          codes.push_back(candidate.code);
        }
      }
      if (codes.empty()) {
        throw InvalidInput(
          fmt::format("no lineage event names {} among its predecessors; name the successor with "
                      "--to",
                      transfer.signatory));
      }
      if (codes.size() > 1) {
        std::string list;
        for (const auto& code : codes) {
          list += (list.empty() ? "" : ", ") + code;
        }
        throw UsageError(fmt::format("the lineage names several successors of {} ({}); choose one with --to",
                                     transfer.signatory, list));
      }
      chosen = &named.front();
      transfer.successor = chosen->code;
    }
    if (on) {
      try {
        transfer.transferred_on = domain::parse_date(util::trim(*on)).iso();
      } catch (Error& e) {
        e.add_context("on");
        throw;
      }
    } else if (chosen) {
      transfer.transferred_on = chosen->date;
      transfer.lineage_event = chosen->event;
    } else if (valid_to) {
      transfer.transferred_on = day_after(domain::parse_date(*valid_to)).iso();
    } else {
      throw UsageError(
        fmt::format("{} has no last day and no lineage event naming {}; name the transfer date with "
                    "--on",
                    transfer.signatory, transfer.successor));
    }
    if (chosen && !transfer.lineage_event && chosen->date == transfer.transferred_on) {
      transfer.lineage_event = chosen->event;
    }
    records.edit(record_kind("pledge"), std::to_string(transfer.pledge),
                 {{"successor", transfer.successor}, {"transferred_on", transfer.transferred_on}});
  });
  return transfer;
}

std::int64_t Pledges::target_of(std::string_view ref, const std::string& target) {
  const std::int64_t pledge = resolve_pledge(m_db, ref);
  sql::Connection& sql = m_db.sql();
  const std::string wanted = util::trim(target);
  const bool digits = !wanted.empty() && wanted.size() <= 18 &&
                      std::all_of(wanted.begin(), wanted.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    sql::Statement query(sql, "SELECT pledge_id FROM pledge_targets WHERE id = ?");
    query.bind(1, static_cast<std::int64_t>(std::stoll(wanted)));
    if (!query.executeStep()) {
      throw InvalidInput(fmt::format("target: no target with id {}", wanted));
    }
    if (query.getColumn(0).getInt64() != pledge) {
      throw InvalidInput(fmt::format("target: target {} belongs to pledge {}, not to pledge {}", wanted,
                                     query.getColumn(0).getInt64(), pledge));
    }
    return std::stoll(wanted);
  }
  sql::Statement query(
    sql, "SELECT t.id, i.code FROM pledge_targets t JOIN indicators i ON i.id = t.indicator_id "
         "WHERE t.pledge_id = ? ORDER BY t.id");
  query.bind(1, pledge);
  std::vector<std::int64_t> found;
  std::vector<std::string> codes;
  while (query.executeStep()) {
    const std::string code = query.getColumn(1).getString();
    if (code == wanted) {
      found.push_back(query.getColumn(0).getInt64());
    }
    codes.push_back(code);
  }
  if (found.empty()) {
    throw InvalidInput(fmt::format("target: pledge {} has no target on indicator '{}'{}", pledge, wanted,
                                   util::did_you_mean(wanted, codes)));
  }
  if (found.size() > 1) {
    std::string list;
    for (const auto id : found) {
      list += (list.empty() ? "" : ", ") + std::to_string(id);
    }
    throw InvalidInput(
      fmt::format("target: pledge {} has several targets on indicator {} (ids {}); name one by id", pledge,
                  wanted, list));
  }
  return found.front();
}

void Pledges::score(std::string_view ref, const std::string& target, const RawValues& changes,
                    std::optional<domain::NumberStyle> number_style) {
  m_db.write([&] {
    const std::int64_t id = target_of(ref, target);
    Records(m_db).edit(record_kind("target"), std::to_string(id), changes, {}, number_style);
  });
}

int Pledges::accept_computed(std::string_view ref, domain::Date as_of) {
  int changed = 0;
  m_db.write([&] {
    const PledgeEvaluation e = evaluate(ref, as_of);
    Records records(m_db);
    for (const TargetEvaluation& t : e.targets) {
      if (t.computed_points && !t.awarded_points) {
        records.edit(record_kind("target"), std::to_string(t.id),
                     {{"awarded_points", fmt::format("{:.2f}", *t.computed_points)}}, {},
                     domain::NumberStyle::en);
        ++changed;
      }
    }
  });
  return changed;
}

std::int64_t Pledges::award(std::string_view ref, const AwardRequest& request, domain::Date as_of) {
  std::int64_t award_id = 0;
  m_db.write([&] {
    sql::Connection& sql = m_db.sql();
    const std::int64_t id = resolve_pledge(m_db, ref);
    sql::Statement pledge(sql,
                             "SELECT c.code, per.name, p.period_id, p.campaign_id, "
                             "coalesce(p.successor_id, p.signatory_id) FROM pledges p JOIN campaigns c ON "
                             "c.id = p.campaign_id JOIN periods per ON per.id = p.period_id WHERE p.id = ?");
    pledge.bind(1, id);
    pledge.executeStep();
    const std::string campaign = pledge.getColumn(0).getString();
    const std::string period = pledge.getColumn(1).getString();
    const std::int64_t period_id = pledge.getColumn(2).getInt64();
    const std::int64_t campaign_id = pledge.getColumn(3).getInt64();
    const std::int64_t recipient_id = pledge.getColumn(4).getInt64();

    const PledgeRanking ranking = rank(campaign, period, as_of);
    const RankedPledge* entry = nullptr;
    for (const RankedPledge& candidate : ranking.entries) {
      if (candidate.pledge.id == id) {
        entry = &candidate;
      }
    }
    if (entry == nullptr) {
      throw Error(fmt::format("pledge {} is missing from the ranking of its own period", id));
    }
    const std::vector<std::string> shortfalls =
      domain::award_shortfalls(ranking.rules.award, entry->facts, domain::Lang::en);
    if (!shortfalls.empty()) {
      std::string list;
      for (const auto& shortfall : shortfalls) {
        list += (list.empty() ? "" : "; ") + shortfall;
      }
      throw InvalidInput(
        fmt::format("pledge {} ({}) is not proposed for an award under the rules of campaign {} as "
                    "of {}: {}",
                    id, entry->pledge.signatory, campaign, as_of.iso(), list));
    }
    sql::Statement recipient(sql, "SELECT code, name FROM units WHERE id = ?");
    recipient.bind(1, recipient_id);
    recipient.executeStep();
    const std::string recipient_code = recipient.getColumn(0).getString();
    const std::string recipient_name = recipient.getColumn(1).getString();
    sql::Statement existing(sql, "SELECT id FROM awards WHERE campaign_id = ? AND period_id = ? AND "
                                    "recipient_unit_id = ? AND form = ? ORDER BY id");
    existing.bind(1, campaign_id);
    existing.bind(2, period_id);
    existing.bind(3, recipient_id);
    existing.bind(4, util::trim(request.form));
    if (existing.executeStep()) {
      throw InvalidInput(fmt::format("{} already has award {} ({}) for period {} of campaign {}",
                                     recipient_code, existing.getColumn(0).getInt64(),
                                     util::trim(request.form), period, campaign));
    }
    const PledgeEvaluation& e = entry->pledge;
    const std::string reason =
      fmt::format("Giao ước thi đua giai đoạn {} (giao ước {}): {}/{} điểm, xếp loại {}, hạng {}/{}", period,
                  id, domain::format_number(e.score, domain::NumberStyle::vi),
                  domain::format_number(e.max_total, domain::NumberStyle::vi),
                  domain::grade_name(*e.grade, domain::Lang::vi), entry->rank, ranking.entries.size());
    RawValues award{{"campaign", campaign},
                    {"period", period},
                    {"recipient_kind", "collective"},
                    {"recipient_unit", recipient_code},
                    {"recipient_name", recipient_name},
                    {"form", request.form},
                    {"issuer", request.issuer},
                    {"reason", reason}};
    if (request.decision_number) {
      award["decision_number"] = *request.decision_number;
    }
    if (request.decision_date) {
      award["decision_date"] = *request.decision_date;
    }
    award_id = Records(m_db).add(record_kind("award"), award, domain::NumberStyle::en);
  });
  return award_id;
}

} // namespace campaign::store
