#include "store/catalogue.hpp"

#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

namespace campaign::store {

namespace {
constexpr const char* k_format = "campaign-indicators";
constexpr int k_version = 1;
} // namespace

std::vector<CatalogueEntry> read_indicator_catalogue(const std::filesystem::path& file) {
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
  if (!document.is_object() || document.value("format", "") != k_format) {
    throw InvalidInput(fmt::format("{}: not an indicator catalogue (expected \"format\": \"{}\")", file.string(),
                                   k_format));
  }
  if (!document.contains("version") || document["version"] != k_version) {
    throw InvalidInput(fmt::format("{}: catalogue version {} is not supported (this campaign reads version {})",
                                   file.string(), document.value("version", nlohmann::json()).dump(), k_version));
  }
  if (!document.contains("indicators") || !document["indicators"].is_array()) {
    throw InvalidInput(fmt::format("{}: expected an \"indicators\" array", file.string()));
  }
  const RecordKind& kind = record_kind("indicator");
  std::vector<CatalogueEntry> entries;
  std::size_t index = 0;
  for (const auto& item : document["indicators"]) {
    CatalogueEntry entry;
    entry.where = fmt::format("{}: indicators[{}]", file.string(), index++);
    if (!item.is_object()) {
      throw InvalidInput(entry.where + ": expected an object");
    }
    for (const auto& [key, value] : item.items()) {
      if (!kind.field(key) || kind.field(key)->read_only) {
        throw InvalidInput(fmt::format("{}: unknown field \"{}\"", entry.where, key));
      }
      if (!value.is_string()) {
        throw InvalidInput(fmt::format("{}: field \"{}\" must be a string", entry.where, key));
      }
      entry.fields[key] = value.get<std::string>();
    }
    for (const FieldDef& field : kind.fields) {
      if (field.required && entry.fields.count(field.name) == 0) {
        throw InvalidInput(fmt::format("{}: missing field \"{}\" ({})", entry.where, field.name, field.help));
      }
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

CatalogueResult load_indicator_catalogue(Database& db, const std::vector<CatalogueEntry>& entries) {
  const RecordKind& kind = record_kind("indicator");
  Records records(db);
  CatalogueResult result;
  db.write([&] {
    for (const CatalogueEntry& entry : entries) {
      const std::string& code = entry.fields.at("code");
      sql::Statement exists(db.sql(), "SELECT 1 FROM indicators WHERE code = ?");
      exists.bind(1, code);
      if (exists.executeStep()) {
        ++result.kept;
        continue;
      }
      try {
        records.add(kind, entry.fields, domain::NumberStyle::en);
      } catch (Error& e) {
        e.add_context(fmt::format("{} ({})", entry.where, code));
        throw;
      }
      ++result.added;
    }
  });
  return result;
}

CatalogueResult load_indicator_catalogue(Database& db, const std::filesystem::path& file) {
  return load_indicator_catalogue(db, read_indicator_catalogue(file));
}

} // namespace campaign::store
