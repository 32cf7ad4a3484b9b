#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::report {

// The language of a report's words and the style of its numbers.
enum class Lang { vi, en };

// Returns the language named "vi" or "en"; throws sdk::Failure (invalid input) for anything else.
Lang parse_lang(std::string_view text);

// Returns "vi" or "en".
std::string_view lang_code(Lang lang);

// How a reported value relates to the true one ("trên 7.296" is at_least).
enum class Qualifier { exact, at_least, at_most, about };

// Returns the qualifier named by its code, or nullopt for another text.
std::optional<Qualifier> parse_qualifier(std::string_view code);

// Returns "exact", "at_least", "at_most" or "about".
std::string_view qualifier_code(Qualifier qualifier);

// Returns the qualifier of a sum (or maximum) of values with these
// qualifiers: exact when all are exact; at_least when all are exact or lower
// bounds; at_most when all are exact or upper bounds; about otherwise.
Qualifier combine(const std::vector<Qualifier>& qualifiers);

// The bit of a qualifier in a set of them held as bits.
constexpr unsigned qualifier_bit(Qualifier qualifier) {
  return 1u << static_cast<unsigned>(qualifier);
}

// The same for a set of qualifiers held as bits (qualifier_bit()).
Qualifier combine_bits(unsigned bits);

// Returns the value with at most two decimals, thousands grouped in the
// language's style (vi "7.296" and "15,6"; en "7,296" and "15.6"), trailing
// zeros dropped and "0" for anything that rounds to zero; NaN and infinities
// come out as "?".
std::string format_number(double value, Lang lang);

// Returns the value as plain digits for machines: "7296", "15.6", "-3".
std::string plain_number(double value);

// Returns the value with its qualifier in words: "trên 7.296" / "over 7,296",
// "gần 50" / "nearly 50", "khoảng 300" / "about 300".
std::string format_quantity(double value, Qualifier qualifier, Lang lang);

// Returns the qualifier's word in the language ("trên", "over"), empty for exact.
std::string_view qualifier_word(Qualifier qualifier, Lang lang);

// Returns an ISO date (YYYY-MM-DD) as readers of the language write it:
// vi "11/08/2023", en "11 Aug 2023"; other text comes back unchanged.
std::string format_date(std::string_view iso, Lang lang);

// Returns the days from 1970-01-01 to an ISO date, or nullopt when the text is not one.
std::optional<long> day_number(std::string_view iso);

// Returns the number of terminal columns the UTF-8 text takes: combining
// marks and controls 0, East Asian wide and fullwidth characters 2, others 1.
std::size_t display_width(std::string_view utf8);

// Returns s followed (pad_right) or preceded (pad_left) by spaces up to `width` columns.
std::string pad_right(std::string_view s, std::size_t width);
std::string pad_left(std::string_view s, std::size_t width);

// Returns the text with & < > " ' replaced by character references.
std::string html_escape(std::string_view text);

// Returns the text with Markdown's punctuation escaped by backslashes and line
// breaks turned into spaces, so it reads as plain text in a paragraph or a table cell.
std::string markdown_escape(std::string_view text);

// Returns the text with an apostrophe in front when it starts with = + - @,
// a tab or a carriage return, so that a spreadsheet never reads it as a formula.
std::string neutralise_formula(std::string_view text);

// Returns the field quoted for CSV (RFC 4180) when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

// Returns the text with runs of ASCII whitespace (line breaks included) turned into one space, trimmed.
std::string one_line(std::string_view text);

} // namespace campaign::report
