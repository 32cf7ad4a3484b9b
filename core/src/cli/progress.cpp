#include "cli/progress.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <ostream>
#include <string_view>
#include <system_error>

#include <unistd.h>

namespace campaign::cli {

namespace {

std::string size_text(std::uint64_t bytes) {
  constexpr double k_mib = 1024.0 * 1024.0;
  const double mib = static_cast<double>(bytes) / k_mib;
  return mib >= 1024.0 ? fmt::format("{:.1f} GiB", mib / 1024.0) : fmt::format("{:.1f} MiB", mib);
}

// The descriptor of this process open on `file`, or -1.
int find_descriptor(const std::filesystem::path& file) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::error_code link_ec;
    const auto target = std::filesystem::read_symlink(entry.path(), link_ec);
    if (!link_ec && target == file) {
      int fd = -1;
      const std::string name = entry.path().filename().string();
      if (std::from_chars(name.data(), name.data() + name.size(), fd).ec == std::errc{}) {
        return fd;
      }
    }
  }
  return -1;
}

} // namespace

bool progress_wanted(bool quiet) {
  return !quiet && ::isatty(STDERR_FILENO) == 1;
}

ImportProgress::ImportProgress(std::ostream& err, bool enabled, std::filesystem::path file)
  : m_err(err), m_enabled(enabled), m_file(std::move(file)) {
  if (!m_enabled) {
    return;
  }
  std::error_code ec;
  m_name = m_file.filename().string();
  m_size = std::filesystem::file_size(m_file, ec);
  if (ec) {
    m_size = 0;
  }
  const auto canonical = std::filesystem::canonical(m_file, ec);
  if (!ec) {
    m_file = canonical;
  }
  if (const char* delay = std::getenv("CAMPAIGN_PROGRESS_DELAY_MS")) {
    long value = 0;
    const std::string_view text(delay);
    if (std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc{} && value >= 0) {
      m_delay = std::chrono::milliseconds(value);
      m_interval = std::min(m_interval, m_delay);
    }
  }
  m_start = std::chrono::steady_clock::now();
  m_last = m_start;
}

ImportProgress::~ImportProgress() {
  done();
}

void ImportProgress::tick() {
  const auto now = std::chrono::steady_clock::now();
  if (now - m_start < m_delay || (m_drawn && now - m_last < m_interval)) {
    return;
  }
  m_last = now;
  draw();
}

std::uint64_t ImportProgress::bytes_read() {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (m_fd < 0) {
      m_fd = find_descriptor(m_file);
      if (m_fd < 0) {
        return 0;
      }
    }
    std::error_code ec;
    if (std::filesystem::read_symlink("/proc/self/fd/" + std::to_string(m_fd), ec) != m_file || ec) {
      m_fd = -1; // closed, or now another file: look again
      continue;
    }
    std::ifstream info("/proc/self/fdinfo/" + std::to_string(m_fd));
    std::string key;
    std::uint64_t value = 0;
    while (info >> key >> value) {
      if (key == "pos:") {
        return value;
      }
    }
    return 0;
  }
  return 0;
}

void ImportProgress::draw() {
  constexpr std::size_t k_width = 24;
  const std::uint64_t read = std::min(bytes_read(), m_size);
  std::string line = fmt::format("\rcampaign: importing {} ", m_name);
  if (m_size > 0 && read > 0) {
    const double share = static_cast<double>(read) / static_cast<double>(m_size);
    const auto filled = static_cast<std::size_t>(share * static_cast<double>(k_width));
    line += fmt::format("[{}{}] {:3.0f}% {} of {}, ", std::string(filled, '#'), std::string(k_width - filled, '-'),
                        share * 100.0, size_text(read), size_text(m_size));
  }
  line += fmt::format("{} records\x1b[K", m_records);
  m_err << line << std::flush;
  m_drawn = true;
}

void ImportProgress::done() {
  if (m_drawn) {
    m_err << "\r\x1b[K" << std::flush;
    m_drawn = false;
  }
}

} // namespace campaign::cli
