#include "renderers.hpp"

#include <type_traits>

namespace campaign::report {

namespace {

class CsvOut {
public:
  void row(const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      m_out += (i == 0 ? "" : ",") + csv_field(fields[i]);
    }
    m_out += "\r\n";
  }

  // A text field of the document: one line, and never read as a formula.
  static std::string text(const std::string& value) { return neutralise_formula(one_line(value)); }

  std::string take() { return std::move(m_out); }

private:
  std::string m_out;
};

void figure_rows(CsvOut& out, const std::string& section, const Figures& figures, const FigureItem& item,
                 const std::string& parent) {
  const std::string table = figures.id.empty() ? section : figures.id;
  out.row({CsvOut::text(section), CsvOut::text(table), CsvOut::text(item.key), CsvOut::text(item.label),
           CsvOut::text(parent), "value", plain_number(item.value.value),
           std::string(qualifier_code(item.value.qualifier)), ""});
  if (!item.measure_unit.empty()) {
    out.row({CsvOut::text(section), CsvOut::text(table), CsvOut::text(item.key), CsvOut::text(item.label),
             CsvOut::text(parent), "measure_unit", "", "", CsvOut::text(item.measure_unit)});
  }
  for (const FigureItem& subset : item.subsets) {
    figure_rows(out, section, figures, subset, item.key);
  }
}

} // namespace

std::string render_csv(const Document& document, bool bom) {
  CsvOut out;
  out.row({"section", "table", "row_key", "row", "parent", "column", "value", "qualifier", "text"});
  for (const Section& section : document.sections) {
    for (const Block& block : section.blocks) {
      if (const auto* figures = std::get_if<Figures>(&block)) {
        for (const FigureItem& item : figures->items) {
          figure_rows(out, section.id, *figures, item, "");
        }
      } else if (const auto* table = std::get_if<Table>(&block)) {
        // The nearest row above with a lower level is a row's parent ("trong đó").
        std::vector<std::string> parents;
        for (const Row& row : table->rows) {
          parents.resize(static_cast<std::size_t>(row.level));
          const std::string parent = parents.empty() ? "" : parents.back();
          const std::string label = std::visit(
            [](const auto& value) -> std::string {
              using T = std::decay_t<decltype(value)>;
              if constexpr (std::is_same_v<T, std::string>) {
                return value;
              } else if constexpr (std::is_same_v<T, Quantity>) {
                return plain_number(value.value);
              } else {
                return {};
              }
            },
            row.cells[table->label_column]);
          for (std::size_t c = 0; c < table->columns.size(); ++c) {
            if (c == table->label_column || std::holds_alternative<std::monostate>(row.cells[c])) {
              continue;
            }
            const Column& column = table->columns[c];
            std::vector<std::string> fields = {
              CsvOut::text(section.id), CsvOut::text(table->id.empty() ? section.id : table->id),
              CsvOut::text(row.key),    CsvOut::text(label),
              CsvOut::text(parent),     CsvOut::text(column.key.empty() ? column.label : column.key)};
            if (const auto* quantity = std::get_if<Quantity>(&row.cells[c])) {
              fields.push_back(plain_number(quantity->value));
              fields.emplace_back(qualifier_code(quantity->qualifier));
              fields.emplace_back();
            } else {
              fields.emplace_back();
              fields.emplace_back();
              fields.push_back(CsvOut::text(std::get<std::string>(row.cells[c])));
            }
            out.row(fields);
          }
          parents.push_back(row.key);
        }
      }
    }
  }
  return (bom ? "\xEF\xBB\xBF" : "") + out.take();
}

} // namespace campaign::report
