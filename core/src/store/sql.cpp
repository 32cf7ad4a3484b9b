#include "store/sql.hpp"

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>
#include <pqxx/pqxx>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

namespace campaign::store::sql {

static_assert(k_integer == SQLITE_INTEGER && k_float == SQLITE_FLOAT && k_text == SQLITE_TEXT &&
              k_null == SQLITE_NULL);

// ---- Column and Statement: forwarding to the engine's StatementImpl.

int Column::getType() const {
  return m_statement->type(m_index);
}
std::int64_t Column::getInt64() const {
  return m_statement->int64(m_index);
}
double Column::getDouble() const {
  return m_statement->real(m_index);
}
std::string Column::getString() const {
  const char* text = m_statement->text(m_index);
  return text == nullptr ? std::string()
                         : std::string(text, static_cast<std::size_t>(m_statement->bytes(m_index)));
}
const char* Column::getText() const {
  const char* text = m_statement->text(m_index);
  return text == nullptr ? "" : text;
}
int Column::getBytes() const {
  return m_statement->bytes(m_index);
}

Statement::Statement(Connection& connection, const std::string& query) : m_impl(connection.prepare(query)) {
}
Statement::~Statement() = default;
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;
void Statement::bind(int index) {
  m_impl->bind_null(index);
}
void Statement::bind(int index, std::int64_t value) {
  m_impl->bind_int(index, value);
}
void Statement::bind(int index, double value) {
  m_impl->bind_double(index, value);
}
void Statement::bind(int index, const std::string& value) {
  m_impl->bind_text(index, value);
}
bool Statement::executeStep() {
  return m_impl->step();
}
int Statement::exec() {
  return m_impl->exec();
}
void Statement::reset() {
  m_impl->reset();
}
void Statement::clearBindings() {
  m_impl->clear_bindings();
}
Column Statement::getColumn(int index) {
  return {*m_impl, index};
}
int Statement::getColumnCount() const {
  return m_impl->column_count();
}
::sqlite3_stmt* Statement::sqlite_handle() {
  return m_impl->sqlite_handle();
}

std::int64_t Connection::execAndGetInt64(const std::string& query) {
  Statement statement(*this, query);
  if (!statement.executeStep()) {
    throw Exception(fmt::format("no row from: {}", query), SQLITE_ERROR);
  }
  return statement.getColumn(0).getInt64();
}

std::string Connection::execAndGetString(const std::string& query) {
  Statement statement(*this, query);
  if (!statement.executeStep()) {
    throw Exception(fmt::format("no row from: {}", query), SQLITE_ERROR);
  }
  return statement.getColumn(0).getString();
}

namespace {

// ---- SQLite: SQLite's C API on the SQLiteCpp connection's handle.

class SqliteStatement final : public StatementImpl {
public:
  SqliteStatement(sqlite3* db, const std::string& query) : m_db(db) {
    check(sqlite3_prepare_v2(db, query.c_str(), static_cast<int>(query.size()), &m_statement, nullptr));
  }
  ~SqliteStatement() override { sqlite3_finalize(m_statement); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind_null(int index) override { check(sqlite3_bind_null(m_statement, index)); }
  void bind_int(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(m_statement, index, value));
  }
  void bind_double(int index, double value) override {
    check(sqlite3_bind_double(m_statement, index, value));
  }
  void bind_text(int index, const std::string& value) override {
    check(
      sqlite3_bind_text(m_statement, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT));
  }
  bool step() override {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) {
      return true;
    }
    if (rc == SQLITE_DONE) {
      return false;
    }
    fail(rc);
  }
  int exec() override {
    while (step()) {}
    return sqlite3_changes(m_db);
  }
  void reset() override { sqlite3_reset(m_statement); }
  void clear_bindings() override { sqlite3_clear_bindings(m_statement); }
  int column_count() const override { return sqlite3_column_count(m_statement); }
  int type(int index) const override { return sqlite3_column_type(m_statement, index); }
  std::int64_t int64(int index) const override { return sqlite3_column_int64(m_statement, index); }
  double real(int index) const override { return sqlite3_column_double(m_statement, index); }
  const char* text(int index) const override {
    return reinterpret_cast<const char*>(sqlite3_column_text(m_statement, index));
  }
  int bytes(int index) const override { return sqlite3_column_bytes(m_statement, index); }
  ::sqlite3_stmt* sqlite_handle() override { return m_statement; }

private:
  void check(int rc) const {
    if (rc != SQLITE_OK) {
      fail(rc);
    }
  }
  [[noreturn]] void fail(int rc) const {
    const int extended = sqlite3_extended_errcode(m_db);
    throw Exception(sqlite3_errmsg(m_db), (extended & 0xff) == (rc & 0xff) ? extended : rc);
  }

  sqlite3* m_db;
  sqlite3_stmt* m_statement = nullptr;
};

class SqliteConnection final : public Connection {
public:
  explicit SqliteConnection(SQLite::Database& db) : m_db(db) {}
  Engine engine() const override { return Engine::sqlite; }
  void exec(const std::string& sql) override {
    char* message = nullptr;
    const int rc = sqlite3_exec(m_db.getHandle(), sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
      const std::string text = message != nullptr ? message : sqlite3_errstr(rc);
      sqlite3_free(message);
      throw Exception(text, sqlite3_extended_errcode(m_db.getHandle()));
    }
  }
  std::int64_t getLastInsertRowid() override { return sqlite3_last_insert_rowid(m_db.getHandle()); }
  std::unique_ptr<StatementImpl> prepare(const std::string& query) override {
    return std::make_unique<SqliteStatement>(m_db.getHandle(), query);
  }
  SQLite::Database* sqlite() override { return &m_db; }

private:
  SQLite::Database& m_db;
};

// ---- PostgreSQL: the same statements through libpqxx.

} // namespace

int result_code_of(const std::string& state) {
  if (state == "23505") {
    return SQLITE_CONSTRAINT_UNIQUE;
  }
  if (state == "23503") {
    return SQLITE_CONSTRAINT_FOREIGNKEY;
  }
  if (state == "23502") {
    return SQLITE_CONSTRAINT_NOTNULL;
  }
  if (state == "23514") {
    return SQLITE_CONSTRAINT_CHECK;
  }
  if (state.starts_with("23")) {
    return SQLITE_CONSTRAINT;
  }
  if (state == "40001" || state == "40P01" || state == "55P03") {
    return SQLITE_BUSY;
  }
  if (state == "25006" || state == "42501") {
    return SQLITE_READONLY;
  }
  if (state == "53100") {
    return SQLITE_FULL;
  }
  if (state.starts_with("08") || state.starts_with("57P")) {
    return SQLITE_IOERR;
  }
  if (state == "21000") { // a row written twice by one statement
    return SQLITE_CONSTRAINT;
  }
  return SQLITE_ERROR;
}

namespace {

// A query cut at its `?` parameter marks (outside quoted text and
// identifiers): the text between them, and the number of the parameter each
// mark stands for (`?` counts on from the last, `?NNN` names one).
struct Cut {
  std::vector<std::string> texts; // one more than there are marks
  std::vector<int> params;
};

Cut cut(const std::string& query) {
  Cut out;
  out.texts.emplace_back();
  int next = 0;
  char quote = 0;
  for (std::size_t i = 0; i < query.size(); ++i) {
    const char c = query[i];
    if (quote != 0) {
      quote = c == quote ? 0 : quote;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      int number = 0;
      std::size_t end = i + 1;
      while (end < query.size() && query[end] >= '0' && query[end] <= '9') {
        number = number * 10 + (query[end] - '0');
        ++end;
      }
      if (end == i + 1) {
        number = next + 1;
      }
      next = std::max(next, number);
      out.params.push_back(number);
      out.texts.emplace_back();
      i = end - 1;
      continue;
    }
    out.texts.back() += c;
  }
  return out;
}

constexpr pqxx::oid k_bool_oid = 16;
constexpr pqxx::oid k_int8_oid = 20;
constexpr pqxx::oid k_int2_oid = 21;
constexpr pqxx::oid k_int4_oid = 23;
constexpr pqxx::oid k_float4_oid = 700;
constexpr pqxx::oid k_float8_oid = 701;
constexpr pqxx::oid k_numeric_oid = 1700;

class PgConnection;

class PgStatement final : public StatementImpl {
public:
  PgStatement(PgConnection& connection, const std::string& query)
    : m_connection(connection), m_cut(cut(query)) {}

  void bind_null(int index) override { slot(index) = {}; }
  void bind_int(int index, std::int64_t value) override { slot(index) = {std::to_string(value), "bigint"}; }
  void bind_double(int index, double value) override {
    slot(index) = {fmt::format("{}", value), "double precision"};
  }
  void bind_text(int index, const std::string& value) override { slot(index) = {value, "text"}; }
  bool step() override;
  int exec() override;
  void reset() override {
    m_result.reset();
    m_row = -1;
  }
  void clear_bindings() override { m_params.clear(); }
  int column_count() const override { return m_result ? static_cast<int>(m_result->columns()) : 0; }
  int type(int index) const override {
    const pqxx::field field = at(index);
    if (field.is_null()) {
      return k_null;
    }
    const pqxx::oid oid = m_result->column_type(static_cast<pqxx::row::size_type>(index));
    if (oid == k_bool_oid || oid == k_int2_oid || oid == k_int4_oid || oid == k_int8_oid) {
      return k_integer;
    }
    if (oid == k_float4_oid || oid == k_float8_oid) {
      return k_float;
    }
    if (oid == k_numeric_oid) {
      // sum() and avg() of integers: whole values read as integers, as SQLite gives them.
      const std::string_view text = field.c_str();
      return text.find_first_of(".eE") == std::string_view::npos ? k_integer : k_float;
    }
    return k_text;
  }
  std::int64_t int64(int index) const override {
    const pqxx::field field = at(index);
    if (field.is_null()) {
      return 0;
    }
    const std::string_view text = field.c_str();
    if (text == "t") {
      return 1;
    }
    if (text == "f") {
      return 0;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size()) {
      return value;
    }
    return static_cast<std::int64_t>(real(index));
  }
  double real(int index) const override {
    const pqxx::field field = at(index);
    if (field.is_null()) {
      return 0;
    }
    const std::string_view text = field.c_str();
    if (text == "t" || text == "f") {
      return text == "t" ? 1 : 0;
    }
    double value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
  }
  const char* text(int index) const override {
    const pqxx::field field = at(index);
    return field.is_null() ? nullptr : field.c_str();
  }
  int bytes(int index) const override {
    const pqxx::field field = at(index);
    return field.is_null() ? 0 : static_cast<int>(field.size());
  }

private:
  // A bound value and the type it is sent as. PostgreSQL must know each
  // parameter's type where SQLite takes any value (`? IS NULL`): a value goes
  // as $N::type, a NULL as the literal NULL, which takes its type from where
  // it stands.
  struct Param {
    std::optional<std::string> value;
    const char* type = nullptr;
  };

  Param& slot(int index) {
    if (index < 1) {
      throw Exception(fmt::format("parameter {} out of range", index), SQLITE_RANGE);
    }
    if (static_cast<std::size_t>(index) > m_params.size()) {
      m_params.resize(static_cast<std::size_t>(index));
    }
    return m_params[static_cast<std::size_t>(index) - 1];
  }
  pqxx::field at(int index) const {
    if (!m_result || m_row < 0 || m_row >= static_cast<long>(m_result->size())) {
      throw Exception("no current row", SQLITE_MISUSE);
    }
    return (*m_result)[static_cast<pqxx::result::size_type>(m_row)][static_cast<pqxx::row::size_type>(index)];
  }
  void run();

  PgConnection& m_connection;
  Cut m_cut;
  std::vector<Param> m_params;
  std::optional<pqxx::result> m_result;
  long m_row = -1;
};

class PgConnection final : public Connection {
public:
  PgConnection(pqxx::connection_base& connection, std::string where)
    : m_connection(connection), m_where(std::move(where)) {}
  Engine engine() const override { return Engine::postgresql; }
  void exec(const std::string& sql) override {
    guarded([&] { session().exec(sql); });
  }
  std::int64_t getLastInsertRowid() override { return execAndGetInt64("SELECT lastval()"); }
  std::unique_ptr<StatementImpl> prepare(const std::string& query) override {
    return std::make_unique<PgStatement>(*this, query);
  }
  pqxx::connection_base* postgresql() override { return &m_connection; }
  pqxx::transaction_base* postgresql_session() override { return &session(); }

  // Every statement runs through one nontransaction: BEGIN, COMMIT and
  // SAVEPOINT are sent as SQL, as on SQLite, so the store's transactions
  // are the same code on both.
  pqxx::nontransaction& session() {
    if (!m_session) {
      m_session.emplace(m_connection);
    }
    return *m_session;
  }

  template <typename Work>
  void guarded(Work&& work) {
    try {
      work();
    } catch (const pqxx::sql_error& e) {
      throw Exception(e.what(), result_code_of(e.sqlstate()));
    } catch (const pqxx::broken_connection& e) {
      throw Exception(fmt::format("the connection to {} was lost: {}", m_where, e.what()), SQLITE_IOERR);
    } catch (const pqxx::failure& e) {
      throw Exception(e.what(), m_connection.is_open() ? SQLITE_ERROR : SQLITE_IOERR);
    }
  }

private:
  pqxx::connection_base& m_connection;
  std::string m_where;
  std::optional<pqxx::nontransaction> m_session;
};

void PgStatement::run() {
  std::string query = m_cut.texts[0];
  std::vector<const char*> values;
  std::vector<int> sent(m_params.size() + 1, 0); // a parameter's $N, once sent
  for (std::size_t i = 0; i < m_cut.params.size(); ++i) {
    const int number = m_cut.params[i];
    const Param* param = static_cast<std::size_t>(number) <= m_params.size()
                           ? &m_params[static_cast<std::size_t>(number) - 1]
                           : nullptr;
    if (param == nullptr || !param->value) {
      query += "NULL";
    } else {
      int& dollar = sent[static_cast<std::size_t>(number)];
      if (dollar == 0) {
        values.push_back(param->value->c_str());
        dollar = static_cast<int>(values.size());
      }
      fmt::format_to(std::back_inserter(query), "${}::{}", dollar, param->type);
    }
    query += m_cut.texts[i + 1];
  }
  m_connection.guarded([&] {
    m_result = m_connection.session().exec_params(query, pqxx::prepare::make_dynamic_params(values));
  });
  m_row = -1;
}

bool PgStatement::step() {
  if (!m_result) {
    run();
  }
  ++m_row;
  return m_row < static_cast<long>(m_result->size());
}

int PgStatement::exec() {
  run();
  const int changed = static_cast<int>(m_result->affected_rows());
  m_result.reset();
  return changed;
}

} // namespace

std::unique_ptr<Connection> sqlite_connection(SQLite::Database& db) {
  return std::make_unique<SqliteConnection>(db);
}

std::unique_ptr<Connection> postgresql_connection(pqxx::connection_base& connection, std::string where) {
  return std::make_unique<PgConnection>(connection, std::move(where));
}

} // namespace campaign::store::sql
