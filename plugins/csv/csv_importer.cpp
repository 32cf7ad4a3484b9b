// The "csv" importer: figures from office spreadsheets saved as CSV.
//
// Columns are recognised by their Vietnamese or English headers ("Mã đơn vị",
// "Chỉ tiêu", "Kỳ", "Giá trị", "unit", "indicator", "period", "value", ...)
// or named by a mapping file (-O mapping=FILE, docs/formats.md). Each data row
// becomes one figure; the core validates it and commits the whole file or
// nothing. Cells keep Vietnamese report conventions: "trên 7.296" carries its
// qualifier, dates may be written 11/08/2023, and the number style of the
// source is declared with -O number-style=vi|en.
//
// A pledge sheet (one target a row, with its pledge; docs/formats.md) is read
// the same way, told by its header or by -O kind=pledges.
//
// What csv shares with the xlsx importer (headers, mapping files, the cells
// of a row made into a figure) is in plugins/sheet; this file reads CSV.
#include "csv_rows.hpp"
#include "sheet/sheet.hpp"

#include <campaign/plugin.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sdk = campaign::sdk;

namespace {

class CsvImporter : public sdk::Importer {
public:
  CsvImporter()
    : Importer("csv", "Figures from CSV sheets (Vietnamese or English headers, or a mapping file)",
               {{"campaign", "string", "campaign code for every row (when there is no campaign column)", std::nullopt},
                {"mapping", "path", "mapping file: columns, constants, number style, encoding", std::nullopt},
                {"number-style", "string", "vi (7.296,5) or en (7,296.5); unset: ambiguous numbers refused",
                 std::nullopt},
                {"encoding", "string", "auto (UTF-8, or UTF-16 by its BOM), utf-8, utf-16, cp1258, tcvn, ...",
                 std::string("auto")},
                {"delimiter", "string", "cell separator: , ; or tab", std::string(",")},
                {"kind", "string", "what a row is: auto (told by the header), figures, or pledges (one target a row)",
                 std::string("auto")},
                {"source", "string", "source document of the figures (default: the file's name)", std::nullopt}}) {}

  void run(sdk::Call& call, const std::string& path, const sdk::Options& options, sdk::Sink& sink) override {
    campaign_sheet::Mapping mapping;
    if (auto file = options.get("mapping")) {
      mapping = campaign_sheet::read_mapping(std::string(*file));
    }
    const std::string style = options.get("number-style") ? std::string(*options.get("number-style"))
                                                          : mapping.number_style.value_or("");
    if (!style.empty()) {
      sink.set_number_style(style);
    }
    std::string encoding = mapping.encoding.value_or(options.get_or("encoding", "auto"));
    if (options.get("encoding") && *options.get("encoding") != "auto") {
      encoding = std::string(*options.get("encoding"));
    }
    std::string delimiter = mapping.delimiter.value_or(options.get_or("delimiter", ","));
    if (delimiter == "tab" || delimiter == "\\t") {
      delimiter = "\t";
    }
    if (delimiter.size() != 1 || delimiter == "\"" || delimiter == "\n" || delimiter == "\r") {
      throw sdk::Failure("delimiter must be one character other than a quote or a line end",
                         CAMPAIGN_INVALID_INPUT);
    }
    campaign_sheet::apply_options(mapping, options, path);

    std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!in) {
      throw sdk::Failure("cannot open " + path, CAMPAIGN_INVALID_INPUT);
    }
    campaign_sheet::Rows rows(mapping, sink);
    try {
      campaign_csv::read_rows(
        [&](char* buffer, std::size_t size) {
          const std::size_t n = std::fread(buffer, 1, size, in.get());
          if (n == 0 && std::ferror(in.get())) {
            throw sdk::Failure("cannot read " + path);
          }
          return n;
        },
        encoding, delimiter[0], rows);
    } catch (const campaign_csv::ParseError& e) {
      throw sdk::Failure(path + ":" + std::to_string(e.line()) + ": " + e.detail(), CAMPAIGN_INVALID_INPUT);
    } catch (const campaign_sheet::RowError& e) {
      throw sdk::Failure(path + ":" + std::to_string(e.line()) + ": " + e.detail(), CAMPAIGN_INVALID_INPUT);
    } catch (const std::invalid_argument& e) {
      throw sdk::Failure(e.what(), CAMPAIGN_INVALID_INPUT);
    }
    if (!rows.had_header()) {
      throw sdk::Failure(path + " is empty", CAMPAIGN_INVALID_INPUT);
    }
    if (rows.count() == 0) {
      throw sdk::Failure(path + " has a header but no rows", CAMPAIGN_INVALID_INPUT);
    }
    call.info(std::to_string(rows.count()) + " rows read from " + path);
  }
};

} // namespace

CAMPAIGN_PLUGIN("csv", "1.0.0", "CSV importer for office spreadsheets", CsvImporter)
