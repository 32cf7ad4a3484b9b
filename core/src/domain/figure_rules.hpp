#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace campaign::domain {

// What the rules of a single figure look at; dates are ISO text, a missing
// bound is open.
struct FigureFacts {
  std::string_view span_from;
  std::string_view span_to;
  double value = 0;
  std::string_view indicator_code;
  std::string_view value_kind; // count, quantity or signed
  std::string_view unit_code;
  std::optional<std::string_view> unit_valid_from;
  std::optional<std::string_view> unit_valid_to;
  std::string_view campaign_code;
  std::optional<std::string_view> campaign_start;
  std::optional<std::string_view> campaign_end;
};

// Checks one figure against the domain's rules: its span runs forward, lies
// inside its campaign and inside its unit's validity, and its value suits its
// indicator (finite; a count is a whole number >= 0; a quantity is >= 0).
// Throws InvalidInput naming the field and the rule.
void check_figure(const FigureFacts& facts);

} // namespace campaign::domain
