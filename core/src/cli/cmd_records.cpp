#include "cli/commands.hpp"

#include "cli/output.hpp"
#include "store/records.hpp"
#include "util/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <ostream>

namespace campaign::cli {

namespace {

using store::FieldDef;
using store::FieldType;
using store::RawValues;
using store::RecordKind;

std::string option_name(std::string_view field) {
  std::string name(field);
  std::replace(name.begin(), name.end(), '_', '-');
  return "--" + name;
}

// Option values of one subcommand, kept until its action runs.
struct OptionValues {
  std::map<std::string, std::string> text;
  std::map<std::string, std::vector<std::string>> lists;
  std::map<std::string, CLI::Option*> options;
  std::string ref;

  // The options the user gave, as raw field values.
  RawValues given() const {
    RawValues raw;
    for (const auto& [key, option] : options) {
      if (option->count() == 0) {
        continue;
      }
      if (auto list = lists.find(key); list != lists.end()) {
        std::string joined;
        for (const auto& item : list->second) {
          joined += (joined.empty() ? "" : ",") + item;
        }
        raw[key] = joined;
      } else {
        raw[key] = text.at(key);
      }
    }
    return raw;
  }

  void add_text(CLI::App* command, const std::string& key, const std::string& help) {
    if (options.count(key) > 0) {
      return;
    }
    options[key] = command->add_option(option_name(key), text[key], help);
  }

  void add_list(CLI::App* command, const std::string& key, const std::string& help) {
    options[key] = command->add_option(option_name(key), lists[key], help)->delimiter(',');
  }
};

std::string field_help(const FieldDef& field, bool for_add) {
  std::string help(field.help);
  if (field.type == FieldType::choice) {
    std::string choices;
    for (auto choice : field.choices) {
      choices += (choices.empty() ? "" : "|") + std::string(choice);
    }
    help += " [" + choices + "]";
  }
  if (for_add && field.required) {
    help += " (required)";
  }
  if (for_add && !field.default_value.empty()) {
    help += fmt::format(" (default: {})", field.default_value);
  }
  return help;
}

// Adds an option for each settable field (add and edit).
void add_field_options(CLI::App* command, const RecordKind& kind, OptionValues& values, bool for_add) {
  for (const FieldDef& field : kind.fields) {
    if (field.read_only) {
      continue;
    }
    const std::string key(field.name);
    if (field.type == FieldType::ref_list) {
      values.add_list(command, key, field_help(field, for_add));
    } else {
      values.add_text(command, key, field_help(field, for_add) + (for_add ? "" : "; empty to clear"));
    }
    if (field.type == FieldType::source) {
      values.add_text(command, key + "_number", "number of the source document");
      values.add_text(command, key + "_date", "date of the source document (YYYY-MM-DD)");
    }
  }
  if (kind.name == "figure") {
    values.add_text(command, "period",
                    "the span as a period: a period name, 2023, 2018-2023, 2023-Q3, 2023-08 or from..to "
                    "(instead of --span-from/--span-to)");
  }
}

std::string ref_help(const RecordKind& kind) {
  if (kind.has_code) {
    return "code of the " + std::string(kind.name);
  }
  if (kind.name == "period") {
    return "name (with --campaign) or id of the period";
  }
  return "id of the " + std::string(kind.name);
}

// `--campaign` addresses a period by name in show, edit and remove.
void add_ref(CLI::App* command, const RecordKind& kind, OptionValues& values) {
  command->add_option("ref", values.ref, ref_help(kind))->required();
  if (kind.name == "period") {
    values.add_text(command, "campaign", "campaign of the period");
  }
}

RawValues context_of(const RecordKind& kind, OptionValues& values) {
  RawValues context;
  if (kind.name == "period") {
    context = values.given();
  }
  return context;
}

std::string label(const RecordKind& kind, const store::Record& record) {
  const char* key = kind.has_code ? "code" : kind.name == "period" ? "name" : nullptr;
  if (key != nullptr) {
    if (const auto* text = record.get(key); text && std::holds_alternative<std::string>(*text)) {
      return std::get<std::string>(*text);
    }
  }
  return std::to_string(record.id);
}

void report_done(Context& context, const char* verb, const RecordKind& kind, const std::string& what,
                 std::int64_t id) {
  if (context.format() == OutputFormat::json) {
    context.out() << nlohmann::ordered_json{{"action", verb}, {"kind", kind.name}, {"id", id}}.dump() << '\n';
  } else {
    context.out() << verb << ' ' << kind.name << ' ' << what << '\n';
  }
}

void add_kind_commands(CLI::App& app, Context& context, const RecordKind& kind) {
  auto* noun = app.add_subcommand(std::string(kind.name), std::string(kind.help));
  noun->require_subcommand(1);

  {
    auto values = std::make_shared<OptionValues>();
    auto* command = noun->add_subcommand("add", "Add a " + std::string(kind.name));
    add_field_options(command, kind, *values, true);
    command->callback([&context, &kind, values] {
      context.action = [&context, &kind, values] {
        store::Records records(context.database());
        const RawValues raw = values->given();
        const std::int64_t id = records.add(kind, raw, context.number_style());
        report_done(context, "added", kind, label(kind, records.get(kind, id)), id);
      };
    });
  }
  {
    auto values = std::make_shared<OptionValues>();
    auto* command = noun->add_subcommand("list", "List " + std::string(kind.plural));
    for (const FieldDef& field : kind.fields) {
      if (field.filter) {
        values->add_text(command, std::string(field.name), "only those with this " + std::string(field.name));
      }
    }
    if (kind.name == "figure") {
      values->add_text(command, "period", "only figures whose span lies inside this period");
    }
    command->callback([&context, &kind, values] {
      context.action = [&context, &kind, values] {
        store::Records records(context.database());
        print_records(context, kind, records.list(kind, values->given()));
      };
    });
  }
  {
    auto values = std::make_shared<OptionValues>();
    auto* command = noun->add_subcommand("show", "Show one " + std::string(kind.name));
    add_ref(command, kind, *values);
    command->callback([&context, &kind, values] {
      context.action = [&context, &kind, values] {
        store::Records records(context.database());
        print_record(context, kind, records.show(kind, values->ref, context_of(kind, *values)));
      };
    });
  }
  {
    auto values = std::make_shared<OptionValues>();
    auto* command = noun->add_subcommand("edit", "Change fields of one " + std::string(kind.name));
    add_ref(command, kind, *values);
    add_field_options(command, kind, *values, false);
    command->callback([&context, &kind, values] {
      context.action = [&context, &kind, values] {
        store::Records records(context.database());
        RawValues changes = values->given();
        RawValues where = context_of(kind, *values);
        if (kind.name == "period") {
          changes.erase("campaign");
        }
        if (changes.empty()) {
          throw UsageError("nothing to change: name at least one field option (see --help)");
        }
        const std::int64_t id = records.resolve(kind, values->ref, where);
        records.edit(kind, values->ref, changes, where, context.number_style());
        // Shown by id: the edit may have changed the code or name it was addressed by.
        const auto record = records.get(kind, id);
        report_done(context, "changed", kind, label(kind, record), record.id);
      };
    });
  }
  {
    auto values = std::make_shared<OptionValues>();
    auto* command = noun->add_subcommand("remove", "Remove one " + std::string(kind.name));
    add_ref(command, kind, *values);
    command->callback([&context, &kind, values] {
      context.action = [&context, &kind, values] {
        store::Records records(context.database());
        const RawValues where = context_of(kind, *values);
        const auto record = records.show(kind, values->ref, where);
        records.remove(kind, values->ref, where);
        report_done(context, "removed", kind, label(kind, record), record.id);
      };
    });
  }
}

} // namespace

void add_record_commands(CLI::App& app, Context& context, std::string_view only) {
  for (const RecordKind& kind : store::record_kinds()) {
    if (only.empty() || kind.name == only) {
      add_kind_commands(app, context, kind);
    }
  }
}

} // namespace campaign::cli
