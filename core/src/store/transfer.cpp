#include "store/transfer.hpp"

#include "store/database.hpp"
#include "store/location.hpp"
#include "store/postgresql.hpp"
#include "util/error.hpp"

#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <utility>

namespace campaign::store {

namespace {

// The tables a transfer copies, parents before the rows that refer to them
// (a table's references to itself are deferred). Left out: schema_migrations,
// which each end keeps for itself, and the two work tables of the figure
// sums' triggers, empty outside a transaction.
constexpr std::string_view k_tables[] = {
  "units",
  "unit_events",
  "unit_event_predecessors",
  "unit_event_successors",
  "campaigns",
  "campaign_organisers",
  "periods",
  "indicators",
  "sources",
  "import_batches",
  "figures",
  "figure_revisions",
  "pledges",
  "pledge_targets",
  "pledge_rules",
  "awards",
  "models",
  "agreements",
  "agreement_parties",
  "figure_sums",
};
constexpr std::string_view k_not_copied[] = {"schema_migrations", "figure_sums_dirty", "figure_sums_paused"};

enum class Kind { integer, real, text };

struct Column {
  std::string name;
  Kind kind = Kind::text;
};

// One row as PostgreSQL's COPY text format writes it: fields separated by
// tabs, NULL as \N, backslash, tab, newline and carriage return escaped.
// It is what both ends read and write, so a row crosses between them without
// a second representation.
void append_field(std::string& line, std::string_view text) {
  for (const char c : text) {
    switch (c) {
    case '\\':
      line += "\\\\";
      break;
    case '\t':
      line += "\\t";
      break;
    case '\n':
      line += "\\n";
      break;
    case '\r':
      line += "\\r";
      break;
    default:
      line += c;
    }
  }
}

// Splits a COPY text line into its fields (nullopt for \N).
std::vector<std::optional<std::string>> split_line(std::string_view line) {
  std::vector<std::optional<std::string>> fields;
  std::string field;
  bool null = false;
  for (std::size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == '\t') {
      fields.push_back(null ? std::nullopt : std::optional<std::string>(std::move(field)));
      field.clear();
      null = false;
      continue;
    }
    if (line[i] != '\\' || i + 1 == line.size()) {
      field += line[i];
      continue;
    }
    const char next = line[++i];
    switch (next) {
    case 'N':
      null = true;
      break;
    case 't':
      field += '\t';
      break;
    case 'n':
      field += '\n';
      break;
    case 'r':
      field += '\r';
      break;
    case 'b':
      field += '\b';
      break;
    case 'f':
      field += '\f';
      break;
    case 'v':
      field += '\v';
      break;
    default:
      field += next;
    }
  }
  return fields;
}

// libpqxx 6 writes a COPY row from a tuple, whose size is fixed when
// compiled; a table's row is as wide as its columns. So there is one writer
// per width, each passing an array of that many fields (nullptr for NULL).
using RowWriter = void (*)(pqxx::stream_to&, const std::vector<const char*>&);

template <std::size_t N>
void write_row(pqxx::stream_to& stream, const std::vector<const char*>& fields) {
  std::array<const char*, N> row{};
  std::copy_n(fields.begin(), N, row.begin());
  stream << row;
}

template <std::size_t... I>
constexpr std::array<RowWriter, sizeof...(I)> row_writers(std::index_sequence<I...>) {
  return {&write_row<I + 1>...};
}

constexpr auto k_row_writers = row_writers(std::make_index_sequence<32>{});

std::string column_list(const std::vector<Column>& columns) {
  std::string list;
  for (const Column& column : columns) {
    list += list.empty() ? "" : ", ";
    list += column.name;
  }
  return list;
}

// One end of a transfer.
class End {
public:
  virtual ~End() = default;
  virtual const std::string& display() const = 0;
  virtual int schema_version() = 0;
  // Every table of the schema, to make sure k_tables names them all.
  virtual std::set<std::string> tables() = 0;
  virtual std::vector<Column> columns(std::string_view table) = 0;
  // The source side: one snapshot for all reads.
  virtual void begin_read() = 0;
  virtual std::int64_t count(std::string_view table) = 0;
  virtual void read(std::string_view table, const std::vector<Column>& columns,
                    const std::function<void(const std::string&)>& line) = 0;
  // The target side: everything written between begin_write and commit_write
  // is one transaction; count() there sees it.
  virtual void write(const std::function<void()>& work) = 0;
  // Rows for one table, one at a time; finish() ends the table.
  class Rows {
  public:
    virtual ~Rows() = default;
    virtual void add(const std::string& line) = 0;
    virtual void finish() = 0;
  };
  virtual std::unique_ptr<Rows> write_table(std::string_view table, const std::vector<Column>& columns) = 0;
};

class SqliteEnd final : public End {
public:
  SqliteEnd(const std::string& path, Database::Mode mode) : m_db(path, mode), m_display(path) {}

  const std::string& display() const override { return m_display; }
  int schema_version() override { return m_db.schema_version(); }

  std::set<std::string> tables() override {
    std::set<std::string> names;
    SQLite::Statement query(
      m_db.sqlite("migrate"),
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    while (query.executeStep()) {
      names.insert(query.getColumn(0).getString());
    }
    return names;
  }

  std::vector<Column> columns(std::string_view table) override {
    std::vector<Column> list;
    SQLite::Statement query(m_db.sqlite("migrate"),
                            "SELECT name, upper(type) FROM pragma_table_info(?) ORDER BY cid");
    query.bind(1, std::string(table));
    while (query.executeStep()) {
      const std::string type = query.getColumn(1).getString();
      const Kind kind = type.find("INT") != std::string::npos ? Kind::integer
                        : type == "REAL"                      ? Kind::real
                                                              : Kind::text;
      list.push_back({query.getColumn(0).getString(), kind});
    }
    return list;
  }

  void begin_read() override {
    // A read transaction: every table from the same snapshot (WAL keeps it
    // while other processes write).
    m_db.sqlite("migrate").exec("BEGIN");
    m_db.sqlite("migrate").execAndGet("SELECT count(*) FROM schema_migrations");
  }

  std::int64_t count(std::string_view table) override {
    return m_db.sqlite("migrate").execAndGet(fmt::format("SELECT count(*) FROM {}", table)).getInt64();
  }

  void read(std::string_view table, const std::vector<Column>& columns,
            const std::function<void(const std::string&)>& emit) override {
    SQLite::Statement query(m_db.sqlite("migrate"),
                            fmt::format("SELECT {} FROM {}", column_list(columns), table));
    std::string line;
    std::int64_t row = 0;
    while (query.executeStep()) {
      ++row;
      line.clear();
      for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
        if (i > 0) {
          line += '\t';
        }
        const SQLite::Column value = query.getColumn(i);
        switch (value.getType()) {
        case SQLITE_NULL:
          line += "\\N";
          break;
        case SQLITE_INTEGER:
          fmt::format_to(std::back_inserter(line), "{}", value.getInt64());
          break;
        case SQLITE_FLOAT:
          fmt::format_to(std::back_inserter(line), "{}", value.getDouble());
          break;
        case SQLITE_TEXT:
          append_field(line, {value.getText(), static_cast<std::size_t>(value.getBytes())});
          break;
        default:
          throw DatabaseError(
            fmt::format("{}: table {}, row {}: column {} holds binary data, which no campaign "
                        "table has",
                        m_display, table, row, columns[static_cast<std::size_t>(i)].name));
        }
      }
      emit(line);
    }
  }

  void write(const std::function<void()>& work) override {
    m_db.write_resolved([&] {
      // The figure sums are copied as they are: their insert trigger stands aside.
      m_db.sqlite("migrate").exec("INSERT INTO figure_sums_paused (batch_id) VALUES (0)");
      work();
      m_db.sqlite("migrate").exec("DELETE FROM figure_sums_paused");
      // Foreign keys were not checked row by row (write_resolved); they are now, all at once.
      SQLite::Statement check(m_db.sqlite("migrate"), "PRAGMA foreign_key_check");
      if (check.executeStep()) {
        throw InvalidInput(fmt::format("{}: a copied row of {} refers to a missing row of {}; nothing was "
                                       "written",
                                       m_display, check.getColumn(0).getString(),
                                       check.getColumn(2).getString()));
      }
    });
  }

  class SqliteRows final : public Rows {
  public:
    SqliteRows(Database& db, std::string_view table, const std::vector<Column>& columns)
      : m_insert(db.sqlite("migrate"), insert_sql(table, columns)), m_table(table), m_columns(columns) {}

    void add(const std::string& line) override {
      ++m_row;
      const auto fields = split_line(line);
      if (fields.size() != m_columns.size()) {
        throw DatabaseError(fmt::format("table {}, row {}: {} fields where {} were expected", m_table, m_row,
                                        fields.size(), m_columns.size()));
      }
      for (std::size_t i = 0; i < m_columns.size(); ++i) {
        bind(static_cast<int>(i) + 1, m_columns[i], fields[i]);
      }
      m_insert.exec();
      m_insert.reset();
    }

    void finish() override {}

  private:
    static std::string insert_sql(std::string_view table, const std::vector<Column>& columns) {
      std::string sql = fmt::format("INSERT INTO {} ({}) VALUES (", table, column_list(columns));
      for (std::size_t i = 0; i < columns.size(); ++i) {
        sql += i == 0 ? "?" : ", ?";
      }
      return sql + ')';
    }

    void bind(int index, const Column& column, const std::optional<std::string>& field) {
      if (!field) {
        m_insert.bind(index);
        return;
      }
      const std::string& text = *field;
      const auto refuse = [&](const char* what) {
        return InvalidInput(fmt::format("table {}, row {}, column {}: '{}' is not {}", m_table, m_row,
                                        column.name, text, what));
      };
      switch (column.kind) {
      case Kind::integer: {
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
          throw refuse("an integer");
        }
        m_insert.bind(index, value);
        return;
      }
      case Kind::real: {
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
          throw refuse("a number");
        }
        m_insert.bind(index, value);
        return;
      }
      case Kind::text:
        m_insert.bind(index, text);
        return;
      }
    }

    SQLite::Statement m_insert;
    std::string m_table;
    std::vector<Column> m_columns;
    std::int64_t m_row = 0;
  };

  std::unique_ptr<Rows> write_table(std::string_view table, const std::vector<Column>& columns) override {
    return std::make_unique<SqliteRows>(m_db, table, columns);
  }

private:
  Database m_db;
  std::string m_display;
};

class PgEnd final : public End {
  // Runs `work`, translating a failure of libpqxx or the server.
  template <typename Work>
  auto guarded(const std::string& doing, Work&& work) {
    try {
      return work();
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      m_db.rethrow(e, doing);
    }
  }

  // Runs `work` in the open transaction (libpqxx allows one per connection),
  // or, when there is none, in a transaction of its own.
  template <typename Work>
  auto in_transaction(const std::string& doing, Work&& work) {
    return guarded(doing, [&] {
      if (m_write) {
        return work(static_cast<pqxx::transaction_base&>(*m_write));
      }
      if (m_read) {
        return work(static_cast<pqxx::transaction_base&>(*m_read));
      }
      pqxx::nontransaction session(m_db.connection());
      return work(static_cast<pqxx::transaction_base&>(session));
    });
  }

public:
  PgEnd(const std::string& url, Database::Mode mode) : m_db(url, mode) {}

  const std::string& display() const override { return m_db.display(); }
  int schema_version() override { return m_db.schema_version(); }

  std::set<std::string> tables() override {
    return in_transaction("reading the schema", [&](pqxx::transaction_base& session) {
      std::set<std::string> names;
      for (const auto& row : session.exec("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = "
                                          "current_schema()")) {
        names.insert(row[0].as<std::string>());
      }
      return names;
    });
  }

  std::vector<Column> columns(std::string_view table) override {
    return in_transaction("reading the schema", [&](pqxx::transaction_base& session) {
      std::vector<Column> list;
      const pqxx::result rows = session.exec_params(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = $1 ORDER BY ordinal_position",
        std::string(table));
      for (const auto& row : rows) {
        const std::string type = row[1].as<std::string>();
        const Kind kind = type == "bigint" || type == "integer" ? Kind::integer
                          : type == "double precision"          ? Kind::real
                                                                : Kind::text;
        list.push_back({row[0].as<std::string>(), kind});
      }
      return list;
    });
  }

  void begin_read() override {
    guarded("beginning to read", [&] {
      m_read.emplace(m_db.connection());
      return 0;
    });
  }

  std::int64_t count(std::string_view table) override {
    return in_transaction(fmt::format("counting {}", table), [&](pqxx::transaction_base& tx) {
      return tx.exec(fmt::format("SELECT count(*) FROM {}", table))[0][0].as<std::int64_t>();
    });
  }

  void read(std::string_view table, const std::vector<Column>& columns,
            const std::function<void(const std::string&)>& emit) override {
    guarded(fmt::format("reading {}", table), [&] {
      std::vector<std::string> names;
      for (const Column& column : columns) {
        names.push_back(column.name);
      }
      pqxx::stream_from stream(*m_read, std::string(table), names);
      std::string line;
      while (stream.get_raw_line(line)) {
        if (!line.empty() && line.back() == '\n') {
          line.pop_back();
        }
        emit(line);
      }
      stream.complete();
      return 0;
    });
  }

  void write(const std::function<void()>& work) override {
    guarded("writing", [&] {
      m_write.emplace(m_db.connection());
      // Two transfers into one database at once: the second waits, then finds records.
      m_write->exec(fmt::format("SELECT pg_advisory_xact_lock({})", k_application_id));
      m_write->exec("SET CONSTRAINTS ALL DEFERRED");
      m_write->exec("INSERT INTO figure_sums_paused (batch_id) VALUES (0)");
      work();
      m_write->exec("DELETE FROM figure_sums_paused");
      // New rows get ids after the copied ones.
      const pqxx::result identities = m_write->exec(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND column_name = 'id' AND is_identity = 'YES'");
      for (const auto& row : identities) {
        m_write->exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'), "
                                  "(SELECT coalesce(max(id), 0) + 1 FROM {0}), false)",
                                  row[0].as<std::string>()));
      }
      m_write->commit();
      m_write.reset();
      return 0;
    });
  }

  class PgRows final : public Rows {
  public:
    PgRows(PgEnd& end, std::string_view table, const std::vector<Column>& columns)
      : m_end(end), m_doing(fmt::format("copying {}", table)) {
      std::vector<std::string> names;
      for (const Column& column : columns) {
        names.push_back(column.name);
      }
      m_end.guarded(m_doing, [&] {
        m_stream.emplace(*m_end.m_write, std::string(table), names);
        return 0;
      });
    }

    void add(const std::string& line) override {
      m_end.guarded(m_doing, [&] {
        m_fields = split_line(line);
        m_pointers.clear();
        for (const auto& field : m_fields) {
          m_pointers.push_back(field ? field->c_str() : nullptr);
        }
        if (m_pointers.empty() || m_pointers.size() > k_row_writers.size()) {
          throw DatabaseError(
            fmt::format("{}: a row of {} fields cannot be copied", m_doing, m_pointers.size()));
        }
        k_row_writers[m_pointers.size() - 1](*m_stream, m_pointers);
        return 0;
      });
    }

    void finish() override {
      m_end.guarded(m_doing, [&] {
        m_stream->complete();
        return 0;
      });
    }

  private:
    PgEnd& m_end;
    std::string m_doing;
    std::optional<pqxx::stream_to> m_stream;
    std::vector<std::optional<std::string>> m_fields;
    std::vector<const char*> m_pointers;
  };

  std::unique_ptr<Rows> write_table(std::string_view table, const std::vector<Column>& columns) override {
    return std::make_unique<PgRows>(*this, table, columns);
  }

private:
  PgDatabase m_db;
  std::optional<pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>>
    m_read;
  std::optional<pqxx::work> m_write;
};

std::unique_ptr<End> open_end(const std::string& location, Database::Mode mode) {
  if (is_postgresql_url(location)) {
    return std::make_unique<PgEnd>(location, mode);
  }
  return std::make_unique<SqliteEnd>(location, mode);
}

// Every table of `end` is copied or known to be left out.
void check_tables(End& end) {
  for (const std::string& name : end.tables()) {
    const auto known = [&](std::string_view t) { return t == name; };
    if (std::none_of(std::begin(k_tables), std::end(k_tables), known) &&
        std::none_of(std::begin(k_not_copied), std::end(k_not_copied), known)) {
      throw DatabaseError(fmt::format("{} has a table this campaign does not know, {}; nothing was copied",
                                      end.display(), name));
    }
  }
}

bool same_database(const std::string& a, const std::string& b) {
  if (a == b) {
    return true;
  }
  if (is_postgresql_url(a) || is_postgresql_url(b)) {
    return false;
  }
  std::error_code ec;
  return std::filesystem::weakly_canonical(a, ec) == std::filesystem::weakly_canonical(b, ec) && !ec;
}

// Copies every table of k_tables from `source` into `target`, all or nothing.
TransferInfo copy_all(End& source, End& target) {
  TransferInfo info;
  info.schema_version = source.schema_version();
  if (target.schema_version() != info.schema_version) {
    throw DatabaseError(fmt::format("{} is at schema version {} and {} at {}; both should be at {}",
                                    source.display(), info.schema_version, target.display(),
                                    target.schema_version(), Database::latest_schema_version()));
  }
  check_tables(source);
  check_tables(target);
  source.begin_read();
  target.write([&] {
    std::vector<std::string> occupied;
    for (const std::string_view table : k_tables) {
      if (const std::int64_t rows = target.count(table); rows > 0) {
        occupied.push_back(fmt::format("{} {}", rows, table));
      }
    }
    if (!occupied.empty()) {
      throw UsageError(fmt::format("{} already holds records ({}); migrate fills an empty database only, so "
                                   "nothing was copied",
                                   target.display(), fmt::join(occupied, ", ")));
    }
    for (const std::string_view table : k_tables) {
      std::vector<Column> columns = source.columns(table);
      std::vector<Column> target_columns = target.columns(table);
      // The target's kinds: it decides how a field is stored.
      for (Column& column : columns) {
        const auto same = std::find_if(target_columns.begin(), target_columns.end(),
                                       [&](const Column& c) { return c.name == column.name; });
        if (same == target_columns.end()) {
          throw DatabaseError(fmt::format("{} has no column {}.{}, which {} has", target.display(), table,
                                          column.name, source.display()));
        }
        column.kind = same->kind;
      }
      if (columns.size() != target_columns.size()) {
        throw DatabaseError(
          fmt::format("{} and {} have different columns in {}", source.display(), target.display(), table));
      }
      spdlog::info("copying {}", table);
      // Row by row from the source's snapshot into the target's transaction:
      // one row in memory at a time, whatever the table's size.
      const auto rows = target.write_table(table, columns);
      source.read(table, columns, [&](const std::string& line) { rows->add(line); });
      rows->finish();
      const std::int64_t expected = source.count(table);
      const std::int64_t written = target.count(table);
      if (written != expected) {
        throw DatabaseError(fmt::format("{} rows of {} were read and {} written; nothing was copied",
                                        expected, table, written));
      }
      info.tables.emplace_back(table, written);
    }
  });
  return info;
}

} // namespace

TransferInfo transfer_database(const std::string& from, const std::string& to) {
  if (same_database(from, to)) {
    throw UsageError(
      fmt::format("the source and the target are the same database, {}", display_location(from)));
  }
  const auto source = open_end(from, Database::Mode::open_existing);
  // A SQLite file this transfer creates is removed again if the copy fails:
  // the target is left as it was, absent.
  std::error_code ec;
  const bool created = !is_postgresql_url(to) && !std::filesystem::exists(to, ec);
  auto target = open_end(to, Database::Mode::create);
  try {
    return copy_all(*source, *target);
  } catch (...) {
    if (created) {
      target.reset();
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(to + suffix, ec);
      }
    }
    throw;
  }
}

} // namespace campaign::store
