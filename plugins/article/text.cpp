#include "text.hpp"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace campaign::article {

namespace {

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU ") + what + " failed: " + u_errorName(status));
  }
}

const icu::Normalizer2& nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* instance = icu::Normalizer2::getNFCInstance(status);
  check(status, "NFC normaliser");
  return *instance;
}

const icu::Normalizer2& nfd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* instance = icu::Normalizer2::getNFDInstance(status);
  check(status, "NFD normaliser");
  return *instance;
}

icu::UnicodeString from_utf8(std::string_view text) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
}

// The five tone marks of Vietnamese as combining characters: huyền, sắc, ngã, hỏi, nặng.
bool is_tone_mark(UChar32 c) {
  return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 || c == 0x0323;
}

bool is_ascii_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}

} // namespace

std::optional<BadByte> find_bad_utf8(std::string_view bytes) {
  std::uint64_t line = 1;
  std::size_t i = 0;
  auto hex = [](unsigned value) {
    static const char digits[] = "0123456789abcdef";
    return std::string("0x") + digits[(value >> 4) & 0xf] + digits[value & 0xf];
  };
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    if (lead == 0) {
      return BadByte{i, line, "a NUL byte"};
    }
    if (lead < 0x80) {
      line += lead == '\n' ? 1 : 0;
      ++i;
      continue;
    }
    std::size_t length = 0;
    char32_t code = 0;
    char32_t smallest = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      code = lead & 0x1fu;
      smallest = 0x80;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      code = lead & 0x0fu;
      smallest = 0x800;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code = lead & 0x07u;
      smallest = 0x10000;
    } else {
      return BadByte{i, line, "byte " + hex(lead) + " cannot start a UTF-8 character"};
    }
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= bytes.size()) {
        return BadByte{i, line, "a UTF-8 character is cut off by the end of the file"};
      }
      const auto next = static_cast<unsigned char>(bytes[i + k]);
      if ((next & 0xc0u) != 0x80u) {
        return BadByte{i, line,
                       "byte " + hex(lead) + " starts a UTF-8 character that byte " + hex(next) +
                         " does not continue"};
      }
      code = (code << 6) | (next & 0x3fu);
    }
    if (code < smallest) {
      return BadByte{i, line, "an overlong UTF-8 sequence"};
    }
    if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return BadByte{i, line, "a UTF-8 sequence for a code point that is not a character"};
    }
    i += length;
  }
  return std::nullopt;
}

char32_t next_code_point(std::string_view text, std::size_t& pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  std::size_t length = 1;
  char32_t code = lead;
  if (lead >= 0xf0) {
    length = 4;
    code = lead & 0x07u;
  } else if (lead >= 0xe0) {
    length = 3;
    code = lead & 0x0fu;
  } else if (lead >= 0xc0) {
    length = 2;
    code = lead & 0x1fu;
  }
  for (std::size_t k = 1; k < length && pos + k < text.size(); ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[pos + k]) & 0x3fu);
  }
  pos += length;
  return code;
}

std::string to_nfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2& normaliser = nfc();
  const icu::StringPiece piece(text.data(), static_cast<std::int32_t>(text.size()));
  if (normaliser.isNormalizedUTF8(piece, status) && U_SUCCESS(status)) {
    return std::string(text);
  }
  status = U_ZERO_ERROR;
  std::string result;
  icu::StringByteSink<std::string> sink(&result, static_cast<std::int32_t>(text.size()));
  normaliser.normalizeUTF8(0, piece, sink, nullptr, status);
  check(status, "NFC normalisation");
  return result;
}

std::string word_key(std::string_view word) {
  icu::UnicodeString folded = from_utf8(word);
  folded.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString decomposed = nfd().normalize(folded, status);
  check(status, "NFD normalisation");
  icu::UnicodeString base;
  icu::UnicodeString tones;
  for (std::int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    const UChar32 c = decomposed.char32At(i);
    (is_tone_mark(c) ? tones : base).append(c);
  }
  base.append(tones);
  std::string key;
  base.toUTF8String(key);
  return key;
}

bool is_letter(char32_t c) {
  const auto type = static_cast<UCharCategory>(u_charType(static_cast<UChar32>(c)));
  switch (type) {
  case U_UPPERCASE_LETTER:
  case U_LOWERCASE_LETTER:
  case U_TITLECASE_LETTER:
  case U_MODIFIER_LETTER:
  case U_OTHER_LETTER:
  case U_NON_SPACING_MARK:
  case U_ENCLOSING_MARK:
  case U_COMBINING_SPACING_MARK:
    return true;
  default:
    return false;
  }
}

bool is_space(char32_t c) {
  const auto code = static_cast<UChar32>(c);
  return u_isUWhiteSpace(code) || u_charType(code) == U_FORMAT_CHAR || u_charType(code) == U_CONTROL_CHAR;
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t pos = 0;
  bool space_before = true;
  while (pos < text.size()) {
    const std::size_t begin = pos;
    const char32_t c = next_code_point(text, pos);
    if (is_space(c)) {
      space_before = true;
      continue;
    }
    Token token;
    token.begin = begin;
    token.space_before = space_before;
    space_before = false;
    if (is_ascii_digit(c)) {
      token.kind = TokenKind::number;
      while (pos < text.size()) {
        const char next = text[pos];
        const bool mark_then_digit = (next == '.' || next == ',') && pos + 1 < text.size() &&
                                     is_ascii_digit(static_cast<unsigned char>(text[pos + 1]));
        if (!is_ascii_digit(static_cast<unsigned char>(next)) && !mark_then_digit) {
          break;
        }
        ++pos;
      }
      token.end = pos;
      token.key = std::string(text.substr(begin, pos - begin));
    } else if (is_letter(c)) {
      token.kind = TokenKind::word;
      while (pos < text.size()) {
        std::size_t after = pos;
        const char32_t next = next_code_point(text, after);
        if (!is_letter(next) && !is_ascii_digit(next)) {
          break;
        }
        pos = after;
      }
      token.end = pos;
      token.key = word_key(text.substr(begin, pos - begin));
    } else {
      token.kind = TokenKind::punct;
      token.end = pos;
      token.key = std::string(text.substr(begin, pos - begin));
    }
    tokens.push_back(std::move(token));
  }
  return tokens;
}

} // namespace campaign::article
