#include "util/text.hpp"

#include "util/error.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <numeric>

namespace campaign::util {

namespace {

// One step of UTF-8 decoding: the code point at a position, how many bytes it
// takes, and whether the bytes form a valid sequence (an invalid one is
// always reported as 1 byte long, so that the caller moves on byte by byte).
struct Decoded {
  std::uint32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

Decoded decode_at(std::string_view s, std::size_t pos) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  if (lead < 0x80) {
    return {lead, 1, true};
  }

  std::size_t length = 0;
  std::uint32_t code_point = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    code_point = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    code_point = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    code_point = lead & 0x07u;
  } else {
    return {lead, 1, false};
  }

  if (pos + length > s.size()) {
    return {lead, 1, false};
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[pos + k]);
    if ((next & 0xC0u) != 0x80u) {
      return {lead, 1, false};
    }
    code_point = (code_point << 6) | (next & 0x3Fu);
  }

  const bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (overlong || surrogate || code_point > 0x10FFFF) {
    return {lead, 1, false};
  }
  return {code_point, length, true};
}

struct Range {
  std::uint32_t first;
  std::uint32_t last;
};

constexpr Range k_zero_width[] = {
  {0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E},
  {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
};

constexpr Range k_double_width[] = {
  {0x1100, 0x115F},   {0x2E80, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
  {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
  {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD},
};

template <std::size_t N>
bool in_ranges(std::uint32_t code_point, const Range (&ranges)[N]) {
  return std::any_of(std::begin(ranges), std::end(ranges), [code_point](const Range& range) {
    return code_point >= range.first && code_point <= range.last;
  });
}

std::size_t code_point_width(std::uint32_t code_point) {
  const bool c0_control = code_point < 0x20 || code_point == 0x7F;
  const bool c1_control = code_point >= 0x80 && code_point < 0xA0;
  if (c0_control || c1_control || in_ranges(code_point, k_zero_width)) {
    return 0;
  }
  if (in_ranges(code_point, k_double_width)) {
    return 2;
  }
  return 1;
}

char lower_ascii(char c) {
  if (c >= 'A' && c <= 'Z') {
    return static_cast<char>(c - 'A' + 'a');
  }
  return c;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The code points of s with ASCII letters lowered; each invalid byte becomes a
// value no valid code point has, so that it still compares equal to itself.
std::vector<std::uint32_t> folded_code_points(std::string_view s) {
  std::vector<std::uint32_t> result;
  result.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    const Decoded decoded = decode_at(s, pos);
    if (!decoded.valid) {
      result.push_back(0x110000u + decoded.code_point);
    } else if (decoded.code_point < 0x80) {
      result.push_back(static_cast<unsigned char>(lower_ascii(static_cast<char>(decoded.code_point))));
    } else {
      result.push_back(decoded.code_point);
    }
    pos += decoded.length;
  }
  return result;
}

std::size_t levenshtein(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

bool starts_with(const std::vector<std::uint32_t>& text, const std::vector<std::uint32_t>& prefix) {
  return prefix.size() <= text.size() && std::equal(prefix.begin(), prefix.end(), text.begin());
}

std::string spaces(std::size_t count) {
  return std::string(count, ' ');
}

} // namespace

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    const Decoded decoded = decode_at(s, pos);
    if (!decoded.valid) {
      return pos;
    }
    pos += decoded.length;
  }
  return std::nullopt;
}

void require_utf8(std::string_view s, std::string_view what) {
  if (const auto offset = find_invalid_utf8(s)) {
    throw InvalidInput(std::string(what) + ": invalid UTF-8 at byte " + std::to_string(*offset));
  }
}

std::optional<std::size_t> find_control(std::string_view s, bool allow_line_breaks) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x20 || byte == 0x7f) {
      if (allow_line_breaks && (byte == '\t' || byte == '\n' || byte == '\r')) {
        continue;
      }
      return i;
    }
    // C1 controls are U+0080..U+009F, written C2 80..C2 9F.
    if (byte == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9f &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80) {
      return i;
    }
  }
  return std::nullopt;
}

void require_clean_text(std::string_view s, std::string_view what, bool allow_line_breaks) {
  require_utf8(s, what);
  if (const auto offset = find_control(s, allow_line_breaks)) {
    const std::size_t at = *offset;
    const unsigned code = s[at] == '\xc2' ? static_cast<unsigned char>(s[at + 1]) : static_cast<unsigned char>(s[at]);
    throw InvalidInput(fmt::format("{}{}control character U+{:04X} at byte {}{}", what, what.empty() ? "" : ": ", code, at,
                                   allow_line_breaks ? "" : "; this text must be one line of printable characters"));
  }
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
  std::string result(s);
  if (current < width) {
    result += spaces(width - current);
  }
  return result;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t current = display_width(s);
  if (current >= width) {
    return std::string(s);
  }
  return spaces(width - current) + std::string(s);
}

std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max_results) {
  const std::vector<std::uint32_t> folded_word = folded_code_points(word);
  const std::size_t limit = std::max<std::size_t>(2, folded_word.size() / 3);
  const bool prefixes_count = folded_word.size() >= 2;

  struct Match {
    std::size_t distance;
    std::size_t index;
  };
  std::vector<Match> matches;
  for (std::size_t index = 0; index < candidates.size(); ++index) {
    const auto& candidate = candidates[index];
    const bool repeated =
      std::find(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(index), candidate) !=
      candidates.begin() + static_cast<std::ptrdiff_t>(index);
    if (repeated) {
      continue;
    }
    const std::vector<std::uint32_t> folded_candidate = folded_code_points(candidate);
    const std::size_t distance = levenshtein(folded_word, folded_candidate);
    if (distance <= limit || (prefixes_count && starts_with(folded_candidate, folded_word))) {
      matches.push_back({distance, index});
    }
  }

  std::stable_sort(matches.begin(), matches.end(),
                   [](const Match& a, const Match& b) { return a.distance < b.distance; });

  std::vector<std::string> result;
  for (const Match& match : matches) {
    if (result.size() >= max_results) {
      break;
    }
    result.push_back(candidates[match.index]);
  }
  return result;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  const std::vector<std::string> found = suggest(word, candidates, 3);
  if (found.empty()) {
    return "";
  }
  std::string result = "; did you mean ";
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i > 0) {
      result += (i + 1 == found.size()) ? " or " : ", ";
    }
    result += "'" + found[i] + "'";
  }
  result += "?";
  return result;
}

std::string to_lower_ascii(std::string_view s) {
  std::string result(s);
  std::transform(result.begin(), result.end(), result.begin(), lower_ascii);
  return result;
}

std::string trim(std::string_view s) {
  std::size_t first = 0;
  std::size_t last = s.size();
  while (first < last && is_ascii_space(s[first])) {
    ++first;
  }
  while (last > first && is_ascii_space(s[last - 1])) {
    --last;
  }
  return std::string(s.substr(first, last - first));
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) {
      joined += separator;
    }
    joined += items[i];
  }
  return joined;
}

} // namespace campaign::util
