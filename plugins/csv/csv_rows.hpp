#pragma once

// The csv importer's reading loop: bytes of the source's encoding through the
// decoder and the reader into sheet rows (the header, then one figure a
// row). Shared by the plugin and its fuzz target.

#include "csv_reader.hpp"
#include "sheet/sheet.hpp"

#include <cstddef>
#include <functional>
#include <string>

namespace campaign_csv {

// Fills the buffer with up to `size` bytes of the source and returns how many
// it gave; 0 means the end.
using ByteSource = std::function<std::size_t(char* buffer, std::size_t size)>;

// Reads the whole source in pieces of `piece` bytes (memory stays bounded by
// the piece and the longest record, whatever the source's size) and hands each
// record to `rows`. Throws ParseError for broken quoting, bytes invalid in the
// encoding and a row whose cell count differs from the header's, RowError from
// `rows`, std::invalid_argument for an unknown encoding.
void read_rows(const ByteSource& source, const std::string& encoding, char delimiter, campaign_sheet::Rows& rows,
               std::size_t piece = std::size_t{1} << 20);

} // namespace campaign_csv
