#include "sum_answer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace campaign::report {

namespace {

using Json = nlohmann::json;

enum class Field {
  unit, indicator, source, source_number, source_date, batch, year, month, figures, total, largest, qualifiers,
  first_from, last_to, first_id, noted, overlapping
};

constexpr std::pair<std::string_view, Field> k_fields[] = {
  {"unit", Field::unit},
  {"indicator", Field::indicator},
  {"source", Field::source},
  {"source_number", Field::source_number},
  {"source_date", Field::source_date},
  {"batch", Field::batch},
  {"year", Field::year},
  {"month", Field::month},
  {"figures", Field::figures},
  {"total", Field::total},
  {"largest", Field::largest},
  {"qualifiers", Field::qualifiers},
  {"first_from", Field::first_from},
  {"last_to", Field::last_to},
  {"first_id", Field::first_id},
  {"noted", Field::noted},
  {"overlapping", Field::overlapping},
};

// A SAX reader of the answer. Depth 1 is the answer object, 2 the arrays
// "columns" and "rows", 3 a row, 4 a row's list of qualifiers.
class Reader : public nlohmann::json_sax<Json> {
public:
  SumAnswer answer;

  bool null() override {
    if (m_depth == 1) {
      return m_key != "partial" && m_key != "grain";
    }
    if (m_in == In::rows && m_depth == 3) {
      return cell_null();
    }
    return m_in == In::other;
  }
  bool boolean(bool) override {
    return m_depth == 1 ? m_key != "partial" && m_key != "grain" : m_in == In::other;
  }
  bool number_integer(number_integer_t value) override { return number(static_cast<double>(value), true); }
  bool number_unsigned(number_unsigned_t value) override { return number(static_cast<double>(value), true); }
  bool number_float(number_float_t value, const string_t&) override { return number(value, false); }
  bool string(string_t& value) override {
    if (m_depth == 1) {
      if (m_key == "grain") {
        answer.grain = std::move(value);
        return true;
      }
      return m_key != "partial";
    }
    if (m_depth == 2 && m_in == In::columns) {
      const auto* known = std::find_if(std::begin(k_fields), std::end(k_fields),
                                       [&](const auto& field) { return field.first == value; });
      if (known == std::end(k_fields)) {
        return false;
      }
      m_fields.push_back(known->second);
      answer.columns.push_back(std::move(value));
      return true;
    }
    if (m_in != In::rows) {
      return m_in == In::other;
    }
    if (m_depth == 4) {
      answer.rows.back().qualifiers.push_back(std::move(value));
      return true;
    }
    if (m_depth != 3 || m_column >= m_fields.size()) {
      return false;
    }
    SumRow& row = answer.rows.back();
    std::string* target = nullptr;
    switch (current()) {
    case Field::unit: target = &row.unit; break;
    case Field::indicator: target = &row.indicator; break;
    case Field::source: target = &row.source; break;
    case Field::source_number: target = &row.source_number; break;
    case Field::source_date: target = &row.source_date; break;
    case Field::year: target = &row.year; break;
    case Field::month: target = &row.month; break;
    case Field::first_from: target = &row.first_from; break;
    case Field::last_to: target = &row.last_to; break;
    default: return false;
    }
    *target = std::move(value);
    ++m_column;
    return true;
  }
  bool binary(binary_t&) override { return false; }
  bool start_object(std::size_t) override {
    ++m_depth;
    return m_depth == 1 || m_in == In::other;
  }
  bool key(string_t& value) override {
    if (m_depth == 1) {
      m_key = std::move(value);
    }
    return true;
  }
  bool end_object() override {
    --m_depth;
    return true;
  }
  bool start_array(std::size_t) override {
    ++m_depth;
    if (m_depth == 2) {
      if (m_key == "columns") {
        m_in = In::columns;
      } else if (m_key == "rows") {
        m_in = In::rows;
        return !m_fields.empty(); // the columns come first
      } else {
        m_in = In::other;
      }
      return true;
    }
    if (m_in == In::rows && m_depth == 3) {
      answer.rows.emplace_back();
      m_column = 0;
      return true;
    }
    if (m_in == In::rows && m_depth == 4) {
      return m_column < m_fields.size() && current() == Field::qualifiers;
    }
    return m_in == In::other;
  }
  bool end_array() override {
    if (m_in == In::rows && m_depth == 3 && m_column != m_fields.size()) {
      return false; // a row of the wrong length
    }
    if (m_in == In::rows && m_depth == 4) {
      ++m_column;
    }
    if (m_depth == 2) {
      m_in = In::none;
    }
    --m_depth;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }

private:
  enum class In { none, columns, rows, other };

  Field current() const { return m_fields[m_column]; }

  bool number(double value, bool whole) {
    if (m_depth == 1) {
      if (m_key == "partial") {
        if (!whole) {
          return false;
        }
        answer.partial = static_cast<std::int64_t>(value);
        return true;
      }
      return m_key != "grain";
    }
    if (m_in != In::rows) {
      return m_in == In::other;
    }
    if (m_depth != 3 || m_column >= m_fields.size()) {
      return false;
    }
    SumRow& row = answer.rows.back();
    const auto count = static_cast<std::int64_t>(value);
    switch (current()) {
    case Field::batch: row.batch = count; break;
    case Field::figures: row.figures = count; break;
    case Field::total: row.total = value; break;
    case Field::largest: row.largest = value; break;
    case Field::first_id: row.first_id = count; break;
    case Field::noted: row.noted = count; break;
    case Field::overlapping: row.overlapping = count; break;
    default: return false;
    }
    ++m_column;
    return true;
  }

  bool cell_null() {
    if (m_column >= m_fields.size()) {
      return false;
    }
    switch (current()) {
    case Field::source:
    case Field::source_number:
    case Field::source_date:
    case Field::batch:
      ++m_column;
      return true;
    default:
      return false;
    }
  }

  int m_depth = 0;
  std::string m_key;
  In m_in = In::none;
  std::vector<Field> m_fields;
  std::size_t m_column = 0;
};

} // namespace

std::optional<SumAnswer> parse_sum_answer(const std::string& text) {
  Reader reader;
  if (!Json::sax_parse(text, &reader)) {
    return std::nullopt;
  }
  return std::move(reader.answer);
}

Figure figure_of_sums(SumRow&& row, Aggregation aggregation) {
  Figure sum;
  sum.unit = std::move(row.unit);
  sum.indicator = std::move(row.indicator);
  sum.source = std::move(row.source);
  sum.source_number = std::move(row.source_number);
  sum.source_date = std::move(row.source_date);
  sum.batch = row.batch;
  sum.count = row.figures;
  sum.value = aggregation == Aggregation::max ? row.largest : row.total;
  std::vector<Qualifier> qualifiers;
  for (const std::string& code : row.qualifiers) {
    qualifiers.push_back(parse_qualifier(code).value_or(Qualifier::exact));
  }
  sum.qualifier = combine(qualifiers);
  sum.from = std::move(row.first_from);
  sum.to = std::move(row.last_to);
  sum.id = row.first_id;
  return sum;
}

} // namespace campaign::report
