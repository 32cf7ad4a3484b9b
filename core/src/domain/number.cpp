#include "domain/number.hpp"

#include "util/error.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <vector>

namespace campaign::domain {

namespace {

// 2^53: every integer up to it, and none much beyond, is a double.
constexpr std::string_view k_max_exact_digits = "9007199254740992";

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

char group_mark(NumberStyle style) {
  return style == NumberStyle::vi ? '.' : ',';
}

char decimal_mark(NumberStyle style) {
  return style == NumberStyle::vi ? ',' : '.';
}

// A number read from text in one style, kept as decimal digits so that two
// readings can be compared exactly and their size checked before conversion.
struct Reading {
  bool negative = false;
  std::string integer;  // no leading zeros; "0" for zero
  std::string fraction; // no trailing zeros; may be empty

  bool is_zero() const { return integer == "0" && fraction.empty(); }

  // Returns the number as plain digits with '.' for decimals: "-1234.5".
  std::string canonical() const {
    std::string text = (negative && !is_zero()) ? "-" : "";
    text += integer;
    if (!fraction.empty()) {
      text += "." + fraction;
    }
    return text;
  }

  bool beyond_exact_range() const {
    if (integer.size() != k_max_exact_digits.size()) {
      return integer.size() > k_max_exact_digits.size();
    }
    const int order = integer.compare(k_max_exact_digits);
    return order > 0 || (order == 0 && !fraction.empty());
  }
};

// Returns whether `digits` is an integer part grouped by 3 with `mark`
// ("7.296", "1.234.567") and, when it is, the digits without the marks.
std::optional<std::string> ungroup(std::string_view digits, char mark) {
  std::string result;
  std::size_t start = 0;
  bool first = true;
  while (true) {
    const std::size_t end = digits.find(mark, start);
    const std::string_view group = digits.substr(start, end == std::string_view::npos ? end : end - start);
    if (!all_digits(group)) {
      return std::nullopt;
    }
    if (first) {
      if (group.size() > 3 || group.front() == '0') {
        return std::nullopt;
      }
      first = false;
    } else if (group.size() != 3) {
      return std::nullopt;
    }
    result += group;
    if (end == std::string_view::npos) {
      return result;
    }
    start = end + 1;
  }
}

// Returns the reading of text in the style, or nullopt when it is not a number there.
std::optional<Reading> read_in_style(std::string_view text, NumberStyle style) {
  Reading reading;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    reading.negative = text.front() == '-';
    text.remove_prefix(1);
  }

  std::string_view integer_text = text;
  std::string_view fraction_text;
  const std::size_t mark = text.find(decimal_mark(style));
  if (mark != std::string_view::npos) {
    integer_text = text.substr(0, mark);
    fraction_text = text.substr(mark + 1);
    if (!all_digits(fraction_text)) {
      return std::nullopt;
    }
  }

  std::string integer;
  if (integer_text.find(group_mark(style)) != std::string_view::npos) {
    const auto ungrouped = ungroup(integer_text, group_mark(style));
    if (!ungrouped) {
      return std::nullopt;
    }
    integer = *ungrouped;
  } else if (all_digits(integer_text)) {
    integer = std::string(integer_text);
  } else {
    return std::nullopt;
  }

  const std::size_t first_significant = integer.find_first_not_of('0');
  reading.integer = first_significant == std::string::npos ? "0" : integer.substr(first_significant);
  const std::size_t last_significant = fraction_text.find_last_not_of('0');
  reading.fraction =
    last_significant == std::string_view::npos ? "" : std::string(fraction_text.substr(0, last_significant + 1));
  return reading;
}

std::string expected_form(std::optional<NumberStyle> style) {
  if (!style) {
    return "expected digits with an optional sign, thousands grouped by 3 "
           "(7296, 7.296 or 15,6 in Vietnamese style; 7,296 or 15.6 in English style)";
  }
  if (*style == NumberStyle::vi) {
    return "expected a number in Vietnamese style: digits with an optional sign, '.' between groups "
           "of 3 digits and ',' before the decimals (7296, 7.296, -1.234.567 or 15,6)";
  }
  return "expected a number in English style: digits with an optional sign, ',' between groups "
         "of 3 digits and '.' before the decimals (7296, 7,296, -1,234,567 or 15.6)";
}

double to_double(const Reading& reading, std::string_view text) {
  if (reading.beyond_exact_range()) {
    throw InvalidInput("number '" + std::string(text) + "' is beyond 2^53 and cannot be stored exactly");
  }
  if (reading.is_zero()) {
    return 0.0;
  }
  const std::string canonical = reading.canonical();
  double value = 0.0;
  const auto [end, error] = std::from_chars(canonical.data(), canonical.data() + canonical.size(), value);
  if (error != std::errc{} || end != canonical.data() + canonical.size()) {
    throw InvalidInput("invalid number '" + std::string(text) + "': " + expected_form(std::nullopt));
  }
  return value;
}

std::string group_digits(std::string_view digits, char mark) {
  std::string result;
  result.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      result += mark;
    }
    result += digits[i];
  }
  return result;
}

} // namespace

Lang parse_lang(std::string_view text) {
  const std::string lowered = util::to_lower_ascii(util::trim(text));
  if (lowered == "c" || lowered == "posix" || lowered.starts_with("c.")) {
    return Lang::en;
  }
  const std::string base = lowered.substr(0, lowered.find_first_of("_.@-"));
  if (base == "vi") {
    return Lang::vi;
  }
  if (base == "en") {
    return Lang::en;
  }
  throw InvalidInput("unknown language '" + std::string(text) +
                     "': expected vi or en, or a locale such as vi_VN.UTF-8 or en_US.UTF-8");
}

std::string_view lang_code(Lang lang) {
  return lang == Lang::vi ? "vi" : "en";
}

NumberStyle parse_number_style(std::string_view text) {
  const std::string lowered = util::to_lower_ascii(util::trim(text));
  if (lowered == "vi") {
    return NumberStyle::vi;
  }
  if (lowered == "en") {
    return NumberStyle::en;
  }
  throw InvalidInput("unknown number style '" + std::string(text) +
                     "': expected vi (7.296 and 15,6) or en (7,296 and 15.6)");
}

std::string_view number_style_code(NumberStyle style) {
  return style == NumberStyle::vi ? "vi" : "en";
}

NumberStyle style_for(Lang lang) {
  return lang == Lang::vi ? NumberStyle::vi : NumberStyle::en;
}

std::string_view qualifier_code(Qualifier qualifier) {
  switch (qualifier) {
  case Qualifier::exact:
    return "exact";
  case Qualifier::at_least:
    return "at_least";
  case Qualifier::at_most:
    return "at_most";
  case Qualifier::about:
    return "about";
  }
  return "exact";
}

Qualifier parse_qualifier(std::string_view text) {
  const std::string lowered = util::to_lower_ascii(util::trim(text));
  struct Spelling {
    std::string_view text;
    Qualifier qualifier;
  };
  // The codes, their symbols, and the words reports use ("trên 7.296", "over 7,296").
  constexpr std::array<Spelling, 21> k_spellings = {{
    {"exact", Qualifier::exact},      {"at_least", Qualifier::at_least}, {"at_most", Qualifier::at_most},
    {"about", Qualifier::about},      {"=", Qualifier::exact},           {">=", Qualifier::at_least},
    {"<=", Qualifier::at_most},       {"~", Qualifier::about},           {"trên", Qualifier::at_least},
    {"hơn", Qualifier::at_least},     {"over", Qualifier::at_least},     {"more than", Qualifier::at_least},
    {"at least", Qualifier::at_least}, {"gần", Qualifier::at_most},      {"nearly", Qualifier::at_most},
    {"at most", Qualifier::at_most},  {"khoảng", Qualifier::about},      {"ước", Qualifier::about},
    {"ước tính", Qualifier::about},   {"approximately", Qualifier::about}, {"chính xác", Qualifier::exact},
  }};
  for (const Spelling& spelling : k_spellings) {
    if (lowered == spelling.text) {
      return spelling.qualifier;
    }
  }
  const std::vector<std::string> codes = {"exact", "at_least", "at_most", "about"};
  throw InvalidInput("unknown qualifier '" + std::string(text) +
                     "': expected exact, at_least (trên, hơn), at_most (gần) or about (khoảng, ước)" +
                     util::did_you_mean(util::trim(text), codes));
}

std::string format_number(double value, NumberStyle style, int max_decimals) {
  if (!std::isfinite(value)) {
    throw InvalidInput(std::string("cannot format '") + (std::isnan(value) ? "nan" : "inf") +
                       "': not a finite number");
  }
  const int decimals = std::clamp(max_decimals, 0, 20);
  // The largest double has 309 integer digits.
  std::array<char, 340> buffer{};
  const auto [end, error] =
    std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  if (error != std::errc{}) {
    throw InvalidInput("cannot format number " + std::to_string(value));
  }
  std::string_view text(buffer.data(), static_cast<std::size_t>(end - buffer.data()));

  const bool negative = text.starts_with('-');
  if (negative) {
    text.remove_prefix(1);
  }
  const std::size_t point = text.find('.');
  const std::string_view integer = text.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  while (!fraction.empty() && fraction.back() == '0') {
    fraction.remove_suffix(1);
  }

  const bool zero = fraction.empty() && integer.find_first_not_of('0') == std::string_view::npos;
  std::string result = (negative && !zero) ? "-" : "";
  result += group_digits(integer, group_mark(style));
  if (!fraction.empty()) {
    result += decimal_mark(style);
    result += fraction;
  }
  return result;
}

std::string format_quantity(double value, Qualifier qualifier, Lang lang) {
  const std::string number = format_number(value, style_for(lang));
  const bool vi = lang == Lang::vi;
  switch (qualifier) {
  case Qualifier::exact:
    return number;
  case Qualifier::at_least:
    return (vi ? "trên " : "over ") + number;
  case Qualifier::at_most:
    return (vi ? "gần " : "nearly ") + number;
  case Qualifier::about:
    return (vi ? "khoảng " : "about ") + number;
  }
  return number;
}

double parse_number(std::string_view text, std::optional<NumberStyle> style) {
  const std::string trimmed = util::trim(text);
  if (style) {
    const auto reading = read_in_style(trimmed, *style);
    if (!reading) {
      throw InvalidInput("invalid number '" + trimmed + "': " + expected_form(style));
    }
    return to_double(*reading, trimmed);
  }

  const auto as_vi = read_in_style(trimmed, NumberStyle::vi);
  const auto as_en = read_in_style(trimmed, NumberStyle::en);
  if (as_vi && as_en) {
    if (as_vi->canonical() != as_en->canonical()) {
      throw InvalidInput("ambiguous number '" + trimmed + "': it is " + as_vi->canonical() +
                         " in Vietnamese style and " + as_en->canonical() +
                         " in English style; declare the number style (vi or en)");
    }
    return to_double(*as_vi, trimmed);
  }
  if (as_vi) {
    return to_double(*as_vi, trimmed);
  }
  if (as_en) {
    return to_double(*as_en, trimmed);
  }
  throw InvalidInput("invalid number '" + trimmed + "': " + expected_form(std::nullopt));
}

} // namespace campaign::domain
