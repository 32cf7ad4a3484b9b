#pragma once

// The report document (docs/report-document.md): what an analysis writes and
// every renderer reads. Renderers parse it once into these types, which hold
// numbers as numbers and text as written; formatting belongs to the renderer.

#include "text.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace campaign::report {

inline constexpr std::string_view k_document_format = "campaign-report";
inline constexpr int k_document_version = 1;

// A number with its qualifier: {"value": 7296, "qualifier": "at_least"}.
struct Quantity {
  double value = 0;
  Qualifier qualifier = Qualifier::exact;
};

// A table cell: empty, text (a date in a date column), or a number.
using Cell = std::variant<std::monostate, std::string, Quantity>;

struct Column {
  std::string key;
  std::string label;
  std::string type = "text"; // text, number, quantity, change, percent or date
  std::string direction;     // "higher", "lower" or empty
  bool numeric() const {
    return type == "number" || type == "quantity" || type == "change" || type == "percent";
  }
};

struct Row {
  std::string key;
  int level = 0;
  std::vector<Cell> cells;
  std::vector<int> notes;
};

struct Table {
  std::string id;
  std::string title;
  std::vector<Column> columns;
  std::vector<Row> rows;
  std::size_t label_column = 0;
  std::vector<std::size_t> chart_columns;   // columns to draw as bar charts
  std::vector<std::size_t> grouped_columns; // columns drawn side by side, one group of bars per row
  std::string chart_title;                  // the grouped chart's caption
};

// A sentence with numbered slots "{0}", "{1}" filled with formatted values.
struct Paragraph {
  std::string text;
  std::vector<Quantity> values;
};

struct FigureItem {
  std::string key;
  std::string label;
  std::string measure_unit;
  Quantity value;
  std::vector<int> notes;
  std::vector<FigureItem> subsets;
};

struct Figures {
  std::string id;
  std::string title;
  std::vector<FigureItem> items;
};

struct Note {
  std::string text;
};

using Block = std::variant<Paragraph, Figures, Table, Note>;

struct Section {
  std::string id;
  std::string title;
  std::vector<Block> blocks;
};

struct Party {
  std::string code;
  std::string name;
};

struct PeriodInfo {
  std::string name;
  std::string start;
  std::string end;
};

struct Footnote {
  int id = 0;
  std::string text;
};

struct Document {
  Lang lang = Lang::vi;
  std::string title;
  std::string subtitle;
  std::vector<Party> issuer;
  std::optional<Party> scope;
  std::optional<PeriodInfo> period;
  std::vector<Section> sections;
  std::vector<Footnote> footnotes;
};

// Returns the document read from its JSON text. The language is the
// document's own "lang", else `fallback`. Throws sdk::Failure (invalid input)
// naming the place for text that is not a campaign-report document of version
// 1 or breaks its schema; unknown keys are ignored (later minor additions).
Document parse_document(std::string_view json, Lang fallback);

// Returns the paragraph with every "{N}" replaced by its value, formatted
// for the language, and "{{" / "}}" by single braces.
std::string fill(const Paragraph& paragraph, Lang lang);

// Returns a cell as text for a reader: numbers with their qualifier in the
// language's style (a change or percent column's with a sign, a bound as
// "at least" / "at most", and a percent column's with " %": "ít nhất +12 %"),
// dates as the language writes them, empty for none.
std::string cell_text(const Cell& cell, const Column& column, Lang lang);

// Returns the words renderers add around a document's own text.
struct RendererWords {
  std::string issuer;
  std::string scope;
  std::string period;
  std::string period_dates; // "{start} – {end}" pattern, filled by period_line
  std::string footnotes;
  std::string of_which;
  std::string lower_is_better;
  std::string higher_is_better;
  std::string table;
};
const RendererWords& renderer_words(Lang lang);

// Returns "2018-2023 (01/01/2018 – 11/08/2023)" for the document's period, empty without one.
std::string period_line(const Document& document);

// Returns the issuer's names joined by "; ".
std::string issuer_line(const Document& document);

// Returns "Tỉnh Sóc Trăng (ST)" for the scope, empty without one.
std::string scope_line(const Document& document);

// Returns " [1, 2]"-style marks for footnote ids: "[1]" joined, empty without notes.
std::string note_marks(const std::vector<int>& notes);

} // namespace campaign::report
