// Fuzz target for the csv importer's reading: the decoder, the RFC 4180
// reader and the sheet rows (headers, qualifiers, dates; figure and pledge
// sheets) behind them, with a sink that takes every record. A ParseError, RowError or refused encoding is
// the importer refusing bad input as it should; a crash, a sanitizer finding
// or another exception is a bug. Two more properties are checked:
//   - the result does not depend on how the bytes are cut into pieces (the
//     same input read whole and a few bytes at a time gives the same figures
//     or fails the same way);
//   - every field handed to the sink is valid UTF-8 without NUL;
//   - ASCII text comes out of the decoder as it went in, in every encoding
//     but UTF-16.
//
// The first byte picks the delimiter, the declared encoding and the piece
// size; the rest is the file.
//
//   ninja -C build-fuzz run_fuzz_csv      (configured with -DCAMPAIGN_FUZZ=ON, clang)
#include "csv_rows.hpp"
#include "sheet/sheet.hpp"

#include <campaign/plugin.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    if (b == 0) {
      return false;
    }
    std::size_t length = 1;
    std::uint32_t code = b;
    if (b >= 0x80) {
      if ((b & 0xE0) == 0xC0) {
        length = 2;
      } else if ((b & 0xF0) == 0xE0) {
        length = 3;
      } else if ((b & 0xF8) == 0xF0) {
        length = 4;
      } else {
        return false;
      }
      if (i + length > text.size()) {
        return false;
      }
      code = b & (0xFFu >> (length + 1));
      for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xC0) != 0x80) {
          return false;
        }
        code = (code << 6) | (c & 0x3Fu);
      }
      constexpr std::array<std::uint32_t, 5> k_min = {0, 0, 0x80, 0x800, 0x10000};
      if (code < k_min[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
        return false;
      }
    }
    i += length;
  }
  return true;
}

// What one reading gave: every figure's fields in one string, or how it failed.
struct Outcome {
  std::string figures;
  std::string failure; // "" when it succeeded
  std::uint64_t rows = 0;

  bool operator==(const Outcome&) const = default;
};

campaign_status take_style(void*, const char* style) {
  const std::string_view text(style);
  return text == "vi" || text == "en" ? CAMPAIGN_OK : CAMPAIGN_INVALID_INPUT;
}

campaign_status take_record(void* data, const char* kind, const campaign_field* fields, std::size_t count,
                            const campaign_location* where) {
  auto& figures = *static_cast<std::string*>(data);
  const std::string_view what(kind);
  if ((what != "figure" && what != "pledge" && what != "target") || where == nullptr || where->line == 0) {
    std::abort();
  }
  figures += std::string(what) + " line " + std::to_string(where->line) + ":";
  for (std::size_t i = 0; i < count; ++i) {
    if (fields[i].name == nullptr || fields[i].value == nullptr ||
        (what == "figure" && !campaign_sheet::is_field(fields[i].name)) || !valid_utf8(fields[i].value)) {
      std::abort();
    }
    figures += std::string(" ") + fields[i].name + "=" + fields[i].value;
  }
  figures += '\n';
  return CAMPAIGN_OK;
}

Outcome read(std::string_view file, const std::string& encoding, char delimiter, std::size_t piece) {
  Outcome outcome;
  campaign_sink c_sink{sizeof(campaign_sink), &outcome.figures, &take_style, &take_record};
  campaign::sdk::Sink sink(&c_sink);
  campaign_sheet::Mapping mapping;
  mapping.constants["source"] = "fuzz.csv";
  campaign_sheet::Rows rows(mapping, sink);
  std::size_t at = 0;
  try {
    campaign_csv::read_rows(
      [&](char* buffer, std::size_t size) {
        const std::size_t n = std::min(size, file.size() - at);
        std::copy_n(file.data() + at, n, buffer);
        at += n;
        return n;
      },
      encoding, delimiter, rows, piece);
  } catch (const campaign_csv::ParseError& e) {
    outcome.failure = "csv: " + std::string(e.what());
  } catch (const campaign_sheet::RowError& e) {
    outcome.failure = "row: " + std::string(e.what());
  } catch (const std::invalid_argument& e) {
    outcome.failure = "encoding: " + std::string(e.what());
  }
  outcome.rows = rows.count();
  return outcome;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const std::array<char, 4> k_delimiters = {',', ';', '\t', ','};
  static const std::array<const char*, 4> k_encodings = {"auto", "utf-8", "cp1258", "utf-16"};
  static const std::array<std::size_t, 4> k_pieces = {1, 2, 3, 7};
  const char delimiter = k_delimiters[data[0] & 3u];
  const std::string encoding = k_encodings[(data[0] >> 2) & 3u];
  const std::size_t piece = k_pieces[(data[0] >> 4) & 3u];
  const std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);

  const bool ascii = std::all_of(file.begin(), file.end(), [](char c) { return c > 0 && c < 0x7F; });
  if (ascii && encoding != "utf-16") {
    campaign_csv::Decoder decoder(encoding);
    std::string text;
    for (std::size_t at = 0; at < file.size(); at += piece) {
      decoder.decode(file.substr(at, piece), text);
    }
    decoder.finish(text);
    if (text != file) {
      std::abort(); // the decoder lost or changed text
    }
  }

  const Outcome whole = read(file, encoding, delimiter, file.size() + 1);
  const Outcome pieces = read(file, encoding, delimiter, piece);
  if (!(whole == pieces)) {
    std::abort(); // the reading depends on where the input was cut
  }
  return 0;
}
