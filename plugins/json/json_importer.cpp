// The "json" importer: reads the exchange format that `campaign export json`
// writes (docs/formats.md), section by section in the order records depend on
// each other. Records already stored with the same values are found, not
// added twice, so importing the same file again changes nothing.
#include <campaign/plugin.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace sdk = campaign::sdk;

namespace {

// Sections and the record kind each holds, in an order that lets every record
// refer to ones given before it.
const std::pair<const char*, const char*> k_sections[] = {
  {"indicators", "indicator"}, {"units", "unit"},     {"lineage", "lineage"}, {"campaigns", "campaign"},
  {"periods", "period"},       {"figures", "figure"}, {"pledges", "pledge"},  {"targets", "target"},
  {"awards", "award"},         {"models", "model"},   {"agreements", "agreement"},
};

// A JSON value as the text of a record field: numbers in plain digits with
// '.' for decimals, lists joined with ','.
std::string text_of(const nlohmann::json& value, const std::string& where) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float()) {
    return value.dump();
  }
  if (value.is_boolean()) {
    return value.get<bool>() ? "true" : "false";
  }
  if (value.is_array()) {
    std::string joined;
    for (const auto& item : value) {
      if (!item.is_string()) {
        throw sdk::Failure(where + ": a list holds codes (strings)", CAMPAIGN_INVALID_INPUT);
      }
      joined += (joined.empty() ? "" : ",") + item.get<std::string>();
    }
    return joined;
  }
  throw sdk::Failure(where + ": expected a string, a number or a list of codes", CAMPAIGN_INVALID_INPUT);
}

class JsonImporter : public sdk::Importer {
public:
  JsonImporter() : Importer("json", "The exchange format written by 'campaign export json'") {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options&, sdk::Sink& sink) override {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      throw sdk::Failure("cannot open " + path, CAMPAIGN_INVALID_INPUT);
    }
    nlohmann::json document;
    try {
      document = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
      throw sdk::Failure(path + ": not valid JSON (byte " + std::to_string(e.byte) + "): " + e.what(),
                         CAMPAIGN_INVALID_INPUT);
    }
    if (!document.is_object() || document.value("format", "") != "campaign-exchange") {
      throw sdk::Failure(path + ": not an exchange file (expected \"format\": \"campaign-exchange\")",
                         CAMPAIGN_INVALID_INPUT);
    }
    if (!document.contains("version") || document["version"] != 1) {
      throw sdk::Failure(path + ": exchange version " + document.value("version", nlohmann::json()).dump() +
                           " is not supported (this campaign reads version 1)",
                         CAMPAIGN_INVALID_INPUT);
    }
    for (const auto& [key, value] : document.items()) {
      const bool known = key == "format" || key == "version" || key == "campaign" ||
                         std::any_of(std::begin(k_sections), std::end(k_sections),
                                     [&](const auto& section) { return key == section.first; });
      if (!known) {
        throw sdk::Failure(path + ": unknown section \"" + key + "\"", CAMPAIGN_INVALID_INPUT);
      }
    }
    // Numbers in the exchange format are plain digits with '.' for decimals.
    sink.set_number_style("en");
    std::size_t records = 0;
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<campaign_field> c_fields;
    for (const auto& [section, kind] : k_sections) {
      if (!document.contains(section)) {
        continue;
      }
      const auto& list = document[section];
      if (!list.is_array()) {
        throw sdk::Failure(path + ": \"" + section + "\" must be a list", CAMPAIGN_INVALID_INPUT);
      }
      for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string where = std::string(section) + "[" + std::to_string(i) + "]";
        if (!list[i].is_object()) {
          throw sdk::Failure(path + ": " + where + ": expected an object", CAMPAIGN_INVALID_INPUT);
        }
        fields.clear();
        for (const auto& [name, value] : list[i].items()) {
          if (!value.is_null()) {
            fields.emplace_back(name, text_of(value, path + ": " + where + "." + name));
          }
        }
        c_fields.clear();
        for (const auto& [name, value] : fields) {
          c_fields.push_back({name.c_str(), value.c_str()});
        }
        sink.add(kind, c_fields.data(), c_fields.size(), 0, where.c_str());
        ++records;
      }
    }
    call.info(std::to_string(records) + " records read from " + path);
  }
};

} // namespace

CAMPAIGN_PLUGIN("json", "1.0.0", "Exchange format importer", JsonImporter)
