#include "cli/commands.hpp"

#include "cli/output.hpp"
#include "domain/date.hpp"
#include "domain/scoring.hpp"
#include "store/pledge_json.hpp"
#include "store/pledges.hpp"
#include "store/record_json.hpp"
#include "util/error.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <map>
#include <memory>
#include <ostream>

namespace campaign::cli {

namespace {

using domain::Lang;
using store::PledgeEvaluation;
using store::TargetEvaluation;
using store::number_text;
using store::percent_text;
using store::rounded;
using util::join;
using Json = nlohmann::ordered_json;

// Today in the local time zone: the default of --as-of.
domain::Date today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return domain::Date::from_ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                                static_cast<unsigned>(local.tm_mday));
}

domain::Date as_of_date(const std::string& text) {
  if (text.empty()) {
    return today();
  }
  try {
    return domain::parse_date(text);
  } catch (Error& e) {
    e.add_context("as-of");
    throw;
  }
}

std::optional<std::string> given(const CLI::Option* option, const std::string& value) {
  if (option->count() == 0) {
    return std::nullopt;
  }
  return value;
}

std::string number_text(const std::optional<double>& value, Lang lang) {
  return value ? number_text(*value, lang) : "";
}

store::Value number_value(const std::optional<double>& value) {
  return value ? store::Value(*value) : store::Value(std::monostate{});
}

store::Value text_value(const std::optional<std::string>& value) {
  return value ? store::Value(*value) : store::Value(std::monostate{});
}

// ">= 320 tin": the comparator, the target value and its unit of measure.
std::string goal_text(const TargetEvaluation& t, Lang lang) {
  if (t.qualitative) {
    return lang == Lang::vi ? "đạt" : "yes";
  }
  std::string goal =
    fmt::format("{} {}", domain::comparator_symbol(*t.comparator), number_text(t.target, lang));
  if (t.measure_unit) {
    goal += " " + *t.measure_unit;
  }
  return goal;
}

std::string what_text(const TargetEvaluation& t) {
  return t.qualitative ? t.criterion : t.indicator;
}

std::string actual_text(const TargetEvaluation& t, Lang lang) {
  if (t.qualitative) {
    if (!t.assessed_met) {
      return "";
    }
    return *t.assessed_met ? (lang == Lang::vi ? "đạt" : "yes") : (lang == Lang::vi ? "không đạt" : "no");
  }
  if (!t.actual) {
    return "";
  }
  return domain::format_quantity(t.actual->value, t.actual->qualifier, lang);
}

const std::vector<std::string> k_target_csv_header = {
  "pledge",       "period",           "signatory",
  "ceased_on",    "successor",        "transferred_on",
  "evaluated_to", "elapsed_share",    "target",
  "kind",         "indicator",        "criterion",
  "comparator",   "target_value",     "measure_unit",
  "aggregation",  "actual",           "actual_qualifier",
  "share",        "status",           "met",
  "figures",      "figures_left_out", "figures_partly_inside",
  "scoring",      "max_points",       "computed_points",
  "self_points",  "awarded_points",   "points",
  "assessed_met", "assessor",         "assessed_on",
};

// One CSV row per target (a pledge without targets gets one row with the target columns empty).
std::vector<std::vector<store::Value>> target_csv_rows(const PledgeEvaluation& e) {
  std::vector<std::vector<store::Value>> rows;
  auto pledge_part = [&] {
    return std::vector<store::Value>{
      store::Value(e.id),
      store::Value(e.period),
      store::Value(e.signatory),
      text_value(e.ceased_on),
      text_value(e.successor),
      text_value(e.transferred_on),
      store::Value(e.evaluated_to.iso()),
      store::Value(rounded(e.elapsed_share, 4)),
    };
  };
  for (const auto& t : e.targets) {
    std::vector<store::Value> row = pledge_part();
    const std::vector<store::Value> rest = {
      store::Value(t.id),
      store::Value(std::string(t.qualitative ? "qualitative" : "quantitative")),
      t.qualitative ? store::Value() : store::Value(t.indicator),
      t.qualitative ? store::Value(t.criterion) : store::Value(),
      t.comparator ? store::Value(std::string(domain::comparator_symbol(*t.comparator))) : store::Value(),
      t.qualitative ? store::Value() : store::Value(t.target),
      text_value(t.measure_unit),
      t.qualitative ? store::Value() : store::Value(t.aggregation),
      t.actual ? store::Value(t.actual->value) : store::Value(),
      t.actual ? store::Value(std::string(domain::qualifier_code(t.actual->qualifier))) : store::Value(),
      t.share ? store::Value(rounded(*t.share, 4)) : store::Value(),
      store::Value(std::string(domain::status_code(t.status))),
      store::Value(std::string(t.met ? "yes" : "no")),
      store::Value(static_cast<std::int64_t>(t.figures.size())),
      store::Value(static_cast<std::int64_t>(t.left_out.size())),
      store::Value(static_cast<std::int64_t>(t.partly_inside)),
      store::Value(std::string(domain::scoring_mode_code(t.scoring))),
      number_value(t.max_points),
      number_value(t.computed_points),
      number_value(t.self_points),
      number_value(t.awarded_points),
      number_value(t.points),
      t.assessed_met ? store::Value(std::string(*t.assessed_met ? "yes" : "no")) : store::Value(),
      text_value(t.assessor),
      text_value(t.assessed_on),
    };
    row.insert(row.end(), rest.begin(), rest.end());
    rows.push_back(std::move(row));
  }
  if (e.targets.empty()) {
    std::vector<store::Value> row = pledge_part();
    row.resize(k_target_csv_header.size());
    rows.push_back(std::move(row));
  }
  return rows;
}

// What a reader needs to know besides the table: a signatory that ceased, a
// transfer, figures left out or only partly inside the evaluated days.
std::vector<std::string> pledge_notes(const PledgeEvaluation& e, Lang lang) {
  std::vector<std::string> notes;
  const std::string who = fmt::format("pledge {} ({})", e.id, e.signatory);
  if (e.successor) {
    notes.push_back(
      fmt::format("{}: transferred to {} from {}{}", who, *e.successor, *e.transferred_on,
                  e.ceased_on ? fmt::format("; {} existed until {}", e.signatory, *e.ceased_on) : ""));
  } else if (e.closed_early) {
    std::string next;
    if (e.lineage_successors.empty()) {
      next =
        fmt::format("no lineage event names a successor (hand it over with 'campaign pledge transfer {} --to "
                    "UNIT')",
                    e.id);
    } else {
      next = fmt::format(
        "the lineage names {} as successor (hand it over with 'campaign pledge transfer {}{}')",
        join(e.lineage_successors, ", "), e.id, e.lineage_successors.size() > 1 ? " --to UNIT" : "");
    }
    notes.push_back(fmt::format(
      "{}: {} ceased to exist after {}, before the period ended on {}; evaluated up to "
      "that day ({} of the period); {}",
      who, e.signatory, *e.ceased_on, e.period_span.to.iso(), percent_text(e.elapsed_share, lang), next));
  } else if (e.ceased_on) {
    notes.push_back(fmt::format("{}: {} ceases to exist after {}, before the period ends on {}", who,
                                e.signatory, *e.ceased_on, e.period_span.to.iso()));
  }
  for (const auto& t : e.targets) {
    const std::string which = fmt::format("{}, target {} ({})", who, t.id, t.indicator);
    if (!t.left_out.empty()) {
      std::vector<std::string> pairs;
      for (const auto& use : t.left_out) {
        pairs.push_back(
          fmt::format("figure {} of {} within figure {}", use.figure, use.unit, *use.covered_by));
      }
      notes.push_back(
        fmt::format("{}: {} left out, as their days already count: {}", which,
                    t.left_out.size() == 1 ? "1 figure" : fmt::format("{} figures", t.left_out.size()),
                    join(pairs, ", ")));
    }
    if (t.partly_inside > 0) {
      notes.push_back(
        fmt::format("{}: {} only partly inside {}..{}, not counted", which,
                    t.partly_inside == 1 ? "1 figure lies" : fmt::format("{} figures lie", t.partly_inside),
                    e.period_span.from.iso(), e.evaluated_to.iso()));
    }
  }
  return notes;
}

void print_status(Context& context, const std::vector<PledgeEvaluation>& pledges, const std::string& campaign,
                  domain::Date as_of) {
  switch (context.format()) {
  case OutputFormat::json: {
    Json pledges_json = Json::array();
    for (const auto& e : pledges) {
      pledges_json.push_back(store::pledge_json(e));
    }
    context.out() << Json{{"campaign", campaign}, {"as_of", as_of.iso()}, {"pledges", pledges_json}}.dump(2)
                  << '\n';
    return;
  }
  case OutputFormat::csv: {
    std::vector<std::vector<store::Value>> rows;
    for (const auto& e : pledges) {
      for (auto& row : target_csv_rows(e)) {
        rows.push_back(std::move(row));
      }
    }
    write_csv(context.out(), k_target_csv_header, rows);
    return;
  }
  case OutputFormat::table:
    break;
  }
  if (pledges.empty()) {
    context.err() << "no pledges\n";
    return;
  }
  const Lang lang = context.lang();
  TextTable table;
  table.columns = {"pledge", "signatory", "elapsed", "target", "what", "goal",
                   "actual", "share",     "status",  "points", "max"};
  table.right_aligned = {true, false, true, true, false, false, true, true, false, true, true};
  std::vector<std::string> notes;
  for (const auto& e : pledges) {
    const std::vector<std::string> first = {std::to_string(e.id), e.signatory,
                                            percent_text(e.elapsed_share, lang)};
    if (e.targets.empty()) {
      table.rows.push_back({first[0], first[1], first[2], "",
                            lang == Lang::vi ? "(không có chỉ tiêu)" : "(no targets)", "", "", "", "", "",
                            ""});
    }
    for (std::size_t i = 0; i < e.targets.size(); ++i) {
      const TargetEvaluation& t = e.targets[i];
      table.rows.push_back({i == 0 ? first[0] : "", i == 0 ? first[1] : "", i == 0 ? first[2] : "",
                            std::to_string(t.id), what_text(t), goal_text(t, lang), actual_text(t, lang),
                            t.share ? percent_text(*t.share, lang) : "", domain::status_name(t.status, lang),
                            number_text(t.points, lang), number_text(t.max_points, lang)});
    }
    for (auto& note : pledge_notes(e, lang)) {
      notes.push_back(std::move(note));
    }
  }
  write_text_table(context.out(), table);
  context.out() << "\nas of " << as_of.iso() << "; elapsed: share of the pledge period whose figures count\n";
  for (const auto& note : notes) {
    context.out() << note << '\n';
  }
}

std::string sheet_summary(const PledgeEvaluation& e, Lang lang) {
  if (!e.percent) {
    return "score: not graded, no target has max points";
  }
  std::string line = fmt::format("score: {} of {} points ({}), grade {}", number_text(e.score, lang),
                                 number_text(e.max_total, lang), number_text(*e.percent, lang) + "%",
                                 domain::grade_name(*e.grade, lang));
  std::vector<std::string> why;
  if (e.as_of < e.period_span.to) {
    why.push_back(fmt::format("the period runs until {}", e.period_span.to.iso()));
  }
  if (e.awarded_count < e.scored_targets) {
    why.push_back(fmt::format("{} of {} targets have no awarded points and count their computed points",
                              e.scored_targets - e.awarded_count, e.scored_targets));
  }
  if (!why.empty()) {
    line += "; provisional: " + join(why, "; ");
  }
  return line;
}

void print_sheet(Context& context, const PledgeEvaluation& e) {
  switch (context.format()) {
  case OutputFormat::json:
    context.out() << store::pledge_json(e).dump(2) << '\n';
    return;
  case OutputFormat::csv:
    write_csv(context.out(), k_target_csv_header, target_csv_rows(e));
    return;
  case OutputFormat::table:
    break;
  }
  const Lang lang = context.lang();
  context.out() << fmt::format("pledge {}: {} ({}), campaign {}, period {} ({}..{}), as of {}\n", e.id,
                               e.signatory, e.signatory_name, e.campaign, e.period, e.period_span.from.iso(),
                               e.period_span.to.iso(), e.as_of.iso());
  TextTable table;
  table.columns = {"target",  "what", "goal",     "actual", "status",
                   "scoring", "max",  "computed", "self",   "awarded"};
  table.right_aligned = {true, false, false, true, false, false, true, true, true, true};
  for (const auto& t : e.targets) {
    table.rows.push_back({std::to_string(t.id), what_text(t), goal_text(t, lang), actual_text(t, lang),
                          domain::status_name(t.status, lang),
                          std::string(domain::scoring_mode_code(t.scoring)), number_text(t.max_points, lang),
                          number_text(t.computed_points, lang), number_text(t.self_points, lang),
                          number_text(t.awarded_points, lang)});
  }
  table.rows.push_back({lang == Lang::vi ? "tổng" : "total", "", "", "", "", "",
                        number_text(e.max_total, lang), number_text(e.computed_total, lang),
                        e.self_count > 0 ? number_text(e.self_total, lang) : "",
                        e.awarded_count > 0 ? number_text(e.awarded_total, lang) : ""});
  write_text_table(context.out(), table);
  context.out() << sheet_summary(e, lang) << '\n';
  for (const auto& note : pledge_notes(e, lang)) {
    context.out() << note << '\n';
  }
}

std::string rules_summary(const store::PledgeRules& rules, Lang lang) {
  std::string requirement;
  switch (rules.award.requirement) {
  case domain::AwardRequirement::none:
    requirement = "no target required";
    break;
  case domain::AwardRequirement::quantitative_met:
    requirement = "every quantitative target met";
    break;
  case domain::AwardRequirement::all_met:
    requirement = "every target met";
    break;
  }
  return fmt::format(
    "rules of {}{}: {} from {}, {} from {}, {} from {} points of 100, else {}; proposed: grade {} "
    "or better, {}{}; tie-break: {}",
    rules.campaign, rules.stored ? "" : " (defaults)", domain::grade_name(domain::Grade::excellent, lang),
    number_text(rules.thresholds.excellent, lang), domain::grade_name(domain::Grade::good, lang),
    number_text(rules.thresholds.good, lang), domain::grade_name(domain::Grade::average, lang),
    number_text(rules.thresholds.average, lang), domain::grade_name(domain::Grade::weak, lang),
    domain::grade_name(rules.award.min_grade, lang), requirement,
    rules.award.top ? fmt::format(", among the top {}", *rules.award.top) : "",
    domain::tie_break_code(rules.tie_break));
}

void print_rules(Context& context, const store::PledgeRules& rules) {
  const Json j = store::rules_json(rules);
  switch (context.format()) {
  case OutputFormat::json:
    context.out() << j.dump(2) << '\n';
    return;
  case OutputFormat::csv: {
    std::vector<std::string> header;
    std::vector<store::Value> row;
    for (const auto& [key, value] : j.items()) {
      header.push_back(key);
      if (value.is_number_integer()) {
        row.emplace_back(value.get<std::int64_t>());
      } else if (value.is_number()) {
        row.emplace_back(value.get<double>());
      } else if (value.is_boolean()) {
        row.emplace_back(std::string(value.get<bool>() ? "yes" : "no"));
      } else if (value.is_string()) {
        row.emplace_back(value.get<std::string>());
      } else {
        row.emplace_back();
      }
    }
    write_csv(context.out(), header, {row});
    return;
  }
  case OutputFormat::table:
    break;
  }
  const Lang lang = context.lang();
  const std::vector<std::pair<std::string, std::string>> lines = {
    {"campaign", rules.campaign},
    {"excellent", number_text(rules.thresholds.excellent, lang)},
    {"good", number_text(rules.thresholds.good, lang)},
    {"average", number_text(rules.thresholds.average, lang)},
    {"award_grade", domain::grade_name(rules.award.min_grade, lang)},
    {"award_requires", std::string(domain::award_requirement_code(rules.award.requirement))},
    {"award_top", rules.award.top ? std::to_string(*rules.award.top) : ""},
    {"tie_break", std::string(domain::tie_break_code(rules.tie_break))},
    {"stored", rules.stored ? "yes" : "no (the defaults)"},
  };
  for (const auto& [key, value] : lines) {
    context.out() << util::pad_right(key, 14) << "  " << value << '\n';
  }
}

void print_ranking(Context& context, const store::PledgeRanking& ranking) {
  switch (context.format()) {
  case OutputFormat::json:
    context.out() << store::ranking_json(ranking).dump(2) << '\n';
    return;
  case OutputFormat::csv: {
    const std::vector<std::string> header = {
      "rank",
      "pledge",
      "signatory",
      "signatory_name",
      "max_points",
      "computed_points",
      "self_points",
      "awarded_points",
      "score",
      "percent",
      "grade",
      "provisional",
      "targets",
      "targets_met",
      "quantitative_targets",
      "quantitative_met",
      "tied_with",
      "tie_broken",
      "proposed",
      "shortfalls",
    };
    std::vector<std::vector<store::Value>> rows;
    for (const auto& entry : ranking.entries) {
      const PledgeEvaluation& e = entry.pledge;
      rows.push_back({
        store::Value(static_cast<std::int64_t>(entry.rank)),
        store::Value(e.id),
        store::Value(e.signatory),
        store::Value(e.signatory_name),
        store::Value(e.max_total),
        store::Value(e.computed_total),
        e.self_count > 0 ? store::Value(e.self_total) : store::Value(),
        e.awarded_count > 0 ? store::Value(e.awarded_total) : store::Value(),
        store::Value(e.score),
        number_value(e.percent),
        e.grade ? store::Value(std::string(domain::grade_code(*e.grade))) : store::Value(),
        store::Value(std::string(e.provisional ? "yes" : "no")),
        store::Value(static_cast<std::int64_t>(e.targets.size())),
        store::Value(static_cast<std::int64_t>(e.targets_met)),
        store::Value(static_cast<std::int64_t>(e.quantitative_targets)),
        store::Value(static_cast<std::int64_t>(e.quantitative_met)),
        store::Value(join(entry.tied_with, ",")),
        store::Value(std::string(entry.tie_broken ? "yes" : "no")),
        store::Value(std::string(entry.proposed ? "yes" : "no")),
        store::Value(join(domain::award_shortfalls(ranking.rules.award, entry.facts, Lang::en), "; ")),
      });
    }
    write_csv(context.out(), header, rows);
    return;
  }
  case OutputFormat::table:
    break;
  }
  if (ranking.entries.empty()) {
    context.err() << "no pledges\n";
    return;
  }
  const Lang lang = context.lang();
  const bool vi = lang == Lang::vi;
  TextTable table;
  table.columns = {"rank",  "signatory", "max",   "computed", "self",     "awarded",
                   "score", "percent",   "grade", "met",      "proposed", "remarks"};
  table.right_aligned = {true, false, true, true, true, true, true, true, false, true, false, false};
  int unawarded = 0;
  for (const auto& entry : ranking.entries) {
    const PledgeEvaluation& e = entry.pledge;
    unawarded += e.awarded_count < e.scored_targets ? 1 : 0;
    const std::vector<std::string> remarks = domain::award_shortfalls(ranking.rules.award, entry.facts, lang);
    table.rows.push_back({
      (entry.tied_with.empty() ? "" : "=") + std::to_string(entry.rank),
      e.signatory,
      number_text(e.max_total, lang),
      number_text(e.computed_total, lang),
      e.self_count > 0 ? number_text(e.self_total, lang) : "",
      e.awarded_count > 0 ? number_text(e.awarded_total, lang) : "",
      number_text(e.score, lang),
      e.percent ? number_text(*e.percent, lang) + "%" : "",
      e.grade ? domain::grade_name(*e.grade, lang) : "",
      fmt::format("{}/{}", e.targets_met, e.targets.size()),
      entry.proposed ? (vi ? "có" : "yes") : (vi ? "không" : "no"),
      join(remarks, "; "),
    });
  }
  write_text_table(context.out(), table);
  context.out() << '\n'
                << fmt::format(
                     "campaign {}, period {} ({}..{}), as of {}; score: awarded points where given, "
                     "else computed\n",
                     ranking.campaign, ranking.period, ranking.period_span.from.iso(),
                     ranking.period_span.to.iso(), ranking.as_of.iso());
  context.out() << rules_summary(ranking.rules, lang) << '\n';
  for (const auto& note : store::tie_notes(ranking, lang)) {
    context.out() << note << '\n';
  }
  if (ranking.as_of < ranking.period_span.to) {
    context.out() << fmt::format("provisional: the period runs until {}\n", ranking.period_span.to.iso());
  }
  if (unawarded > 0) {
    context.out() << fmt::format(
      "provisional: {} of {} signatories have targets without awarded points, which "
      "count their computed points (see 'campaign pledge score')\n",
      unawarded, ranking.entries.size());
  }
}

void report_action(Context& context, const std::string& line, Json json) {
  if (context.format() == OutputFormat::json) {
    context.out() << json.dump() << '\n';
  } else {
    context.out() << line << '\n';
  }
}

// --campaign, --period, --unit and --as-of, shared by status and rank.
struct Selection {
  std::string campaign;
  std::string period;
  std::string unit;
  std::string as_of;
  CLI::Option* period_option = nullptr;
  CLI::Option* unit_option = nullptr;
};

void add_as_of(CLI::App* command, std::string& as_of) {
  command->add_option("--as-of", as_of, "evaluate on this day (YYYY-MM-DD; default: today)");
}

void add_status(CLI::App* noun, Context& context) {
  auto values = std::make_shared<Selection>();
  auto* command = noun->add_subcommand(
    "status", "Each pledge's targets: actual so far, share attained, met / on track / behind, points");
  command->add_option("--campaign", values->campaign, "campaign code")->required();
  values->period_option =
    command->add_option("--period", values->period, "name (or id) of a period of the campaign");
  values->unit_option =
    command->add_option("--unit", values->unit, "only pledges signed by this unit or a unit below it");
  add_as_of(command, values->as_of);
  command->callback([&context, values] {
    context.action = [&context, values] {
      const domain::Date as_of = as_of_date(values->as_of);
      store::Pledges pledges(context.database());
      store::PledgeFilter filter{values->campaign, given(values->period_option, values->period),
                                 given(values->unit_option, values->unit)};
      print_status(context, pledges.status(filter, as_of), values->campaign, as_of);
    };
  });
}

void add_score(CLI::App* noun, Context& context) {
  struct Values {
    std::string pledge;
    std::string target;
    std::string as_of;
    bool accept_computed = false;
    std::map<std::string, std::string> text;
    std::map<std::string, CLI::Option*> options;
    CLI::Option* target_option = nullptr;
  };
  auto values = std::make_shared<Values>();
  auto* command = noun->add_subcommand(
    "score",
    "Show a pledge's scoring sheet (maximum, computed, self-assessed, awarded points) and set its points "
    "or assessments");
  command->add_option("pledge", values->pledge, "id of the pledge")->required();
  values->target_option =
    command->add_option("--target", values->target, "the target to set: its id or its indicator code");
  const std::pair<const char*, const char*> settable[] = {
    {"self_points", "--self,--self-points"},
    {"awarded_points", "--awarded,--awarded-points"},
    {"met", "--met"},
    {"assessor", "--assessor"},
    {"assessed_on", "--assessed-on"},
    {"assessment_note", "--assessment-note"},
  };
  const std::map<std::string, std::string> help = {
    {"self_points", "points the signatory gave itself (0 to max points; empty to clear)"},
    {"awarded_points", "points awarded by the assessing body (0 to max points; empty to clear)"},
    {"met", "qualitative target: yes or no (with --assessor and --assessed-on)"},
    {"assessor", "qualitative target: who assessed it"},
    {"assessed_on", "qualitative target: assessment date (YYYY-MM-DD)"},
    {"assessment_note", "qualitative target: note of the assessment"},
  };
  for (const auto& [key, names] : settable) {
    values->options[key] = command->add_option(names, values->text[key], help.at(key));
  }
  command->add_flag("--accept-computed", values->accept_computed,
                    "award each target with max points and no awarded points its computed points");
  add_as_of(command, values->as_of);
  command->callback([&context, values] {
    context.action = [&context, values] {
      const domain::Date as_of = as_of_date(values->as_of);
      store::Pledges pledges(context.database());
      store::RawValues changes;
      for (const auto& [key, option] : values->options) {
        if (option->count() > 0) {
          changes[key] = values->text.at(key);
        }
      }
      if (!changes.empty() && values->target_option->count() == 0) {
        throw UsageError("name the target to set with --target (its id or indicator code)");
      }
      if (changes.empty() && values->target_option->count() > 0) {
        throw UsageError(
          "--target needs something to set: --self, --awarded, --met, --assessor, --assessed-on or "
          "--assessment-note");
      }
      if (!changes.empty() && values->accept_computed) {
        throw UsageError("--accept-computed sets every target; give it without --target and point options");
      }
      if (!changes.empty()) {
        pledges.score(values->pledge, values->target, changes, context.number_style());
      }
      if (values->accept_computed) {
        const int changed = pledges.accept_computed(values->pledge, as_of);
        spdlog::info("awarded the computed points of {} targets", changed);
      }
      print_sheet(context, pledges.evaluate(values->pledge, as_of));
    };
  });
}

void add_rank(CLI::App* noun, Context& context) {
  auto values = std::make_shared<Selection>();
  auto* command = noun->add_subcommand(
    "rank", "Rank a period's signatories by score, with grades, ties and who is proposed for an award");
  command->add_option("--campaign", values->campaign, "campaign code")->required();
  values->period_option =
    command->add_option("--period", values->period,
                        "name (or id) of a period of the campaign (default: the only one with pledges)");
  add_as_of(command, values->as_of);
  command->callback([&context, values] {
    context.action = [&context, values] {
      const domain::Date as_of = as_of_date(values->as_of);
      store::Pledges pledges(context.database());
      print_ranking(context,
                    pledges.rank(values->campaign, given(values->period_option, values->period), as_of));
    };
  });
}

void add_rules(CLI::App* noun, Context& context) {
  struct Values {
    std::string campaign;
    bool reset = false;
    std::map<std::string, std::string> text;
    std::map<std::string, CLI::Option*> options;
  };
  auto values = std::make_shared<Values>();
  auto* command =
    noun->add_subcommand("rules", "Show or change a campaign's grade thresholds, award rule and tie-break");
  command->add_option("--campaign", values->campaign, "campaign code")->required();
  const std::pair<const char*, const char*> settable[] = {
    {"excellent", "lowest score, of 100 points, graded Xuất sắc (default 90)"},
    {"good", "lowest score graded Khá (default 70)"},
    {"average", "lowest score graded Trung bình (default 50); below it: Yếu"},
    {"award_grade", "lowest grade proposed for an award: excellent|good|average|weak (default excellent)"},
    {"award_requires", "targets that must be met to be proposed: none|quantitative_met|all_met (default "
                       "quantitative_met)"},
    {"award_top", "propose only signatories ranked this high or higher; empty for no limit (default none)"},
    {"tie_break", "how equal scores are told apart: none|targets_met|attainment (default none)"},
  };
  for (const auto& [key, help] : settable) {
    std::string option = std::string("--") + key;
    std::replace(option.begin(), option.end(), '_', '-');
    values->options[key] = command->add_option(option, values->text[key], help);
  }
  command->add_flag("--reset", values->reset, "drop the campaign's rules, so the defaults apply");
  command->callback([&context, values] {
    context.action = [&context, values] {
      store::Pledges pledges(context.database());
      store::RawValues changes;
      for (const auto& [key, option] : values->options) {
        if (option->count() > 0) {
          changes[key] = values->text.at(key);
        }
      }
      if (values->reset && !changes.empty()) {
        throw UsageError("--reset drops every rule; give it without other settings");
      }
      if (values->reset) {
        pledges.reset_rules(values->campaign);
      }
      if (!changes.empty()) {
        pledges.set_rules(values->campaign, changes, context.number_style());
      }
      print_rules(context, pledges.rules(values->campaign));
    };
  });
}

void add_transfer(CLI::App* noun, Context& context) {
  struct Values {
    std::string pledge;
    std::string to;
    std::string on;
    CLI::Option* to_option = nullptr;
    CLI::Option* on_option = nullptr;
  };
  auto values = std::make_shared<Values>();
  auto* command = noun->add_subcommand(
    "transfer", "Hand a pledge over to the unit that succeeded its signatory (from the lineage, or --to)");
  command->add_option("pledge", values->pledge, "id of the pledge")->required();
  values->to_option =
    command->add_option("--to", values->to, "successor unit (default: the one the lineage names)");
  values->on_option = command->add_option(
    "--on", values->on,
    "first day of the successor (default: the lineage event's date, else the day after the "
    "signatory's last day)");
  command->callback([&context, values] {
    context.action = [&context, values] {
      store::Pledges pledges(context.database());
      const store::Transfer transfer = pledges.transfer(values->pledge, given(values->to_option, values->to),
                                                        given(values->on_option, values->on));
      report_action(context,
                    fmt::format("transferred pledge {} ({}) to {} from {}{}", transfer.pledge,
                                transfer.signatory, transfer.successor, transfer.transferred_on,
                                transfer.lineage_event
                                  ? fmt::format(" (lineage event {})", *transfer.lineage_event)
                                  : ""),
                    Json{{"action", "transferred"},
                         {"kind", "pledge"},
                         {"id", transfer.pledge},
                         {"successor", transfer.successor},
                         {"transferred_on", transfer.transferred_on}});
    };
  });
}

void add_award(CLI::App* noun, Context& context) {
  struct Values {
    std::string pledge;
    std::string form;
    std::string issuer;
    std::string decision_number;
    std::string decision_date;
    std::string as_of;
    CLI::Option* number_option = nullptr;
    CLI::Option* date_option = nullptr;
  };
  auto values = std::make_shared<Values>();
  auto* command = noun->add_subcommand(
    "award",
    "Turn a proposal into an award record for the signatory (refused unless the pledge is proposed)");
  command->add_option("pledge", values->pledge, "id of the pledge")->required();
  command->add_option("--form", values->form, "form or title, such as Bằng khen")->required();
  command->add_option("--issuer", values->issuer, "issuing body")->required();
  values->number_option =
    command->add_option("--decision-number", values->decision_number, "decision number");
  values->date_option =
    command->add_option("--decision-date", values->decision_date, "decision date (YYYY-MM-DD)");
  add_as_of(command, values->as_of);
  command->callback([&context, values] {
    context.action = [&context, values] {
      const domain::Date as_of = as_of_date(values->as_of);
      store::Pledges pledges(context.database());
      store::AwardRequest request{values->form, values->issuer,
                                  given(values->number_option, values->decision_number),
                                  given(values->date_option, values->decision_date)};
      const std::int64_t id = pledges.award(values->pledge, request, as_of);
      report_action(context, fmt::format("added award {}", id),
                    Json{{"action", "added"}, {"kind", "award"}, {"id", id}});
    };
  });
}

} // namespace

void add_pledge_commands(CLI::App& app, Context& context) {
  // The `pledge` noun and its record subcommands come from add_record_commands.
  CLI::App* noun = app.get_subcommand("pledge");
  add_status(noun, context);
  add_score(noun, context);
  add_rank(noun, context);
  add_rules(noun, context);
  add_transfer(noun, context);
  add_award(noun, context);
}

} // namespace campaign::cli
