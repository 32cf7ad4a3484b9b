#include "document.hpp"

#include <campaign/plugin.hpp>
#include <nlohmann/json.hpp>

#include <cmath>

namespace campaign::report {

namespace {

using Json = nlohmann::json;

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
  throw sdk::Failure("report document: " + where + ": " + what, CAMPAIGN_INVALID_INPUT);
}

const Json& member(const Json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) {
    refuse(where, std::string("missing \"") + key + "\"");
  }
  return *it;
}

std::string text_at(const Json& value, const std::string& where) {
  if (!value.is_string()) {
    refuse(where, "expected text");
  }
  return value.get<std::string>();
}

std::string optional_text(const Json& object, const char* key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return {};
  }
  return text_at(*it, where + "/" + key);
}

const Json& array_at(const Json& object, const char* key, const std::string& where) {
  static const Json k_empty = Json::array();
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return k_empty;
  }
  if (!it->is_array()) {
    refuse(where + "/" + key, "expected an array");
  }
  return *it;
}

void expect_object(const Json& value, const std::string& where) {
  if (!value.is_object()) {
    refuse(where, "expected an object");
  }
}

double number_at(const Json& value, const std::string& where) {
  if (!value.is_number()) {
    refuse(where, "expected a number");
  }
  const double number = value.get<double>();
  if (!std::isfinite(number)) {
    refuse(where, "expected a finite number");
  }
  return number;
}

Quantity quantity_at(const Json& value, const std::string& where) {
  if (value.is_number()) {
    return {number_at(value, where), Qualifier::exact};
  }
  expect_object(value, where);
  Quantity quantity;
  quantity.value = number_at(member(value, "value", where), where + "/value");
  const std::string code = optional_text(value, "qualifier", where);
  if (!code.empty()) {
    const auto qualifier = parse_qualifier(code);
    if (!qualifier) {
      refuse(where + "/qualifier", "'" + code + "' is not exact, at_least, at_most or about");
    }
    quantity.qualifier = *qualifier;
  }
  return quantity;
}

std::vector<int> notes_at(const Json& object, const std::string& where) {
  std::vector<int> notes;
  const Json& array = array_at(object, "notes", where);
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_number_integer()) {
      refuse(where + "/notes/" + std::to_string(i), "expected a footnote id");
    }
    notes.push_back(array[i].get<int>());
  }
  return notes;
}

Cell cell_at(const Json& value, const std::string& where) {
  if (value.is_null()) {
    return std::monostate{};
  }
  if (value.is_string()) {
    return value.get<std::string>();
  }
  return quantity_at(value, where);
}

std::size_t column_index(const Json& value, std::size_t count, const std::string& where) {
  if (!value.is_number_unsigned() || value.get<std::size_t>() >= count) {
    refuse(where, "expected the index of a column (0 to " + std::to_string(count == 0 ? 0 : count - 1) + ")");
  }
  return value.get<std::size_t>();
}

Table table_at(const Json& json, const std::string& where) {
  Table table;
  table.id = optional_text(json, "id", where);
  table.title = optional_text(json, "title", where);
  const Json& columns = array_at(json, "columns", where);
  if (columns.empty()) {
    refuse(where + "/columns", "a table needs at least one column");
  }
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const std::string at = where + "/columns/" + std::to_string(i);
    expect_object(columns[i], at);
    Column column;
    column.key = optional_text(columns[i], "key", at);
    column.label = text_at(member(columns[i], "label", at), at + "/label");
    const std::string type = optional_text(columns[i], "type", at);
    if (!type.empty()) {
      if (type != "text" && type != "number" && type != "quantity" && type != "change" && type != "percent" &&
          type != "date") {
        refuse(at + "/type", "'" + type + "' is not text, number, quantity, change, percent or date");
      }
      column.type = type;
    }
    column.direction = optional_text(columns[i], "direction", at);
    table.columns.push_back(std::move(column));
  }
  const Json& rows = array_at(json, "rows", where);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string at = where + "/rows/" + std::to_string(r);
    expect_object(rows[r], at);
    Row row;
    row.key = optional_text(rows[r], "key", at);
    if (const auto level = rows[r].find("level"); level != rows[r].end()) {
      if (!level->is_number_unsigned() || level->get<int>() > 8) {
        refuse(at + "/level", "expected a level from 0 to 8");
      }
      row.level = level->get<int>();
    }
    const Json& cells = array_at(rows[r], "cells", at);
    if (cells.size() != table.columns.size()) {
      refuse(at + "/cells", "expected " + std::to_string(table.columns.size()) +
                              " cells, one per column, got " + std::to_string(cells.size()));
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
      row.cells.push_back(cell_at(cells[c], at + "/cells/" + std::to_string(c)));
    }
    row.notes = notes_at(rows[r], at);
    table.rows.push_back(std::move(row));
  }
  if (const auto label = json.find("label_column"); label != json.end()) {
    table.label_column = column_index(*label, table.columns.size(), where + "/label_column");
  }
  if (const auto chart = json.find("chart"); chart != json.end() && !chart->is_null()) {
    expect_object(*chart, where + "/chart");
    const auto columns_of = [&](const Json& values, const std::string& key, std::vector<std::size_t>& into) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string at = where + "/chart/" + key + "/" + std::to_string(i);
        const std::size_t index = column_index(values[i], table.columns.size(), at);
        if (!table.columns[index].numeric()) {
          refuse(at, "a chart needs a number or quantity column");
        }
        into.push_back(index);
      }
    };
    columns_of(array_at(*chart, "value_columns", where + "/chart"), "value_columns", table.chart_columns);
    if (const auto grouped = chart->find("grouped_columns"); grouped != chart->end() && !grouped->is_null()) {
      columns_of(array_at(*chart, "grouped_columns", where + "/chart"), "grouped_columns",
                 table.grouped_columns);
    }
    table.chart_title = optional_text(*chart, "title", where + "/chart");
  }
  return table;
}

FigureItem figure_item_at(const Json& json, const std::string& where, int depth) {
  expect_object(json, where);
  if (depth > 8) {
    refuse(where, "subsets nest deeper than 8 levels");
  }
  FigureItem item;
  item.key = optional_text(json, "key", where);
  item.label = text_at(member(json, "label", where), where + "/label");
  item.measure_unit = optional_text(json, "measure_unit", where);
  item.value = quantity_at(member(json, "value", where), where + "/value");
  item.notes = notes_at(json, where);
  const Json& subsets = array_at(json, "subsets", where);
  for (std::size_t i = 0; i < subsets.size(); ++i) {
    item.subsets.push_back(figure_item_at(subsets[i], where + "/subsets/" + std::to_string(i), depth + 1));
  }
  return item;
}

Block block_at(const Json& json, const std::string& where) {
  expect_object(json, where);
  const std::string type = text_at(member(json, "type", where), where + "/type");
  if (type == "paragraph") {
    Paragraph paragraph;
    paragraph.text = text_at(member(json, "text", where), where + "/text");
    const Json& values = array_at(json, "values", where);
    for (std::size_t i = 0; i < values.size(); ++i) {
      paragraph.values.push_back(quantity_at(values[i], where + "/values/" + std::to_string(i)));
    }
    return paragraph;
  }
  if (type == "figures") {
    Figures figures;
    figures.id = optional_text(json, "id", where);
    figures.title = optional_text(json, "title", where);
    const Json& items = array_at(json, "items", where);
    for (std::size_t i = 0; i < items.size(); ++i) {
      figures.items.push_back(figure_item_at(items[i], where + "/items/" + std::to_string(i), 0));
    }
    return figures;
  }
  if (type == "table") {
    return table_at(json, where);
  }
  if (type == "note") {
    return Note{text_at(member(json, "text", where), where + "/text")};
  }
  refuse(where + "/type", "'" + type + "' is not paragraph, figures, table or note");
}

std::optional<Party> party_at(const Json& json, const std::string& where) {
  if (json.is_null()) {
    return std::nullopt;
  }
  expect_object(json, where);
  return Party{optional_text(json, "code", where), text_at(member(json, "name", where), where + "/name")};
}

} // namespace

Document parse_document(std::string_view text, Lang fallback) {
  Json json;
  try {
    json = Json::parse(text);
  } catch (const Json::exception& e) {
    throw sdk::Failure(std::string("report document: not JSON: ") + e.what(), CAMPAIGN_INVALID_INPUT);
  }
  expect_object(json, "/");
  const std::string format = optional_text(json, "format", "");
  if (format != k_document_format) {
    refuse("/format", "expected \"" + std::string(k_document_format) + "\", got \"" + format + "\"");
  }
  const Json& version = member(json, "version", "");
  if (!version.is_number_integer() || version.get<int>() != k_document_version) {
    refuse("/version",
           "this renderer reads version " + std::to_string(k_document_version) + ", got " + version.dump());
  }
  Document document;
  const std::string lang = optional_text(json, "lang", "");
  document.lang = lang.empty() ? fallback : parse_lang(lang);
  document.title = text_at(member(json, "title", ""), "/title");
  document.subtitle = optional_text(json, "subtitle", "");
  const Json& issuer = array_at(json, "issuer", "");
  for (std::size_t i = 0; i < issuer.size(); ++i) {
    if (auto party = party_at(issuer[i], "/issuer/" + std::to_string(i))) {
      document.issuer.push_back(std::move(*party));
    }
  }
  if (const auto scope = json.find("scope"); scope != json.end()) {
    document.scope = party_at(*scope, "/scope");
  }
  if (const auto period = json.find("period"); period != json.end() && !period->is_null()) {
    expect_object(*period, "/period");
    document.period =
      PeriodInfo{optional_text(*period, "name", "/period"), optional_text(*period, "start", "/period"),
                 optional_text(*period, "end", "/period")};
  }
  const Json& sections = array_at(json, "sections", "");
  for (std::size_t s = 0; s < sections.size(); ++s) {
    const std::string at = "/sections/" + std::to_string(s);
    expect_object(sections[s], at);
    Section section;
    section.id = optional_text(sections[s], "id", at);
    section.title = text_at(member(sections[s], "title", at), at + "/title");
    const Json& blocks = array_at(sections[s], "blocks", at);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      section.blocks.push_back(block_at(blocks[b], at + "/blocks/" + std::to_string(b)));
    }
    document.sections.push_back(std::move(section));
  }
  const Json& footnotes = array_at(json, "footnotes", "");
  for (std::size_t i = 0; i < footnotes.size(); ++i) {
    const std::string at = "/footnotes/" + std::to_string(i);
    expect_object(footnotes[i], at);
    const Json& id = member(footnotes[i], "id", at);
    if (!id.is_number_integer()) {
      refuse(at + "/id", "expected a whole number");
    }
    document.footnotes.push_back({id.get<int>(), text_at(member(footnotes[i], "text", at), at + "/text")});
  }
  return document;
}

std::string fill(const Paragraph& paragraph, Lang lang) {
  const std::string& text = paragraph.text;
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c == '{') {
      const std::size_t close = text.find('}', i);
      const std::string digits = close == std::string::npos ? "" : text.substr(i + 1, close - i - 1);
      if (!digits.empty() && digits.size() < 4 &&
          digits.find_first_not_of("0123456789") == std::string::npos) {
        const auto index = static_cast<std::size_t>(std::stoul(digits));
        if (index < paragraph.values.size()) {
          out += format_quantity(paragraph.values[index].value, paragraph.values[index].qualifier, lang);
          i = close;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

std::string cell_text(const Cell& cell, const Column& column, Lang lang) {
  if (const auto* text = std::get_if<std::string>(&cell)) {
    return column.type == "date" ? format_date(*text, lang) : *text;
  }
  if (const auto* quantity = std::get_if<Quantity>(&cell)) {
    if (column.type == "change" || column.type == "percent") {
      // A bound on a change reads "at least +12 %", not "over +12 %".
      static const char* const k_words[2][4] = {{"", "ít nhất ", "nhiều nhất ", "khoảng "},
                                                {"", "at least ", "at most ", "about "}};
      const std::string number_text = format_number(quantity->value, lang);
      const bool positive = quantity->value > 0 && number_text != "0";
      return k_words[lang == Lang::vi ? 0 : 1][static_cast<int>(quantity->qualifier)] +
             std::string(positive ? "+" : "") + number_text + (column.type == "percent" ? " %" : "");
    }
    return format_quantity(quantity->value, quantity->qualifier, lang);
  }
  return {};
}

const RendererWords& renderer_words(Lang lang) {
  static const RendererWords k_vi{"Cơ quan chủ trì",    "Phạm vi",           "Kỳ báo cáo",
                                  "{start} – {end}",    "Chú thích",         "trong đó",
                                  "càng thấp càng tốt", "càng cao càng tốt", "Bảng"};
  static const RendererWords k_en{"Issued by", "Scope",    "Period",          "{start} – {end}",
                                  "Notes",     "of which", "lower is better", "higher is better",
                                  "Table"};
  return lang == Lang::vi ? k_vi : k_en;
}

std::string period_line(const Document& document) {
  if (!document.period) {
    return {};
  }
  const PeriodInfo& period = *document.period;
  std::string dates;
  if (!period.start.empty() || !period.end.empty()) {
    dates = renderer_words(document.lang).period_dates;
    dates.replace(dates.find("{start}"), 7, format_date(period.start, document.lang));
    dates.replace(dates.find("{end}"), 5, format_date(period.end, document.lang));
  }
  if (period.name.empty()) {
    return dates;
  }
  return dates.empty() ? period.name : period.name + " (" + dates + ")";
}

std::string issuer_line(const Document& document) {
  std::string line;
  for (const Party& party : document.issuer) {
    line += (line.empty() ? "" : "; ") + party.name;
  }
  return line;
}

std::string scope_line(const Document& document) {
  if (!document.scope) {
    return {};
  }
  return document.scope->code.empty() ? document.scope->name
                                      : document.scope->name + " (" + document.scope->code + ")";
}

std::string note_marks(const std::vector<int>& notes) {
  std::string marks;
  for (const int id : notes) {
    marks += "[" + std::to_string(id) + "]";
  }
  return marks;
}

} // namespace campaign::report
