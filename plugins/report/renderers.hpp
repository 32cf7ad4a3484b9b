#pragma once

// The renderers of the report document. Each takes only the parsed document,
// so any analysis that writes docs/report-document.md gets every format.

#include "document.hpp"

#include <string>

namespace campaign::report {

// Returns the document as terminal text: tables aligned by display width,
// numbers right-aligned; with `colour`, headings in bold and notes dimmed.
std::string render_text(const Document& document, bool colour);

// Returns the document as Markdown laid out by the Mustache template text
// (data/templates/report.md.mustache is the default).
std::string render_markdown(const Document& document, const std::string& template_text);

// Returns the document as one self-contained HTML file laid out by the
// Mustache template text (data/templates/report.html.mustache is the default):
// every text escaped, bar charts as inline SVG.
std::string render_html(const Document& document, const std::string& template_text);

// Returns the document's values as tidy CSV, one row per value (see
// docs/report-document.md), CRLF line ends, a UTF-8 BOM in front with `bom`,
// and text that a spreadsheet could take for a formula neutralised.
std::string render_csv(const Document& document, bool bom);

// Returns the document as the bytes of an XLSX workbook: a first sheet with
// the title, the header and the text, then one sheet per table with numbers
// as numbers. Throws sdk::Failure when libxlsxwriter cannot write the file.
std::string render_xlsx(const Document& document);

} // namespace campaign::report
