#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace campaign::store {

// A validated figure waiting to be written with many others.
struct PendingFigure {
  std::int64_t campaign_id = 0;
  std::int64_t unit_id = 0;
  std::int64_t indicator_id = 0;
  std::string span_from;
  std::string span_to;
  double value = 0;
  const char* qualifier = "exact";
  std::optional<std::int64_t> parent;
  std::optional<std::int64_t> source;
  std::string locator;
  std::string note;
  std::int64_t batch_id = 0;
  std::uint64_t line = 0;
  const std::string* unit_code = nullptr; // for messages; owned by the importer's caches
  const std::string* indicator_code = nullptr;
};

// The rows of one write: the table-valued function campaign_pending_figures(?)
// reads `rows[0, count)` when the statement binds a pointer to this struct.
struct PendingFigures {
  std::vector<PendingFigure> rows; // reused: the strings keep their capacity
  std::size_t count = 0;
};

// Registers the table-valued function campaign_pending_figures on the
// connection; call once per connection. With it, one `INSERT INTO figures
// ... SELECT ... FROM campaign_pending_figures(?)` writes thousands of
// buffered figures, which costs SQLite much less than as many rows of VALUES.
// Throws Error when SQLite refuses the module.
void register_pending_figures(sqlite3* db);

// Writes buffered figures into the figures table, on one engine.
class FigureWriter {
public:
  virtual ~FigureWriter() = default;
  // Writes `rows`; returns a SQLite result code (SQLITE_OK, or the
  // failure's, PostgreSQL's mapped to the nearest); on an error the write's
  // effects are undone and `message` says why. Also sets `changed` to the
  // rows inserted or updated (not those skipped).
  virtual int write(const PendingFigures& rows, std::string& message, std::int64_t& changed) = 0;
  // The operating system's error (errno) behind the last failed write, 0 if none.
  virtual int system_errno() const = 0;
};

// Writes `rows` into figures with one prepared INSERT ... SELECT over the
// table-valued function (the upsert of import.cpp).
class PendingWriter final : public FigureWriter {
public:
  PendingWriter(sqlite3* db, const std::string& sql);
  ~PendingWriter() override;
  PendingWriter(const PendingWriter&) = delete;
  PendingWriter& operator=(const PendingWriter&) = delete;

  int write(const PendingFigures& rows, std::string& message, std::int64_t& changed) override;
  int system_errno() const override { return m_system_errno; }

private:
  sqlite3* m_db;
  int m_system_errno = 0;
  sqlite3_stmt* m_statement = nullptr;
};

// The pointer type name the bound pointer must carry.
inline constexpr const char* k_pending_figures_pointer = "campaign_pending_figures";

} // namespace campaign::store
