#include "test_backend.hpp"
#include "plugin/calls.hpp"
#include "plugin/host.hpp"
#include "store/catalogue.hpp"
#include "store/database.hpp"
#include "store/records.hpp"
#include "util/error.hpp"
#include "util/paths.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace campaign;

namespace {

const fs::path k_plugins = CAMPAIGN_TEST_PLUGIN_DIR;

// A folder holding copies of the named test plugins, removed at the end.
struct PluginFolder {
  fs::path path;
  explicit PluginFolder(std::initializer_list<const char*> names) {
    static int counter = 0;
    path = fs::temp_directory_path() / ("campaign-plugins-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter++));
    fs::remove_all(path);
    fs::create_directories(path);
    fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
    for (const char* name : names) {
      fs::copy_file(k_plugins / (std::string(name) + ".so"), path / (std::string(name) + ".so"));
    }
  }
  ~PluginFolder() { fs::remove_all(path); }
};

const plugin::PluginInfo& info_of(const plugin::PluginHost& host, const std::string& file) {
  for (const auto& info : host.plugins()) {
    if (info.path.filename() == file) {
      return info;
    }
  }
  FAIL("no plugin file " << file);
  throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("plugin::PluginHost loads good plugins and refuses bad ones") {
  PluginFolder folder({"toy", "missing_entry", "other_abi", "variant_wrong_major", "variant_small_struct",
                       "variant_bigger_struct", "variant_declines", "unresolved"});
  plugin::PluginHost host({folder.path});
  host.load_all();
  REQUIRE(host.plugins().size() == 8);

  SECTION("a good plugin shows its capabilities") {
    const auto& toy = info_of(host, "toy.so");
    CHECK(toy.loaded);
    CHECK(toy.name == "toy");
    CHECK(toy.version == "1.2.3");
    CHECK(toy.importers == std::vector<std::string>{"toy", "toy-throw"});
    CHECK(toy.analyses == std::vector<std::string>{"toy-count"});
    CHECK(toy.renderers == std::vector<std::string>{"toy-upper"});
    CHECK(host.importer("toy").has_value());
    CHECK_FALSE(host.importer("nope").has_value());
  }
  SECTION("each bad plugin is refused with its reason, and the others still load") {
    CHECK_THAT(info_of(host, "missing_entry.so").problem, Catch::Contains("no entry point campaign_plugin_entry_v1"));
    CHECK_THAT(info_of(host, "other_abi.so").problem, Catch::Contains("campaign_plugin_entry_v2"));
    CHECK_THAT(info_of(host, "variant_wrong_major.so").problem, Catch::Contains("built for plugin ABI 2.0"));
    CHECK_THAT(info_of(host, "variant_small_struct.so").problem, Catch::Contains("struct_size 16 is smaller"));
    CHECK_THAT(info_of(host, "variant_declines.so").problem, Catch::Contains("returned no descriptor"));
    CHECK_THAT(info_of(host, "unresolved.so").problem,
               Catch::Contains("cannot load") && Catch::Contains("campaign_test_symbol_nobody_defines"));
    for (const char* bad : {"missing_entry.so", "other_abi.so", "variant_wrong_major.so", "variant_small_struct.so",
                            "variant_declines.so", "unresolved.so"}) {
      CHECK_FALSE(info_of(host, bad).loaded);
    }
  }
  SECTION("larger structs of a later minor version are accepted and walked by their size") {
    const auto& bigger = info_of(host, "variant_bigger_struct.so");
    CHECK(bigger.loaded);
    CHECK(bigger.importers == std::vector<std::string>{"variant-first", "variant-second"});
  }
}

TEST_CASE("plugin::PluginHost refuses duplicates, non-ELF, truncated and world-writable files") {
  PluginFolder folder({"toy"});
  fs::copy_file(folder.path / "toy.so", folder.path / "toy_again.so");
  std::ofstream(folder.path / "notelf.so") << "this is a text file, not a library\n";
  {
    std::ifstream in(folder.path / "toy.so", std::ios::binary);
    std::string head(200, '\0');
    in.read(head.data(), 200);
    std::ofstream(folder.path / "truncated.so", std::ios::binary) << head;
  }
  fs::copy_file(folder.path / "toy.so", folder.path / "writable.so");
  fs::permissions(folder.path / "writable.so", fs::perms::others_write, fs::perm_options::add);

  plugin::PluginHost host({folder.path});
  host.load_all();
  CHECK(info_of(host, "toy.so").loaded);
  const auto& again = info_of(host, "toy_again.so");
  CHECK_FALSE(again.loaded);
  CHECK_THAT(again.problem, Catch::Contains("already loaded from") && Catch::Contains("toy.so"));
  CHECK_THAT(info_of(host, "notelf.so").problem, Catch::Contains("not a shared library"));
  CHECK_FALSE(info_of(host, "truncated.so").loaded);
  CHECK_THAT(info_of(host, "writable.so").problem, Catch::Contains("writable by others"));
}

TEST_CASE("plugin::check_in_child survives a plugin that aborts while loading") {
  PluginFolder folder({"static_throw", "toy"});
  const auto crashed = plugin::check_in_child(folder.path / "static_throw.so");
  CHECK_FALSE(crashed.loaded);
  // Depending on the C++ runtime the exception either aborts the child or escapes the loader.
  CHECK_THAT(crashed.problem, Catch::Contains("crashed while loading") || Catch::Contains("static initializer threw"));
  const auto fine = plugin::check_in_child(folder.path / "toy.so");
  CHECK(fine.loaded);
  CHECK(fine.name == "toy");
}

TEST_CASE("plugin calls: importer, analysis and renderer through the ABI", "[backend]") {
  PluginFolder folder({"toy", "variant_failing"});
  auto host = std::make_unique<plugin::PluginHost>(std::vector<fs::path>{folder.path});
  host->load_all();
  store::Database db(test::test_database(), store::Database::Mode::create);
  store::load_indicator_catalogue(db, util::data_dir() / "indicators.json");
  store::Records records(db);
  records.add(store::record_kind("unit"), {{"code", "ST"}, {"name", "Sóc Trăng"}, {"kind", "province"}});
  records.add(store::record_kind("campaign"), {{"code", "C"}, {"name", "c"}});
  const fs::path input = folder.path / "figures.txt";

  auto import = [&](const std::string& text, std::map<std::string, std::string> options = {{"campaign", "C"}}) {
    std::ofstream(input) << text;
    const auto importer = host->importer("toy");
    REQUIRE(importer);
    const plugin::OptionValues values(importer->c->options, importer->c->option_count, options, "importer toy");
    db.write([&] {
      store::ImportBatch batch(db, "toy", importer->version, input);
      plugin::RecordSink sink(batch, input.string());
      plugin::run_importer(*importer, input.string(), values, sink);
      sink.finish();
    });
  };
  auto figures = [&] { return records.list(store::record_kind("figure")).size(); };

  SECTION("an importer's records go through the core's rules") {
    import("ST AN01 2018-01-01 2023-08-11 7,296 at_least\nST AN03 2018-01-01 2023-08-11 358\n");
    CHECK(figures() == 2);
  }
  SECTION("a refused record names file, line and field, and nothing is written") {
    REQUIRE_THROWS_WITH(import("ST AN01 2018-01-01 2023-08-11 7296\nSX AN03 2018-01-01 2023-08-11 358\n"),
                        Catch::Contains("figures.txt:2: line: unit: unknown unit 'SX'"));
    CHECK(figures() == 0);
  }
  SECTION("the declared number style is used") {
    import("ST AN01 2018-01-01 2023-08-11 7.296 at_least\n", {{"campaign", "C"}, {"number-style", "vi"}});
    CHECK(std::get<double>(*records.list(store::record_kind("figure")).front().get("value")) == 7296.0);
  }
  SECTION("unknown and ill-typed options are usage errors") {
    const auto importer = host->importer("toy");
    REQUIRE_THROWS_WITH(plugin::OptionValues(importer->c->options, importer->c->option_count, {{"campain", "C"}},
                                             "importer toy"),
                        Catch::Contains("did you mean 'campaign'"));
  }
  SECTION("a throwing plugin function comes back as an error, and the host goes on") {
    const auto throwing = host->importer("toy-throw");
    const plugin::OptionValues none(nullptr, 0, {}, "importer toy-throw");
    REQUIRE_THROWS_WITH(db.write([&] {
      store::ImportBatch batch(db, "toy-throw", "", {});
      plugin::RecordSink sink(batch, "x");
      plugin::run_importer(*throwing, "x", none, sink);
    }),
                        Catch::Contains("toy-throw always throws"));
    import("ST AN03 2018-01-01 2023-08-11 358\n");
    CHECK(figures() == 1);
  }
  SECTION("a plugin function returning an error status is reported with its message") {
    const auto failing = host->importer("variant-first");
    REQUIRE(failing);
    const plugin::OptionValues none(nullptr, 0, {}, "importer variant-first");
    auto run = [&] {
      db.write([&] {
        store::ImportBatch batch(db, "variant-first", "", {});
        plugin::RecordSink sink(batch, "x");
        plugin::run_importer(*failing, "x", none, sink);
      });
    };
    REQUIRE_THROWS_AS(run(), InvalidInput);
    REQUIRE_THROWS_WITH(run(), Catch::Contains("refuses every file"));
  }
  SECTION("an analysis queries the store and a renderer renders its document") {
    import("ST AN01 2018-01-01 2023-08-11 7296\nST AN03 2018-01-01 2023-08-11 358\n");
    const auto analysis = host->analysis("toy-count");
    const plugin::OptionValues options(analysis->c->options, analysis->c->option_count, {{"campaign", "C"}},
                                       "analysis toy-count");
    plugin::QueryApi query(db);
    const std::string document = plugin::run_analysis(*analysis, options, query);
    CHECK(nlohmann::json::parse(document)["figures"] == 2);
    const auto renderer = host->renderer("toy-upper");
    const plugin::OptionValues render_options(renderer->c->options, renderer->c->option_count, {{"prefix", "x:"}},
                                              "renderer toy-upper");
    std::ostringstream out;
    plugin::run_renderer(*renderer, document, render_options, out);
    CHECK_THAT(out.str(), Catch::StartsWith("X:{\"TITLE\": \"TOY COUNT\""));
  }
  SECTION("a capability handle outlives the host that found it") {
    const auto renderer = host->renderer("toy-upper");
    host.reset();
    const plugin::OptionValues options(renderer->c->options, renderer->c->option_count, {}, "renderer toy-upper");
    std::ostringstream out;
    plugin::run_renderer(*renderer, "{\"a\": 1}", options, out);
    CHECK(out.str() == "{\"A\": 1}");
  }
}
