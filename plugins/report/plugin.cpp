// The report plugin: the "summary", "compare" and "pledges" analyses and the renderers text, md, html,
// csv and xlsx of the report document (docs/report-document.md).
#include "analysis.hpp"
#include "compare.hpp"
#include "document.hpp"
#include "pledge_analysis.hpp"
#include "renderers.hpp"
#include "templates.hpp"

#include <campaign/plugin.hpp>

#include <cstdlib>
#include <unistd.h>

namespace sdk = campaign::sdk;

namespace campaign::report {

namespace {

const sdk::OptionDef k_lang_option{
  "lang", "string", "language for documents that do not name theirs: vi or en", std::string("vi")};

Document read(std::string_view document, const sdk::Options& options) {
  return parse_document(document, parse_lang(options.get_or("lang", "vi")));
}

// Colour only on a terminal, never with NO_COLOR set, and as the option says.
bool use_colour(const std::string& choice) {
  if (choice == "never") {
    return false;
  }
  if (choice == "always") {
    return true;
  }
  if (choice != "auto") {
    throw sdk::Failure("color: '" + choice + "' is not auto, always or never", CAMPAIGN_INVALID_INPUT);
  }
  const char* no_colour = std::getenv("NO_COLOR");
  if (no_colour != nullptr && *no_colour != '\0') {
    return false;
  }
  return ::isatty(STDOUT_FILENO) == 1;
}

class TextRenderer : public sdk::Renderer {
public:
  TextRenderer()
    : Renderer("text", "txt", "The report for the terminal: aligned tables, colour on a terminal",
               {k_lang_option,
                {"color", "string", "auto (on a terminal unless NO_COLOR is set), always or never",
                 std::string("auto")}}) {}
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    const Document parsed = read(document, options);
    out.write(render_text(parsed, use_colour(options.get_or("color", "auto"))));
  }
};

class MarkdownRenderer : public sdk::Renderer {
public:
  MarkdownRenderer()
    : Renderer("md", "md", "The report as Markdown, laid out by a Mustache template",
               {k_lang_option,
                {"template", "path", "Mustache template (default: report.md.mustache of the data folder)",
                 std::nullopt}}) {}
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    const Document parsed = read(document, options);
    out.write(render_markdown(parsed, load_template(options.get_or("template", ""), "report.md.mustache")));
  }
};

class HtmlRenderer : public sdk::Renderer {
public:
  HtmlRenderer()
    : Renderer("html", "html",
               "The report as one self-contained HTML file with SVG charts (Mustache template)",
               {k_lang_option,
                {"template", "path", "Mustache template (default: report.html.mustache of the data folder)",
                 std::nullopt}}) {}
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    const Document parsed = read(document, options);
    out.write(render_html(parsed, load_template(options.get_or("template", ""), "report.html.mustache")));
  }
};

class CsvRenderer : public sdk::Renderer {
public:
  CsvRenderer()
    : Renderer("csv", "csv",
               "The report's values as tidy CSV, one row per value, safe to open in a spreadsheet",
               {k_lang_option,
                {"bom", "boolean", "start with a UTF-8 byte order mark (for Excel)", std::string("false")}}) {
  }
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    const Document parsed = read(document, options);
    out.write(render_csv(parsed, options.get_or("bom", "false") == "true"));
  }
};

class XlsxRenderer : public sdk::Renderer {
public:
  XlsxRenderer()
    : Renderer("xlsx", "xlsx", "The report as an Excel workbook: numbers as numbers, one sheet per table",
               {k_lang_option}) {}
  void render(sdk::Call&, std::string_view document, const sdk::Options& options, sdk::Writer& out) override {
    const Document parsed = read(document, options);
    out.write(render_xlsx(parsed));
  }
};

} // namespace

} // namespace campaign::report

CAMPAIGN_PLUGIN("report", "1.0.0",
                "Summary reports, period comparisons, pledge scores and the text, md, html, csv and xlsx renderers",
                campaign::report::SummaryAnalysis, campaign::report::CompareAnalysis,
                campaign::report::PledgeAnalysis, campaign::report::TextRenderer,
                campaign::report::MarkdownRenderer, campaign::report::HtmlRenderer,
                campaign::report::CsvRenderer, campaign::report::XlsxRenderer)
