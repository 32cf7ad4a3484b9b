#pragma once

// Pledge evaluations, rules and rankings as the JSON documented in docs/cli.md
// (`campaign pledge score|status|rank|rules --format json`). The command line
// prints it and the query API answers with it, so both give the same data.

#include "domain/number.hpp"
#include "store/pledges.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace campaign::store {

// Returns the value rounded to `decimals` places.
double rounded(double value, int decimals);

// Returns the value in the language's number style with at most `decimals` places: "7.296,5".
std::string number_text(double value, domain::Lang lang, int decimals = 2);

// Returns a share (0.5) as a percentage in the language's style with one decimal: "50%".
std::string percent_text(double share, domain::Lang lang);

// One target of a scoring sheet.
nlohmann::ordered_json target_json(const TargetEvaluation& target);

// One pledge: its signatory, the day evaluated, the sheet's totals and its targets.
nlohmann::ordered_json pledge_json(const PledgeEvaluation& pledge);

// A campaign's grade thresholds, award rule and tie-break.
nlohmann::ordered_json rules_json(const PledgeRules& rules);

// The ranking of a period's signatories, with the rules and the tie notes in English.
nlohmann::ordered_json ranking_json(const PledgeRanking& ranking);

// Returns one sentence per group of equal scores: who shares a rank, or how
// the tie-break told them apart.
std::vector<std::string> tie_notes(const PledgeRanking& ranking, domain::Lang lang);

} // namespace campaign::store
