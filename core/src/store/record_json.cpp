#include "store/record_json.hpp"

#include <cmath>

namespace campaign::store {

namespace {
constexpr double k_max_exact = 9007199254740992.0; // 2^53
}

nlohmann::ordered_json to_json(const Value& value) {
  if (const auto* s = std::get_if<std::string>(&value)) {
    return *s;
  }
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    return *i;
  }
  if (const auto* d = std::get_if<double>(&value)) {
    if (std::isfinite(*d) && *d == std::floor(*d) && std::fabs(*d) <= k_max_exact) {
      return static_cast<std::int64_t>(*d);
    }
    return *d;
  }
  if (const auto* list = std::get_if<std::vector<std::string>>(&value)) {
    return *list;
  }
  return nullptr;
}

nlohmann::ordered_json to_json(const Record& record) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  object["id"] = record.id;
  for (const auto& [key, value] : record.values) {
    object[key] = to_json(value);
  }
  return object;
}

} // namespace campaign::store
