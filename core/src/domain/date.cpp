#include "domain/date.hpp"

#include "util/error.hpp"

#include <algorithm>
#include <array>
#include <chrono>

namespace campaign::domain {

namespace {

constexpr int k_min_year = 1;
constexpr int k_max_year = 9999;

constexpr std::array<const char*, 12> k_month_names = {
  "January", "February", "March",     "April",   "May",      "June",
  "July",    "August",   "September", "October", "November", "December",
};

std::string zero_padded(long long value, std::size_t digits) {
  const bool negative = value < 0;
  std::string text = std::to_string(negative ? -value : value);
  if (text.size() < digits) {
    text.insert(0, digits - text.size(), '0');
  }
  return negative ? "-" + text : text;
}

std::string ymd_text(int year, unsigned month, unsigned day) {
  return zero_padded(year, 4) + "-" + zero_padded(month, 2) + "-" + zero_padded(day, 2);
}

std::string year_problem(int year) {
  if (year < k_min_year || year > k_max_year) {
    return "year " + std::to_string(year) + " is outside 1..9999";
  }
  return "";
}

std::string month_problem(int year, unsigned month) {
  std::string problem = year_problem(year);
  if (problem.empty() && (month < 1 || month > 12)) {
    problem = "month " + std::to_string(month) + " does not exist";
  }
  return problem;
}

unsigned days_in_month(int year, unsigned month) {
  const std::chrono::year_month_day_last last{std::chrono::year{year},
                                              std::chrono::month_day_last{std::chrono::month{month}}};
  return static_cast<unsigned>(last.day());
}

// Returns why year-month-day is not a date this project accepts, or "" when it is one.
std::string ymd_problem(int year, unsigned month, unsigned day) {
  std::string problem = month_problem(year, month);
  if (!problem.empty()) {
    return problem;
  }
  if (day < 1) {
    return "day 0 does not exist";
  }
  const unsigned last = days_in_month(year, month);
  if (day > last) {
    return std::string(k_month_names[month - 1]) + " " + std::to_string(year) + " has " +
           std::to_string(last) + " days";
  }
  return "";
}

Date from_valid_ymd(int year, unsigned month, unsigned day) {
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                        std::chrono::day{day}};
  const std::chrono::sys_days point{ymd};
  return Date{static_cast<std::int32_t>(point.time_since_epoch().count())};
}

std::chrono::year_month_day to_ymd(Date date) {
  return std::chrono::year_month_day{std::chrono::sys_days{std::chrono::days{date.days}}};
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

unsigned digits_value(std::string_view digits) {
  unsigned value = 0;
  for (const char c : digits) {
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

bool has_iso_shape(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && !is_digit(text[i])) {
      return false;
    }
  }
  return true;
}

} // namespace

Date Date::from_ymd(int year, unsigned month, unsigned day) {
  const std::string problem = ymd_problem(year, month, day);
  if (!problem.empty()) {
    throw InvalidInput("invalid date '" + ymd_text(year, month, day) + "': " + problem);
  }
  return from_valid_ymd(year, month, day);
}

int Date::year() const {
  return static_cast<int>(to_ymd(*this).year());
}

unsigned Date::month() const {
  return static_cast<unsigned>(to_ymd(*this).month());
}

unsigned Date::day() const {
  return static_cast<unsigned>(to_ymd(*this).day());
}

std::string Date::iso() const {
  return ymd_text(year(), month(), day());
}

Date parse_date(std::string_view text) {
  if (!has_iso_shape(text)) {
    throw InvalidInput("invalid date '" + std::string(text) + "': expected YYYY-MM-DD");
  }
  const auto year = static_cast<int>(digits_value(text.substr(0, 4)));
  const unsigned month = digits_value(text.substr(5, 2));
  const unsigned day = digits_value(text.substr(8, 2));
  const std::string problem = ymd_problem(year, month, day);
  if (!problem.empty()) {
    throw InvalidInput("invalid date '" + std::string(text) + "': " + problem);
  }
  return from_valid_ymd(year, month, day);
}

Date last_day_of_month(int year, unsigned month) {
  const std::string problem = month_problem(year, month);
  if (!problem.empty()) {
    throw InvalidInput("invalid month '" + zero_padded(year, 4) + "-" + zero_padded(month, 2) +
                       "': " + problem);
  }
  return from_valid_ymd(year, month, days_in_month(year, month));
}

std::int64_t DateSpan::days() const {
  return std::int64_t{to.days} - std::int64_t{from.days} + 1;
}

bool DateSpan::contains(Date date) const {
  return from <= date && date <= to;
}

bool DateSpan::contains(const DateSpan& other) const {
  return from <= other.from && other.to <= to;
}

bool DateSpan::overlaps(const DateSpan& other) const {
  return from <= other.to && other.from <= to;
}

std::optional<DateSpan> DateSpan::intersection(const DateSpan& other) const {
  if (!overlaps(other)) {
    return std::nullopt;
  }
  return DateSpan{std::max(from, other.from), std::min(to, other.to)};
}

std::string DateSpan::iso() const {
  return from.iso() + ".." + to.iso();
}

DateSpan make_span(Date from, Date to) {
  if (to < from) {
    throw InvalidInput("span " + from.iso() + ".." + to.iso() + " ends before it starts");
  }
  return DateSpan{from, to};
}

} // namespace campaign::domain
