#include "parser.hpp"

#include "text.hpp"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace campaign::article {

namespace {

// The largest whole part of a value kept, in digits; the core stores values up to 2^53.
constexpr std::size_t k_max_integer_digits = 15;
constexpr std::size_t k_max_fraction_digits = 6;
// How far before a number "trong đó" may stand, in tokens.
constexpr std::size_t k_subset_marker_reach = 8;
// How far before "giai đoạn" a comparison ("so với") may stand, in tokens.
constexpr std::size_t k_comparison_reach = 3;

// The words the parser itself knows, as keys.
struct Words {
  Phrase giai_doan = make_phrase("giai đoạn");
  Phrase nhiem_ky = make_phrase("nhiệm kỳ");
  Phrase so_voi = make_phrase("so với");
  Phrase cung_ky = make_phrase("cùng kỳ");
  std::string tu = word_key("từ");
  std::string nam = word_key("năm");
  std::string den = word_key("đến");
  std::string toi = word_key("tới");
  std::string ngay = word_key("ngày");
  std::string thang = word_key("tháng");
  std::string quy = word_key("quý");
  std::array<std::pair<std::string, int>, 5> scales{{{word_key("nghìn"), 3},
                                                     {word_key("ngàn"), 3},
                                                     {word_key("triệu"), 6},
                                                     {word_key("tỷ"), 9},
                                                     {word_key("tỉ"), 9}}};
};

const Words& words() {
  static const Words known;
  return known;
}

// What a number in a sentence turned out to be before any rule is tried.
enum class Role { none, date, period, year, range, code };

using Tokens = std::vector<Token>;

bool is_word(const Tokens& t, std::size_t i, const std::string& key) {
  return i < t.size() && t[i].kind == TokenKind::word && t[i].key == key;
}

bool is_number(const Tokens& t, std::size_t i) {
  return i < t.size() && t[i].kind == TokenKind::number;
}

bool is_punct(const Tokens& t, std::size_t i, std::string_view key) {
  return i < t.size() && t[i].kind == TokenKind::punct && t[i].key == key;
}

bool is_dash(const Tokens& t, std::size_t i) {
  static const std::array<std::string_view, 5> dashes{"-", "\u2013", "\u2014", "\u2010", "\u2212"};
  return i < t.size() && t[i].kind == TokenKind::punct &&
         std::find(dashes.begin(), dashes.end(), t[i].key) != dashes.end();
}

// Punctuation that may stand between the words of a phrase: "tin báo, tố giác".
bool is_soft_punct(const Token& token) {
  static const std::array<std::string_view, 15> soft{",",      "-",      "\u2013", "\u2014", "\u2010",
                                                     "\"",     "\u201c", "\u201d", "'",      "\u2018",
                                                     "\u2019", "(",      ")",      "\u00ab", "\u00bb"};
  return token.kind == TokenKind::punct && std::find(soft.begin(), soft.end(), token.key) != soft.end();
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The value of a number token of plain digits within [low, high].
std::optional<int> int_at(const Tokens& t, std::size_t i, int low, int high) {
  if (!is_number(t, i) || !all_digits(t[i].key) || t[i].key.size() > 4) {
    return std::nullopt;
  }
  const int value = std::stoi(t[i].key);
  return value >= low && value <= high ? std::optional<int>(value) : std::nullopt;
}

// A year: exactly four digits.
std::optional<int> year_at(const Tokens& t, std::size_t i) {
  if (!is_number(t, i) || t[i].key.size() != 4) {
    return std::nullopt;
  }
  return int_at(t, i, 1000, 9999);
}

// The end of `phrase` when its words stand one after another from `i`.
std::optional<std::size_t> words_at(const Tokens& t, std::size_t i, const Phrase& phrase) {
  for (const std::string& key : phrase) {
    if (!is_word(t, i, key)) {
      return std::nullopt;
    }
    ++i;
  }
  return i;
}

// The end of `phrase` when it starts at `i`; soft punctuation may stand between its words.
std::optional<std::size_t> phrase_at(const Tokens& t, std::size_t i, const Phrase& phrase) {
  for (std::size_t w = 0; w < phrase.size(); ++w) {
    while (w > 0 && i < t.size() && is_soft_punct(t[i])) {
      ++i;
    }
    if (!is_word(t, i, phrase[w])) {
      return std::nullopt;
    }
    ++i;
  }
  return i;
}

// The start of `phrase` when its words end right before `end`.
std::optional<std::size_t> words_before(const Tokens& t, std::size_t end, const Phrase& phrase) {
  if (phrase.size() > end) {
    return std::nullopt;
  }
  const std::size_t start = end - phrase.size();
  return words_at(t, start, phrase) ? std::optional<std::size_t>(start) : std::nullopt;
}

bool days_exist(int year, int month, int day) {
  static const std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= days[static_cast<std::size_t>(month - 1)] + (month == 2 && leap ? 1 : 0);
}

// A value in decimal digits, exact.
struct Amount {
  std::string integer;
  std::string fraction;
};

void tidy(Amount& amount) {
  const std::size_t first = amount.integer.find_first_not_of('0');
  amount.integer = first == std::string::npos ? "0" : amount.integer.substr(first);
  const std::size_t last = amount.fraction.find_last_not_of('0');
  amount.fraction = last == std::string::npos ? "" : amount.fraction.substr(0, last + 1);
}

// Reads a number in Vietnamese style: "7296", "7.296", "1.234.567", "15,6", "1.234,5".
std::optional<Amount> read_vi_number(std::string_view text) {
  Amount amount;
  const std::size_t comma = text.find(',');
  std::string_view whole = text.substr(0, comma);
  if (comma != std::string_view::npos) {
    const std::string_view fraction = text.substr(comma + 1);
    if (!all_digits(fraction)) {
      return std::nullopt;
    }
    amount.fraction = std::string(fraction);
  }
  if (whole.find('.') == std::string_view::npos) {
    if (!all_digits(whole)) {
      return std::nullopt;
    }
    amount.integer = std::string(whole);
  } else {
    bool first = true;
    while (true) {
      const std::size_t dot = whole.find('.');
      const std::string_view group = whole.substr(0, dot);
      const bool fits =
        first ? (!group.empty() && group.size() <= 3 && group.front() != '0') : group.size() == 3;
      if (!all_digits(group) || !fits) {
        return std::nullopt;
      }
      amount.integer += group;
      first = false;
      if (dot == std::string_view::npos) {
        break;
      }
      whole.remove_prefix(dot + 1);
    }
  }
  tidy(amount);
  return amount;
}

// Multiplies by 10^power.
void scale(Amount& amount, int power) {
  const auto shift = static_cast<std::size_t>(power);
  std::string digits = amount.fraction;
  digits.resize(std::max(digits.size(), shift), '0');
  amount.integer += digits.substr(0, shift);
  amount.fraction = digits.substr(shift);
  tidy(amount);
}

std::string grouped(const std::string& integer) {
  std::string text;
  for (std::size_t i = 0; i < integer.size(); ++i) {
    if (i > 0 && (integer.size() - i) % 3 == 0) {
      text += '.';
    }
    text += integer[i];
  }
  return text;
}

// Returns `text` without whitespace at its ends.
std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t pos = 0;
  bool seen = false;
  while (pos < text.size()) {
    const std::size_t at = pos;
    if (!is_space(next_code_point(text, pos))) {
      if (!seen) {
        begin = at;
        seen = true;
      }
      end = pos;
    }
  }
  return seen ? text.substr(begin, end - begin) : std::string_view();
}

bool ends_sentence(char32_t c) {
  return c == U'.' || c == U'!' || c == U'?' || c == U'\u2026';
}

bool closes(char32_t c) {
  return c == U'"' || c == U'\'' || c == U'\u201d' || c == U'\u2019' || c == U')' || c == U']' ||
         c == U'\u00bb' || c == U'/';
}

// Returns whether trimmed text ends a sentence: '.', '!', '?' or '…', perhaps followed by closing marks.
bool ends_with_sentence_end(std::string_view text) {
  char32_t last = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t c = next_code_point(text, pos);
    if (ends_sentence(c)) {
      last = c;
    } else if (!closes(c)) {
      last = 0;
    }
  }
  return last != 0;
}

// Returns whether a trimmed line continues the sentence of the line before: it starts with a lower-case
// letter or a digit.
bool goes_on(std::string_view text) {
  std::size_t pos = 0;
  const char32_t first = next_code_point(text, pos);
  return u_islower(static_cast<UChar32>(first)) || (first >= U'0' && first <= U'9');
}

// Splits a paragraph into sentences: after '.', '!', '?' or '…' (with any closing quotes, brackets and
// further marks, as in "./.") that whitespace or the end of the line follows, unless a lower-case letter
// comes next or the '.' ends an abbreviation of one or two capitals ("TP. Cần Thơ").
std::vector<std::string_view> split_sentences(std::string_view line) {
  std::vector<std::string_view> sentences;
  std::size_t start = 0;
  std::size_t pos = 0;
  std::size_t letters = 0; // letters right before pos
  bool capitals = true;    // all of them capitals
  auto push = [&](std::size_t end) {
    const std::string_view sentence = trim(line.substr(start, end - start));
    if (!sentence.empty()) {
      sentences.push_back(sentence);
    }
    start = end;
  };
  while (pos < line.size()) {
    const char32_t c = next_code_point(line, pos);
    if (is_letter(c)) {
      capitals = (letters == 0 || capitals) &&
                 (u_isupper(static_cast<UChar32>(c)) || !u_isalpha(static_cast<UChar32>(c)));
      ++letters;
      continue;
    }
    if (!ends_sentence(c)) {
      letters = 0;
      continue;
    }
    const bool abbreviation = c == U'.' && letters >= 1 && letters <= 2 && capitals;
    letters = 0;
    std::size_t end = pos;
    bool more_marks = false;
    while (end < line.size()) {
      std::size_t next = end;
      const char32_t d = next_code_point(line, next);
      if (!ends_sentence(d) && !closes(d)) {
        break;
      }
      more_marks = true;
      end = next;
    }
    std::size_t after = end;
    char32_t follow = 0;
    while (after < line.size()) {
      std::size_t next = after;
      const char32_t d = next_code_point(line, next);
      if (!is_space(d)) {
        follow = d;
        break;
      }
      after = next;
    }
    const bool boundary = end == line.size() || after > end;
    const bool continues = follow != 0 && u_islower(static_cast<UChar32>(follow));
    if (boundary && !continues && !(abbreviation && !more_marks)) {
      push(end);
    }
    pos = end;
  }
  push(line.size());
  return sentences;
}

// A "giai đoạn YYYY - YYYY" in the text.
struct PeriodMention {
  std::size_t token = 0;
  std::string name;        // "2018-2023"
  bool comparison = false; // "so với giai đoạn ...": the period compared with, not the one reported
};

// A date in the text; the year may come from elsewhere.
struct DateMention {
  int day = 0;
  int month = 0;
  std::optional<int> year;
};

// Lines read as one text: a line is joined to the one before when that one does not end a sentence
// and the line goes on with a lower-case word or a number, as hard-wrapped text does.
struct Paragraph {
  std::string text;                     // NFC; the lines joined with a space
  std::vector<std::size_t> line_starts; // offset in text of each line's first byte
  std::uint64_t first_line = 0;

  // Returns the line of the file that holds the byte at `offset` of text.
  std::uint64_t line_at(std::size_t offset) const {
    const auto after = std::upper_bound(line_starts.begin(), line_starts.end(), offset);
    return first_line + static_cast<std::uint64_t>(after - line_starts.begin()) - 1;
  }
};

// One sentence while it is read.
struct SentenceScan {
  const Paragraph* paragraph = nullptr;
  std::size_t offset = 0; // of the sentence in the paragraph
  std::string_view text;
  Tokens tokens;
  std::vector<Role> roles;
  std::vector<PeriodMention> periods;
};

// Marks "giai đoạn [từ] [năm] YYYY -|đến|tới [năm] YYYY" and records each as a period mention.
void mark_periods(SentenceScan& s) {
  const Words& w = words();
  const Tokens& t = s.tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto after = words_at(t, i, w.giai_doan);
    if (!after) {
      after = words_at(t, i, w.nhiem_ky);
    }
    if (!after) {
      continue;
    }
    std::size_t k = *after;
    k += is_word(t, k, w.tu) ? 1u : 0u;
    k += is_word(t, k, w.nam) ? 1u : 0u;
    const auto from = year_at(t, k);
    if (!from) {
      continue;
    }
    const std::size_t first = k++;
    if (!is_dash(t, k) && !is_word(t, k, w.den) && !is_word(t, k, w.toi)) {
      continue;
    }
    ++k;
    k += is_word(t, k, w.nam) ? 1u : 0u;
    const auto to = year_at(t, k);
    if (!to || *to < *from) {
      continue;
    }
    s.roles[first] = Role::period;
    s.roles[k] = Role::period;
    bool comparison = false;
    for (std::size_t back = 0; back <= k_comparison_reach && back <= i; ++back) {
      comparison = comparison || words_before(t, i - back, w.so_voi) || words_before(t, i - back, w.cung_ky);
    }
    s.periods.push_back({first, std::to_string(*from) + "-" + std::to_string(*to), comparison});
  }
}

// Marks dates ("11/8", "11/8/2023", "11-8-2023", "ngày 11 tháng 8 năm 2023"), numbers joined to codes by
// '/' ("510/QĐ"), days, months, quarters and years after their word, and ranges ("300 - 400", "từ 300 đến
// 400"); records the dates.
void mark_non_figures(SentenceScan& s, std::vector<DateMention>& dates) {
  const Words& w = words();
  const Tokens& t = s.tokens;
  auto joined = [&](std::size_t i) { return i < t.size() && !t[i].space_before; };
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!is_number(t, i) || s.roles[i] != Role::none) {
      continue;
    }
    // D/M, D/M/Y and anything else joined by '/'.
    if (is_punct(t, i + 1, "/") && joined(i + 1) && is_number(t, i + 2) && joined(i + 2)) {
      std::size_t last = i + 2;
      std::optional<int> year;
      bool three_parts = false;
      if (is_punct(t, i + 3, "/") && joined(i + 3) && is_number(t, i + 4) && joined(i + 4)) {
        last = i + 4;
        year = year_at(t, i + 4);
        three_parts = true;
      }
      const auto day = int_at(t, i, 1, 31);
      const auto month = int_at(t, i + 2, 1, 12);
      const bool date = day && month && (!three_parts || year);
      for (std::size_t k = i; k <= last; ++k) {
        s.roles[k] = date ? Role::date : Role::code;
      }
      if (date) {
        dates.push_back({*day, *month, year});
      }
      i = last;
      continue;
    }
    // D-M-YYYY, joined.
    if (is_dash(t, i + 1) && joined(i + 1) && is_number(t, i + 2) && joined(i + 2) && is_dash(t, i + 3) &&
        joined(i + 3) && is_number(t, i + 4) && joined(i + 4)) {
      const auto day = int_at(t, i, 1, 31);
      const auto month = int_at(t, i + 2, 1, 12);
      const auto year = year_at(t, i + 4);
      const bool date = day && month && year;
      s.roles[i] = s.roles[i + 2] = s.roles[i + 4] = date ? Role::date : Role::code;
      if (date) {
        dates.push_back({*day, *month, year});
      }
      i += 4;
      continue;
    }
    // [ngày] D tháng M [năm Y]: with "ngày" or with the year.
    if (is_word(t, i + 1, w.thang)) {
      const auto day = int_at(t, i, 1, 31);
      const auto month = int_at(t, i + 2, 1, 12);
      const bool with_ngay = i > 0 && is_word(t, i - 1, w.ngay);
      const std::optional<int> year = is_word(t, i + 3, w.nam) ? year_at(t, i + 4) : std::nullopt;
      if (day && month && (with_ngay || year)) {
        s.roles[i] = s.roles[i + 2] = Role::date;
        if (year) {
          s.roles[i + 4] = Role::date;
        }
        dates.push_back({*day, *month, year});
        i += year ? 4u : 2u;
        continue;
      }
    }
    // A day, month, quarter or year after its word.
    if (i > 0 && (is_word(t, i - 1, w.ngay) || is_word(t, i - 1, w.thang) || is_word(t, i - 1, w.quy))) {
      s.roles[i] = Role::date;
      continue;
    }
    if (i > 0 && is_word(t, i - 1, w.nam)) {
      s.roles[i] = Role::year;
      continue;
    }
  }
  // Ranges, after the dates and periods have taken their numbers.
  for (std::size_t i = 0; i + 2 < t.size(); ++i) {
    if (is_number(t, i) && s.roles[i] == Role::none &&
        (is_dash(t, i + 1) || is_word(t, i + 1, w.den) || is_word(t, i + 1, w.toi)) && is_number(t, i + 2) &&
        s.roles[i + 2] == Role::none) {
      s.roles[i] = s.roles[i + 2] = Role::range;
    }
  }
}

// A number stands on its own: no letter, digit, '/', '%', dash or '+' touches it ("10%", "V05", "+84").
bool stands_alone(const Tokens& t, std::size_t i) {
  static const std::array<std::string_view, 9> open{"(",      "[",      "\"", "\u201c", "'",
                                                    "\u2018", "\u00ab", ",",  ";"};
  if (i > 0 && !t[i].space_before) {
    const Token& before = t[i - 1];
    if (before.kind != TokenKind::punct || std::find(open.begin(), open.end(), before.key) == open.end()) {
      return false;
    }
  }
  if (i + 1 < t.size() && !t[i + 1].space_before) {
    const Token& after = t[i + 1];
    static const std::array<std::string_view, 10> joiners{"/",      "%",      "\u2030", "-",      "\u2013",
                                                          "\u2014", "\u2010", "+",      "\u00d7", "\u2212"};
    if (after.kind != TokenKind::punct ||
        std::find(joiners.begin(), joiners.end(), after.key) != joiners.end()) {
      return false;
    }
  }
  return true;
}

// Where a context phrase occurs in a sentence: [start, end) token ranges, in order.
using Occurrences = std::vector<std::pair<std::size_t, std::size_t>>;

// The phrase of a rule that follows a number, and how well it fits.
struct Match {
  const IndicatorRule* rule = nullptr;
  std::size_t end = 0;      // token after the phrase
  std::size_t words = 0;    // a longer phrase is more specific
  bool context = false;     // a context phrase was required and found
  std::size_t distance = 0; // tokens between the number and the nearest context phrase

  // Returns -1, 0 or 1 as this match ranks below, with or above `other`.
  int compare(const Match& other) const {
    if (words != other.words) {
      return words < other.words ? -1 : 1;
    }
    if (context != other.context) {
      return context ? 1 : -1;
    }
    if (distance != other.distance) {
      return distance > other.distance ? -1 : 1;
    }
    return 0;
  }
};

struct MatchResult {
  std::optional<Match> best;
  std::vector<std::string> tied; // codes of other indicators that fit exactly as well
};

class SentenceMatcher {
public:
  SentenceMatcher(const Tokens& tokens, const Rules& rules) : m_tokens(tokens), m_rules(rules) {}

  // The indicator whose phrase starts at `at`, for the number at `number`.
  MatchResult match(std::size_t number, std::size_t at) {
    MatchResult result;
    for (const IndicatorRule& rule : m_rules.indicators) {
      std::optional<Match> own;
      for (const PhraseRule& phrase : rule.phrases) {
        const auto end = phrase_at(m_tokens, at, phrase.phrase);
        if (!end) {
          continue;
        }
        Match candidate{&rule, *end, phrase.phrase.size(), false, 0};
        if (!phrase.context.empty()) {
          const auto distance = nearest_context(phrase.context, number, *end);
          if (!distance) {
            continue;
          }
          candidate.context = true;
          candidate.distance = *distance;
        }
        if (!own || candidate.compare(*own) > 0) {
          own = candidate;
        }
      }
      if (!own) {
        continue;
      }
      const int order = result.best ? own->compare(*result.best) : 1;
      if (order > 0) {
        result.best = own;
        result.tied.clear();
      } else if (order == 0) {
        result.tied.push_back(rule.code);
      }
    }
    return result;
  }

private:
  // The fewest tokens between the number (or the phrase after it) and one of the context phrases.
  std::optional<std::size_t> nearest_context(const std::vector<Phrase>& context, std::size_t number,
                                             std::size_t phrase_end) {
    std::optional<std::size_t> nearest;
    auto consider = [&](std::size_t distance) { nearest = std::min(nearest.value_or(distance), distance); };
    for (const Phrase& phrase : context) {
      const Occurrences& found = occurrences(phrase);
      const auto from_number =
        std::lower_bound(found.begin(), found.end(), std::make_pair(number, std::size_t{0}));
      if (from_number != found.end() && from_number->first < phrase_end) {
        consider(0); // within the phrase itself
      }
      const auto after =
        std::lower_bound(found.begin(), found.end(), std::make_pair(phrase_end, std::size_t{0}));
      if (after != found.end()) {
        consider(after->first - phrase_end);
      }
      for (auto it = from_number; it != found.begin();) {
        --it;
        if (it->second <= number) {
          consider(number - it->second);
          break;
        }
      }
    }
    return nearest;
  }

  const Occurrences& occurrences(const Phrase& phrase) {
    auto [it, added] = m_occurrences.try_emplace(&phrase);
    if (added) {
      for (std::size_t i = 0; i < m_tokens.size(); ++i) {
        if (auto end = phrase_at(m_tokens, i, phrase)) {
          it->second.emplace_back(i, *end);
        }
      }
    }
    return it->second;
  }

  const Tokens& m_tokens;
  const Rules& m_rules;
  std::map<const Phrase*, Occurrences> m_occurrences;
};

class Reader {
public:
  Reader(const Rules& rules, const ParseSettings& settings) : m_rules(rules), m_settings(settings) {}

  void read_paragraph(const Paragraph& paragraph) {
    m_last_in_paragraph.clear();
    for (std::string_view sentence : split_sentences(paragraph.text)) {
      read_sentence(paragraph, sentence);
    }
  }

  ArticleFigures finish() {
    ArticleFigures result;
    result.sentences = m_sentences;
    result.skipped = std::move(m_skipped);
    result.skipped_unlisted = m_skipped_unlisted;
    std::optional<int> year = m_settings.year;
    for (const DateMention& date : m_dates) {
      if (!year && date.year) {
        year = date.year;
      }
    }
    for (const DateMention& date : m_dates) {
      const std::optional<int> date_year = date.year ? date.year : year;
      if (date_year && days_exist(*date_year, date.month, date.day)) {
        result.dates.push_back({*date_year, date.month, date.day});
      }
    }
    const std::optional<std::string> main_period =
      m_settings.default_period ? m_settings.default_period : m_first_period;
    std::map<std::pair<std::string, std::string>, std::size_t> kept; // (indicator, period) -> index in result
    std::vector<std::size_t> index_of(m_drafts.size());
    for (std::size_t k = 0; k < m_drafts.size(); ++k) {
      Figure figure = std::move(m_drafts[k]);
      if (figure.period.empty()) {
        if (!main_period) {
          throw ArticleError(figure.line,
                             "no period for " + figure.indicator + " ('" + figure.written +
                               "'): the text names no \"giai đoạn YYYY - YYYY\"; give one with -O "
                               "period=NAME");
        }
        figure.period = *main_period;
      }
      const auto key = std::make_pair(figure.indicator, figure.period);
      if (auto it = kept.find(key); it != kept.end()) {
        const Figure& first = result.figures[it->second];
        if (first.integer != figure.integer || first.fraction != figure.fraction ||
            first.qualifier != figure.qualifier) {
          throw ArticleError(figure.line, figure.indicator + " for " + figure.period + " reads '" +
                                            figure.written + "' here but '" + first.written + "' on line " +
                                            std::to_string(first.line) +
                                            "; one source gives one value for a figure");
        }
        index_of[k] = it->second;
        m_duplicates.push_back(
          {figure.line, figure.written,
           "the same figure as on line " + std::to_string(first.line) + "; recorded once", true});
        continue;
      }
      if (figure.parent) {
        figure.parent = index_of[*figure.parent];
      }
      index_of[k] = result.figures.size();
      kept.emplace(key, result.figures.size());
      result.figures.push_back(std::move(figure));
    }
    result.skipped.insert(result.skipped.end(), m_duplicates.begin(), m_duplicates.end());
    return result;
  }

private:
  void read_sentence(const Paragraph& paragraph, std::string_view text) {
    ++m_sentences;
    SentenceScan s;
    s.paragraph = &paragraph;
    s.offset = static_cast<std::size_t>(text.data() - paragraph.text.data());
    s.text = text;
    s.tokens = tokenize(text);
    s.roles.assign(s.tokens.size(), Role::none);
    mark_periods(s);
    mark_non_figures(s, m_dates);
    for (const PeriodMention& mention : s.periods) {
      if (!mention.comparison && !m_first_period) {
        m_first_period = mention.name;
      }
    }

    SentenceMatcher matcher(s.tokens, m_rules);
    std::size_t previous_end = 0; // token after the previous figure of the sentence
    for (std::size_t i = 0; i < s.tokens.size(); ++i) {
      if (s.tokens[i].kind != TokenKind::number) {
        continue;
      }
      const Role role = s.roles[i];
      if (role == Role::date || role == Role::period || role == Role::year || role == Role::code) {
        continue;
      }
      std::size_t at = i + 1;
      std::optional<Amount> amount = read_vi_number(s.tokens[i].key);
      for (int scales = 0; scales < 2 && at < s.tokens.size(); ++scales) {
        const auto& known = words().scales;
        const auto it = std::find_if(known.begin(), known.end(), [&](const auto& scale_word) {
          return s.tokens[at].kind == TokenKind::word && s.tokens[at].key == scale_word.first;
        });
        if (it == known.end()) {
          break;
        }
        if (amount) {
          scale(*amount, it->second);
        }
        ++at;
      }
      const MatchResult match = matcher.match(i, at);
      const std::size_t written_end = match.best ? match.best->end : at;
      if (!match.best) {
        skip(s, i, written_end, "no indicator phrase follows it", false);
        continue;
      }
      if (role == Role::range) {
        skip(s, i, written_end, "part of a range, which is not one value", true);
        continue;
      }
      if (!stands_alone(s.tokens, i)) {
        skip(s, i, written_end, "joined to other characters, so not a count", true);
        continue;
      }
      if (!amount) {
        skip(s, i, written_end,
             "'" + s.tokens[i].key + "' is not a number in Vietnamese style (7.296, 16.000, 15,6)", true);
        continue;
      }
      if (amount->integer.size() > k_max_integer_digits || amount->fraction.size() > k_max_fraction_digits) {
        skip(s, i, written_end, "too large or too precise for a figure", true);
        continue;
      }
      if (!match.tied.empty()) {
        std::string codes = match.best->rule->code;
        for (const std::string& code : match.tied) {
          codes += " and " + code;
        }
        skip(s, i, written_end,
             "the phrase fits " + codes + " equally well; add a longer phrase to the rules", true);
        continue;
      }
      std::size_t start = i;
      Qualifier qualifier = Qualifier::exact;
      std::size_t qualifier_words = 0;
      for (const QualifierWord& word : m_rules.qualifiers) {
        if (word.phrase.size() > qualifier_words && words_before(s.tokens, i, word.phrase)) {
          qualifier = word.qualifier;
          qualifier_words = word.phrase.size();
          start = i - word.phrase.size();
        }
      }
      const bool change =
        std::any_of(m_rules.change_words.begin(), m_rules.change_words.end(),
                    [&](const Phrase& phrase) { return words_before(s.tokens, start, phrase); });
      if (change) {
        skip(s, start, written_end, "a change, not a total", true);
        continue;
      }
      add_figure(s, *match.best, *amount, qualifier, start, i, previous_end);
      previous_end = match.best->end;
    }
    for (const PeriodMention& mention : s.periods) {
      if (!mention.comparison) {
        m_last_period = mention.name;
      }
    }
  }

  void add_figure(const SentenceScan& s, const Match& match, const Amount& amount, Qualifier qualifier,
                  std::size_t start, std::size_t number, std::size_t previous_end) {
    const IndicatorRule& rule = *match.rule;
    Figure figure;
    figure.indicator = rule.code;
    figure.integer = amount.integer;
    figure.fraction = amount.fraction;
    figure.qualifier = qualifier;
    figure.line = line_of(s, number);
    figure.sentence = std::string(s.text);
    figure.written = excerpt(s, start, match.end);
    figure.period = period_for(s, number);
    if (rule.parent) {
      const std::size_t from =
        std::max(previous_end, start > k_subset_marker_reach ? start - k_subset_marker_reach : 0);
      bool marked = false;
      for (std::size_t k = from; k < start && !marked; ++k) {
        for (const Phrase& marker : m_rules.subset_markers) {
          const auto end = phrase_at(s.tokens, k, marker);
          marked = marked || (end && *end <= start);
        }
      }
      if (marked) {
        if (auto whole = m_last_in_paragraph.find(*rule.parent); whole != m_last_in_paragraph.end()) {
          figure.parent = whole->second;
        }
      }
    }
    m_last_in_paragraph[rule.code] = m_drafts.size();
    m_drafts.push_back(std::move(figure));
  }

  // The period the text gives for the number at `number`: the nearest "giai đoạn" before it in the
  // sentence, else the first after it in the sentence, else the last before the sentence; empty when none.
  std::string period_for(const SentenceScan& s, std::size_t number) const {
    const PeriodMention* before = nullptr;
    const PeriodMention* after = nullptr;
    for (const PeriodMention& mention : s.periods) {
      if (mention.comparison) {
        continue;
      }
      if (mention.token < number) {
        before = &mention;
      } else if (!after) {
        after = &mention;
      }
    }
    if (before) {
      return before->name;
    }
    if (after) {
      return after->name;
    }
    return m_last_period.value_or("");
  }

  static std::uint64_t line_of(const SentenceScan& s, std::size_t token) {
    return s.paragraph->line_at(s.offset + s.tokens[token].begin);
  }

  std::string excerpt(const SentenceScan& s, std::size_t first, std::size_t end) const {
    const std::size_t last = std::max(first + 1, end) - 1;
    return std::string(s.text.substr(s.tokens[first].begin, s.tokens[last].end - s.tokens[first].begin));
  }

  void skip(const SentenceScan& s, std::size_t first, std::size_t end, std::string reason, bool notable) {
    if (m_skipped.size() >= k_max_skipped) {
      ++m_skipped_unlisted;
      return;
    }
    m_skipped.push_back({line_of(s, first), excerpt(s, first, end), std::move(reason), notable});
  }

  const Rules& m_rules;
  const ParseSettings& m_settings;
  std::size_t m_sentences = 0;
  std::vector<Figure> m_drafts; // figures before repeats are merged and periods filled in
  std::vector<Skipped> m_skipped;
  std::size_t m_skipped_unlisted = 0;
  std::vector<Skipped> m_duplicates;
  std::vector<DateMention> m_dates;
  std::map<std::string, std::size_t> m_last_in_paragraph; // indicator -> its latest draft in the paragraph
  std::optional<std::string> m_first_period;
  std::optional<std::string> m_last_period;
};

} // namespace

std::string Date::iso() const {
  auto two = [](int value) { return std::string(value < 10 ? "0" : "") + std::to_string(value); };
  std::string y = std::to_string(year);
  y.insert(0, y.size() < 4 ? 4 - y.size() : 0, '0');
  return y + "-" + two(month) + "-" + two(day);
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text.substr(0, 4)) ||
      !all_digits(text.substr(5, 2)) || !all_digits(text.substr(8, 2))) {
    return std::nullopt;
  }
  const Date date{std::stoi(std::string(text.substr(0, 4))), std::stoi(std::string(text.substr(5, 2))),
                  std::stoi(std::string(text.substr(8, 2)))};
  if (date.year < 1 || !days_exist(date.year, date.month, date.day)) {
    return std::nullopt;
  }
  return date;
}

std::string display_value(const Figure& figure) {
  return grouped(figure.integer) + (figure.fraction.empty() ? "" : "," + figure.fraction);
}

std::string sink_value(const Figure& figure) {
  return figure.integer + (figure.fraction.empty() ? "" : "," + figure.fraction);
}

ArticleFigures parse_article(std::string_view bytes, const Rules& rules, const ParseSettings& settings) {
  if (bytes.size() > k_max_article_bytes) {
    throw ArticleError(0, std::to_string(bytes.size()) + " bytes is more than an article may have (" +
                            std::to_string(k_max_article_bytes) + ")");
  }
  if (auto bad = find_bad_utf8(bytes)) {
    throw ArticleError(bad->line,
                       "not UTF-8 text: " + bad->what + " at byte offset " + std::to_string(bad->offset));
  }
  if (bytes.substr(0, 3) == "\xef\xbb\xbf") {
    bytes.remove_prefix(3);
  }
  Reader reader(rules, settings);
  Paragraph paragraph;
  bool ended = true; // the paragraph so far ends a sentence
  auto flush = [&] {
    if (!paragraph.text.empty()) {
      reader.read_paragraph(paragraph);
    }
    paragraph = Paragraph();
  };
  std::uint64_t line = 0;
  std::size_t start = 0;
  while (start <= bytes.size()) {
    ++line;
    std::size_t end = bytes.find('\n', start);
    if (end == std::string_view::npos) {
      end = bytes.size();
    }
    const std::string normal = to_nfc(bytes.substr(start, end - start));
    const std::string_view text = trim(normal);
    start = end + 1;
    if (text.empty()) {
      flush();
      continue;
    }
    if (ended || !goes_on(text)) {
      flush();
      paragraph.first_line = line;
    } else {
      paragraph.text += ' ';
    }
    paragraph.line_starts.push_back(paragraph.text.size());
    paragraph.text += text;
    ended = ends_with_sentence_end(text);
  }
  flush();
  return reader.finish();
}

} // namespace campaign::article
