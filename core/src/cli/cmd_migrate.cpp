#include "cli/commands.hpp"

#include "cli/output.hpp"
#include "store/location.hpp"
#include "store/transfer.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <ostream>

namespace campaign::cli {

namespace {

struct MigrateValues {
  std::string from;
  std::string to;
};

void print_transfer(Context& context, const std::string& from, const std::string& to,
                    const store::TransferInfo& info) {
  if (context.format() == OutputFormat::json) {
    nlohmann::ordered_json tables = nlohmann::ordered_json::object();
    for (const auto& [table, rows] : info.tables) {
      tables[table] = rows;
    }
    context.out() << nlohmann::ordered_json{{"from", from},
                                            {"to", to},
                                            {"schema_version", info.schema_version},
                                            {"tables", tables}}
                       .dump()
                  << '\n';
    return;
  }
  std::int64_t total = 0;
  for (const auto& [table, rows] : info.tables) {
    total += rows;
  }
  context.out() << "migrated " << from << " to " << to << ": " << total << " rows, schema version "
                << info.schema_version << '\n';
  TextTable table;
  table.columns = {"table", "rows"};
  table.right_aligned = {false, true};
  for (const auto& [name, rows] : info.tables) {
    table.rows.push_back({name, std::to_string(rows)});
  }
  write_text_table(context.out(), table);
}

} // namespace

void add_migrate_command(CLI::App& app, Context& context) {
  auto values = std::make_shared<MigrateValues>();
  auto* migrate = app.add_subcommand(
    "migrate", "Copy a whole campaign database to an empty one, between a SQLite file and a PostgreSQL "
               "server, either way: every record, source, revision and id as it is");
  migrate
    ->add_option("--from", values->from,
                 "the database to copy: a SQLite file or a postgresql:// URL (default: the configured database)")
    ->type_name("DB");
  migrate
    ->add_option("--to", values->to,
                 "the database to fill: a SQLite file (created when missing) or a postgresql:// URL naming an "
                 "existing, empty database; ~/.pgpass and PG* variables work as for psql")
    ->type_name("DB")
    ->required();
  migrate->callback([&context, values] {
    context.action = [&context, values] {
      const Setting from_setting = values->from.empty()
                                     ? context.database_setting()
                                     : Setting{values->from, SettingSource::command_line, "--from"};
      context.warn_if_password(from_setting);
      context.warn_if_password({values->to, SettingSource::command_line, "--to"});
      const std::string& from = from_setting.value;
      const store::TransferInfo info = store::transfer_database(from, values->to);
      print_transfer(context, store::display_location(from), store::display_location(values->to), info);
    };
  });
}

} // namespace campaign::cli
