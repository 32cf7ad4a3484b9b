#include "csv_reader.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <iconv.h>

namespace campaign_csv {

// ---- Reader

Reader::Reader(char delimiter, Callback callback) : m_delimiter(delimiter), m_callback(std::move(callback)) {}

void Reader::open_cell() {
  if (m_cell_count == m_record.cells.size()) {
    m_record.cells.emplace_back();
  }
  m_cell = &m_record.cells[m_cell_count++];
  m_cell->clear();
}

void Reader::end_record() {
  m_record.cells.resize(m_cell_count);
  ++m_records;
  m_callback(m_record);
  m_cell_count = 0;
  m_cell = nullptr;
}

void Reader::feed(std::string_view text) {
  for (const char c : text) {
    step(c);
  }
}

void Reader::step(char c) {
  const bool newline = c == '\n' || c == '\r';
  switch (m_state) {
  case State::after_cr:
    // "\r\n" is one line end; after a lone "\r" this character starts a line.
    m_state = State::line_start;
    if (c == '\n') {
      return;
    }
    [[fallthrough]];
  case State::line_start:
    if (newline) {
      ++m_line; // a blank line between records is skipped
      m_state = c == '\r' ? State::after_cr : State::line_start;
      return;
    }
    m_record.line = m_line;
    open_cell();
    m_state = State::cell_start;
    [[fallthrough]];
  case State::cell_start:
    if (c == '"') {
      m_quote_line = m_line;
      m_state = State::quoted;
      return;
    }
    m_state = State::unquoted;
    [[fallthrough]];
  case State::unquoted:
    if (c == m_delimiter) {
      open_cell();
      m_state = State::cell_start;
    } else if (newline) {
      end_record();
      ++m_line;
      m_state = c == '\r' ? State::after_cr : State::line_start;
    } else if (c == '"') {
      throw ParseError(m_line, "a quote inside a cell that does not start with one (quote the whole cell and "
                               "double the quotes inside it)");
    } else {
      m_cell->push_back(c);
    }
    return;
  case State::quoted:
    if (c == '"') {
      m_state = State::quote_in_quoted;
      return;
    }
    if (c == '\n') {
      ++m_line;
    }
    m_cell->push_back(c);
    return;
  case State::quote_in_quoted:
    if (c == '"') {
      m_cell->push_back('"');
      m_state = State::quoted;
    } else if (c == m_delimiter) {
      open_cell();
      m_state = State::cell_start;
    } else if (newline) {
      end_record();
      ++m_line;
      m_state = c == '\r' ? State::after_cr : State::line_start;
    } else {
      throw ParseError(m_line, std::string("text after the closing quote of a cell ('") + c + "')");
    }
    return;
  }
}

void Reader::finish() {
  if (m_state == State::quoted) {
    throw ParseError(m_quote_line, "a quoted cell is never closed");
  }
  if (m_state == State::cell_start || m_state == State::unquoted || m_state == State::quote_in_quoted) {
    end_record(); // the last record has no line end
  }
  m_state = State::line_start;
}

// ---- Decoder

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The length of the valid UTF-8 prefix of `text`; a sequence cut by the end
// of `text` counts as valid when `more` input may follow.
std::size_t valid_utf8_prefix(std::string_view text, bool more, bool& cut) {
  cut = false;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (b == 0) {
      return i; // NUL is no text: UTF-16 without a byte-order mark looks like this
    }
    if (b < 0x80) {
      ++i;
      continue;
    }
    if ((b & 0xE0) == 0xC0) {
      length = 2;
      min = 0x80;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      min = 0x800;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + length > text.size()) {
      for (std::size_t k = i + 1; k < text.size(); ++k) {
        if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) {
          return i;
        }
      }
      cut = more;
      return i;
    }
    std::uint32_t code = b & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) {
        return i;
      }
      code = (code << 6) | (c & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
      return i;
    }
    i += length;
  }
  return i;
}

std::uint64_t count_lines(std::string_view text) {
  std::uint64_t n = 0;
  for (const char c : text) {
    n += c == '\n' ? 1 : 0;
  }
  return n;
}

std::string iconv_name(const std::string& encoding) {
  std::string lowered;
  for (const char c : encoding) {
    lowered.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (lowered == "tcvn" || lowered == "tcvn3" || lowered == "tcvn5712") {
    return "TCVN5712-1";
  }
  if (lowered == "cp1258" || lowered == "windows-1258") {
    return "CP1258";
  }
  return encoding;
}

} // namespace

Decoder::Decoder(std::string encoding) : m_encoding(std::move(encoding)) {}

Decoder::~Decoder() {
  if (m_iconv != nullptr) {
    iconv_close(static_cast<iconv_t>(m_iconv));
  }
}

void Decoder::start(std::string_view first) {
  m_started = true;
  std::string name = m_encoding;
  std::string lowered;
  for (const char c : name) {
    lowered.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (lowered == "auto") {
    if (starts_with(first, "\xFF\xFE")) {
      name = "UTF-16LE";
    } else if (starts_with(first, "\xFE\xFF")) {
      name = "UTF-16BE";
    } else {
      name = "UTF-8";
    }
    lowered = name == "UTF-8" ? "utf-8" : "utf-16";
  }
  if (lowered == "utf-8" || lowered == "utf8") {
    m_passthrough = true;
    return;
  }
  if (lowered == "utf-16" && (starts_with(first, "\xFF\xFE") || starts_with(first, "\xFE\xFF"))) {
    name = starts_with(first, "\xFF\xFE") ? "UTF-16LE" : "UTF-16BE";
  }
  const iconv_t handle = iconv_open("UTF-8", iconv_name(name).c_str());
  if (handle == reinterpret_cast<iconv_t>(-1)) {
    throw std::invalid_argument("unknown encoding '" + m_encoding + "' (try utf-8, utf-16, cp1258 or tcvn)");
  }
  m_iconv = handle;
}

void Decoder::decode(std::string_view bytes, std::string& out) {
  m_pending.append(bytes);
  if (!m_started && m_pending.size() < 3) {
    return; // wait for enough bytes to see a byte-order mark
  }
  convert(true, out);
}

void Decoder::finish(std::string& out) {
  convert(false, out);
  if (!m_pending.empty()) {
    throw ParseError(m_line, "the file ends in the middle of a character");
  }
  if (m_iconv != nullptr) {
    // Stateful encodings hold the last character back until they know no
    // combining mark follows (CP1258 does): flush it.
    std::array<char, 64> buffer{};
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    if (iconv(static_cast<iconv_t>(m_iconv), nullptr, nullptr, &out_ptr, &out_left) == static_cast<std::size_t>(-1)) {
      throw ParseError(m_line, "bytes that are not valid " + m_encoding + " at the end of the file");
    }
    out.append(buffer.data(), buffer.size() - out_left);
  }
}

void Decoder::convert(bool more, std::string& out) {
  // `more`: input may follow, so a UTF-8 sequence cut at the end is kept, not refused.
  std::string input = std::move(m_pending);
  m_pending.clear();
  if (!m_started) {
    start(input);
    if (m_passthrough && starts_with(input, "\xEF\xBB\xBF")) {
      input.erase(0, 3);
    }
  }
  if (m_passthrough) {
    bool cut = false;
    const std::string_view text(input);
    const std::size_t valid = valid_utf8_prefix(text, more, cut);
    // The text before invalid bytes is given out before the error, so that a
    // reader fed with it finds any earlier error first, wherever pieces end.
    out.append(text.substr(0, valid));
    m_line += count_lines(text.substr(0, valid));
    if (valid != text.size() && !cut) {
      throw ParseError(m_line, "bytes that are not valid UTF-8 text (declare the file's encoding, such as -O "
                               "encoding=cp1258, or utf-16 for a file without a byte-order mark)");
    }
    m_pending.assign(text.substr(valid));
    return;
  }
  auto* handle = static_cast<iconv_t>(m_iconv);
  char* in = input.data();
  std::size_t in_left = input.size();
  std::array<char, 16384> buffer{};
  while (in_left > 0) {
    char* out_ptr = buffer.data();
    std::size_t out_left = buffer.size();
    const std::size_t rc = iconv(handle, &in, &in_left, &out_ptr, &out_left);
    std::string_view produced(buffer.data(), buffer.size() - out_left);
    if (!m_bom_checked && !produced.empty()) {
      m_bom_checked = true;
      if (starts_with(produced, "\xEF\xBB\xBF")) {
        produced.remove_prefix(3); // a byte-order mark decodes to U+FEFF: not text
      }
    }
    out.append(produced);
    m_line += count_lines(produced);
    if (rc != static_cast<std::size_t>(-1) || errno == E2BIG) {
      continue;
    }
    if (errno == EINVAL) {
      // A character cut at the end of this piece: kept for the next one (or,
      // at the end of the input, left for finish() to refuse).
      m_pending.assign(in, in_left);
      return;
    }
    throw ParseError(m_line, "bytes that are not valid " + m_encoding);
  }
}

} // namespace campaign_csv
