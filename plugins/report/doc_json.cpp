#include "doc_json.hpp"

#include <campaign/plugin.hpp>

#include <charconv>
#include <cmath>

namespace campaign::report {

std::string str(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return {};
  }
  if (it->is_string()) {
    return it->get<std::string>();
  }
  return it->dump();
}

std::optional<std::int64_t> integer(const Json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || !it->is_number()) {
    return std::nullopt;
  }
  return it->get<std::int64_t>();
}

double number(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<double>() : 0.0;
}

Doc num(double value) {
  if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

Doc quantity(const Quantity& q) {
  return Doc{{"value", num(q.value)}, {"qualifier", qualifier_code(q.qualifier)}};
}

Doc exact(double value) {
  return quantity({value, Qualifier::exact});
}

std::string brace_escape(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += c;
    if (c == '{' || c == '}') {
      out += c;
    }
  }
  return out;
}

std::string slot(std::size_t n) {
  std::string text = "{"; // built step by step: GCC 12's -Wrestrict misreads "{" + ... at -O3
  text += std::to_string(n);
  text += '}';
  return text;
}

Doc paragraph(const std::string& text, std::vector<Doc> values) {
  Doc block{{"type", "paragraph"}, {"text", text}, {"values", Doc::array()}};
  for (Doc& value : values) {
    block["values"].push_back(std::move(value));
  }
  return block;
}

Doc note(const std::string& text) {
  return Doc{{"type", "note"}, {"text", text}};
}

Doc column(const std::string& key, const std::string& label, const std::string& type) {
  return Doc{{"key", key}, {"label", label}, {"type", type}};
}

Doc section(const std::string& id, const std::string& title) {
  return Doc{{"id", id}, {"title", title}, {"blocks", Doc::array()}};
}

Doc notes_json(const std::vector<int>& ids) {
  Doc array = Doc::array();
  for (const int id : ids) {
    array.push_back(id);
  }
  return array;
}

std::optional<std::size_t> parse_units_listed(std::string_view text) {
  if (text == "all") {
    return std::nullopt;
  }
  std::size_t limit = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), limit);
  if (error != std::errc() || end != text.data() + text.size() || limit == 0) {
    throw sdk::Failure("units: '" + std::string(text) + "' is neither a whole number above 0 nor 'all'",
                       CAMPAIGN_INVALID_INPUT);
  }
  return limit;
}

std::size_t rows_listed(const std::vector<int>& ranks, std::optional<std::size_t> limit) {
  if (!limit || *limit >= ranks.size()) {
    return ranks.size();
  }
  std::size_t listed = *limit;
  const int last = ranks[listed - 1];
  while (last != 0 && listed < ranks.size() && ranks[listed] == last) {
    ++listed;
  }
  return listed;
}

Doc rows_not_listed(std::size_t listed, std::size_t total, Lang lang) {
  const char* text = lang == Lang::vi
                       ? "Bảng trên liệt kê {0} trong {1} đơn vị; {2} đơn vị còn lại không in ra "
                         "(-O units=all để liệt kê tất cả)."
                       : "The table above lists {0} of {1} units; the other {2} are left out "
                         "(-O units=all lists them all).";
  return paragraph(text, {num(static_cast<double>(listed)), num(static_cast<double>(total)),
                          num(static_cast<double>(total - listed))});
}

} // namespace campaign::report
