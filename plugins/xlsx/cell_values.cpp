#include "cell_values.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <stdexcept>

namespace campaign_xlsx {

namespace {

// No double has more digits than this before or after its point (the
// smallest subnormal has 767 significant digits, but Excel writes 17 at most).
constexpr std::size_t k_max_digits = 400;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

[[noreturn]] void refuse(std::string_view text, const char* problem) {
  throw std::invalid_argument("'" + std::string(text) + "' " + problem);
}

[[noreturn]] void refuse_serial(std::string_view text, const char* problem) {
  throw std::invalid_argument("date serial '" + std::string(text) + "' " + problem);
}

std::string two_digits(unsigned n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

} // namespace

std::string plain_number(std::string_view xml_number) {
  std::string_view text = xml_number;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n')) {
    text.remove_suffix(1);
  }
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
    negative = text[i] == '-';
    ++i;
  }
  // All the digits, and how many of them stand before the point.
  std::string digits;
  long long point = 0;
  bool any = false;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    digits.push_back(text[i]);
    any = true;
  }
  point = static_cast<long long>(digits.size());
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i) {
      digits.push_back(text[i]);
      any = true;
    }
  }
  if (!any) {
    refuse(xml_number, "is not a number");
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
      exponent_negative = text[i] == '-';
      ++i;
    }
    long long exponent = 0;
    bool exponent_digits = false;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      exponent_digits = true;
      if (exponent <= static_cast<long long>(k_max_digits)) {
        exponent = exponent * 10 + (text[i] - '0');
      }
    }
    if (!exponent_digits) {
      refuse(xml_number, "is not a number");
    }
    point += exponent_negative ? -exponent : exponent;
  }
  if (i != text.size()) {
    refuse(xml_number, "is not a number");
  }

  std::size_t first = 0;
  while (first < digits.size() && digits[first] == '0') {
    ++first;
  }
  digits.erase(0, first);
  point -= static_cast<long long>(first);
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
  }
  if (digits.empty()) {
    return "0";
  }
  const auto size = static_cast<long long>(digits.size());
  if (point > static_cast<long long>(k_max_digits) || point < -static_cast<long long>(k_max_digits)) {
    refuse(xml_number, "is out of range");
  }
  std::string result = negative ? "-" : "";
  if (point <= 0) {
    result += "0.";
    result.append(static_cast<std::size_t>(-point), '0');
    result += digits;
  } else if (point >= size) {
    result += digits;
    result.append(static_cast<std::size_t>(point - size), '0');
  } else {
    result += digits.substr(0, static_cast<std::size_t>(point));
    result += '.';
    result += digits.substr(static_cast<std::size_t>(point));
  }
  return result;
}

std::string number_for_style(const std::string& plain, std::string_view style) {
  const std::size_t point = plain.find('.');
  if (point == std::string::npos) {
    return plain;
  }
  std::string result = plain;
  if (style == "vi") {
    result[point] = ',';
  } else if (style.empty() && result.size() - point - 1 == 3) {
    // "1.234" reads 1234 in Vietnamese style and 1.234 in English style: the
    // core refuses it without a style. "1.2340" is the same number, and no
    // Vietnamese reading (groups of 3 digits after a '.') fits it.
    result += '0';
  }
  return result;
}

std::string serial_to_date(std::string_view xml_number, bool date1904) {
  using namespace std::chrono;
  const std::string plain = plain_number(xml_number);
  if (plain.front() == '-') {
    refuse_serial(xml_number, "is negative: it is no date");
  }
  const std::size_t whole = std::min(plain.find('.'), plain.size());
  if (whole > 7) {
    refuse_serial(xml_number, "is after 9999-12-31");
  }
  long serial = 0;
  std::from_chars(plain.data(), plain.data() + whole, serial);
  sys_days day{};
  if (date1904) {
    day = sys_days{year{1904} / January / 1} + days{serial};
  } else if (serial == 0) {
    refuse_serial(xml_number,
                  "is the day before 1900-01-01 (Excel shows it as 0 January 1900): it is no date");
  } else if (serial == 60) {
    refuse_serial(xml_number, "is 29 February 1900, a day that Excel counts and the calendar never had");
  } else {
    // Excel counts 29 February 1900, so from 1 March 1900 on its days are one ahead.
    day = sys_days{year{1899} / December / (serial < 60 ? 31 : 30)} + days{serial};
  }
  const year_month_day date{day};
  const int y = static_cast<int>(date.year());
  if (y > 9999) {
    refuse_serial(xml_number, "is after 9999-12-31");
  }
  return std::to_string(y) + "-" + two_digits(static_cast<unsigned>(date.month())) + "-" +
         two_digits(static_cast<unsigned>(date.day()));
}

} // namespace campaign_xlsx
