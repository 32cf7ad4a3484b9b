#include "text.hpp"

#include <campaign/plugin.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

namespace campaign::report {

namespace {

std::string group_digits(std::string_view digits, char mark) {
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i >= first && (i - first) % 3 == 0) {
      out += mark;
    }
    out += digits[i];
  }
  return out;
}

// The value with `decimals` decimals as "-123.45", trailing zeros and a bare point dropped.
std::string fixed_text(double value, int decimals) {
  std::array<char, 400> buffer{};
  const auto [end, error] =
    std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, decimals);
  if (error != std::errc{}) {
    return "?";
  }
  std::string text(buffer.data(), end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == '.') {
      text.pop_back();
    }
  }
  if (text == "-0") {
    text = "0";
  }
  return text;
}

struct Decoded {
  std::uint32_t code_point;
  std::size_t length;
  bool valid;
};

Decoded decode_at(std::string_view s, std::size_t pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(pos);
  if (lead < 0x80) {
    return {lead, 1, true};
  }
  std::size_t length = 0;
  std::uint32_t cp = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return {0, 1, false};
  }
  if (pos + length > s.size()) {
    return {0, 1, false};
  }
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) {
      return {0, 1, false};
    }
    cp = (cp << 6) | (byte(pos + i) & 0x3Fu);
  }
  return {cp, length, true};
}

bool in(std::uint32_t cp, std::uint32_t from, std::uint32_t to) {
  return cp >= from && cp <= to;
}

std::size_t code_point_width(std::uint32_t cp) {
  if (cp < 0x20 || in(cp, 0x7F, 0x9F)) {
    return 0;
  }
  if (in(cp, 0x0300, 0x036F) || in(cp, 0x0483, 0x0489) || in(cp, 0x0591, 0x05BD) || in(cp, 0x0610, 0x061A) ||
      in(cp, 0x064B, 0x065F) || in(cp, 0x0E31, 0x0E31) || in(cp, 0x0E34, 0x0E3A) || in(cp, 0x0E47, 0x0E4E) ||
      in(cp, 0x1AB0, 0x1AFF) || in(cp, 0x1DC0, 0x1DFF) || in(cp, 0x200B, 0x200F) || in(cp, 0x2028, 0x202E) ||
      in(cp, 0x2060, 0x2064) || in(cp, 0x20D0, 0x20FF) || in(cp, 0xFE00, 0xFE0F) || in(cp, 0xFE20, 0xFE2F) ||
      cp == 0xFEFF) {
    return 0;
  }
  if (in(cp, 0x1100, 0x115F) || in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) || in(cp, 0x3400, 0x4DBF) ||
      in(cp, 0x4E00, 0x9FFF) || in(cp, 0xA000, 0xA4CF) || in(cp, 0xAC00, 0xD7A3) || in(cp, 0xF900, 0xFAFF) ||
      in(cp, 0xFE30, 0xFE4F) || in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) ||
      in(cp, 0x1F300, 0x1F64F) || in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x3FFFD)) {
    return 2;
  }
  return 1;
}

constexpr std::array<const char*, 12> k_months_en = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

struct Ymd {
  int year;
  unsigned month;
  unsigned day;
};

std::optional<Ymd> read_iso(std::string_view iso) {
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') {
    return std::nullopt;
  }
  Ymd ymd{};
  const auto number = [&](std::size_t from, std::size_t length, auto& out) {
    const auto [ptr, error] = std::from_chars(iso.data() + from, iso.data() + from + length, out);
    return error == std::errc{} && ptr == iso.data() + from + length;
  };
  if (!number(0, 4, ymd.year) || !number(5, 2, ymd.month) || !number(8, 2, ymd.day)) {
    return std::nullopt;
  }
  if (ymd.month < 1 || ymd.month > 12 || ymd.day < 1 || ymd.day > 31) {
    return std::nullopt;
  }
  return ymd;
}

} // namespace

Lang parse_lang(std::string_view text) {
  if (text == "vi") {
    return Lang::vi;
  }
  if (text == "en") {
    return Lang::en;
  }
  throw sdk::Failure("lang: '" + std::string(text) + "' is not a language of the report (vi or en)",
                     CAMPAIGN_INVALID_INPUT);
}

std::string_view lang_code(Lang lang) {
  return lang == Lang::vi ? "vi" : "en";
}

std::optional<Qualifier> parse_qualifier(std::string_view code) {
  if (code == "exact") {
    return Qualifier::exact;
  }
  if (code == "at_least") {
    return Qualifier::at_least;
  }
  if (code == "at_most") {
    return Qualifier::at_most;
  }
  if (code == "about") {
    return Qualifier::about;
  }
  return std::nullopt;
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

Qualifier combine(const std::vector<Qualifier>& qualifiers) {
  unsigned bits = 0;
  for (const Qualifier q : qualifiers) {
    bits |= qualifier_bit(q);
  }
  return combine_bits(bits);
}

Qualifier combine_bits(unsigned bits) {
  auto has = [bits](Qualifier q) { return (bits & qualifier_bit(q)) != 0; };
  if (has(Qualifier::about) || (has(Qualifier::at_least) && has(Qualifier::at_most))) {
    return Qualifier::about;
  }
  if (has(Qualifier::at_least)) {
    return Qualifier::at_least;
  }
  return has(Qualifier::at_most) ? Qualifier::at_most : Qualifier::exact;
}

std::string plain_number(double value) {
  if (!std::isfinite(value)) {
    return "?";
  }
  return fixed_text(value, 6);
}

std::string format_number(double value, Lang lang) {
  if (!std::isfinite(value)) {
    return "?";
  }
  std::string text = fixed_text(value, 2);
  std::string sign;
  if (!text.empty() && text.front() == '-') {
    sign = "-";
    text.erase(0, 1);
  }
  const std::size_t point = text.find('.');
  const std::string integer = text.substr(0, point);
  const std::string fraction = point == std::string::npos ? "" : text.substr(point + 1);
  std::string result = sign + group_digits(integer, lang == Lang::vi ? '.' : ',');
  if (!fraction.empty()) {
    result += lang == Lang::vi ? ',' : '.';
    result += fraction;
  }
  return result;
}

std::string_view qualifier_word(Qualifier qualifier, Lang lang) {
  const bool vi = lang == Lang::vi;
  switch (qualifier) {
  case Qualifier::exact:
    return "";
  case Qualifier::at_least:
    return vi ? "trên" : "over";
  case Qualifier::at_most:
    return vi ? "gần" : "nearly";
  case Qualifier::about:
    return vi ? "khoảng" : "about";
  }
  return "";
}

std::string format_quantity(double value, Qualifier qualifier, Lang lang) {
  const std::string number = format_number(value, lang);
  const std::string_view word = qualifier_word(qualifier, lang);
  return word.empty() ? number : std::string(word) + " " + number;
}

std::string format_date(std::string_view iso, Lang lang) {
  const auto ymd = read_iso(iso);
  if (!ymd) {
    return std::string(iso);
  }
  if (lang == Lang::vi) {
    const auto two = [](unsigned n) { return std::string(n < 10 ? "0" : "") + std::to_string(n); };
    return two(ymd->day) + "/" + two(ymd->month) + "/" + std::to_string(ymd->year);
  }
  return std::to_string(ymd->day) + " " + k_months_en[ymd->month - 1] + " " + std::to_string(ymd->year);
}

std::optional<long> day_number(std::string_view iso) {
  const auto ymd = read_iso(iso);
  if (!ymd) {
    return std::nullopt;
  }
  // Howard Hinnant's days_from_civil.
  const long y = static_cast<long>(ymd->year) - (ymd->month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const long yoe = y - era * 400;
  const long m = static_cast<long>(ymd->month);
  const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + static_cast<long>(ymd->day) - 1;
  const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::size_t display_width(std::string_view utf8) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const Decoded decoded = decode_at(utf8, pos);
    width += decoded.valid ? code_point_width(decoded.code_point) : 1;
    pos += decoded.length;
  }
  return width;
}

std::string pad_right(std::string_view s, std::size_t width) {
  const std::size_t current = display_width(s);
  std::string out(s);
  if (current < width) {
    out.append(width - current, ' ');
  }
  return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t current = display_width(s);
  if (current >= width) {
    return std::string(s);
  }
  return std::string(width - current, ' ') + std::string(s);
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
    case '&':
      out += "&amp;";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '"':
      out += "&quot;";
      break;
    case '\'':
      out += "&#39;";
      break;
    default:
      out += c;
    }
  }
  return out;
}

std::string markdown_escape(std::string_view text) {
  static constexpr std::string_view k_special = "\\`*_[]<>|#~&!{}";
  std::string out;
  out.reserve(text.size());
  for (const char c : one_line(text)) {
    if (k_special.find(c) != std::string_view::npos) {
      out += '\\';
    }
    out += c;
  }
  return out;
}

std::string neutralise_formula(std::string_view text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    return "'" + std::string(text);
  }
  return std::string(text);
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') {
      out += '"';
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = !out.empty();
      continue;
    }
    if (space) {
      out += ' ';
      space = false;
    }
    out += c;
  }
  return out;
}

} // namespace campaign::report
