#pragma once

#include "cli/context.hpp"
#include "store/records.hpp"

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace campaign::cli {

// A table for people: header, rows of display text, and which columns are
// right-aligned (numbers). Widths are measured in terminal columns, so
// Vietnamese text aligns whether it is precomposed or not.
struct TextTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_aligned;
};

// Writes `table` with columns separated by two spaces and a dashed rule under the header.
void write_text_table(std::ostream& out, const TextTable& table);

// Quotes one CSV cell (RFC 4180). Text that a spreadsheet would run as a
// formula (starting with = + - @, tab or carriage return) is prefixed with
// an apostrophe; numbers are written as they are.
std::string csv_cell(std::string_view text, bool is_text = true);

// Writes a header and rows as CSV with CRLF line ends.
void write_csv(std::ostream& out, const std::vector<std::string>& header,
               const std::vector<std::vector<store::Value>>& rows);

// Prints records in the context's format: a table (list), JSON array, or CSV.
void print_records(Context& context, const store::RecordKind& kind, const std::vector<store::Record>& records);

// Prints one record: "field  value" lines, a JSON object, or a one-row CSV.
void print_record(Context& context, const store::RecordKind& kind, const store::Record& record);

} // namespace campaign::cli
