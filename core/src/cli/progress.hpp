#pragma once

// The progress line of a long import on stderr: how far the importer has read
// its file and how many records it gave, redrawn in place. Shown only when
// stderr is a terminal and --quiet is not given, and only once the import has
// run for a while (CAMPAIGN_PROGRESS_DELAY_MS, default 1000), so that short
// imports and scripts see nothing of it.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>

namespace campaign::cli {

// Returns whether the progress line should be shown: stderr (file descriptor
// 2) is a terminal and the user did not ask for quiet.
bool progress_wanted(bool quiet);

class ImportProgress {
public:
  // `enabled` false makes every call a no-op.
  ImportProgress(std::ostream& err, bool enabled, std::filesystem::path file);
  ImportProgress(const ImportProgress&) = delete;
  ImportProgress& operator=(const ImportProgress&) = delete;
  ~ImportProgress();

  // Counts one record; looks at the clock every 256 records and redraws at
  // most every 200 ms.
  void record() {
    if (m_enabled && (++m_records & 0xFFu) == 0) {
      tick();
    }
  }

  // Erases the line, if one was drawn.
  void done();

private:
  void tick();
  void draw();
  std::uint64_t bytes_read();

  std::ostream& m_err;
  bool m_enabled;
  std::filesystem::path m_file;
  std::string m_name;
  std::uint64_t m_size = 0;
  std::uint64_t m_records = 0;
  int m_fd = -1; // the importer's descriptor of the file, found in /proc/self/fd
  bool m_drawn = false;
  std::chrono::steady_clock::time_point m_start;
  std::chrono::steady_clock::time_point m_last;
  std::chrono::milliseconds m_delay{1000};
  std::chrono::milliseconds m_interval{200};
};

} // namespace campaign::cli
