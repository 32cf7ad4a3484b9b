#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace campaign::domain {

// The language of output text.
enum class Lang { vi, en };

// Returns the language named by "vi" or "en" (any case) or by a locale string
// ("vi_VN.UTF-8", "en_US", "vi-VN"; "C" and "POSIX" give en); throws
// InvalidInput for anything else.
Lang parse_lang(std::string_view text);

// Returns "vi" or "en".
std::string_view lang_code(Lang lang);

// How a number is written: vi groups thousands with '.' and marks decimals with
// ','; en groups with ',' and marks decimals with '.'.
enum class NumberStyle { vi, en };

// Returns the style named "vi" or "en" (any case); throws InvalidInput for
// anything else.
NumberStyle parse_number_style(std::string_view text);

// Returns "vi" or "en".
std::string_view number_style_code(NumberStyle style);

// Returns the number style readers of the language expect.
NumberStyle style_for(Lang lang);

// How a reported value relates to the true one: "trên 7.296" is at_least,
// "gần 50" at_most, "khoảng 300" about.
enum class Qualifier { exact, at_least, at_most, about };

// Returns "exact", "at_least", "at_most" or "about".
std::string_view qualifier_code(Qualifier qualifier);

// Returns the qualifier named by its code or by "=", ">=", "<=" or "~" (any
// case, surrounding whitespace ignored); throws InvalidInput, with a
// did-you-mean, for anything else.
Qualifier parse_qualifier(std::string_view text);

// Returns value rounded to at most max_decimals decimals (clamped to 0..20),
// thousands grouped and the decimal mark of the style, trailing zeros and a
// bare decimal mark dropped, "-" before negatives and "0" for any value that
// rounds to zero; exact for integers up to 2^53. Throws InvalidInput for NaN
// and infinities.
std::string format_number(double value, NumberStyle style, int max_decimals = 2);

// Returns the value with its qualifier in words in the language: "7.296",
// "trên 7.296" / "over 7,296", "gần 50" / "nearly 50", "khoảng 300" /
// "about 300"; throws as format_number does.
std::string format_quantity(double value, Qualifier qualifier, Lang lang);

// Returns the number written in text (ASCII whitespace around it ignored): an
// optional '+' or '-', digits, either plain or grouped by 3 with the style's
// grouping mark (the first group 1 to 3 digits, not starting with 0), then
// optionally the style's decimal mark and at least one digit. Without a style
// (the source's style is unknown) the text must mean the same number in both
// styles or be valid in only one of them. Throws InvalidInput for text of no
// such form, for text that means different numbers in the two styles
// ("ambiguous number '1.234' ..."), and for magnitudes beyond 2^53, which a
// double cannot hold exactly.
double parse_number(std::string_view text, std::optional<NumberStyle> style);

} // namespace campaign::domain
