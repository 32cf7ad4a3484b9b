// The "article" importer: figures read from Vietnamese report or news text.
//
//   campaign import article report.txt -O campaign=ANTQ-ST -O unit=ST -O date=2023-08-11
//
// The reading itself is parse_article() (parser.cpp), a pure function of the text and the rules; this
// file finds the options and the rule file, reads the file, logs what was found and hands the figures to
// the core.
#include "parser.hpp"
#include "rules.hpp"

#include <campaign/plugin.hpp>

#include <dlfcn.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

namespace sdk = campaign::sdk;
namespace fs = std::filesystem;

namespace campaign::article {

namespace {

constexpr const char* k_rules_file = "article-rules.json";

// Any object of this library: dladdr() finds the library's path from its address.
const char k_anchor = 0;

[[noreturn]] void refuse(const std::string& message) {
  throw sdk::Failure(message, CAMPAIGN_INVALID_INPUT);
}

// Returns the rule file shipped with campaign: in $CAMPAIGN_DATA_DIR when set, else in data/ of the
// source tree when this library runs from the build tree, else in share/campaign beside the installed
// plugin folder.
fs::path default_rules_path() {
  if (const char* dir = std::getenv("CAMPAIGN_DATA_DIR"); dir != nullptr && *dir != '\0') {
    return fs::path(dir) / k_rules_file;
  }
  Dl_info info{};
  if (::dladdr(&k_anchor, &info) == 0 || info.dli_fname == nullptr) {
    throw sdk::Failure(
      "cannot tell where the article plugin was loaded from; give the rules with -O rules=FILE");
  }
  const fs::path library(info.dli_fname);
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(library, ec);
  const fs::path plugin_dir = (ec ? library : canonical).parent_path();
  if (fs::equivalent(plugin_dir, CAMPAIGN_ARTICLE_BUILD_PLUGIN_DIR, ec)) {
    return CAMPAIGN_ARTICLE_SOURCE_RULES;
  }
  return (plugin_dir / CAMPAIGN_ARTICLE_DATA_FROM_PLUGIN_DIR / k_rules_file).lexically_normal();
}

// Returns the bytes of `path`, at most `limit` of them; throws sdk::Failure with `status` when the file
// cannot be read or is longer.
std::string read_file(const fs::path& path, std::uintmax_t limit, campaign_status status) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) {
    throw sdk::Failure(path.string() + ": cannot read it: " + ec.message(), status);
  }
  if (size > limit) {
    throw sdk::Failure(path.string() + ": " + std::to_string(size) + " bytes is more than it may have (" +
                         std::to_string(limit) + ")",
                       status);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw sdk::Failure(path.string() + ": cannot read it: " + std::strerror(errno), status);
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    throw sdk::Failure(path.string() + ": cannot read it: " + std::strerror(errno), status);
  }
  return bytes;
}

Rules load_rules(const sdk::Options& options) {
  const auto given = options.get("rules");
  const fs::path path = given ? fs::path(std::string(*given)) : default_rules_path();
  // A rule file the user names is input; a missing shipped one is a broken installation.
  const campaign_status status = given ? CAMPAIGN_INVALID_INPUT : CAMPAIGN_FAILED;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw sdk::Failure("rules file " + path.string() + ": no such file" +
                         (given ? std::string() : "; give one with -O rules=FILE"),
                       status);
  }
  const std::string text = read_file(path, 16u << 20, status);
  try {
    return parse_rules(text);
  } catch (const RulesError& e) {
    throw sdk::Failure("rules file " + path.string() + ": " + e.what(), CAMPAIGN_INVALID_INPUT);
  }
}

std::string required(const sdk::Options& options, const char* name, const char* what) {
  const auto value = options.get(name);
  if (!value || value->empty()) {
    refuse(std::string("the article importer needs -O ") + name + "=" + what);
  }
  return std::string(*value);
}

std::string sentences(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " sentence" : " sentences");
}

class ArticleImporter : public sdk::Importer {
public:
  ArticleImporter()
    : Importer(
        "article", "Figures read from Vietnamese report or news text, sentence by sentence",
        {{"campaign", "string", "code of the campaign the figures belong to (required)", std::nullopt},
         {"unit", "string", "code of the unit the article reports on (required)", std::nullopt},
         {"date", "string",
          "the article's date, YYYY-MM-DD: the source date, and the year of dates such as 11/8 (default: "
          "the first date in the text with a year)",
          std::nullopt},
         {"period", "string",
          "period of figures for which the text names none before or in their sentence (default: the "
          "first 'giai đoạn YYYY - YYYY' of the text)",
          std::nullopt},
         {"rules", "path",
          "rule file mapping phrases to indicators (default: the shipped article-rules.json)", std::nullopt},
         {"source", "string", "title of the source document (default: the file name)", std::nullopt}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    const std::string campaign = required(options, "campaign", "CODE");
    const std::string unit = required(options, "unit", "CODE");
    ParseSettings settings;
    std::optional<Date> date;
    if (const auto text = options.get("date")) {
      date = parse_iso_date(*text);
      if (!date) {
        refuse("option date: '" + std::string(*text) + "' is not a date of the form YYYY-MM-DD");
      }
      settings.year = date->year;
    }
    if (const auto period = options.get("period"); period && !period->empty()) {
      settings.default_period = std::string(*period);
    }
    const Rules rules = load_rules(options);

    const std::string bytes = read_file(path, k_max_article_bytes, CAMPAIGN_INVALID_INPUT);
    ArticleFigures found;
    try {
      found = parse_article(bytes, rules, settings);
    } catch (const ArticleError& e) {
      refuse(path + (e.line() > 0 ? ":" + std::to_string(e.line()) : std::string()) + ": " + e.what());
    }
    if (found.sentences == 0) {
      refuse(path + ": the file is empty; an article needs text");
    }
    for (const Skipped& skipped : found.skipped) {
      call.log(skipped.notable ? CAMPAIGN_LOG_INFO : CAMPAIGN_LOG_DEBUG,
               path + ":" + std::to_string(skipped.line) + ": not recorded: '" + skipped.written +
                 "': " + skipped.reason);
    }
    if (found.skipped_unlisted > 0) {
      call.debug(path + ": " + std::to_string(found.skipped_unlisted) +
                 " more numbers not recorded are not listed");
    }
    if (found.figures.empty()) {
      refuse("no figure recognised in " + path + " (" + sentences(found.sentences) +
             " read; the phrases after numbers are matched with the rule file, see -O rules)");
    }
    if (!date && !found.dates.empty()) {
      date = found.dates.front();
    }
    const std::string source = options.get_or("source", fs::path(path).filename().string());

    sink.set_number_style("vi");
    for (std::size_t i = 0; i < found.figures.size(); ++i) {
      const Figure& figure = found.figures[i];
      std::string part_of;
      if (figure.parent) {
        const Figure& whole = found.figures[*figure.parent];
        part_of = ", part of " + whole.indicator + " (line " + std::to_string(whole.line) + ")";
      }
      std::string log = path + ":" + std::to_string(figure.line) + ": " + figure.indicator + " ";
      log += qualifier_code(figure.qualifier);
      log += " " + display_value(figure) + ", period " + figure.period + part_of;
      log += ", from '" + figure.written + "' in: " + figure.sentence;
      call.info(log);
      std::vector<std::pair<std::string, std::string>> fields{
        {"ref", "f" + std::to_string(i)},
        {"campaign", campaign},
        {"unit", unit},
        {"indicator", figure.indicator},
        {"period", figure.period},
        {"value", sink_value(figure)},
        {"qualifier", std::string(qualifier_code(figure.qualifier))},
        {"source", source},
        {"locator", figure.sentence},
      };
      if (figure.parent) {
        fields.emplace_back("parent", "@f" + std::to_string(*figure.parent));
      }
      if (date) {
        fields.emplace_back("source_date", date->iso());
      }
      sink.add("figure", fields, {figure.line, "", figure.sentence});
    }
    call.info(path + ": " + std::to_string(found.figures.size()) +
              (found.figures.size() == 1 ? " figure" : " figures") + " in " + sentences(found.sentences));
  }
};

} // namespace

} // namespace campaign::article

CAMPAIGN_PLUGIN("article", "1.0.0", "Figures from Vietnamese report and news text",
                campaign::article::ArticleImporter)
