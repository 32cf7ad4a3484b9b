#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3_stmt;
namespace pqxx {
class connection_base;
class transaction_base;
}
namespace SQLite {
class Database;
}

// The store's one way to run SQL, on either engine: a connection, prepared
// statements with `?` parameters, and the values of a row. Its names follow
// SQLiteCpp's, which the store was first written against; a SQLite
// connection passes straight through to SQLiteCpp, a PostgreSQL one runs the
// same statements through libpqxx (parameter marks numbered, booleans read as
// 0 and 1, failures given SQLite's result codes).
namespace campaign::store::sql {

enum class Engine { sqlite, postgresql };

// Values' types, with SQLite's numbers (SQLITE_INTEGER ... SQLITE_NULL).
inline constexpr int k_integer = 1;
inline constexpr int k_float = 2;
inline constexpr int k_text = 3;
inline constexpr int k_null = 5;

// A failure of either engine, with SQLite's extended result code
// (SQLITE_CONSTRAINT_UNIQUE, SQLITE_BUSY, ...): PostgreSQL's SQLSTATEs are
// mapped to the nearest, so callers tell failures apart one way.
class Exception : public std::runtime_error {
public:
  Exception(const std::string& message, int extended_code) : std::runtime_error(message), m_code(extended_code) {}
  int getErrorCode() const { return m_code & 0xff; }
  int getExtendedErrorCode() const { return m_code; }

private:
  int m_code;
};

// The SQLite result code nearest to a PostgreSQL SQLSTATE ("23505" is
// SQLITE_CONSTRAINT_UNIQUE).
int result_code_of(const std::string& sqlstate);

class StatementImpl;

// One value of the current row of a statement.
class Column {
public:
  Column(StatementImpl& statement, int index) : m_statement(&statement), m_index(index) {}
  int getType() const;
  bool isNull() const { return getType() == k_null; }
  std::int64_t getInt64() const;
  int getInt() const { return static_cast<int>(getInt64()); }
  double getDouble() const;
  std::string getString() const;
  // The text and its length in bytes, valid until the next step.
  const char* getText() const;
  int getBytes() const;

private:
  StatementImpl* m_statement;
  int m_index;
};

class Connection;

// A prepared statement. Parameters are `?`, numbered from 1.
class Statement {
public:
  Statement(Connection& connection, const std::string& query);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;

  void bind(int index); // NULL
  void bind(int index, std::int64_t value);
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, double value);
  void bind(int index, const std::string& value);
  void bind(int index, const char* value) { bind(index, std::string(value)); }

  // Steps to the next row; false when there is none.
  bool executeStep();
  // Runs a statement that returns no rows; the number of rows it changed.
  int exec();
  // Back to before the first step, keeping the bindings.
  void reset();
  void clearBindings();

  Column getColumn(int index);
  int getColumnCount() const;

  // The SQLiteCpp statement under a SQLite connection, for the few places
  // that call SQLite's C API; nullptr on PostgreSQL.
  ::sqlite3_stmt* sqlite_handle();

private:
  std::unique_ptr<StatementImpl> m_impl;
};

// A connection to either engine.
class Connection {
public:
  virtual ~Connection() = default;
  virtual Engine engine() const = 0;
  // Runs one or more statements without parameters.
  virtual void exec(const std::string& sql) = 0;
  // The first column of the first row of a query (the query must return one).
  std::int64_t execAndGetInt64(const std::string& query);
  std::string execAndGetString(const std::string& query);
  // The id of the row the last INSERT on this connection added.
  virtual std::int64_t getLastInsertRowid() = 0;
  virtual std::unique_ptr<StatementImpl> prepare(const std::string& query) = 0;

  // The engines' own handles, for code that is written for one of them.
  virtual SQLite::Database* sqlite() { return nullptr; }
  virtual pqxx::connection_base* postgresql() { return nullptr; }
  // The session every statement of a PostgreSQL connection runs in (for COPY).
  virtual pqxx::transaction_base* postgresql_session() { return nullptr; }
};

// A connection to the SQLite database `db` (owned by the caller).
std::unique_ptr<Connection> sqlite_connection(SQLite::Database& db);

// A connection over the libpqxx connection `connection` (owned by the
// caller). `where` names it in messages (without a password).
std::unique_ptr<Connection> postgresql_connection(pqxx::connection_base& connection, std::string where);

// What a statement does under either engine; see Statement.
class StatementImpl {
public:
  virtual ~StatementImpl() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind_int(int index, std::int64_t value) = 0;
  virtual void bind_double(int index, double value) = 0;
  virtual void bind_text(int index, const std::string& value) = 0;
  virtual bool step() = 0;
  virtual int exec() = 0;
  virtual void reset() = 0;
  virtual void clear_bindings() = 0;
  virtual int column_count() const = 0;
  virtual int type(int index) const = 0;
  virtual std::int64_t int64(int index) const = 0;
  virtual double real(int index) const = 0;
  virtual const char* text(int index) const = 0;
  virtual int bytes(int index) const = 0;
  virtual ::sqlite3_stmt* sqlite_handle() { return nullptr; }
};

} // namespace campaign::store::sql
