#include "cli/commands.hpp"

#include "store/backup.hpp"

#include <nlohmann/json.hpp>

#include <ostream>

namespace campaign::cli {

namespace {

void print_copy(Context& context, const char* action, const std::string& from, const std::string& to,
                const store::CopyInfo& info) {
  if (context.format() == OutputFormat::json) {
    context.out() << nlohmann::ordered_json{{"action", action},
                                            {"from", from},
                                            {"to", to},
                                            {"schema_version", info.schema_version},
                                            {"pages", info.pages},
                                            {"bytes", info.bytes}}
                       .dump()
                  << '\n';
    return;
  }
  context.out() << action << ' ' << from << " to " << to << ": " << info.pages << " pages, schema version "
                << info.schema_version << '\n';
}

} // namespace

void add_backup_commands(CLI::App& app, Context& context) {
  auto target = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
    "backup", "Copy the database into a new file, consistently, even while other processes write to it");
  backup->add_option("file", *target, "the backup file to write (must not exist)")->required();
  backup->callback([&context, target] {
    context.action = [&context, target] {
      store::Database& db = context.database();
      const store::CopyInfo info = store::backup_database(db, *target);
      print_copy(context, "backed up", db.path().string(), *target, info);
    };
  });

  auto source = std::make_shared<std::string>();
  auto* restore = app.add_subcommand(
    "restore",
    "Replace the whole database with a backup file (checked first: a campaign database of a schema "
    "this campaign knows, undamaged)");
  restore->add_option("file", *source, "the backup file to read")->required();
  restore->callback([&context, source] {
    context.action = [&context, source] {
      const auto path = context.database_path();
      const store::CopyInfo info = store::restore_database(*source, path);
      print_copy(context, "restored", *source, path.string(), info);
    };
  });
}

} // namespace campaign::cli
