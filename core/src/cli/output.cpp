#include "cli/output.hpp"

#include "domain/number.hpp"
#include "store/record_json.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <set>

namespace campaign::cli {

namespace {

// Columns left out of list tables (still in show, JSON and CSV): long free text.
const std::set<std::string_view> k_long_fields = {
  "note", "description", "locator", "reason", "legal_basis", "document", "source", "source_number", "source_date",
};

bool is_number(const store::Value& value) {
  return std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value);
}

// The record's value for people: numbers in the language's style, a figure's
// value with its qualifier ("trên 7.296"), lists joined.
std::string display(const store::Value& value, domain::Lang lang) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    return *s;
  }
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    return domain::format_number(static_cast<double>(*i), domain::style_for(lang));
  }
  if (const auto* d = std::get_if<double>(&value)) {
    return domain::format_number(*d, domain::style_for(lang));
  }
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    std::string joined;
    for (const auto& item : *list) {
      joined += (joined.empty() ? "" : ", ") + item;
    }
    return joined;
  }
  return "";
}

// The value for machines: text as stored, lists joined with ','.
std::string plain_text(const store::Value& value) {
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    std::string joined;
    for (const auto& item : *list) {
      joined += (joined.empty() ? "" : ",") + item;
    }
    return joined;
  }
  return display(value, domain::Lang::en);
}

std::string display_field(const store::Record& record, const std::string& key, const store::Value& value,
                          domain::Lang lang) {
  if (key == "value") {
    const store::Value* qualifier = record.get("qualifier");
    const auto* d = std::get_if<double>(&value);
    if (qualifier && d && std::holds_alternative<std::string>(*qualifier)) {
      return domain::format_quantity(*d, domain::parse_qualifier(std::get<std::string>(*qualifier)), lang);
    }
  }
  if (key == "id" || key == "batch" || key == "parent" || key == "pledge") {
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      return std::to_string(*i);
    }
  }
  return display(value, lang);
}


std::vector<store::Value> record_row(const store::Record& record) {
  std::vector<store::Value> row{store::Value(record.id)};
  for (const auto& [key, value] : record.values) {
    row.push_back(value);
  }
  return row;
}

std::vector<std::string> record_header(const store::Record& record) {
  std::vector<std::string> header{"id"};
  for (const auto& [key, value] : record.values) {
    header.push_back(key);
  }
  return header;
}

// Keys of a kind's records in output order, known even when there are no records.
std::vector<std::string> kind_keys(const store::RecordKind& kind) {
  std::vector<std::string> keys{"id"};
  for (const auto& field : kind.fields) {
    keys.emplace_back(field.name);
    if (field.type == store::FieldType::source) {
      keys.push_back(std::string(field.name) + "_number");
      keys.push_back(std::string(field.name) + "_date");
    }
  }
  return keys;
}

} // namespace

void write_text_table(std::ostream& out, const TextTable& table) {
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    widths[c] = util::display_width(table.columns[c]);
    for (const auto& row : table.rows) {
      widths[c] = std::max(widths[c], util::display_width(row[c]));
    }
  }
  auto write_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      const bool right = c < table.right_aligned.size() && table.right_aligned[c];
      const bool last = c + 1 == cells.size();
      if (c > 0) {
        line += "  ";
      }
      if (right) {
        line += util::pad_left(cells[c], widths[c]);
      } else {
        line += last ? cells[c] : util::pad_right(cells[c], widths[c]);
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    out << line << '\n';
  };
  write_row(table.columns);
  std::vector<std::string> rule;
  for (std::size_t width : widths) {
    rule.emplace_back(width, '-');
  }
  write_row(rule);
  for (const auto& row : table.rows) {
    write_row(row);
  }
}

std::string csv_cell(std::string_view text, bool is_text) {
  std::string cell(text);
  if (is_text && !cell.empty() &&
      (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' ||
       cell[0] == '\r')) {
    cell.insert(cell.begin(), '\'');
  }
  if (cell.find_first_of(",\"\r\n") == std::string::npos) {
    return cell;
  }
  std::string quoted = "\"";
  for (char c : cell) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

void write_csv(std::ostream& out, const std::vector<std::string>& header,
               const std::vector<std::vector<store::Value>>& rows) {
  auto write_line = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      out << (i > 0 ? "," : "") << cells[i];
    }
    out << "\r\n";
  };
  std::vector<std::string> cells;
  for (const auto& name : header) {
    cells.push_back(csv_cell(name));
  }
  write_line(cells);
  for (const auto& row : rows) {
    cells.clear();
    for (const auto& value : row) {
      if (is_number(value)) {
        cells.push_back(store::to_json(value).dump());
      } else {
        cells.push_back(csv_cell(plain_text(value)));
      }
    }
    write_line(cells);
  }
}


void print_records(Context& context, const store::RecordKind& kind, const std::vector<store::Record>& records) {
  switch (context.format()) {
  case OutputFormat::json: {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const auto& record : records) {
      array.push_back(store::to_json(record));
    }
    context.out() << array.dump(2) << '\n';
    return;
  }
  case OutputFormat::csv: {
    std::vector<std::vector<store::Value>> rows;
    for (const auto& record : records) {
      rows.push_back(record_row(record));
    }
    write_csv(context.out(), kind_keys(kind), rows);
    return;
  }
  case OutputFormat::table:
    break;
  }
  if (records.empty()) {
    context.err() << "no " << kind.plural << '\n';
    return;
  }
  const domain::Lang lang = context.lang();
  TextTable table;
  std::vector<std::size_t> shown;
  const auto header = record_header(records.front());
  for (std::size_t i = 0; i < header.size(); ++i) {
    const bool skip = k_long_fields.count(header[i]) > 0 || (header[i] == "qualifier") ||
                      (header[i] == "id" && kind.has_code);
    if (!skip) {
      shown.push_back(i);
      table.columns.push_back(header[i]);
    }
  }
  table.right_aligned.assign(shown.size(), false);
  for (const auto& record : records) {
    const auto row = record_row(record);
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < shown.size(); ++c) {
      const std::size_t i = shown[c];
      cells.push_back(display_field(record, header[i], row[i], lang));
      if (is_number(row[i])) {
        table.right_aligned[c] = true;
      }
    }
    table.rows.push_back(std::move(cells));
  }
  write_text_table(context.out(), table);
}

void print_record(Context& context, const store::RecordKind& kind, const store::Record& record) {
  switch (context.format()) {
  case OutputFormat::json:
    context.out() << store::to_json(record).dump(2) << '\n';
    return;
  case OutputFormat::csv:
    write_csv(context.out(), kind_keys(kind), {record_row(record)});
    return;
  case OutputFormat::table:
    break;
  }
  const domain::Lang lang = context.lang();
  const auto header = record_header(record);
  const auto row = record_row(record);
  std::size_t width = 0;
  for (const auto& key : header) {
    width = std::max(width, util::display_width(key));
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "qualifier") {
      continue;
    }
    context.out() << util::pad_right(header[i], width) << "  " << display_field(record, header[i], row[i], lang)
                  << '\n';
  }
}

} // namespace campaign::cli
