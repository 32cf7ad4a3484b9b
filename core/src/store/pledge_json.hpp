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
