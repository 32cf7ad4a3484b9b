#include "templates.hpp"

#include <campaign/plugin.hpp>
#include <kainjow/mustache.hpp>

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>

namespace campaign::report {

namespace {

namespace fs = std::filesystem;
using kainjow::mustache::data;
using kainjow::mustache::mustache;

// Chart geometry in SVG user units.
constexpr int k_label_width = 250;
constexpr int k_bar_room = 300;
constexpr int k_value_room = 130;
constexpr int k_row_height = 22;
constexpr int k_bar_height = 15;
constexpr std::size_t k_label_columns = 34;

// Any object of this library tells dladdr which file the library was loaded from.
const int k_anchor = 0;

fs::path this_library() {
  Dl_info info{};
  if (::dladdr(&k_anchor, &info) == 0 || info.dli_fname == nullptr) {
    return {};
  }
  std::error_code ec;
  const fs::path path = fs::canonical(info.dli_fname, ec);
  return ec ? fs::path(info.dli_fname) : path;
}

data list() {
  return data(data::type::list);
}

// kainjow's set() and push_back() copy the value, and a view copied level by
// level costs more than rendering it. These insert an empty value and then
// move the real one into its slot (the containers are the data's own, not const).
void put(data& object, const std::string& name, data&& value) {
  object.set(name, data(false));
  const_cast<data&>(*object.get(name)) = std::move(value);
}

void append(data& items, data&& value) {
  items.push_back(data(false));
  const_cast<kainjow::mustache::basic_list<std::string>&>(items.list_value()).back() = std::move(value);
}

data flag(bool value) {
  return data(value);
}

data notes_view(const std::vector<int>& notes) {
  data items = list();
  for (const int id : notes) {
    data item;
    item.set("id", std::to_string(id));
    append(items, std::move(item));
  }
  return items;
}

// The label shortened to fit the chart's label area, with an ellipsis when cut.
std::string chart_label(const std::string& text) {
  if (display_width(text) <= k_label_columns) {
    return text;
  }
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = 1;
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead >= 0xF0) {
      length = 4;
    } else if (lead >= 0xE0) {
      length = 3;
    } else if (lead >= 0xC0) {
      length = 2;
    }
    const std::string next = text.substr(i, length);
    if (display_width(out + next) >= k_label_columns) {
      break;
    }
    out += next;
    i += length;
  }
  return out + "…";
}

data chart_view(const Table& table, std::size_t column, Lang lang) {
  const Column& col = table.columns[column];
  const RendererWords& words = renderer_words(lang);
  struct Bar {
    std::string label;
    double value;
    std::string text;
  };
  std::vector<Bar> bars;
  double largest = 0;
  for (const Row& row : table.rows) {
    const auto* quantity = std::get_if<Quantity>(&row.cells[column]);
    if (quantity == nullptr) {
      continue;
    }
    bars.push_back(
      {one_line(cell_text(row.cells[table.label_column], table.columns[table.label_column], lang)),
       quantity->value, cell_text(row.cells[column], col, lang)});
    largest = std::max(largest, quantity->value);
  }
  data chart;
  chart.set("title", one_line(col.label));
  chart.set("table_title", one_line(table.title));
  chart.set("lower", flag(col.direction == "lower"));
  // An empty text would still open {{#direction}}: set it only when there is one.
  if (col.direction == "lower" || col.direction == "higher") {
    chart.set("direction", col.direction == "lower" ? words.lower_is_better : words.higher_is_better);
  }
  chart.set("width", std::to_string(k_label_width + k_bar_room + k_value_room));
  chart.set("height", std::to_string(static_cast<int>(bars.size()) * k_row_height + 8));
  chart.set("label_x", std::to_string(k_label_width - 8));
  chart.set("bar_x", std::to_string(k_label_width));
  data bar_list = list();
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const int y = 4 + static_cast<int>(i) * k_row_height;
    const int width = largest > 0 && bars[i].value > 0
                        ? std::max(1, static_cast<int>(bars[i].value / largest * k_bar_room + 0.5))
                        : 0;
    data bar;
    bar.set("label", chart_label(bars[i].label));
    bar.set("full_label", bars[i].label);
    bar.set("value", bars[i].text);
    bar.set("y", std::to_string(y));
    bar.set("text_y", std::to_string(y + k_bar_height - 3));
    bar.set("height", std::to_string(k_bar_height));
    bar.set("width", std::to_string(width));
    bar.set("value_x", std::to_string(k_label_width + width + 6));
    append(bar_list, std::move(bar));
  }
  put(chart, "bars", std::move(bar_list));
  return chart;
}

// One chart of the grouped columns: per row, one bar per column, side by side
// (stacked vertically), each group scaled to its own largest value so that
// rows of different measures share the picture.
data grouped_chart_view(const Table& table, Lang lang) {
  constexpr int k_legend_height = 22;
  constexpr int k_group_gap = 10;
  const std::size_t series = table.grouped_columns.size();
  data chart;
  chart.set("title", one_line(table.chart_title.empty() ? table.title : table.chart_title));
  chart.set("table_title", one_line(table.title));
  data legend = list();
  for (std::size_t s = 0; s < series; ++s) {
    data item;
    item.set("label", one_line(table.columns[table.grouped_columns[s]].label));
    item.set("series", std::to_string(s % 4));
    item.set("x", std::to_string(k_label_width + static_cast<int>(s) * 250));
    item.set("text_x", std::to_string(k_label_width + static_cast<int>(s) * 250 + 18));
    append(legend, std::move(item));
  }
  put(chart, "legend", std::move(legend));
  chart.set("label_x", std::to_string(k_label_width - 8));
  data groups = list();
  int y = k_legend_height;
  for (const Row& row : table.rows) {
    double largest = 0;
    bool any = false;
    for (const std::size_t c : table.grouped_columns) {
      if (const auto* q = std::get_if<Quantity>(&row.cells[c])) {
        largest = std::max(largest, q->value);
        any = true;
      }
    }
    if (!any) {
      continue;
    }
    const std::string label =
      one_line(cell_text(row.cells[table.label_column], table.columns[table.label_column], lang));
    data group;
    group.set("label", chart_label(label));
    group.set("full_label", label);
    group.set("label_y", std::to_string(y + static_cast<int>(series) * k_bar_height / 2 + 4));
    data bars = list();
    for (std::size_t s = 0; s < series; ++s) {
      const std::size_t c = table.grouped_columns[s];
      const auto* q = std::get_if<Quantity>(&row.cells[c]);
      const int width = q != nullptr && largest > 0 && q->value > 0
                          ? std::max(1, static_cast<int>(q->value / largest * k_bar_room + 0.5))
                          : 0;
      data bar;
      bar.set("series", std::to_string(s % 4));
      bar.set("column", one_line(table.columns[c].label));
      bar.set("value", q != nullptr ? cell_text(row.cells[c], table.columns[c], lang) : std::string("–"));
      bar.set("x", std::to_string(k_label_width));
      bar.set("y", std::to_string(y));
      bar.set("text_y", std::to_string(y + k_bar_height - 3));
      bar.set("width", std::to_string(width));
      bar.set("height", std::to_string(k_bar_height - 2));
      bar.set("value_x", std::to_string(k_label_width + width + 6));
      append(bars, std::move(bar));
      y += k_bar_height;
    }
    put(group, "bars", std::move(bars));
    append(groups, std::move(group));
    y += k_group_gap;
  }
  put(chart, "groups", std::move(groups));
  chart.set("width", std::to_string(k_label_width + k_bar_room + k_value_room));
  chart.set("height", std::to_string(y + 4));
  return chart;
}

data table_view(const Table& table, Lang lang) {
  data view;
  view.set("is_table", flag(true));
  view.set("id", table.id);
  view.set("title", one_line(table.title));
  view.set("has_title", flag(!table.title.empty()));
  data columns = list();
  for (const Column& column : table.columns) {
    data c;
    c.set("key", column.key);
    c.set("label", one_line(column.label));
    c.set("numeric", flag(column.numeric()));
    c.set("align", column.numeric() ? "right" : "left");
    c.set("md_rule", column.numeric() ? "---:" : "---");
    append(columns, std::move(c));
  }
  put(view, "columns", std::move(columns));
  data rows = list();
  for (const Row& row : table.rows) {
    data r;
    r.set("key", row.key);
    r.set("level", std::to_string(row.level));
    data cells = list();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      data cell;
      const bool is_label = c == table.label_column;
      cell.set("text", one_line(cell_text(row.cells[c], table.columns[c], lang)));
      cell.set("numeric", flag(table.columns[c].numeric()));
      cell.set("is_label", flag(is_label));
      cell.set("empty", flag(std::holds_alternative<std::monostate>(row.cells[c])));
      std::string nbsp;
      for (int i = 0; is_label && i < row.level; ++i) {
        nbsp += "\u00A0\u00A0";
      }
      cell.set("indent", nbsp);
      if (const auto* quantity = std::get_if<Quantity>(&row.cells[c])) {
        cell.set("raw", plain_number(quantity->value));
        cell.set("qualifier", std::string(qualifier_code(quantity->qualifier)));
      }
      put(cell, "notes", is_label ? notes_view(row.notes) : list());
      cell.set("has_notes", flag(is_label && !row.notes.empty()));
      append(cells, std::move(cell));
    }
    put(r, "cells", std::move(cells));
    append(rows, std::move(r));
  }
  put(view, "rows", std::move(rows));
  data charts = list();
  for (const std::size_t column : table.chart_columns) {
    append(charts, chart_view(table, column, lang));
  }
  put(view, "charts", std::move(charts));
  view.set("has_charts", flag(!table.chart_columns.empty()));
  data grouped = list();
  if (!table.grouped_columns.empty()) {
    append(grouped, grouped_chart_view(table, lang));
  }
  put(view, "grouped_charts", std::move(grouped));
  return view;
}

data figures_view(const Figures& figures, Lang lang) {
  data view;
  view.set("is_figures", flag(true));
  view.set("id", figures.id);
  view.set("title", one_line(figures.title));
  view.set("has_title", flag(!figures.title.empty()));
  data items = list();
  const RendererWords& words = renderer_words(lang);
  auto walk = [&](const auto& self, const FigureItem& item, int level) -> void {
    data entry;
    entry.set("key", item.key);
    entry.set("label", one_line(item.label));
    entry.set("value", format_quantity(item.value.value, item.value.qualifier, lang));
    entry.set("raw", plain_number(item.value.value));
    entry.set("qualifier", std::string(qualifier_code(item.value.qualifier)));
    entry.set("measure_unit", one_line(item.measure_unit));
    entry.set("level", std::to_string(level));
    entry.set("indent", std::string(static_cast<std::size_t>(2 * level), ' '));
    entry.set("is_subset", flag(level > 0));
    entry.set("of_which", words.of_which);
    put(entry, "notes", notes_view(item.notes));
    entry.set("has_notes", flag(!item.notes.empty()));
    append(items, std::move(entry));
    for (const FigureItem& subset : item.subsets) {
      self(self, subset, level + 1);
    }
  };
  for (const FigureItem& item : figures.items) {
    walk(walk, item, 0);
  }
  put(view, "items", std::move(items));
  return view;
}

data document_view(const Document& document) {
  const Lang lang = document.lang;
  const RendererWords& words = renderer_words(lang);
  data view;
  view.set("lang", std::string(lang_code(lang)));
  view.set("is_vi", flag(lang == Lang::vi));
  view.set("is_en", flag(lang == Lang::en));
  view.set("title", one_line(document.title));
  view.set("subtitle", one_line(document.subtitle));
  view.set("has_subtitle", flag(!document.subtitle.empty()));
  data issuer = list();
  for (const Party& party : document.issuer) {
    data p;
    p.set("code", party.code);
    p.set("name", one_line(party.name));
    append(issuer, std::move(p));
  }
  put(view, "issuer", std::move(issuer));
  view.set("has_issuer", flag(!document.issuer.empty()));
  view.set("issuer_label", words.issuer);
  view.set("issuer_line", one_line(issuer_line(document)));
  view.set("has_scope", flag(document.scope.has_value()));
  view.set("scope_label", words.scope);
  view.set("scope", one_line(scope_line(document)));
  view.set("has_period", flag(document.period.has_value()));
  view.set("period_label", words.period);
  view.set("period", one_line(period_line(document)));
  data sections = list();
  int number = 0;
  for (const Section& section : document.sections) {
    data s;
    s.set("number", std::to_string(++number));
    s.set("id", section.id);
    s.set("title", one_line(section.title));
    data blocks = list();
    for (const Block& block : section.blocks) {
      if (const auto* paragraph = std::get_if<Paragraph>(&block)) {
        data b;
        b.set("is_paragraph", flag(true));
        b.set("text", fill(*paragraph, lang));
        append(blocks, std::move(b));
      } else if (const auto* note = std::get_if<Note>(&block)) {
        data b;
        b.set("is_note", flag(true));
        b.set("text", one_line(note->text));
        append(blocks, std::move(b));
      } else if (const auto* figures = std::get_if<Figures>(&block)) {
        append(blocks, figures_view(*figures, lang));
      } else if (const auto* table = std::get_if<Table>(&block)) {
        append(blocks, table_view(*table, lang));
      }
    }
    put(s, "blocks", std::move(blocks));
    append(sections, std::move(s));
  }
  put(view, "sections", std::move(sections));
  data footnotes = list();
  for (const Footnote& footnote : document.footnotes) {
    data f;
    f.set("id", std::to_string(footnote.id));
    f.set("text", one_line(footnote.text));
    append(footnotes, std::move(f));
  }
  put(view, "footnotes", std::move(footnotes));
  view.set("has_footnotes", flag(!document.footnotes.empty()));
  view.set("footnotes_label", words.footnotes);
  view.set("of_which", words.of_which);
  return view;
}

} // namespace

std::vector<fs::path> template_folders() {
  std::vector<fs::path> folders;
  if (const char* data_dir = std::getenv("CAMPAIGN_DATA_DIR"); data_dir != nullptr && *data_dir != '\0') {
    folders.push_back(fs::path(data_dir) / "templates");
  }
  const fs::path library = this_library();
  if (!library.empty()) {
    folders.push_back((library.parent_path() / REPORT_TEMPLATES_FROM_PLUGIN).lexically_normal());
  }
  folders.emplace_back(REPORT_SOURCE_TEMPLATES);
  return folders;
}

std::string load_template(const std::string& chosen, std::string_view default_name) {
  fs::path path = chosen;
  if (path.empty()) {
    std::string searched;
    for (const fs::path& folder : template_folders()) {
      std::error_code ec;
      if (fs::is_regular_file(folder / default_name, ec)) {
        path = folder / default_name;
        break;
      }
      searched += (searched.empty() ? "" : ", ") + folder.string();
    }
    if (path.empty()) {
      throw sdk::Failure("cannot find the template " + std::string(default_name) + " (looked in " + searched +
                           "); name one with -O template=FILE",
                         CAMPAIGN_FAILED);
    }
  }
  std::error_code ec;
  std::ifstream in(path, std::ios::binary);
  if (!fs::is_regular_file(path, ec) || !in) {
    throw sdk::Failure("template: cannot read " + path.string(), CAMPAIGN_INVALID_INPUT);
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    throw sdk::Failure("template: cannot read " + path.string(), CAMPAIGN_INVALID_INPUT);
  }
  return text;
}

std::string render_template(const Document& document, const std::string& template_text,
                            const std::function<std::string(const std::string&)>& escape) {
  // Templates are kept parsed: a batch renders many reports with the same few
  // (HTML and Markdown, maybe the user's own); more than eight distinct ones start again.
  static std::map<std::string, std::unique_ptr<mustache>, std::less<>> parsed;
  auto found = parsed.find(template_text);
  if (found == parsed.end()) {
    auto fresh = std::make_unique<mustache>(template_text);
    if (!fresh->is_valid()) {
      throw sdk::Failure("template: " + fresh->error_message(), CAMPAIGN_INVALID_INPUT);
    }
    if (parsed.size() >= 8) {
      parsed.clear();
    }
    found = parsed.emplace(template_text, std::move(fresh)).first;
  }
  mustache& tmpl = *found->second;
  tmpl.set_custom_escape(escape);
  return tmpl.render(document_view(document));
}

} // namespace campaign::report
