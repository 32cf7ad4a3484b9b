#include "store/catalogue.hpp"

#include "store/records.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace campaign::store {

CatalogueResult load_indicator_catalogue(Database& db, const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) {
    throw InvalidInput(fmt::format("cannot read the catalogue {}", file.string()));
  }
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw InvalidInput(fmt::format("{}: not valid JSON (byte {}): {}", file.string(), e.byte, e.what()));
  }
  if (!document.is_object() || !document.contains("indicators") || !document["indicators"].is_array()) {
    throw InvalidInput(fmt::format("{}: expected an object with an \"indicators\" array", file.string()));
  }
  const RecordKind& kind = record_kind("indicator");
  Records records(db);
  CatalogueResult result;
  db.write([&] {
    std::size_t index = 0;
    for (const auto& entry : document["indicators"]) {
      const std::string where = fmt::format("{}: indicators[{}]", file.string(), index++);
      if (!entry.is_object()) {
        throw InvalidInput(where + ": expected an object");
      }
      RawValues raw;
      for (const auto& [key, value] : entry.items()) {
        if (!kind.field(key)) {
          throw InvalidInput(fmt::format("{}: unknown field \"{}\"", where, key));
        }
        if (!value.is_string()) {
          throw InvalidInput(fmt::format("{}: field \"{}\" must be a string", where, key));
        }
        raw[key] = value.get<std::string>();
      }
      auto code = raw.find("code");
      if (code == raw.end()) {
        throw InvalidInput(where + ": missing field \"code\"");
      }
      SQLite::Statement exists(db.sql(), "SELECT 1 FROM indicators WHERE code = ?");
      exists.bind(1, code->second);
      if (exists.executeStep()) {
        ++result.kept;
        continue;
      }
      try {
        records.add(kind, raw);
      } catch (Error& e) {
        e.add_context(fmt::format("{} ({})", where, code->second));
        throw;
      }
      ++result.added;
    }
  });
  return result;
}

} // namespace campaign::store
