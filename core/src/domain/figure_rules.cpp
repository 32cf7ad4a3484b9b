#include "domain/figure_rules.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <cmath>

namespace campaign::domain {

namespace {

std::string bounds(const std::optional<std::string_view>& from, const std::optional<std::string_view>& to) {
  return fmt::format("{}..{}", from.value_or("(open)"), to.value_or("(open)"));
}

bool outside(std::string_view from, std::string_view to, const std::optional<std::string_view>& lower,
             const std::optional<std::string_view>& upper) {
  return (lower && from < *lower) || (upper && to > *upper);
}

} // namespace

void check_figure(const FigureFacts& f) {
  if (f.span_from > f.span_to) {
    throw InvalidInput(fmt::format("span_from {} is after span_to {}", f.span_from, f.span_to));
  }
  if (outside(f.span_from, f.span_to, f.campaign_start, f.campaign_end)) {
    throw InvalidInput(fmt::format("span {}..{} lies outside campaign {} ({})", f.span_from, f.span_to,
                                   f.campaign_code, bounds(f.campaign_start, f.campaign_end)));
  }
  if (outside(f.span_from, f.span_to, f.unit_valid_from, f.unit_valid_to)) {
    throw InvalidInput(fmt::format("unit {} exists {}, so it cannot report for {}..{}", f.unit_code,
                                   bounds(f.unit_valid_from, f.unit_valid_to), f.span_from, f.span_to));
  }
  if (!std::isfinite(f.value)) {
    throw InvalidInput("value: not a finite number");
  }
  if (f.value_kind != "signed" && f.value < 0) {
    throw InvalidInput(fmt::format("value: {} is negative, but indicator {} counts {}", f.value, f.indicator_code,
                                   f.value_kind == "count" ? "things (a whole number >= 0)" : "a quantity >= 0"));
  }
  if (f.value_kind == "count" && f.value != std::floor(f.value)) {
    throw InvalidInput(
      fmt::format("value: indicator {} counts things, so {} must be a whole number", f.indicator_code, f.value));
  }
}

} // namespace campaign::domain
