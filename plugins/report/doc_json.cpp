#include "doc_json.hpp"

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

} // namespace campaign::report
