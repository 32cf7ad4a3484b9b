#include "store/exchange.hpp"

#include "store/record_json.hpp"
#include "store/records.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace campaign::store {

namespace {

// Orders records so that each comes after the one its `key` field names
// (by `name_of`), keeping the original order otherwise.
std::vector<Record> parents_first(std::vector<Record> records, const char* key,
                                  const std::function<std::string(const Record&)>& name_of) {
  std::map<std::string, const Record*> by_name;
  for (const Record& record : records) {
    by_name[name_of(record)] = &record;
  }
  std::vector<Record> ordered;
  std::set<std::string> placed;
  std::function<void(const Record&, int)> place = [&](const Record& record, int depth) {
    const std::string name = name_of(record);
    if (placed.count(name) > 0 || depth > 100000) {
      return;
    }
    const Value* parent = record.get(key);
    if (parent != nullptr) {
      std::string parent_name;
      if (const auto* text = std::get_if<std::string>(parent)) {
        parent_name = *text;
      } else if (const auto* id = std::get_if<std::int64_t>(parent)) {
        parent_name = std::to_string(*id);
      }
      if (auto it = by_name.find(parent_name); it != by_name.end()) {
        place(*it->second, depth + 1);
      }
    }
    placed.insert(name);
    ordered.push_back(record);
  };
  for (const Record& record : records) {
    place(record, 0);
  }
  return ordered;
}

std::string code_of(const Record& record) {
  const Value* code = record.get("code");
  return code != nullptr && std::holds_alternative<std::string>(*code) ? std::get<std::string>(*code) : "";
}

std::string id_of(const Record& record) {
  return std::to_string(record.id);
}

// A record as an exchange object: its fields without the id, nulls left out.
nlohmann::ordered_json object_of(const Record& record) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [key, value] : record.values) {
    if (!std::holds_alternative<std::monostate>(value) && key != "batch") {
      object[key] = to_json(value);
    }
  }
  return object;
}

} // namespace

nlohmann::ordered_json export_exchange(Database& db, const std::optional<std::string>& campaign) {
  Records records(db);
  RawValues by_campaign;
  if (campaign) {
    records.resolve(record_kind("campaign"), *campaign); // refuses an unknown code
    by_campaign["campaign"] = *campaign;
  }
  nlohmann::ordered_json document;
  document["format"] = k_exchange_format;
  document["version"] = k_exchange_version;
  if (campaign) {
    document["campaign"] = *campaign;
  }

  auto section = [&](const char* name, const std::vector<Record>& list,
                     const std::function<void(const Record&, nlohmann::ordered_json&)>& adjust) {
    nlohmann::ordered_json array = nlohmann::ordered_json::array();
    for (const Record& record : list) {
      nlohmann::ordered_json object = object_of(record);
      if (adjust) {
        adjust(record, object);
      }
      array.push_back(std::move(object));
    }
    document[name] = std::move(array);
  };

  section("indicators", parents_first(records.list(record_kind("indicator")), "parent", code_of), nullptr);
  section("units", parents_first(records.list(record_kind("unit")), "parent", code_of), nullptr);
  section("lineage", records.list(record_kind("lineage")), nullptr);
  if (campaign) {
    section("campaigns", {records.show(record_kind("campaign"), *campaign)}, nullptr);
  } else {
    section("campaigns", records.list(record_kind("campaign")), nullptr);
  }
  section("periods", records.list(record_kind("period"), by_campaign), nullptr);

  // Figures: those that are parents of others carry a label "f<id>".
  std::vector<Record> figures = records.list(record_kind("figure"), by_campaign);
  std::set<std::int64_t> parents;
  for (const Record& figure : figures) {
    if (const auto* parent = std::get_if<std::int64_t>(figure.get("parent"))) {
      parents.insert(*parent);
    }
  }
  section("figures", parents_first(std::move(figures), "parent", id_of),
          [&](const Record& record, nlohmann::ordered_json& object) {
            if (parents.count(record.id) > 0) {
              object["ref"] = fmt::format("f{}", record.id);
            }
            if (object.contains("parent")) {
              object["parent"] = fmt::format("@f{}", object["parent"].get<std::int64_t>());
            }
          });

  std::vector<Record> pledges = records.list(record_kind("pledge"), by_campaign);
  std::set<std::int64_t> pledge_ids;
  for (const Record& pledge : pledges) {
    pledge_ids.insert(pledge.id);
  }
  section("pledges", pledges, [](const Record& record, nlohmann::ordered_json& object) {
    object["ref"] = fmt::format("p{}", record.id);
  });
  std::vector<Record> targets;
  for (Record& target : records.list(record_kind("target"))) {
    const auto* pledge = std::get_if<std::int64_t>(target.get("pledge"));
    if (pledge != nullptr && pledge_ids.count(*pledge) > 0) {
      targets.push_back(std::move(target));
    }
  }
  section("targets", targets, [](const Record&, nlohmann::ordered_json& object) {
    object["pledge"] = fmt::format("@p{}", object["pledge"].get<std::int64_t>());
  });
  section("awards", records.list(record_kind("award"), by_campaign), nullptr);
  section("models", records.list(record_kind("model"), by_campaign), nullptr);
  section("agreements", records.list(record_kind("agreement"), by_campaign), nullptr);
  return document;
}

} // namespace campaign::store
