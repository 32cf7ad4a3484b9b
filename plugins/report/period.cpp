#include "period.hpp"

#include <campaign/plugin.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace campaign::report {

namespace {

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// "2018 - 2023", "2018–2023" and "2018..2023" all become "2018-2023".
std::string canonical_years(std::string text) {
  const std::string en_dash = "\xE2\x80\x93";
  for (std::size_t at = text.find(en_dash); at != std::string::npos; at = text.find(en_dash)) {
    text.replace(at, en_dash.size(), "-");
  }
  std::string squeezed;
  for (const char c : text) {
    if (c != ' ') {
      squeezed += c;
    }
  }
  if (squeezed.size() == 10 && squeezed.substr(4, 2) == "..") {
    squeezed.replace(4, 2, "-");
  }
  return squeezed;
}

std::optional<int> number(std::string_view digits) {
  if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  int value = 0;
  const auto [ptr, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || ptr != digits.data() + digits.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> year(std::string_view text) {
  if (text.size() != 4) {
    return std::nullopt;
  }
  const auto value = number(text);
  if (!value || *value < 1) {
    return std::nullopt;
  }
  return value;
}

std::string four(int year_value) {
  std::string text = std::to_string(year_value);
  return std::string(4 - std::min<std::size_t>(4, text.size()), '0') + text;
}

std::string two(int value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

int days_in_month(int year_value, int month) {
  static constexpr int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year_value % 4 == 0 && year_value % 100 != 0) || year_value % 400 == 0;
  return month == 2 && leap ? 29 : k_days[month - 1];
}

bool real_date(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return false;
  }
  const auto y = year(iso.substr(0, 4));
  const auto m = number(iso.substr(5, 2));
  const auto d = number(iso.substr(8, 2));
  return y && m && d && *m >= 1 && *m <= 12 && *d >= 1 && *d <= days_in_month(*y, *m);
}

[[noreturn]] void unknown(std::string_view text, const std::vector<Span>& named) {
  std::string names;
  for (const Span& span : named) {
    names += (names.empty() ? "'" : ", '") + span.label + "'";
  }
  throw sdk::Failure(
    "period: unknown period '" + std::string(text) + "': expected " +
      (names.empty() ? "" : "a period of the campaign (" + names + "), ") +
      "a year (2023), years (2018-2023 or 2018..2023), a quarter (2023-Q3), a month (2023-08) or "
      "dates (2018-01-01..2023-08-11)",
    CAMPAIGN_INVALID_INPUT);
}

Span checked(Span span, std::string_view text) {
  if (span.end < span.start) {
    throw sdk::Failure("period: period '" + std::string(text) + "' ends before it starts",
                       CAMPAIGN_INVALID_INPUT);
  }
  return span;
}

} // namespace

Span resolve_period(std::string_view raw, const std::vector<Span>& named) {
  const std::string text = trim(raw);
  for (const Span& span : named) {
    if (span.label == text) {
      return span;
    }
  }
  const std::string folded = lower_ascii(canonical_years(text));
  for (const Span& span : named) {
    if (lower_ascii(canonical_years(span.label)) == folded) {
      return span;
    }
  }
  // 2023
  if (const auto y = year(text)) {
    return {four(*y), four(*y) + "-01-01", four(*y) + "-12-31", false};
  }
  // 2018-2023 (also with spaces, an en dash or "..")
  if (folded.size() == 9 && folded[4] == '-') {
    const auto from = year(folded.substr(0, 4));
    const auto to = year(folded.substr(5, 4));
    if (from && to) {
      return checked({four(*from) + "-" + four(*to), four(*from) + "-01-01", four(*to) + "-12-31", false},
                     text);
    }
  }
  // 2023-Q3, 2023-08
  if (folded.size() == 7 && folded[4] == '-') {
    const auto y = year(folded.substr(0, 4));
    if (y && folded[5] == 'q' && folded[6] >= '1' && folded[6] <= '4') {
      const int quarter = folded[6] - '0';
      const int first = 3 * quarter - 2;
      const int last = 3 * quarter;
      return {four(*y) + "-Q" + std::to_string(quarter), four(*y) + "-" + two(first) + "-01",
              four(*y) + "-" + two(last) + "-" + two(days_in_month(*y, last)), false};
    }
    const auto month = number(folded.substr(5, 2));
    if (y && month && *month >= 1 && *month <= 12) {
      return {four(*y) + "-" + two(*month), four(*y) + "-" + two(*month) + "-01",
              four(*y) + "-" + two(*month) + "-" + two(days_in_month(*y, *month)), false};
    }
  }
  // 2018-01-01..2023-08-11
  if (text.size() == 22 && text.substr(10, 2) == "..") {
    const std::string from = text.substr(0, 10);
    const std::string to = text.substr(12, 10);
    if (real_date(from) && real_date(to)) {
      return checked({from + ".." + to, from, to, false}, text);
    }
    throw sdk::Failure("period: '" + text + "' names a day that does not exist", CAMPAIGN_INVALID_INPUT);
  }
  unknown(text, named);
}

bool inside(const Span& span, std::string_view from, std::string_view to) {
  return from >= span.start && to <= span.end;
}

bool overlaps(const Span& span, std::string_view from, std::string_view to) {
  return from <= span.end && to >= span.start;
}

} // namespace campaign::report
