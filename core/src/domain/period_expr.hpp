#pragma once

#include "domain/date.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace campaign::domain {

// A period a campaign defines by name, with its exact dates ("2018-2023" may
// run 2018-01-01..2023-08-11).
struct NamedPeriod {
  std::string name;
  DateSpan span;
};

// The result of reading a period expression: the name of the campaign's
// period or the canonical form of what was written, and the days it covers.
struct Period {
  std::string label;
  DateSpan span;
  bool named = false;

  bool operator==(const Period&) const = default;
};

// Returns the period `text` denotes, after trimming ASCII whitespace:
//   a name in `named` (exact match first, then ASCII case-insensitive);
//   2023 (the whole year); 2018-2023, 2018..2023 or 2018 - 2023 (whole years,
//   inclusive; an en dash works like '-'); 2023-Q3 or 2023-q3 (a quarter);
//   2023-08 (a month); 2018-01-01..2023-08-11 (days, inclusive).
// A named period wins over the other forms, also when the text is another
// spelling of its name ("2018 - 2023" or "2018..2023" for a period named
// "2018-2023"), so that the campaign's exact dates are kept. The label is the
// name of a named period, else the canonical form ("2018-2023", "2023-Q3",
// "2023-08", "2018-01-01..2023-08-11", "2023").
// Throws InvalidInput naming the text for a range that ends before it starts,
// a date, month or quarter that does not exist, a year outside 1..9999, or
// text of none of these forms (listing the forms and suggesting close names).
Period parse_period(std::string_view text, const std::vector<NamedPeriod>& named = {});

} // namespace campaign::domain
