#include "cli/commands.hpp"

#include "cli/progress.hpp"
#include "plugin/calls.hpp"
#include "util/error.hpp"
#include "util/interrupt.hpp"
#include "util/text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <ostream>

namespace campaign::cli {

namespace {

// Thrown inside the import transaction to roll a dry run back.
struct DryRunDone {};

} // namespace

void add_import_command(CLI::App& app, Context& context) {
  struct Values {
    std::string format;
    std::vector<std::string> files;
    std::vector<std::string> options;
    bool dry_run = false;
  };
  auto values = std::make_shared<Values>();
  auto* command = app.add_subcommand(
    "import", "Read records from files with an importer plugin; all files are committed together or not at all");
  command->add_option("format", values->format, "importer name (see 'campaign plugins list')")->required();
  command->add_option("files", values->files, "files to read")->required();
  command->add_option("-O,--option", values->options, "importer option NAME=VALUE (see 'campaign plugins info')");
  command->add_flag("--dry-run", values->dry_run, "check everything, report what would be added, write nothing");
  command->callback([&context, values] {
    context.action = [&context, values] {
      plugin::PluginHost& host = context.plugins();
      const auto importer = host.importer(values->format);
      if (!importer) {
        const auto names = host.names(&plugin::PluginInfo::importers);
        throw UsageError(fmt::format("no importer '{}'{}{}", values->format,
                                     names.empty() ? "; no importer plugin was found" : "",
                                     util::did_you_mean(values->format, names)));
      }
      const plugin::OptionValues options(importer->c->options, importer->c->option_count,
                                         parse_assignments(values->options),
                                         fmt::format("importer {}", values->format));
      for (const auto& file : values->files) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec)) {
          throw InvalidInput(fmt::format("{}: no such file", file));
        }
      }
      store::Database& db = context.database();
      struct FileResult {
        std::string file;
        store::ImportCounts counts;
        std::map<std::string, std::int64_t> added_by_kind;
      };
      std::vector<FileResult> results;
      // Ctrl-C stops the importer at its next record; the transaction is rolled back.
      util::InterruptGuard interrupt_guard;
      try {
        db.write_resolved([&] {
          for (const auto& file : values->files) {
            store::ImportBatch batch(db, values->format, importer->version, file);
            plugin::RecordSink sink(batch, file);
            ImportProgress progress(context.err(), progress_wanted(context.options.quiet), file);
            sink.on_record([&progress] { progress.record(); });
            plugin::run_importer(*importer, file, options, sink);
            const store::ImportCounts counts = sink.finish();
            progress.done();
            results.push_back({file, counts, batch.added_by_kind()});
          }
          if (values->dry_run) {
            throw DryRunDone{};
          }
        });
      } catch (const DryRunDone&) {
      }
      if (context.format() == OutputFormat::json) {
        nlohmann::ordered_json files = nlohmann::ordered_json::array();
        for (const auto& result : results) {
          files.push_back({{"file", result.file},
                           {"added", result.counts.added},
                           {"revised", result.counts.revised},
                           {"skipped", result.counts.skipped},
                           {"added_by_kind", result.added_by_kind}});
        }
        context.out() << nlohmann::ordered_json{{"dry_run", values->dry_run}, {"files", files}}.dump() << '\n';
        return;
      }
      for (const auto& result : results) {
        std::string kinds;
        for (const auto& [kind, count] : result.added_by_kind) {
          kinds += (kinds.empty() ? "" : ", ") + fmt::format("{} {}", kind, count);
        }
        context.out() << result.file << ": " << (values->dry_run ? "would add " : "added ") << result.counts.added
                      << (kinds.empty() ? "" : " (" + kinds + ")") << ", revised " << result.counts.revised
                      << ", skipped " << result.counts.skipped << '\n';
      }
    };
  });
}

} // namespace campaign::cli
