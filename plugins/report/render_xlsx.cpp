#include "renderers.hpp"

#include <campaign/plugin.hpp>
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <unistd.h>

namespace campaign::report {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_sheet_name_length = 31;
constexpr double k_max_column_width = 60;

// The code points of UTF-8 text (invalid bytes pass as themselves).
std::vector<std::string> characters(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    length = std::min(length, text.size() - i);
    out.push_back(text.substr(i, length));
    i += length;
  }
  return out;
}

std::string lower_ascii(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
  return text;
}

// A temporary file removed when it goes out of scope.
class TempFile {
public:
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern =
      std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/campaign-report-XXXXXX";
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) {
      throw sdk::Failure("xlsx: cannot create a temporary file in " + pattern.substr(0, pattern.rfind('/')));
    }
    ::close(fd);
    m_path = pattern;
  }
  ~TempFile() {
    std::error_code ec;
    fs::remove(m_path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return m_path; }

private:
  std::string m_path;
};

class Workbook {
public:
  Workbook(const std::string& path, Lang lang) : m_lang(lang) {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;
    m_book = workbook_new_opt(path.c_str(), &options);
    if (m_book == nullptr) {
      throw sdk::Failure("xlsx: cannot start a workbook");
    }
    m_bold = workbook_add_format(m_book);
    format_set_bold(m_bold);
    m_title = workbook_add_format(m_book);
    format_set_bold(m_title);
    format_set_font_size(m_title, 14);
    m_header = workbook_add_format(m_book);
    format_set_bold(m_header);
    format_set_bottom(m_header, LXW_BORDER_THIN);
    format_set_text_wrap(m_header);
    format_set_align(m_header, LXW_ALIGN_VERTICAL_TOP);
    m_italic = workbook_add_format(m_book);
    format_set_italic(m_italic);
    m_date = workbook_add_format(m_book);
    format_set_num_format(m_date, lang == Lang::vi ? "dd/mm/yyyy" : "d mmm yyyy");
  }
  ~Workbook() {
    if (m_book != nullptr) {
      workbook_close(m_book);
    }
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;

  void close() {
    const lxw_error error = workbook_close(m_book);
    m_book = nullptr;
    if (error != LXW_NO_ERROR) {
      throw sdk::Failure(std::string("xlsx: cannot write the workbook: ") + lxw_strerror(error));
    }
  }

  lxw_worksheet* sheet(const std::string& wanted) {
    std::string name;
    for (const std::string& c : characters(one_line(wanted))) {
      name += c.size() == 1 && std::string_view("[]:*?/\\").find(c[0]) != std::string_view::npos ? " " : c;
    }
    while (!name.empty() && (name.front() == '\'' || name.front() == ' ')) {
      name.erase(0, 1);
    }
    if (name.empty()) {
      name = renderer_words(m_lang).table;
    }
    std::string unique = shorten(name, k_sheet_name_length);
    for (int n = 2; m_sheet_names.count(lower_ascii(unique)) > 0; ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      unique = shorten(name, k_sheet_name_length - suffix.size()) + suffix;
    }
    while (!unique.empty() && (unique.back() == '\'' || unique.back() == ' ')) {
      unique.pop_back();
    }
    m_sheet_names.insert(lower_ascii(unique));
    lxw_worksheet* sheet = workbook_add_worksheet(m_book, unique.c_str());
    if (sheet == nullptr) {
      throw sdk::Failure("xlsx: cannot add the sheet '" + unique + "'");
    }
    return sheet;
  }

  // Text, neutralised so that it can never be read as a formula.
  void text(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& value,
            lxw_format* format = nullptr) {
    worksheet_write_string(sheet, row, col, neutralise_formula(one_line(value)).c_str(), format);
    widen(sheet, col, display_width(value));
  }

  void number(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Quantity& quantity) {
    worksheet_write_number(sheet, row, col, quantity.value, number_format(quantity));
    widen(sheet, col, display_width(format_quantity(quantity.value, quantity.qualifier, m_lang)));
  }

  void date(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& iso) {
    const std::string shown = format_date(iso, m_lang);
    if (shown == iso) {
      text(sheet, row, col, iso);
      return;
    }
    lxw_datetime when{};
    when.year = std::atoi(iso.substr(0, 4).c_str());
    when.month = std::atoi(iso.substr(5, 2).c_str());
    when.day = std::atoi(iso.substr(8, 2).c_str());
    worksheet_write_datetime(sheet, row, col, &when, m_date);
    widen(sheet, col, 12);
  }

  void finish_columns(lxw_worksheet* sheet) {
    for (const auto& [col, width] : m_widths[sheet]) {
      worksheet_set_column(sheet, col, col, std::min(k_max_column_width, static_cast<double>(width) + 2),
                           nullptr);
    }
  }

  lxw_format* bold() const { return m_bold; }
  lxw_format* title() const { return m_title; }
  lxw_format* header() const { return m_header; }
  lxw_format* italic() const { return m_italic; }

  lxw_format* indent(int level) {
    auto& format = m_indents[level];
    if (format == nullptr) {
      format = workbook_add_format(m_book);
      format_set_indent(format, static_cast<uint8_t>(std::min(level, 8)));
    }
    return format;
  }

private:
  static std::string shorten(const std::string& text, std::size_t length) {
    std::string out;
    const auto chars = characters(text);
    for (std::size_t i = 0; i < chars.size() && i < length; ++i) {
      out += chars[i];
    }
    return out;
  }

  void widen(lxw_worksheet* sheet, lxw_col_t col, std::size_t width) {
    auto& current = m_widths[sheet][col];
    current = std::max(current, width);
  }

  // "#,##0" with the qualifier's word in front: the cell stays a number.
  lxw_format* number_format(const Quantity& quantity) {
    const bool whole = quantity.value == std::floor(quantity.value);
    const std::string word(qualifier_word(quantity.qualifier, m_lang));
    const std::string code = (word.empty() ? "" : "\"" + word + " \"") + (whole ? "#,##0" : "#,##0.0#");
    auto& format = m_numbers[code];
    if (format == nullptr) {
      format = workbook_add_format(m_book);
      format_set_num_format(format, code.c_str());
    }
    return format;
  }

  Lang m_lang;
  lxw_workbook* m_book = nullptr;
  lxw_format* m_bold = nullptr;
  lxw_format* m_title = nullptr;
  lxw_format* m_header = nullptr;
  lxw_format* m_italic = nullptr;
  lxw_format* m_date = nullptr;
  std::map<std::string, lxw_format*> m_numbers;
  std::map<int, lxw_format*> m_indents;
  std::set<std::string> m_sheet_names;
  std::map<lxw_worksheet*, std::map<lxw_col_t, std::size_t>> m_widths;
};

void write_table(Workbook& book, const Table& table) {
  lxw_worksheet* sheet = book.sheet(table.title.empty() ? table.id : table.title);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    book.text(sheet, 0, static_cast<lxw_col_t>(c), table.columns[c].label, book.header());
  }
  lxw_row_t r = 1;
  for (const Row& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      const Cell& cell = row.cells[c];
      if (const auto* quantity = std::get_if<Quantity>(&cell)) {
        book.number(sheet, r, col, *quantity);
      } else if (const auto* text = std::get_if<std::string>(&cell)) {
        if (table.columns[c].type == "date") {
          book.date(sheet, r, col, *text);
        } else {
          const bool label = c == table.label_column;
          const std::string shown = label && !row.notes.empty() ? *text + " " + note_marks(row.notes) : *text;
          book.text(sheet, r, col, shown, label && row.level > 0 ? book.indent(row.level) : nullptr);
        }
      }
    }
    ++r;
  }
  worksheet_freeze_panes(sheet, 1, 0);
  if (!table.rows.empty()) {
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                         static_cast<lxw_col_t>(table.columns.size() - 1));
  }
  book.finish_columns(sheet);
}

void write_figures(Workbook& book, const Figures& figures, Lang lang, const std::string& fallback_name) {
  lxw_worksheet* sheet = book.sheet(figures.title.empty() ? fallback_name : figures.title);
  const RendererWords& words = renderer_words(lang);
  const std::string indicator = lang == Lang::vi ? "Chỉ tiêu" : "Indicator";
  const std::string value = lang == Lang::vi ? "Kết quả" : "Result";
  const std::string unit = lang == Lang::vi ? "Đơn vị tính" : "Unit of measure";
  book.text(sheet, 0, 0, indicator, book.header());
  book.text(sheet, 0, 1, value, book.header());
  book.text(sheet, 0, 2, unit, book.header());
  lxw_row_t r = 1;
  auto walk = [&](const auto& self, const FigureItem& item, int level) -> void {
    std::string label = (level > 0 ? words.of_which + ": " : "") + item.label;
    if (!item.notes.empty()) {
      label += " " + note_marks(item.notes);
    }
    book.text(sheet, r, 0, label, level > 0 ? book.indent(level) : nullptr);
    book.number(sheet, r, 1, item.value);
    book.text(sheet, r, 2, item.measure_unit);
    ++r;
    for (const FigureItem& subset : item.subsets) {
      self(self, subset, level + 1);
    }
  };
  for (const FigureItem& item : figures.items) {
    walk(walk, item, 0);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  book.finish_columns(sheet);
}

} // namespace

std::string render_xlsx(const Document& document) {
  const Lang lang = document.lang;
  const RendererWords& words = renderer_words(lang);
  TempFile file;
  {
    Workbook book(file.path(), lang);
    lxw_worksheet* front = book.sheet(lang == Lang::vi ? "Báo cáo" : "Report");
    lxw_row_t r = 0;
    book.text(front, r++, 0, document.title, book.title());
    if (!document.subtitle.empty()) {
      book.text(front, r++, 0, document.subtitle);
    }
    const auto pair = [&](const std::string& label, const std::string& value) {
      book.text(front, r, 0, label, book.bold());
      book.text(front, r++, 1, value);
    };
    if (!document.issuer.empty()) {
      pair(words.issuer, issuer_line(document));
    }
    if (document.scope) {
      pair(words.scope, scope_line(document));
    }
    if (document.period) {
      pair(words.period, period_line(document));
    }
    int number = 0;
    for (const Section& section : document.sections) {
      ++r;
      book.text(front, r++, 0, std::to_string(++number) + ". " + section.title, book.bold());
      for (const Block& block : section.blocks) {
        if (const auto* paragraph = std::get_if<Paragraph>(&block)) {
          book.text(front, r++, 0, fill(*paragraph, lang));
        } else if (const auto* note = std::get_if<Note>(&block)) {
          book.text(front, r++, 0, note->text, book.italic());
        } else if (const auto* figures = std::get_if<Figures>(&block)) {
          write_figures(book, *figures, lang, section.title);
          book.text(front, r++, 0,
                    words.table + ": " + (figures->title.empty() ? section.title : figures->title),
                    book.italic());
        } else if (const auto* table = std::get_if<Table>(&block)) {
          write_table(book, *table);
          book.text(front, r++, 0, words.table + ": " + (table->title.empty() ? table->id : table->title),
                    book.italic());
        }
      }
    }
    if (!document.footnotes.empty()) {
      ++r;
      book.text(front, r++, 0, words.footnotes, book.bold());
      for (const Footnote& footnote : document.footnotes) {
        book.text(front, r++, 0, "[" + std::to_string(footnote.id) + "] " + footnote.text);
      }
    }
    worksheet_set_column(front, 0, 0, 28, nullptr);
    book.close();
  }
  std::ifstream in(file.path(), std::ios::binary);
  std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in.good() && !in.eof()) {
    throw sdk::Failure("xlsx: cannot read back " + file.path());
  }
  return bytes;
}

} // namespace campaign::report
