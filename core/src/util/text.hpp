#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::util {

// Returns the byte offset of the first invalid UTF-8 sequence in s (overlong
// forms, surrogates, code points above U+10FFFF, stray or truncated bytes), or
// nullopt when s is valid UTF-8.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Returns when s is valid UTF-8; throws InvalidInput "<what>: invalid UTF-8 at
// byte N" otherwise.
void require_utf8(std::string_view s, std::string_view what);

// Returns the byte offset of the first control character in the valid UTF-8
// s (C0 controls, DEL, C1 controls U+0080..U+009F; tab, line feed and
// carriage return are let through when `allow_line_breaks`), or nullopt.
std::optional<std::size_t> find_control(std::string_view s, bool allow_line_breaks);

// Returns when s is valid UTF-8 without control characters (see
// find_control); throws InvalidInput "<what>: ..." (no prefix for an empty
// `what`) naming the character and the byte otherwise.
void require_clean_text(std::string_view s, std::string_view what, bool allow_line_breaks);

// Returns the number of terminal columns utf8 takes: combining marks, zero-width
// characters and C0/C1 controls take 0, East Asian wide and fullwidth
// characters 2, anything else 1; each invalid byte takes 1. Precomposed and
// decomposed spellings of the same text have the same width.
std::size_t display_width(std::string_view utf8);

// Returns s followed by enough spaces to fill `width` columns; s unchanged when
// it is already as wide or wider (never truncates).
std::string pad_right(std::string_view s, std::size_t width);

// Returns s preceded by enough spaces to fill `width` columns; s unchanged when
// it is already as wide or wider (never truncates).
std::string pad_left(std::string_view s, std::size_t width);

// Returns up to max_results candidates close to word, nearest first: those
// within Levenshtein distance max(2, length / 3) (code points, ASCII
// case-insensitive) and, when word has at least 2 code points, those starting
// with word; ties keep the candidates' order, duplicates are reported once.
std::vector<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates,
                                 std::size_t max_results = 3);

// Returns "" when suggest(word, candidates) is empty, else a hint to append to
// an error message: "; did you mean 'X'?", "; did you mean 'X' or 'Y'?" or
// "; did you mean 'X', 'Y' or 'Z'?".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Returns s with ASCII letters A-Z lowered; other bytes unchanged.
std::string to_lower_ascii(std::string_view s);

// Returns s without leading and trailing ASCII whitespace (space, \t, \n, \v,
// \f, \r).
std::string trim(std::string_view s);

// Returns the items with `separator` between them.
std::string join(const std::vector<std::string>& items, std::string_view separator);

} // namespace campaign::util
