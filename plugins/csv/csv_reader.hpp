#pragma once

// A streaming CSV reader (RFC 4180) that knows the line of every record and
// the position of every error, and a decoder from the source's encoding to
// UTF-8. Pure code with no plugin types, so a fuzzer can drive it.
//
// Why not libcsv: it reports a quoting error only as a code, without the
// line or column where it happened, and offers no line numbers for records.
// An office's spreadsheet fails on one row in ten thousand; the message must
// say which. The state machine below is small enough to read in one sitting.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaign_csv {

// A malformed input: the message names the line (1-based).
class ParseError : public std::runtime_error {
public:
  ParseError(std::uint64_t line, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ": " + message), m_line(line), m_detail(message) {}
  std::uint64_t line() const { return m_line; }
  const std::string& detail() const { return m_detail; }

private:
  std::uint64_t m_line;
  std::string m_detail;
};

// One record: its cells (UTF-8) and the line it starts on.
struct Record {
  std::vector<std::string> cells;
  std::uint64_t line = 0;
};

// Splits UTF-8 text into records. Feed it text in pieces of any size, then
// call finish(); each complete record goes to the callback. Throws
// ParseError for a quote inside an unquoted cell, text after a closing
// quote, or a quoted cell still open at the end.
class Reader {
public:
  using Callback = std::function<void(const Record&)>;

  Reader(char delimiter, Callback callback);
  void feed(std::string_view text);
  void finish();

  std::uint64_t records() const { return m_records; }

private:
  enum class State { line_start, cell_start, unquoted, quoted, quote_in_quoted, after_cr };

  void step(char c);
  void open_cell();
  void end_record();

  char m_delimiter;
  Callback m_callback;
  State m_state = State::line_start;
  Record m_record;
  std::size_t m_cell_count = 0; // cells of m_record in use (the vector keeps its strings)
  std::string* m_cell = nullptr;
  std::uint64_t m_line = 1;
  std::uint64_t m_quote_line = 0;
  std::uint64_t m_records = 0;
};

// Converts bytes of the source's encoding to UTF-8, in pieces of any size.
// "auto" reads a byte-order mark (UTF-8, UTF-16 LE/BE) and otherwise takes
// UTF-8; other names go to iconv (cp1258, tcvn, utf-16, latin1, ...).
// Throws ParseError naming the line when the bytes are invalid.
class Decoder {
public:
  explicit Decoder(std::string encoding);
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Appends the UTF-8 of `bytes` to `out`; bytes of a character cut at the
  // end of a piece are kept for the next one. On invalid bytes, the text
  // before them is in `out` when ParseError is thrown.
  void decode(std::string_view bytes, std::string& out);
  // Appends what is left; throws when the input ended inside a character.
  void finish(std::string& out);

  const std::string& encoding() const { return m_encoding; }

private:
  void start(std::string_view first_bytes);
  void convert(bool more, std::string& out);

  std::string m_encoding;
  bool m_started = false;
  bool m_passthrough = false; // UTF-8: checked, not converted
  bool m_bom_checked = false;
  void* m_iconv = nullptr;
  std::string m_pending;      // bytes carried to the next piece
  std::uint64_t m_line = 1;   // of the decoded text, for messages
};

} // namespace campaign_csv
