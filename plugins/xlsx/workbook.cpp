#include "workbook.hpp"

#include <expat.h>
#include <zip.h>

#include <array>
#include <charconv>
#include <exception>
#include <fstream>
#include <memory>
#include <new>

namespace campaign_xlsx {

namespace {

// expat joins a namespace URI and a local name with this; URIs hold no space.
constexpr XML_Char k_separator = ' ';
// How much of a part is read and parsed at a time.
constexpr int k_chunk = 1 << 16;
// Excel's last column, XFD.
constexpr std::uint32_t k_max_column = 16383;
// Excel holds at most 32,767 characters in a cell; a longer one is no workbook's, and
// refusing it keeps the memory of a row bounded.
constexpr std::size_t k_max_cell_bytes = std::size_t{32767} * 4;

std::string_view local_name(std::string_view name) {
  const std::size_t cut = name.rfind(k_separator);
  return cut == std::string_view::npos ? name : name.substr(cut + 1);
}

// Returns the value of the attribute named `local`, with a namespace
// (r:id) or without one (name, Id), or null when there is none.
const XML_Char* attribute(const XML_Char** attributes, std::string_view local, bool namespaced = false) {
  for (std::size_t i = 0; attributes[i] != nullptr; i += 2) {
    const std::string_view name(attributes[i]);
    const bool has_namespace = name.find(k_separator) != std::string_view::npos;
    if (has_namespace == namespaced && local_name(name) == local) {
      return attributes[i + 1];
    }
  }
  return nullptr;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Reads "D7" into its 0-based column; false when `reference` is no cell reference.
bool reference_column(std::string_view reference, std::uint32_t& column) {
  std::uint32_t value = 0;
  std::size_t i = 0;
  for (; i < reference.size() && i < 4; ++i) {
    char c = reference[i];
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if (c < 'A' || c > 'Z') {
      break;
    }
    value = value * 26 + static_cast<std::uint32_t>(c - 'A' + 1);
  }
  if (i == 0 || value - 1 > k_max_column || i == reference.size()) {
    return false;
  }
  for (std::size_t k = i; k < reference.size(); ++k) {
    if (reference[k] < '0' || reference[k] > '9') {
      return false;
    }
  }
  column = value - 1;
  return true;
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Undoes the escapes of OOXML strings: "_x000D_" is a carriage return and
// "_x005F_" an underscore. Escapes of surrogates are left as written.
void unescape(std::string& text) {
  if (text.find("_x") == std::string::npos) {
    return;
  }
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    std::uint32_t code = 0;
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      const char* first = text.data() + i + 2;
      const auto [end, error] = std::from_chars(first, first + 4, code, 16);
      if (error == std::errc{} && end == first + 4 && (code < 0xD800 || code > 0xDFFF)) {
        append_utf8(out, code);
        i += 7;
        continue;
      }
    }
    out.push_back(text[i]);
    ++i;
  }
  text = std::move(out);
}

// What the parser of one part is told, element by element.
class XmlHandler {
public:
  virtual ~XmlHandler() = default;
  virtual void start(std::string_view name, const XML_Char** attributes) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
};

// An exception must not cross expat's C frames: it is kept, the parser is
// stopped, and parse_part() throws it again.
struct ParseState {
  XmlHandler* handler;
  XML_Parser parser;
  std::exception_ptr failure;
};

template <typename Step>
void guarded(void* data, Step&& step) {
  auto* state = static_cast<ParseState*>(data);
  if (state->failure) {
    return;
  }
  try {
    step(*state->handler);
  } catch (...) {
    state->failure = std::current_exception();
    XML_StopParser(state->parser, XML_FALSE);
  }
}

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attributes) {
  guarded(data, [&](XmlHandler& handler) { handler.start(local_name(name), attributes); });
}

void XMLCALL on_end(void* data, const XML_Char* name) {
  guarded(data, [&](XmlHandler& handler) { handler.end(local_name(name)); });
}

void XMLCALL on_text(void* data, const XML_Char* text, int length) {
  guarded(data, [&](XmlHandler& handler) {
    handler.text(std::string_view(text, static_cast<std::size_t>(length)));
  });
}

struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

struct ParserFree {
  void operator()(XML_Parser parser) const { XML_ParserFree(parser); }
};

// Streams the part through `handler`, k_chunk bytes at a time.
void parse_part(zip_t* archive, const std::string& part, XmlHandler& handler) {
  const zip_int64_t index = zip_name_locate(archive, part.c_str(), ZIP_FL_NOCASE);
  if (index < 0) {
    throw WorkbookError("the part " + part + " is missing from the workbook");
  }
  const std::unique_ptr<zip_file_t, ZipFileCloser> file(
    zip_fopen_index(archive, static_cast<zip_uint64_t>(index), 0));
  if (!file) {
    throw WorkbookError(part + ": cannot be read: " + zip_strerror(archive));
  }
  const std::unique_ptr<XML_ParserStruct, ParserFree> parser(XML_ParserCreateNS(nullptr, k_separator));
  if (!parser) {
    throw std::bad_alloc();
  }
  ParseState state{&handler, parser.get(), nullptr};
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), &on_start, &on_end);
  XML_SetCharacterDataHandler(parser.get(), &on_text);
  while (true) {
    void* buffer = XML_GetBuffer(parser.get(), k_chunk);
    if (buffer == nullptr) {
      throw std::bad_alloc();
    }
    const zip_int64_t got = zip_fread(file.get(), buffer, static_cast<zip_uint64_t>(k_chunk));
    if (got < 0) {
      throw WorkbookError(part + ": cannot be read: " + zip_file_strerror(file.get()));
    }
    const bool last = got == 0;
    const XML_Status status =
      XML_ParseBuffer(parser.get(), static_cast<int>(got), last ? XML_TRUE : XML_FALSE);
    if (state.failure) {
      std::rethrow_exception(state.failure);
    }
    if (status != XML_STATUS_OK) {
      throw WorkbookError(part + " is not well-formed XML (line " +
                          std::to_string(XML_GetCurrentLineNumber(parser.get())) +
                          "): " + XML_ErrorString(XML_GetErrorCode(parser.get())));
    }
    if (last) {
      return;
    }
  }
}

// The folder of a part, with its final '/': "xl/workbook.xml" → "xl/".
std::string folder_of(const std::string& part) {
  const std::size_t slash = part.rfind('/');
  return slash == std::string::npos ? "" : part.substr(0, slash + 1);
}

// The part a relationship's target names: relative to the source's folder,
// or to the root when it starts with '/'; "." and ".." resolved.
std::string resolve(const std::string& source_part, const std::string& target) {
  const std::string joined =
    !target.empty() && target.front() == '/' ? target.substr(1) : folder_of(source_part) + target;
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= joined.size()) {
    const std::size_t slash = std::min(joined.find('/', start), joined.size());
    const std::string segment = joined.substr(start, slash - start);
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = slash + 1;
  }
  std::string part;
  for (const std::string& segment : segments) {
    part += (part.empty() ? "" : "/") + segment;
  }
  return part;
}

class RelationshipsHandler : public XmlHandler {
public:
  struct Entry {
    std::string id;
    std::string type;
    std::string target;
  };
  std::vector<Entry> entries;

  void start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") {
      return;
    }
    const XML_Char* id = attribute(attributes, "Id");
    const XML_Char* type = attribute(attributes, "Type");
    const XML_Char* target = attribute(attributes, "Target");
    const XML_Char* mode = attribute(attributes, "TargetMode");
    if (id != nullptr && type != nullptr && target != nullptr &&
        (mode == nullptr || std::string_view(mode) != "External")) {
      entries.push_back({id, type, target});
    }
  }
  void end(std::string_view) override {}
};

class WorkbookHandler : public XmlHandler {
public:
  struct Entry {
    std::string name;
    std::string relationship;
  };
  std::vector<Entry> sheets;
  bool date1904 = false;
  std::string root;

  void start(std::string_view name, const XML_Char** attributes) override {
    if (root.empty()) {
      root = name;
    }
    if (name == "workbookPr") {
      const XML_Char* value = attribute(attributes, "date1904");
      const std::string_view flag = value != nullptr ? value : "";
      date1904 = flag == "1" || flag == "true" || flag == "on";
    } else if (name == "sheets") {
      m_in_sheets = true;
    } else if (name == "sheet" && m_in_sheets) {
      const XML_Char* sheet_name = attribute(attributes, "name");
      const XML_Char* id = attribute(attributes, "id", true);
      if (sheet_name == nullptr || id == nullptr) {
        throw WorkbookError("a sheet of the workbook has no name or no r:id");
      }
      sheets.push_back({sheet_name, id});
    }
  }
  void end(std::string_view name) override {
    if (name == "sheets") {
      m_in_sheets = false;
    }
  }

private:
  bool m_in_sheets = false;
};

class SharedStringsHandler : public XmlHandler {
public:
  SharedStringsHandler(std::string& strings, std::vector<std::size_t>& ends)
    : m_strings(strings), m_ends(ends) {}

  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      m_current.clear();
      m_in_item = true;
    } else if (name == "rPh") {
      ++m_phonetic_depth; // a reading guide above East Asian text, not part of it
    } else if (name == "t" && m_in_item && m_phonetic_depth == 0) {
      m_capture = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "t") {
      m_capture = false;
    } else if (name == "rPh") {
      --m_phonetic_depth;
    } else if (name == "si") {
      unescape(m_current);
      m_strings += m_current;
      m_ends.push_back(m_strings.size());
      m_in_item = false;
    }
  }
  void text(std::string_view data) override {
    if (!m_capture) {
      return;
    }
    if (m_current.size() + data.size() > k_max_cell_bytes) {
      throw WorkbookError("shared string " + std::to_string(m_ends.size()) +
                          " holds more than the 32,767 characters a cell can hold");
    }
    m_current.append(data);
  }

private:
  std::string& m_strings;
  std::vector<std::size_t>& m_ends;
  std::string m_current;
  bool m_in_item = false;
  bool m_capture = false;
  int m_phonetic_depth = 0;
};

class SheetHandler : public XmlHandler {
public:
  // `strings` holds the shared strings one after the other, `ends` where each ends.
  SheetHandler(const std::function<void(const Row&)>& on_row, const std::string& strings,
               const std::vector<std::size_t>& ends)
    : m_on_row(on_row), m_strings(strings), m_ends(ends) {}

  void start(std::string_view name, const XML_Char** attributes) override {
    if (name == "sheetData") {
      m_in_data = true;
    } else if (!m_in_data) {
      return;
    } else if (name == "row") {
      const XML_Char* number = attribute(attributes, "r");
      std::uint64_t value = m_row.number + 1;
      if (number != nullptr) {
        const std::string_view text(number);
        const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error != std::errc{} || end != text.data() + text.size() || value == 0) {
          throw WorkbookError("a row has the number '" + std::string(text) + "'");
        }
      }
      m_row.number = value;
      m_row.cells.clear();
      m_next_column = 0;
    } else if (name == "c") {
      const XML_Char* reference = attribute(attributes, "r");
      m_column = m_next_column;
      if (reference != nullptr && !reference_column(reference, m_column)) {
        throw WorkbookError("row " + std::to_string(m_row.number) + " has a cell named '" + reference +
                            "', which is no cell reference (such as D7) up to column XFD");
      }
      if (m_column > k_max_column) {
        throw WorkbookError("row " + std::to_string(m_row.number) + " has a cell beyond column XFD");
      }
      const XML_Char* type = attribute(attributes, "t");
      m_type = type != nullptr ? type : "n";
      m_value.clear();
      m_inline.clear();
      m_has_value = false;
      m_has_inline = false;
      m_has_formula = false;
    } else if (name == "v") {
      m_has_value = true;
      m_capture = &m_value;
    } else if (name == "f") {
      m_has_formula = true;
    } else if (name == "is") {
      m_in_inline = true;
      m_has_inline = true;
    } else if (name == "rPh") {
      ++m_phonetic_depth;
    } else if (name == "t" && m_in_inline && m_phonetic_depth == 0) {
      m_capture = &m_inline;
    }
  }

  void end(std::string_view name) override {
    if (!m_in_data) {
      return;
    }
    if (name == "v" || name == "t") {
      m_capture = nullptr;
    } else if (name == "is") {
      m_in_inline = false;
    } else if (name == "rPh") {
      --m_phonetic_depth;
    } else if (name == "c") {
      finish_cell();
      m_next_column = m_column + 1;
    } else if (name == "row") {
      if (!m_row.cells.empty()) {
        m_on_row(m_row);
      }
    } else if (name == "sheetData") {
      m_in_data = false;
    }
  }

  void text(std::string_view data) override {
    if (m_capture == nullptr) {
      return;
    }
    if (m_capture->size() + data.size() > k_max_cell_bytes) {
      throw WorkbookError("the cell holds more than the 32,767 characters a cell can hold", cell_name());
    }
    m_capture->append(data);
  }

private:
  std::string cell_name() const { return column_name(m_column) + std::to_string(m_row.number); }

  void finish_cell() {
    CellType type = CellType::number;
    std::string* text = &m_value;
    if (m_type == "s") {
      if (!m_has_value) {
        return;
      }
      std::size_t index = 0;
      const auto [end, error] = std::from_chars(m_value.data(), m_value.data() + m_value.size(), index);
      if (error != std::errc{} || end != m_value.data() + m_value.size() || index >= m_ends.size()) {
        throw WorkbookError("shared string '" + m_value + "' is not in the workbook's table of " +
                              std::to_string(m_ends.size()),
                            cell_name());
      }
      const std::size_t start = index == 0 ? 0 : m_ends[index - 1];
      m_value.assign(m_strings, start, m_ends[index] - start);
      type = CellType::text;
    } else if (m_type == "inlineStr") {
      if (m_has_inline) {
        text = &m_inline;
      }
      unescape(*text);
      type = CellType::text;
    } else if (m_type == "str") {
      unescape(m_value);
      type = CellType::text;
    } else if (m_type == "b") {
      if (m_has_value) {
        m_value = m_value == "1" || m_value == "true" ? "TRUE" : "FALSE";
      }
      type = CellType::boolean;
    } else if (m_type == "e") {
      type = CellType::error;
    } else if (m_type == "d") {
      type = CellType::date;
    } else if (m_type != "n") {
      throw WorkbookError("the cell has the unknown type t=\"" + m_type + "\"", cell_name());
    }
    if (!m_has_value && !(m_type == "inlineStr" && m_has_inline)) {
      if (!m_has_formula) {
        return; // an empty cell (with a style, say)
      }
      type = CellType::uncached_formula;
      m_value.clear();
    } else if (text->empty() ||
               (type == CellType::number && text->find_first_not_of(" \t\r\n") == std::string::npos)) {
      return;
    }
    if (m_row.cells.size() > k_max_column) {
      throw WorkbookError("row " + std::to_string(m_row.number) +
                          " has more cells than the 16,384 columns of a sheet");
    }
    Cell& cell = m_row.cells.emplace_back();
    cell.column = m_column;
    cell.type = type;
    cell.text = std::move(*text);
  }

  const std::function<void(const Row&)>& m_on_row;
  const std::string& m_strings;
  const std::vector<std::size_t>& m_ends;
  Row m_row;
  bool m_in_data = false;
  std::uint32_t m_next_column = 0;
  std::uint32_t m_column = 0;
  std::string m_type;
  std::string m_value;
  std::string m_inline;
  std::string* m_capture = nullptr;
  bool m_has_value = false;
  bool m_has_inline = false;
  bool m_has_formula = false;
  bool m_in_inline = false;
  int m_phonetic_depth = 0;
};

// The first bytes of an OLE compound file: an Excel 97-2003 workbook, or an encrypted .xlsx.
constexpr std::array<unsigned char, 8> k_ole_magic = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

bool is_ole_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 8> head{};
  if (!in.read(head.data(), head.size())) {
    return false;
  }
  for (std::size_t i = 0; i < head.size(); ++i) {
    if (static_cast<unsigned char>(head[i]) != k_ole_magic[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

std::string column_name(std::uint32_t column) {
  std::string name;
  std::uint32_t n = column + 1;
  while (n > 0) {
    const std::uint32_t digit = (n - 1) % 26;
    name.insert(name.begin(), static_cast<char>('A' + digit));
    n = (n - 1) / 26;
  }
  return name;
}

void Workbook::ZipCloser::operator()(zip* archive) const {
  zip_discard(archive);
}

Workbook::Workbook(const std::string& path) {
  int error = 0;
  m_zip.reset(zip_open(path.c_str(), ZIP_RDONLY, &error));
  if (!m_zip) {
    if (error == ZIP_ER_NOZIP && is_ole_file(path)) {
      throw WorkbookError(
        "not an .xlsx workbook: it is an Excel 97-2003 workbook (.xls) or an encrypted one; "
        "save it as .xlsx without a password");
    }
    if (error == ZIP_ER_NOZIP) {
      throw WorkbookError("not an .xlsx workbook: it is not a zip archive");
    }
    zip_error_t reason;
    zip_error_init_with_code(&reason, error);
    const std::string message = zip_error_strerror(&reason);
    zip_error_fini(&reason);
    throw WorkbookError("cannot open it: " + message);
  }

  // The main part is named by the package's relationships; xl/workbook.xml when they are absent.
  m_workbook_part = "xl/workbook.xml";
  if (has_part("_rels/.rels")) {
    for (const auto& [id, relationship] : read_relationships("_rels/.rels", "")) {
      if (ends_with(relationship.type, "/officeDocument")) {
        m_workbook_part = relationship.part;
      }
    }
  }
  if (!has_part(m_workbook_part)) {
    if (has_part("mimetype") && has_part("content.xml")) {
      throw WorkbookError("not an .xlsx workbook: it is an OpenDocument file (.ods); save it as .xlsx");
    }
    throw WorkbookError("not an Excel workbook: it is a zip archive without " + m_workbook_part);
  }
  WorkbookHandler workbook;
  parse_part(m_zip.get(), m_workbook_part, workbook);
  if (workbook.root != "workbook") {
    throw WorkbookError("not an Excel workbook: its main part " + m_workbook_part + " is a '" +
                        workbook.root + "', not a workbook");
  }
  m_date1904 = workbook.date1904;
  for (auto& entry : workbook.sheets) {
    m_sheets.push_back({std::move(entry.name), std::move(entry.relationship)});
  }
  const std::string rels = folder_of(m_workbook_part) + "_rels/" +
                           m_workbook_part.substr(folder_of(m_workbook_part).size()) + ".rels";
  if (has_part(rels)) {
    m_relationships = read_relationships(rels, m_workbook_part);
  }
}

Workbook::~Workbook() = default;

std::vector<std::string> Workbook::sheet_names() const {
  std::vector<std::string> names;
  for (const Sheet& sheet : m_sheets) {
    names.push_back(sheet.name);
  }
  return names;
}

bool Workbook::has_part(const std::string& part) const {
  return zip_name_locate(m_zip.get(), part.c_str(), ZIP_FL_NOCASE) >= 0;
}

std::map<std::string, Workbook::Relationship>
Workbook::read_relationships(const std::string& rels_part, const std::string& source_part) const {
  RelationshipsHandler handler;
  parse_part(m_zip.get(), rels_part, handler);
  std::map<std::string, Relationship> relationships;
  for (const auto& entry : handler.entries) {
    relationships[entry.id] = {entry.type, resolve(source_part, entry.target)};
  }
  return relationships;
}

void Workbook::read_shared_strings() {
  m_strings_read = true;
  for (const auto& [id, relationship] : m_relationships) {
    if (ends_with(relationship.type, "/sharedStrings") && has_part(relationship.part)) {
      SharedStringsHandler handler(m_strings, m_string_ends);
      parse_part(m_zip.get(), relationship.part, handler);
      return;
    }
  }
}

void Workbook::read_sheet(const std::string& name, const std::function<void(const Row&)>& on_row) {
  const Sheet* sheet = nullptr;
  for (const Sheet& candidate : m_sheets) {
    if (candidate.name == name) {
      sheet = &candidate;
      break;
    }
  }
  if (sheet == nullptr) {
    throw WorkbookError("there is no sheet '" + name + "'");
  }
  const auto found = m_relationships.find(sheet->relationship);
  if (found == m_relationships.end()) {
    throw WorkbookError("the sheet's part is missing (the workbook names no target for " +
                        sheet->relationship + ")");
  }
  const Relationship& relationship = found->second;
  if (!ends_with(relationship.type, "/worksheet")) {
    const std::size_t slash = relationship.type.rfind('/');
    throw WorkbookError("it is not a worksheet but a " + relationship.type.substr(slash + 1) +
                        " (a chart or a dialog holds no cells)");
  }
  if (!m_strings_read) {
    read_shared_strings();
  }
  SheetHandler handler(on_row, m_strings, m_string_ends);
  parse_part(m_zip.get(), relationship.part, handler);
}

} // namespace campaign_xlsx
