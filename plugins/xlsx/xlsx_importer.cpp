// The "xlsx" importer: figures from Excel workbooks.
//
// One sheet is read, the first or the one named with -O sheet=NAME, with the
// headers, mapping files, constants and cell conventions of the csv importer
// (plugins/sheet). Cells keep what Excel stored: a number cell is exact
// whatever the import's number style, a date serial in a date column becomes
// an ISO date, and text cells ("trên 7.296", "11/08/2023") are read as in a
// CSV sheet. Messages name the file, the sheet and the row or cell.
#include "cell_values.hpp"
#include "sheet/sheet.hpp"
#include "workbook.hpp"

#include <campaign/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace sdk = campaign::sdk;

namespace {

// The code points of UTF-8 text, ASCII letters in lower case (for suggestions).
std::vector<std::uint32_t> folded_code_points(std::string_view text) {
  std::vector<std::uint32_t> points;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    length = std::min(length, text.size() - i);
    std::uint32_t point = length == 1 ? lead : lead & (0x3Fu >> (length - 1));
    for (std::size_t k = 1; k < length; ++k) {
      point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
    }
    if (point >= 'A' && point <= 'Z') {
      point += 'a' - 'A';
    }
    points.push_back(point);
    i += length;
  }
  return points;
}

std::size_t edit_distance(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    row[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean 'X'?" for the nearest of `names`, or "" when none is near.
std::string did_you_mean(const std::string& wanted, const std::vector<std::string>& names) {
  const std::vector<std::uint32_t> word = folded_code_points(wanted);
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::optional<std::size_t> best;
  std::size_t best_distance = limit + 1;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::size_t distance = edit_distance(word, folded_code_points(names[i]));
    if (distance < best_distance) {
      best = i;
      best_distance = distance;
    }
  }
  return best ? "; did you mean '" + names[*best] + "'?" : "";
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) {
    list += (list.empty() ? "'" : ", '") + name + "'";
  }
  return list;
}

// The lower-case, trimmed form of a number style as the user gave it.
std::string style_code(std::string_view style) {
  std::string code;
  for (const char c : style) {
    if (c != ' ' && c != '\t') {
      code.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
    }
  }
  return code;
}

// Reads the rows of one sheet into figures: the first row with a cell is
// the header, every later row with a cell in a column read is one figure.
class SheetImport {
public:
  SheetImport(const std::string& path, const std::string& sheet, bool date1904, std::string style,
              const campaign_sheet::Mapping& mapping, sdk::Sink& sink)
    : m_where(path + ": sheet '" + sheet + "'"), m_sheet(sheet), m_date1904(date1904),
      m_style(std::move(style)), m_rows(mapping, sink) {}

  const campaign_sheet::Rows& rows() const { return m_rows; }
  const std::string& where() const { return m_where; }

  void take(const campaign_xlsx::Row& row) {
    if (!m_rows.had_header()) {
      header(row);
      return;
    }
    for (const std::size_t column : m_read_columns) {
      m_cells[column].clear();
    }
    m_excerpt.clear();
    const std::string number = std::to_string(row.number);
    bool any = false;
    for (const campaign_xlsx::Cell& cell : row.cells) {
      const std::string& field = m_rows.field(cell.column);
      if (field.empty()) {
        continue; // a column the import does not read, or one beyond the header
      }
      std::string& text = m_cells[cell.column];
      text = cell_text(cell, row.number, field);
      if (text.empty()) {
        continue;
      }
      any = true;
      if (!m_excerpt.empty()) {
        m_excerpt += ", ";
      }
      m_excerpt.append(m_labels[cell.column]).append(number).append(" '").append(text).append("'");
    }
    if (!any) {
      return; // nothing in the columns read: a blank or a remark row
    }
    m_place = "sheet '" + m_sheet + "' row " + number;
    m_rows.add(m_cells, row.number, m_place.c_str(), m_excerpt.c_str());
  }

private:
  void header(const campaign_xlsx::Row& row) {
    std::size_t width = 0;
    for (const campaign_xlsx::Cell& cell : row.cells) {
      width = std::max<std::size_t>(width, cell.column + 1u);
    }
    // An error ("#REF!") or a formula without a result names no field: its column is ignored.
    std::vector<std::string> cells(width);
    for (const campaign_xlsx::Cell& cell : row.cells) {
      cells[cell.column] = cell.text;
    }
    try {
      m_rows.header(cells, row.number);
    } catch (const campaign_sheet::RowError& e) {
      throw sdk::Failure(m_where + " row " + std::to_string(e.line()) + ": " + e.detail(),
                         CAMPAIGN_INVALID_INPUT);
    }
    m_cells.assign(width, "");
    m_labels.assign(width, "");
    for (std::size_t column = 0; column < width; ++column) {
      if (!m_rows.field(column).empty()) {
        m_read_columns.push_back(column);
        m_labels[column] =
          m_rows.field(column) + " " + campaign_xlsx::column_name(static_cast<std::uint32_t>(column));
      }
    }
  }

  // The text the core gets for a cell of `field`.
  std::string cell_text(const campaign_xlsx::Cell& cell, std::uint64_t row, const std::string& field) const {
    using campaign_xlsx::CellType;
    try {
      switch (cell.type) {
      case CellType::text:
      case CellType::boolean:
        return cell.text;
      case CellType::number:
        if (campaign_sheet::is_date_field(field)) {
          return campaign_xlsx::serial_to_date(cell.text, m_date1904);
        }
        if (campaign_sheet::is_number_field(field)) {
          return campaign_xlsx::number_for_style(campaign_xlsx::plain_number(cell.text), m_style);
        }
        return campaign_xlsx::plain_number(cell.text);
      case CellType::date:
        return campaign_sheet::is_date_field(field) ? cell.text.substr(0, cell.text.find('T')) : cell.text;
      case CellType::error:
      case CellType::uncached_formula:
        break;
      }
    } catch (const std::invalid_argument& e) {
      cell_error(cell, row, field, e.what());
    }
    cell_error(cell, row, field, problem(cell));
  }

  static std::string problem(const campaign_xlsx::Cell& cell) {
    if (cell.type == campaign_xlsx::CellType::error) {
      return "the cell holds the error " + cell.text + " (correct the formula or the data it reads)";
    }
    return "the cell holds a formula without its result (the program that wrote the workbook did not compute "
           "it: open the workbook in Excel or LibreOffice Calc and save it again)";
  }

  [[noreturn]] void cell_error(const campaign_xlsx::Cell& cell, std::uint64_t row, const std::string& field,
                               const std::string& message) const {
    throw sdk::Failure(m_where + " cell " + campaign_xlsx::column_name(cell.column) + std::to_string(row) +
                         ": " + field + ": " + message,
                       CAMPAIGN_INVALID_INPUT);
  }

  std::string m_where; // "data.xlsx: sheet 'Số liệu'"
  std::string m_sheet;
  bool m_date1904;
  std::string m_style;
  campaign_sheet::Rows m_rows;
  std::vector<std::size_t> m_read_columns; // the columns that hold a field
  std::vector<std::string> m_labels;       // "unit B" for those columns, for the excerpt
  std::vector<std::string> m_cells;        // the text of the row's cells, by column
  std::string m_place;                     // "sheet 'Số liệu' row 7"
  std::string m_excerpt;                   // the cells of the row read: "unit B7 'ST', value D7 '1.234'"
};

class XlsxImporter : public sdk::Importer {
public:
  XlsxImporter()
    : Importer(
        "xlsx", "Figures from Excel workbooks (.xlsx): the first sheet or a named one, headers as for csv",
        {{"sheet", "string", "the sheet to read (default: the first)", std::nullopt},
         {"campaign", "string", "campaign code for every row (when there is no campaign column)",
          std::nullopt},
         {"mapping", "path", "mapping file: columns, constants, number style", std::nullopt},
         {"number-style", "string",
          "vi (7.296,5) or en (7,296.5) for numbers written as text; number cells are exact in any case",
          std::nullopt},
         {"kind", "string", "what a row is: auto (told by the header), figures, or pledges (one target a row)",
                 std::string("auto")},
                {"source", "string", "source document of the figures (default: the file's name)", std::nullopt}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    campaign_sheet::Mapping mapping;
    if (auto file = options.get("mapping")) {
      mapping = campaign_sheet::read_mapping(std::string(*file));
      if (mapping.encoding || mapping.delimiter) {
        call.debug("the mapping's encoding and delimiter concern CSV files; a workbook has neither");
      }
    }
    const std::string style = options.get("number-style") ? std::string(*options.get("number-style"))
                                                          : mapping.number_style.value_or("");
    if (!style.empty()) {
      sink.set_number_style(style);
    }
    campaign_sheet::apply_options(mapping, options, path);

    std::optional<campaign_xlsx::Workbook> workbook;
    try {
      workbook.emplace(path);
    } catch (const campaign_xlsx::WorkbookError& e) {
      throw sdk::Failure(path + ": " + e.what(), CAMPAIGN_INVALID_INPUT);
    }
    const std::vector<std::string> names = workbook->sheet_names();
    if (names.empty()) {
      throw sdk::Failure(path + ": the workbook has no sheet", CAMPAIGN_INVALID_INPUT);
    }
    std::string sheet = names.front();
    if (auto wanted = options.get("sheet")) {
      sheet = std::string(*wanted);
      if (std::find(names.begin(), names.end(), sheet) == names.end()) {
        throw sdk::Failure(path + " has no sheet '" + sheet + "'; its sheets are " + quoted_list(names) +
                             did_you_mean(sheet, names),
                           CAMPAIGN_INVALID_INPUT);
      }
    }

    SheetImport import(path, sheet, workbook->date1904(), style_code(style), mapping, sink);
    try {
      workbook->read_sheet(sheet, [&import](const campaign_xlsx::Row& row) { import.take(row); });
    } catch (const campaign_xlsx::WorkbookError& e) {
      const std::string cell = e.cell().empty() ? "" : " cell " + e.cell();
      throw sdk::Failure(import.where() + cell + ": " + e.what(), CAMPAIGN_INVALID_INPUT);
    }
    if (!import.rows().had_header()) {
      throw sdk::Failure(import.where() + " is empty", CAMPAIGN_INVALID_INPUT);
    }
    if (import.rows().count() == 0) {
      throw sdk::Failure(import.where() + " has a header but no rows", CAMPAIGN_INVALID_INPUT);
    }
    call.info(std::to_string(import.rows().count()) + " rows read from " + import.where());
  }
};

} // namespace

CAMPAIGN_PLUGIN("xlsx", "1.0.0", "Excel workbook importer", XlsxImporter)
