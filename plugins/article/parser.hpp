#pragma once

#include "rules.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::article {

// The longest article read, in bytes; news items and reports are far shorter.
inline constexpr std::size_t k_max_article_bytes = 8u << 20;

// How many numbers passed over are listed in ArticleFigures::skipped; the rest are only counted.
inline constexpr std::size_t k_max_skipped = 1000;

// A calendar day.
struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // Returns YYYY-MM-DD.
  std::string iso() const;
  bool operator==(const Date&) const = default;
};

// Returns the date written YYYY-MM-DD when it exists, else nullopt.
std::optional<Date> parse_iso_date(std::string_view text);

// One figure read from the text.
struct Figure {
  std::string indicator;
  std::string integer;  // the value's digits before the decimal mark, without leading zeros ("7296")
  std::string fraction; // after it, without trailing zeros; empty for whole numbers
  Qualifier qualifier = Qualifier::exact;
  std::string period;                // "2018-2023" from "giai đoạn 2018 - 2023", or the default period
  std::optional<std::size_t> parent; // index of the figure this one is part of ("trong đó")
  std::uint64_t line = 0;
  std::string sentence; // the sentence, in NFC
  std::string written;  // the words it was read from: "trên 7.296 tin báo, tố giác tội phạm"
};

// A number in the text that is not recorded, and why.
struct Skipped {
  std::uint64_t line = 0;
  std::string written;
  std::string reason;
  bool notable = false; // worth a reader's look (a repeated figure, a range, a change, an unclear phrase)
};

// Returns the figure's value as a Vietnamese reader writes it: "7.296", "15,6".
std::string display_value(const Figure& figure);

// Returns the figure's value for the core's sink in Vietnamese number style, without grouping: "7296",
// "15,6".
std::string sink_value(const Figure& figure);

// What an article holds.
struct ArticleFigures {
  std::vector<Figure> figures;      // in the order of the text, each once; a parent comes before its parts
  std::vector<Skipped> skipped;     // the first k_max_skipped numbers passed over, then the repeats
  std::size_t skipped_unlisted = 0; // the others
  std::vector<Date> dates;          // dates in the text whose year is known, in the order of the text
  std::size_t sentences = 0;        // 0 for a text that is empty or only whitespace
};

// What the caller knows beyond the text.
struct ParseSettings {
  std::optional<int> year;                   // for dates written without one ("11/8")
  std::optional<std::string> default_period; // for figures whose text names no period
};

// Thrown for text that cannot be read; line() is 0 when no line is at fault.
class ArticleError : public std::runtime_error {
public:
  ArticleError(std::uint64_t line, const std::string& message) : std::runtime_error(message), m_line(line) {}
  std::uint64_t line() const { return m_line; }

private:
  std::uint64_t m_line;
};

// Returns the figures of a Vietnamese report or news text, read sentence by sentence: a number (7.296,
// 16.000, 15,6, with nghìn/ngàn, triệu, tỷ), the qualifier before it (per `rules`), and the phrase
// after it mapped to an indicator by `rules`; the period from the nearest "giai đoạn YYYY - YYYY" (in
// the sentence, else before it, else the default period, else the first the text names); "trong đó"
// linking a part to its whole. Dates, years, periods, ranges, changes ("tăng 300"), percentages and
// numbers inside codes ("510/QĐ") are never figures. A figure repeated with the same value (a headline
// and the body) is kept once. A pure function of its arguments. Throws ArticleError for text that is not
// UTF-8 (naming the byte offset and line) or has a NUL byte, for more than k_max_article_bytes, for a
// figure with no period, and for one figure given two different values.
ArticleFigures parse_article(std::string_view bytes, const Rules& rules, const ParseSettings& settings);

} // namespace campaign::article
