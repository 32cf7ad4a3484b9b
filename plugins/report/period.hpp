#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

// A period: its name or canonical label and its inclusive ISO dates.
struct Span {
  std::string label;
  std::string start;
  std::string end;
  bool named = false;
};

// Returns the period `text` denotes, read as `campaign period` and
// `figure list --period` read it (docs/cli.md, "Period expressions"): a
// period of the campaign by name (exact, then ignoring case, also when
// spelled "2018 - 2023" or "2018..2023"); a year (2023); whole years
// (2018-2023, 2018..2023); a quarter (2023-Q3); a month (2023-08); or days
// (2018-01-01..2023-08-11). Throws sdk::Failure (invalid input) for other
// text, for a range that ends before it starts and for a date that does not
// exist, listing the forms and the campaign's period names.
Span resolve_period(std::string_view text, const std::vector<Span>& named);

// Returns true when [from, to] lies inside the span (ISO dates compare as text).
bool inside(const Span& span, std::string_view from, std::string_view to);

// Returns true when [from, to] shares at least one day with the span.
bool overlaps(const Span& span, std::string_view from, std::string_view to);

} // namespace campaign::report
