#include "renderers.hpp"

#include <algorithm>

namespace campaign::report {

namespace {

constexpr std::string_view k_bold = "\x1b[1m";
constexpr std::string_view k_dim = "\x1b[2m";
constexpr std::string_view k_reset = "\x1b[0m";

class TextOut {
public:
  TextOut(Lang lang, bool colour) : m_lang(lang), m_colour(colour) {}

  void line(const std::string& text = {}) {
    std::string trimmed = text;
    while (!trimmed.empty() && trimmed.back() == ' ') {
      trimmed.pop_back();
    }
    m_out += trimmed + "\n";
  }

  std::string styled(std::string_view style, const std::string& text) const {
    return m_colour ? std::string(style) + text + std::string(k_reset) : text;
  }

  void heading(const std::string& text, char rule) {
    line(styled(k_bold, text));
    line(std::string(display_width(text), rule));
  }

  void paragraph(const Paragraph& paragraph) { line(fill(paragraph, m_lang)); }

  void note(const Note& note) { line(styled(k_dim, one_line(note.text))); }

  void figures(const Figures& figures) {
    struct Entry {
      std::string label;
      std::string value;
    };
    std::vector<Entry> entries;
    const RendererWords& words = renderer_words(m_lang);
    auto walk = [&](const auto& self, const FigureItem& item, int level) -> void {
      std::string label = std::string(static_cast<std::size_t>(2 * level), ' ');
      label += (level > 0 ? words.of_which + ": " : "") + one_line(item.label);
      std::string value = format_quantity(item.value.value, item.value.qualifier, m_lang);
      if (!item.measure_unit.empty()) {
        value += " " + one_line(item.measure_unit);
      }
      entries.push_back({label, value + (item.notes.empty() ? "" : " " + note_marks(item.notes))});
      for (const FigureItem& subset : item.subsets) {
        self(self, subset, level + 1);
      }
    };
    for (const FigureItem& item : figures.items) {
      walk(walk, item, 0);
    }
    std::size_t width = 0;
    for (const Entry& entry : entries) {
      width = std::max(width, display_width(entry.label));
    }
    if (!figures.title.empty()) {
      line(styled(k_bold, one_line(figures.title)));
    }
    for (const Entry& entry : entries) {
      line("  " + pad_right(entry.label, width) + "  " + entry.value);
    }
  }

  void table(const Table& table) {
    if (!table.title.empty()) {
      line(styled(k_bold, one_line(table.title)));
    }
    std::vector<std::vector<std::string>> cells;
    std::vector<std::size_t> widths(table.columns.size(), 0);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      widths[c] = display_width(one_line(table.columns[c].label));
    }
    for (const Row& row : table.rows) {
      std::vector<std::string> texts;
      for (std::size_t c = 0; c < table.columns.size(); ++c) {
        std::string text = one_line(cell_text(row.cells[c], table.columns[c], m_lang));
        if (c == table.label_column) {
          text = std::string(static_cast<std::size_t>(2 * row.level), ' ') + text;
          if (!row.notes.empty()) {
            text += " " + note_marks(row.notes);
          }
        }
        widths[c] = std::max(widths[c], display_width(text));
        texts.push_back(std::move(text));
      }
      cells.push_back(std::move(texts));
    }
    const auto render_row = [&](const std::vector<std::string>& texts) {
      std::string text;
      for (std::size_t c = 0; c < texts.size(); ++c) {
        text += c == 0 ? "" : "  ";
        text += table.columns[c].numeric() ? pad_left(texts[c], widths[c]) : pad_right(texts[c], widths[c]);
      }
      return text;
    };
    std::vector<std::string> header;
    std::vector<std::string> rules;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      header.push_back(one_line(table.columns[c].label));
      rules.emplace_back(widths[c], '-');
    }
    line(styled(k_bold, render_row(header)));
    line(render_row(rules));
    for (const auto& texts : cells) {
      line(render_row(texts));
    }
  }

  std::string take() { return std::move(m_out); }

private:
  Lang m_lang;
  bool m_colour;
  std::string m_out;
};

} // namespace

std::string render_text(const Document& document, bool colour) {
  TextOut out(document.lang, colour);
  const RendererWords& words = renderer_words(document.lang);
  out.heading(one_line(document.title), '=');
  if (!document.subtitle.empty()) {
    out.line(one_line(document.subtitle));
  }
  if (!document.issuer.empty()) {
    out.line(words.issuer + ": " + one_line(issuer_line(document)));
  }
  if (document.scope) {
    out.line(words.scope + ": " + one_line(scope_line(document)));
  }
  if (document.period) {
    out.line(words.period + ": " + one_line(period_line(document)));
  }
  int number = 0;
  for (const Section& section : document.sections) {
    out.line();
    out.heading(std::to_string(++number) + ". " + one_line(section.title), '-');
    for (const Block& block : section.blocks) {
      out.line();
      if (const auto* paragraph = std::get_if<Paragraph>(&block)) {
        out.paragraph(*paragraph);
      } else if (const auto* note = std::get_if<Note>(&block)) {
        out.note(*note);
      } else if (const auto* figures = std::get_if<Figures>(&block)) {
        out.figures(*figures);
      } else if (const auto* table = std::get_if<Table>(&block)) {
        out.table(*table);
      }
    }
  }
  if (!document.footnotes.empty()) {
    out.line();
    out.heading(words.footnotes, '-');
    for (const Footnote& footnote : document.footnotes) {
      out.line("[" + std::to_string(footnote.id) + "] " + one_line(footnote.text));
    }
  }
  return out.take();
}

} // namespace campaign::report
