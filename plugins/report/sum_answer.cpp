#include "sum_answer.hpp"

#include <campaign/plugin.hpp>
#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <string_view>

namespace campaign::report {

namespace {

namespace dom = simdjson::dom;

enum class Field {
  span, unit, indicator, source, source_number, source_date, batch, year, month, figures, total, largest,
  qualifiers, first_from, last_to, first_id, noted, overlapping
};

constexpr std::pair<std::string_view, Field> k_fields[] = {
  {"span", Field::span},
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

// A whole number that fits in 64 bits, as JSON may write it (2, or 2.0).
bool whole_number(dom::element value, std::int64_t& out) {
  switch (value.type()) {
  case dom::element_type::INT64:
    out = value.get_int64().value_unsafe();
    return true;
  case dom::element_type::UINT64:
    return false; // beyond int64
  case dom::element_type::DOUBLE: {
    const double number = value.get_double().value_unsafe();
    if (number != std::floor(number) || std::fabs(number) > 9007199254740992.0) {
      return false;
    }
    out = static_cast<std::int64_t>(number);
    return true;
  }
  default:
    return false;
  }
}

bool any_number(dom::element value, double& out) {
  switch (value.type()) {
  case dom::element_type::INT64:
  case dom::element_type::UINT64:
  case dom::element_type::DOUBLE:
    return !value.get_double().get(out);
  default:
    return false;
  }
}

bool text(dom::element value, std::string& out) {
  std::string_view view;
  if (value.get_string().get(view)) {
    return false;
  }
  out.assign(view);
  return true;
}

// A text field that may be null (a figure without a source).
bool text_or_null(dom::element value, std::string& out) {
  if (value.is_null()) {
    out.clear();
    return true;
  }
  return text(value, out);
}

bool qualifier_bits(dom::element value, unsigned& out) {
  out = 0;
  dom::array codes;
  if (value.get_array().get(codes)) {
    return false;
  }
  for (dom::element code : codes) {
    std::string_view view;
    if (code.get_string().get(view)) {
      return false;
    }
    const auto qualifier = parse_qualifier(view);
    if (!qualifier) {
      return false;
    }
    out |= qualifier_bit(*qualifier);
  }
  return true;
}

bool read_cell(Field field, dom::element value, SumRow& row) {
  std::int64_t whole = 0;
  switch (field) {
  case Field::span:
    if (!whole_number(value, whole) || whole < 0) {
      return false;
    }
    row.span = static_cast<std::size_t>(whole);
    return true;
  case Field::unit: return text(value, row.unit);
  case Field::indicator: return text(value, row.indicator);
  case Field::source: return text_or_null(value, row.source);
  case Field::source_number: return text_or_null(value, row.source_number);
  case Field::source_date: return text_or_null(value, row.source_date);
  case Field::batch:
    if (value.is_null()) {
      row.batch.reset();
      return true;
    }
    if (!whole_number(value, whole)) {
      return false;
    }
    row.batch = whole;
    return true;
  case Field::year: return text(value, row.year);
  case Field::month: return text(value, row.month);
  case Field::figures: return whole_number(value, row.figures);
  case Field::total: return any_number(value, row.total);
  case Field::largest: return any_number(value, row.largest);
  case Field::qualifiers: return qualifier_bits(value, row.qualifiers);
  case Field::first_from: return text(value, row.first_from);
  case Field::last_to: return text(value, row.last_to);
  case Field::first_id: return whole_number(value, row.first_id);
  case Field::noted: return whole_number(value, row.noted);
  case Field::overlapping: return whole_number(value, row.overlapping);
  }
  return false;
}

bool read_rows(dom::element value, const std::vector<Field>& fields, const std::function<bool(const SumRow&)>& each) {
  dom::array list;
  if (value.get_array().get(list)) {
    return false;
  }
  SumRow row; // each column sets its field whole, so one row serves them all
  for (dom::element item : list) {
    dom::array cells;
    if (item.get_array().get(cells) || cells.size() != fields.size()) {
      return false; // not a row, or one of the wrong length
    }
    std::size_t column = 0;
    for (dom::element cell : cells) {
      if (!read_cell(fields[column++], cell, row)) {
        return false;
      }
    }
    if (!each(row)) {
      return false;
    }
  }
  return true;
}

bool read_partial(dom::element value, std::vector<std::int64_t>& partial) {
  std::int64_t count = 0;
  dom::array counts;
  if (!value.get_array().get(counts)) {
    for (dom::element item : counts) {
      if (!whole_number(item, count)) {
        return false;
      }
      partial.push_back(count);
    }
    return true;
  }
  if (!whole_number(value, count)) {
    return false;
  }
  partial.push_back(count);
  return true;
}

} // namespace

bool SumAnswer::whole() const {
  return !partial.empty() && std::all_of(partial.begin(), partial.end(), [](std::int64_t n) { return n == 0; });
}

bool read_sum_answer(const std::string& text, SumAnswer& answer, const std::function<bool(const SumRow&)>& each) {
  dom::parser parser;
  dom::object object;
  if (parser.parse(text).get_object().get(object)) { // copied only when the text lacks room for padding
    return false;
  }
  std::vector<Field> fields;
  for (const dom::key_value_pair field : object) {
    if (field.key == "grain") {
      if (!report::text(field.value, answer.grain)) {
        return false;
      }
    } else if (field.key == "columns") {
      dom::array names;
      if (field.value.get_array().get(names)) {
        return false;
      }
      for (dom::element name : names) {
        std::string_view view;
        if (name.get_string().get(view)) {
          return false;
        }
        const auto* known = std::find_if(std::begin(k_fields), std::end(k_fields),
                                         [&](const auto& known_field) { return known_field.first == view; });
        if (known == std::end(k_fields)) {
          return false;
        }
        fields.push_back(known->second);
        answer.columns.emplace_back(view);
      }
    } else if (field.key == "rows") {
      if (fields.empty() || !read_rows(field.value, fields, each)) {
        return false; // the columns come first
      }
    } else if (field.key == "crossing") {
      // The columns up to "figures": the span, the group's, the count.
      const auto figures = std::find(fields.begin(), fields.end(), Field::figures);
      if (figures == fields.end()) {
        return false;
      }
      const std::vector<Field> crossing_fields(fields.begin(), figures + 1);
      if (!read_rows(field.value, crossing_fields, [&answer](const SumRow& row) {
            answer.crossing.push_back(row);
            return true;
          })) {
        return false;
      }
    } else if (field.key == "fractional") {
      // The group's columns (no span) and the count.
      const auto figures = std::find(fields.begin(), fields.end(), Field::figures);
      if (figures == fields.end()) {
        return false;
      }
      std::vector<Field> fractional_fields;
      std::copy_if(fields.begin(), figures + 1, std::back_inserter(fractional_fields),
                   [](Field f) { return f != Field::span; });
      answer.fractional.emplace();
      if (!read_rows(field.value, fractional_fields, [&answer](const SumRow& row) {
            answer.fractional->push_back(row);
            return true;
          })) {
        return false;
      }
    } else if (field.key == "partial") {
      if (!read_partial(field.value, answer.partial)) {
        return false;
      }
    }
  }
  return true;
}

std::optional<SumAnswer> parse_sum_answer(const std::string& text) {
  SumAnswer answer;
  if (!read_sum_answer(text, answer, [&answer](const SumRow& row) {
        answer.rows.push_back(row);
        return true;
      })) {
    return std::nullopt;
  }
  return answer;
}

// The text fields of a figure record and where a Figure keeps them.
constexpr std::pair<std::string_view, std::string Figure::*> k_figure_texts[] = {
  {"unit", &Figure::unit},
  {"indicator", &Figure::indicator},
  {"span_from", &Figure::from},
  {"span_to", &Figure::to},
  {"source", &Figure::source},
  {"source_number", &Figure::source_number},
  {"source_date", &Figure::source_date},
  {"note", &Figure::note},
};

std::vector<Figure> figures_of_list(const std::string& text) {
  dom::parser parser;
  dom::array list;
  if (parser.parse(text).get_array().get(list)) {
    throw sdk::Failure("the host's answer to a list of figures is not a JSON array");
  }
  // A field as the report's other readers take it (doc_json.hpp's str,
  // integer and number): text, or a number's JSON; whole numbers; numbers.
  auto text_of = [](dom::element value) {
    std::string_view view;
    if (!value.get_string().get(view)) {
      return std::string(view);
    }
    return value.is_null() ? std::string() : simdjson::minify(value);
  };
  auto integer_of = [](dom::element value) -> std::optional<std::int64_t> {
    std::int64_t whole = 0;
    double number = 0;
    if (!value.get_int64().get(whole)) {
      return whole;
    }
    if (value.is_number() && !value.get_double().get(number)) {
      return static_cast<std::int64_t>(number);
    }
    return std::nullopt;
  };
  std::vector<Figure> figures;
  figures.reserve(list.size());
  for (dom::element item : list) {
    dom::object record;
    if (item.get_object().get(record)) {
      throw sdk::Failure("the host's list of figures holds something other than a figure");
    }
    Figure& figure = figures.emplace_back();
    for (const dom::key_value_pair field : record) {
      const std::string_view key = field.key;
      if (key == "id") {
        figure.id = integer_of(field.value).value_or(0);
      } else if (key == "value") {
        double value = 0;
        figure.value = field.value.is_number() && !field.value.get_double().get(value) ? value : 0.0;
      } else if (key == "qualifier") {
        figure.qualifier = parse_qualifier(text_of(field.value)).value_or(Qualifier::exact);
      } else if (key == "batch") {
        figure.batch = integer_of(field.value);
      } else {
        const auto* field_text = std::find_if(std::begin(k_figure_texts), std::end(k_figure_texts),
                                              [&](const auto& known) { return known.first == key; });
        if (field_text != std::end(k_figure_texts)) {
          figure.*(field_text->second) = text_of(field.value);
        }
      }
    }
  }
  return figures;
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
  sum.qualifier = combine_bits(row.qualifiers);
  sum.from = std::move(row.first_from);
  sum.to = std::move(row.last_to);
  sum.id = row.first_id;
  sum.sum = true;
  return sum;
}

} // namespace campaign::report
