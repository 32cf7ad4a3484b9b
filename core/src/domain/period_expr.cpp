#include "domain/period_expr.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <optional>

namespace campaign::domain {

namespace {

constexpr std::string_view k_en_dash = "\xE2\x80\x93";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_digits(std::string_view text, std::size_t count) {
  if (text.size() != count) {
    return false;
  }
  for (const char c : text) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

int digits_value(std::string_view digits) {
  int value = 0;
  for (const char c : digits) {
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string_view trim_view(std::string_view text) {
  const auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
  };
  while (!text.empty() && is_space(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_space(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// Whether text has the shape of an ISO date (9999-99-99), valid or not.
bool looks_like_date(std::string_view text) {
  return text.size() == 10 && is_digits(text.substr(0, 4), 4) && text[4] == '-' &&
         is_digits(text.substr(5, 2), 2) && text[7] == '-' && is_digits(text.substr(8, 2), 2);
}

// Reads the text around the period's forms; `m_text` is the trimmed input and
// every message names it.
class PeriodReader {
public:
  explicit PeriodReader(std::string_view text) : m_text(text) {}

  // Returns the period when the text has one of the generic forms, nullopt
  // when it has none; throws InvalidInput when it has one but is wrong.
  std::optional<Period> read() const {
    if (is_digits(m_text, 4)) {
      const int year = checked_year(m_text);
      return Period{std::string(m_text), year_span(year, year), false};
    }
    if (const auto dots = m_text.find(".."); dots != std::string_view::npos) {
      return read_range(trim_view(m_text.substr(0, dots)), trim_view(m_text.substr(dots + 2)));
    }
    if (m_text.size() < 5 || !is_digits(m_text.substr(0, 4), 4)) {
      return std::nullopt;
    }
    const std::string_view head = m_text.substr(0, 4);
    const std::string_view tail = m_text.substr(4);
    if (tail.size() == 3 && tail[0] == '-' && (tail[1] == 'Q' || tail[1] == 'q') && is_digit(tail[2])) {
      return quarter(checked_year(head), digits_value(tail.substr(2)));
    }
    if (tail.size() == 3 && tail[0] == '-' && is_digits(tail.substr(1), 2)) {
      return month(checked_year(head), digits_value(tail.substr(1)));
    }
    const std::string_view rest = trim_view(tail);
    std::string_view second;
    if (rest.starts_with('-')) {
      second = trim_view(rest.substr(1));
    } else if (rest.starts_with(k_en_dash)) {
      second = trim_view(rest.substr(k_en_dash.size()));
    } else {
      return std::nullopt;
    }
    if (!is_digits(second, 4)) {
      return std::nullopt;
    }
    return year_range(head, second);
  }

private:
  std::string context() const { return "period '" + std::string(m_text) + "'"; }

  [[noreturn]] void fail(const std::string& problem) const {
    throw InvalidInput(context() + ": " + problem);
  }

  int checked_year(std::string_view digits) const {
    const int year = digits_value(digits);
    if (year < 1) {
      fail("year " + std::to_string(year) + " is outside 1..9999");
    }
    return year;
  }

  static DateSpan year_span(int first, int last) {
    return DateSpan{Date::from_ymd(first, 1, 1), Date::from_ymd(last, 12, 31)};
  }

  Period quarter(int year, int number) const {
    if (number < 1 || number > 4) {
      fail("quarter " + std::to_string(number) + " does not exist; expected Q1 to Q4");
    }
    const auto first_month = static_cast<unsigned>(number * 3 - 2);
    const DateSpan span{Date::from_ymd(year, first_month, 1), last_day_of_month(year, first_month + 2)};
    return Period{std::to_string(year) + "-Q" + std::to_string(number), span, false};
  }

  Period month(int year, int number) const {
    if (number < 1 || number > 12) {
      fail("month " + std::to_string(number) + " does not exist");
    }
    const auto month_number = static_cast<unsigned>(number);
    const DateSpan span{Date::from_ymd(year, month_number, 1), last_day_of_month(year, month_number)};
    return Period{std::string(m_text.substr(0, 7)), span, false};
  }

  Period year_range(std::string_view first_text, std::string_view last_text) const {
    const int first = checked_year(first_text);
    const int last = checked_year(last_text);
    if (last < first) {
      fail_inverted(std::string(last_text) + "-" + std::string(first_text));
    }
    return Period{std::string(first_text) + "-" + std::string(last_text), year_span(first, last), false};
  }

  std::optional<Period> read_range(std::string_view left, std::string_view right) const {
    if (is_digits(left, 4) && is_digits(right, 4)) {
      return year_range(left, right);
    }
    if (!looks_like_date(left) && !looks_like_date(right)) {
      return std::nullopt;
    }
    Date from;
    Date to;
    try {
      from = parse_date(left);
      to = parse_date(right);
    } catch (Error& error) {
      error.add_context(context());
      throw;
    }
    if (to < from) {
      fail_inverted(to.iso() + ".." + from.iso());
    }
    return Period{from.iso() + ".." + to.iso(), DateSpan{from, to}, false};
  }

  [[noreturn]] void fail_inverted(const std::string& swapped) const {
    throw InvalidInput(context() + " ends before it starts; did you mean '" + swapped + "'?");
  }

  std::string_view m_text;
};

const NamedPeriod* find_named(std::string_view text, const std::vector<NamedPeriod>& named) {
  for (const NamedPeriod& period : named) {
    if (period.name == text) {
      return &period;
    }
  }
  const std::string lowered = util::to_lower_ascii(text);
  for (const NamedPeriod& period : named) {
    if (util::to_lower_ascii(period.name) == lowered) {
      return &period;
    }
  }
  return nullptr;
}

Period from_named(const NamedPeriod& period) {
  return Period{period.name, period.span, true};
}

[[noreturn]] void fail_unknown(std::string_view text, const std::vector<NamedPeriod>& named) {
  std::string message = "unknown period '" + std::string(text) + "': expected ";
  std::vector<std::string> names;
  for (const NamedPeriod& period : named) {
    names.push_back(period.name);
  }
  if (!names.empty()) {
    message += "a period of the campaign (";
    for (std::size_t i = 0; i < names.size(); ++i) {
      message += (i == 0 ? "'" : ", '") + names[i] + "'";
    }
    message += "), ";
  }
  message += "a year (2023), years (2018-2023 or 2018..2023), a quarter (2023-Q3), a month (2023-08) "
             "or dates (2018-01-01..2023-08-11)";
  message += util::did_you_mean(text, names);
  throw InvalidInput(message);
}

} // namespace

Period parse_period(std::string_view text, const std::vector<NamedPeriod>& named) {
  const std::string_view trimmed = trim_view(text);
  if (const NamedPeriod* period = find_named(trimmed, named)) {
    return from_named(*period);
  }
  const std::optional<Period> generic = PeriodReader(trimmed).read();
  if (!generic) {
    fail_unknown(trimmed, named);
  }
  if (const NamedPeriod* period = find_named(generic->label, named)) {
    return from_named(*period);
  }
  return *generic;
}

} // namespace campaign::domain
