#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::article {

// Where bytes stop being UTF-8 text.
struct BadByte {
  std::size_t offset = 0; // of the first byte at fault, from the start of the input
  std::uint64_t line = 1;
  std::string what; // "byte 0xff cannot start a UTF-8 character", "a NUL byte", ...
};

// Returns the first place where `bytes` is not UTF-8 text (an invalid, overlong or cut-off sequence, a
// surrogate, or a NUL byte), or nullopt when all of it is.
std::optional<BadByte> find_bad_utf8(std::string_view bytes);

// Decodes the code point of valid UTF-8 `text` at `pos` and moves `pos` past it.
char32_t next_code_point(std::string_view text, std::size_t& pos);

// Returns valid UTF-8 `text` in Unicode normalisation form C, so that composed and decomposed
// Vietnamese ("ế" as one code point or as e + U+0302 + U+0301) read the same. Throws
// std::runtime_error when ICU fails.
std::string to_nfc(std::string_view text);

// Returns the key under which a word of valid UTF-8 is compared: case-folded, decomposed, with the
// Vietnamese tone marks moved to the end, so that "Hóa", "hoá" and "HOÁ" (old and new tone placement)
// share one key. Throws std::runtime_error when ICU fails.
std::string word_key(std::string_view word);

enum class TokenKind { word, number, punct };

// A piece of a sentence: a word (letters, marks and the digits after them), a number (ASCII digits
// with '.' or ',' between digits: "7.296", "15,6") or one punctuation character.
struct Token {
  TokenKind kind = TokenKind::punct;
  std::string key;       // words: word_key(); numbers and punctuation: the text itself
  std::size_t begin = 0; // byte offsets in the tokenised text
  std::size_t end = 0;
  bool space_before = true; // whitespace or the start of the text comes right before it
};

// Returns the tokens of valid UTF-8 `text` (whitespace and invisible format characters separate them and
// are dropped). Throws std::runtime_error when ICU fails.
std::vector<Token> tokenize(std::string_view text);

// Returns whether the code point is a letter (of any script) or a combining mark.
bool is_letter(char32_t c);

// Returns whether the code point is whitespace or an invisible format character (U+200B, U+FEFF, ...).
bool is_space(char32_t c);

} // namespace campaign::article
