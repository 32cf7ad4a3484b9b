#pragma once

// The words of the summary analysis in Vietnamese and English. Numbers never
// appear here: texts have slots ("{0}", "{AN01}") that the document keeps as
// JSON numbers and the renderers format.

#include "text.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

struct SummaryWords {
  std::string title;              // "{campaign}", "{period}"
  std::string empty;              // no figure in the period
  std::string overview;           // {0} figures, {1} units
  std::string unattributed_count; // {0} figures straddle the period's edges
  std::string set_aside_count;    // {0} figures overlap counted ones
  std::string section_overview;
  std::string section_key_figures;
  std::string section_indicators;
  std::string section_units;
  std::string section_models;
  std::string section_awards;
  std::string section_agreements;
  std::string section_pledges;
  std::string section_unattributed;
  std::string key_figures_table;
  std::string col_indicator;
  std::string col_measure_unit;
  std::string col_result;
  std::string col_figures;
  std::string col_rank;
  std::string col_unit;
  std::string lower_is_better;
  std::string higher_is_better;
  std::string no_unit_data;
  std::string col_model;
  std::string col_type;
  std::string col_points;
  std::string col_started;
  std::string models_count;  // {0} models recorded
  std::string models_points; // {0} known points
  std::string no_models;
  std::string awards_by_form;
  std::string awards_decisions;
  std::string awards_total; // {0} collectives, {1} individuals
  std::string col_form;
  std::string col_issuer;
  std::string col_collectives;
  std::string col_individuals;
  std::string col_decision;
  std::string col_date;
  std::string col_recipient;
  std::string col_kind;
  std::string collective;
  std::string individual;
  std::string col_quantity;
  std::string no_awards;
  std::string undated_awards; // {0} awards without a period or a date
  std::string col_agreement;
  std::string col_parties;
  std::string col_signed_on;
  std::string col_document;
  std::string no_agreements;
  std::string pledges_summary; // {0} signatories, {1} met, {2} targets
  std::string col_signatory;
  std::string col_condition;
  std::string col_target;
  std::string col_assessment;
  std::string met;
  std::string not_met;
  std::string undetermined;
  std::string no_figures;
  std::string col_from;
  std::string col_to;
  std::string col_value;
  std::string col_reason;
  std::string starts_before;
  std::string ends_after;
  std::string both_ends;
  std::string counted_in; // {id}, {unit}, {span}
  std::string nothing_unattributed;
  std::string source;        // {source}
  std::string source_number; // {number}
  std::string no_source;
  std::string batch;    // {batch}
  std::string note;     // {note}
  std::string of_which; // joins a subset clause: "; trong đó"
  std::string other_group;
};

// Returns the analysis's words in the language.
const SummaryWords& summary_words(Lang lang);

// Returns the title of an indicator group of the catalogue ("security" is
// "An ninh, trật tự"); an unknown group's own name.
std::string group_title(std::string_view group, Lang lang);

// Returns the measure unit in the language: the catalogue's (Vietnamese) word,
// or its English equivalent for the catalogue's usual words.
std::string measure_unit_in(std::string_view measure_unit, Lang lang);

// A sentence about indicators: used when every code has a value; "{CODE}" marks each value.
struct SentenceTemplate {
  std::vector<std::string> codes;
  std::string vi;
  std::string en;
};

// Returns the sentence templates, the most specific first.
const std::vector<SentenceTemplate>& sentence_templates();

// Returns `pattern` with each "{name}" replaced by its value.
std::string substitute(std::string pattern, const std::vector<std::pair<std::string, std::string>>& values);

} // namespace campaign::report
