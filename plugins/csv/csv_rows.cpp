#include "csv_rows.hpp"

#include <vector>

namespace campaign_csv {

void read_rows(const ByteSource& source, const std::string& encoding, char delimiter, campaign_sheet::Rows& rows,
               std::size_t piece) {
  Decoder decoder(encoding);
  Reader reader(delimiter, [&rows](const Record& record) {
    if (!rows.had_header()) {
      rows.header(record.cells, record.line);
      return;
    }
    if (record.cells.size() != rows.columns()) {
      throw ParseError(record.line, std::to_string(record.cells.size()) + " cells, but the header has " +
                                      std::to_string(rows.columns()));
    }
    rows.add(record.cells, record.line);
  });
  std::vector<char> chunk(piece == 0 ? 1 : piece);
  std::string text;
  std::size_t n = 0;
  // An error of the decoder is reported after the text before it has been
  // read, so the first error in the file is the one reported.
  const auto decode = [&](const auto& step) {
    text.clear();
    try {
      step();
    } catch (const ParseError&) {
      reader.feed(text);
      throw;
    }
    reader.feed(text);
  };
  while ((n = source(chunk.data(), chunk.size())) > 0) {
    decode([&] { decoder.decode(std::string_view(chunk.data(), n), text); });
  }
  decode([&] { decoder.finish(text); });
  reader.finish();
}

} // namespace campaign_csv
