#pragma once

// What the sheet importers (csv, xlsx) share: the figure fields a column may
// hold and the Vietnamese and English headers that name them, mapping files,
// the cell conventions of Vietnamese reports ("trên 7.296", 11/08/2023), and
// Rows, which turns the header and then each row of cells into a figure for
// the core. Each importer only reads its format into rows of text.

#include <campaign/plugin.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace campaign_sheet {

// A sheet that cannot be read as figures; line() is the row it concerns (1-based).
class RowError : public std::runtime_error {
public:
  RowError(std::uint64_t line, const std::string& message)
    : std::runtime_error("line " + std::to_string(line) + ": " + message), m_line(line), m_detail(message) {}
  std::uint64_t line() const { return m_line; }
  const std::string& detail() const { return m_detail; }

private:
  std::uint64_t m_line;
  std::string m_detail;
};

// Returns whether `name` is a figure field that a column or a constant may give.
bool is_field(std::string_view name);

// Returns whether the field holds a date (span_from, span_to, source_date, signed_on).
bool is_date_field(std::string_view field);

// Returns whether the field holds a number read in the source's number style
// (a figure's value; a target's target, max_points, self_points, awarded_points).
bool is_number_field(std::string_view field);

// What the rows of a sheet are: figures (one a row), or pledge targets (one a
// row, with the pledge they belong to given on the row or by constants).
enum class SheetKind { figures, pledges };

// What a mapping file says; see docs/formats.md. `encoding` and `delimiter`
// concern CSV files only.
struct Mapping {
  std::map<std::string, std::string> columns;   // header as written → field
  std::map<std::string, std::string> constants; // field → value for every row
  std::optional<std::string> number_style;
  std::optional<std::string> encoding;
  std::optional<std::string> delimiter;
  // The kind of sheet; unset: told by the header (a column such as
  // comparator, target or max points makes a pledge sheet).
  std::optional<SheetKind> sheet;
};

// Returns whether a header names a pledge sheet: a column that only a pledge
// sheet has (comparator, target, max points, signatory, scoring, ...).
bool is_pledge_header(const std::vector<std::string>& cells);

// Reads "figures" or "pledges" (an importer's -O kind=...); "auto" gives
// nullopt. Throws campaign::sdk::Failure (invalid input) for another word.
std::optional<SheetKind> parse_sheet_kind(std::string_view word);

// Applies the options every sheet importer has to `mapping`: -O campaign
// and -O source as constants (the source defaults to the file's name), and
// -O kind as the sheet kind.
void apply_options(Mapping& mapping, const campaign::sdk::Options& options, const std::string& path);

// Reads a mapping file ("format": "campaign-csv-mapping", "version": 1).
// Throws campaign::sdk::Failure (invalid input) when the file cannot be read,
// is not JSON or not a mapping, or names something that is not a figure field.
Mapping read_mapping(const std::string& path);

// Turns rows of cells into figures: the header first, then one figure a row.
// Keeps references to the mapping and the sink, which must outlive it.
class Rows {
public:
  Rows(const Mapping& mapping, campaign::sdk::Sink& sink);

  // Reads the header: the field of each column, from the mapping file when
  // there is one and from the known Vietnamese and English headers
  // otherwise. Throws RowError when two columns give the same field, or when
  // a field every figure needs has neither a column nor a constant. A header
  // that names a pledge sheet (is_pledge_header, or Mapping::sheet) makes the
  // rows pledge targets, read by the pledge headers (pledge_sheet.cpp).
  void header(const std::vector<std::string>& cells, std::uint64_t line);

  bool had_header() const { return m_had_header; }
  // Returns what the header made of the sheet (figures until it is read).
  SheetKind kind() const { return m_kind; }
  // Returns the number of rows handed to the sink.
  std::uint64_t count() const { return m_count; }
  // Returns the number of columns of the header.
  std::size_t columns() const { return m_columns.size(); }
  // Returns the field read from `column` (0-based), or "" when the column is ignored or beyond the header.
  const std::string& field(std::size_t column) const;

  // Hands one data row to the sink, as a figure or, in a pledge sheet, as a
  // pledge target (after its pledge, the first time a row names that pledge;
  // see add_target). For a figure: empty cells are left out, a
  // value carries its qualifier ("trên 7.296"), dates are made ISO, and the
  // constants fill the fields no column gives. Cells beyond the header are
  // ignored and missing ones are empty. `place` (a sheet and row, say) and
  // `excerpt` go into the record's location and may be null. Throws
  // campaign::sdk::HostRefused when the core refuses the figure.
  void add(const std::vector<std::string>& cells, std::uint64_t line, const char* place = nullptr,
           const char* excerpt = nullptr);

private:
  bool has_column(std::string_view field) const;
  void pledge_header(const std::vector<std::string>& cells, std::uint64_t line);
  void add_target(const std::vector<std::string>& cells, std::uint64_t line, const char* place,
                  const char* excerpt);

  SheetKind m_kind = SheetKind::figures;
  std::map<std::string, std::string> m_pledge_labels; // the pledge's fields → its label in this import

  const Mapping& m_mapping;
  campaign::sdk::Sink& m_sink;
  bool m_had_header = false;
  std::uint64_t m_count = 0;
  std::vector<std::string> m_columns; // field of each column ("" = ignored)
  std::vector<std::string> m_values;  // converted cell text, kept for the sink call
  std::map<std::string, bool, std::less<>> m_has_column;
  int m_qualifier_column = -1;
  std::string m_qualifier_cell;
  std::vector<campaign_field> m_fields;
};

// Reads "trên 7.296", "over 7,296", "khoảng 300" into a qualifier word and
// the number's text; a cell without such a word comes back with an empty
// qualifier. The number's text is left to the core, which knows the style.
struct QualifiedNumber {
  std::string qualifier;
  std::string number;
};
QualifiedNumber split_qualifier(std::string_view cell);

// "11/08/2023" or "11/8/2023" → "2023-08-11"; "08/2023" → "2023-08"; any
// other text comes back as it is (the core checks ISO dates and periods).
std::string normalise_date(std::string_view cell);

// The lower-case form of a header for matching: ASCII letters and Đ folded,
// runs of spaces, '_' and '-' made one space, trimmed.
std::string header_key(std::string_view header);

} // namespace campaign_sheet
