#pragma once

// Reading an Excel workbook (.xlsx, Office Open XML): the list of sheets, the
// date system, the shared strings and the rows of one sheet. libzip opens the
// archive and expat parses each part as a stream, a chunk at a time, so a
// sheet of millions of rows is never held whole: only the shared strings
// (which text cells point into) and the row being read are in memory.
// Pure code with no plugin types.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct zip; // libzip's archive (zip_t)

namespace campaign_xlsx {

// A file that is not a workbook, or a part of one that cannot be read. The
// message names the part; cell() names the cell ("D7") when one is at fault.
// The caller adds the file and the sheet.
class WorkbookError : public std::runtime_error {
public:
  explicit WorkbookError(const std::string& message, std::string cell = "")
    : std::runtime_error(message), m_cell(std::move(cell)) {}
  const std::string& cell() const { return m_cell; }

private:
  std::string m_cell;
};

enum class CellType {
  number,           // text: the number as the XML writes it ("7296", "1.5E-3")
  text,             // a shared, inline or formula string
  boolean,          // "TRUE" or "FALSE"
  date,             // an ISO 8601 date held as text (t="d")
  error,            // text: the error value ("#N/A", "#DIV/0!")
  uncached_formula, // a formula whose result the file does not hold
};

// One cell that holds something (empty cells are left out).
struct Cell {
  std::uint32_t column = 0; // 0-based: A is 0
  CellType type = CellType::text;
  std::string text;
};

// One row of a sheet: its cells in the order of the file.
struct Row {
  std::uint64_t number = 0; // 1-based, as the sheet shows it
  std::vector<Cell> cells;
};

// Returns the letters of a 0-based column: 0 → "A", 27 → "AB".
std::string column_name(std::uint32_t column);

class Workbook {
public:
  // Opens the workbook and reads its sheet list and date system. Throws
  // WorkbookError when the file cannot be opened, is not a zip archive (an
  // .xls or an encrypted workbook is explained), is not an Excel workbook,
  // or its workbook part is broken.
  explicit Workbook(const std::string& path);
  ~Workbook();
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  // Returns the names of the sheets in the order of their tabs.
  std::vector<std::string> sheet_names() const;
  // Returns whether dates count from 1904 (workbookPr date1904) rather than 1900.
  bool date1904() const { return m_date1904; }

  // Reads the sheet named `name` (one of sheet_names()) and hands each row
  // that holds a cell to `on_row`, in the order of the file; an exception
  // thrown by `on_row` stops the reading and propagates. Throws
  // WorkbookError when the sheet is not a worksheet, its part is missing or
  // not well-formed, or a cell cannot be read (a shared string that does not
  // exist, a broken cell reference).
  void read_sheet(const std::string& name, const std::function<void(const Row&)>& on_row);

private:
  struct Sheet {
    std::string name;
    std::string relationship; // r:id
  };
  struct Relationship {
    std::string type;
    std::string part; // resolved, without a leading '/'
  };

  bool has_part(const std::string& part) const;
  std::map<std::string, Relationship> read_relationships(const std::string& rels_part,
                                                         const std::string& source_part) const;
  void read_shared_strings();

  struct ZipCloser {
    void operator()(zip* archive) const;
  };
  std::unique_ptr<zip, ZipCloser> m_zip;
  std::string m_workbook_part;
  std::vector<Sheet> m_sheets;
  std::map<std::string, Relationship> m_relationships; // of the workbook part, by id
  bool m_date1904 = false;
  bool m_strings_read = false;
  std::string m_strings;                  // every shared string, one after the other
  std::vector<std::size_t> m_string_ends; // where each ends in m_strings
};

} // namespace campaign_xlsx
