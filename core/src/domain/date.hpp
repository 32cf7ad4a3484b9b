#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace campaign::domain {

// A calendar day (proleptic Gregorian), years 1..9999.
struct Date {
  std::int32_t days = 0; // days since 1970-01-01

  // Returns the date year-month-day; throws InvalidInput when the year is
  // outside 1..9999 or the month or day does not exist.
  static Date from_ymd(int year, unsigned month, unsigned day);

  // Returns the year (1..9999 for any date made by from_ymd or parse_date).
  int year() const;

  // Returns the month, 1..12.
  unsigned month() const;

  // Returns the day of the month, 1..31.
  unsigned day() const;

  // Returns the date as "YYYY-MM-DD", always with a 4-digit year.
  std::string iso() const;

  auto operator<=>(const Date&) const = default;
};

// Returns the date written as exactly YYYY-MM-DD (no spaces, no other
// separators); throws InvalidInput naming the text and what is wrong: the
// form, a month or day that does not exist, a year outside 1..9999.
Date parse_date(std::string_view text);

// Returns the last day of the month; throws InvalidInput when the year is
// outside 1..9999 or the month outside 1..12.
Date last_day_of_month(int year, unsigned month);

// An inclusive range of days, from <= to when made by make_span.
struct DateSpan {
  Date from;
  Date to;

  // Returns the number of days covered, both ends included (1 for a single day).
  std::int64_t days() const;

  // Returns whether the day lies within the span.
  bool contains(Date date) const;

  // Returns whether every day of other lies within this span.
  bool contains(const DateSpan& other) const;

  // Returns whether the spans share at least one day.
  bool overlaps(const DateSpan& other) const;

  // Returns the days the spans share, or nullopt when they share none.
  std::optional<DateSpan> intersection(const DateSpan& other) const;

  // Returns "YYYY-MM-DD..YYYY-MM-DD".
  std::string iso() const;

  bool operator==(const DateSpan&) const = default;
};

// Returns the span from..to; throws InvalidInput "span A..B ends before it
// starts" when to is earlier than from.
DateSpan make_span(Date from, Date to);

} // namespace campaign::domain
