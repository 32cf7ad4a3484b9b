#include "store/pending_rows.hpp"

#include "util/error.hpp"

#include <fmt/format.h>
#include <sqlite3.h>

#include <new>

namespace campaign::store {

namespace {

// Columns of the table-valued function; "source_rows" is the hidden argument.
enum Column {
  campaign_id,
  unit_id,
  indicator_id,
  span_from,
  span_to,
  value,
  qualifier,
  parent_id,
  source_id,
  locator,
  note,
  batch_id,
  source_rows,
};

struct Cursor {
  sqlite3_vtab_cursor base; // first member: SQLite casts between the two
  const PendingFigures* rows = nullptr;
  std::size_t index = 0;
};

int connect(sqlite3* db, void*, int, const char* const*, sqlite3_vtab** out, char**) {
  const int rc = sqlite3_declare_vtab(
    db, "CREATE TABLE x(campaign_id, unit_id, indicator_id, span_from, span_to, value, qualifier, parent_id, "
        "source_id, locator, note, batch_id, source_rows HIDDEN)");
  if (rc != SQLITE_OK) {
    return rc;
  }
  auto* table = static_cast<sqlite3_vtab*>(sqlite3_malloc(sizeof(sqlite3_vtab)));
  if (table == nullptr) {
    return SQLITE_NOMEM;
  }
  *table = sqlite3_vtab{};
  *out = table;
  return SQLITE_OK;
}

int disconnect(sqlite3_vtab* table) {
  sqlite3_free(table);
  return SQLITE_OK;
}

// Only one plan: the pointer argument must be given.
int best_index(sqlite3_vtab*, sqlite3_index_info* info) {
  for (int i = 0; i < info->nConstraint; ++i) {
    const auto& constraint = info->aConstraint[i];
    if (constraint.iColumn == source_rows && constraint.op == SQLITE_INDEX_CONSTRAINT_EQ) {
      if (constraint.usable == 0) {
        return SQLITE_CONSTRAINT;
      }
      info->aConstraintUsage[i].argvIndex = 1;
      info->aConstraintUsage[i].omit = 1;
      info->estimatedCost = 1;
      info->idxNum = 1;
      return SQLITE_OK;
    }
  }
  return SQLITE_CONSTRAINT;
}

int open(sqlite3_vtab*, sqlite3_vtab_cursor** out) {
  auto* cursor = new (std::nothrow) Cursor();
  if (cursor == nullptr) {
    return SQLITE_NOMEM;
  }
  *out = &cursor->base;
  return SQLITE_OK;
}

int close(sqlite3_vtab_cursor* base) {
  delete reinterpret_cast<Cursor*>(base);
  return SQLITE_OK;
}

int filter(sqlite3_vtab_cursor* base, int, const char*, int argc, sqlite3_value** argv) {
  auto* cursor = reinterpret_cast<Cursor*>(base);
  cursor->rows = argc == 1 ? static_cast<const PendingFigures*>(sqlite3_value_pointer(argv[0], k_pending_figures_pointer))
                           : nullptr;
  cursor->index = 0;
  return SQLITE_OK;
}

int next(sqlite3_vtab_cursor* base) {
  ++reinterpret_cast<Cursor*>(base)->index;
  return SQLITE_OK;
}

int eof(sqlite3_vtab_cursor* base) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  return cursor->rows == nullptr || cursor->index >= cursor->rows->count ? 1 : 0;
}

void text_or_null(sqlite3_context* context, const std::string& text) {
  if (text.empty()) {
    sqlite3_result_null(context);
  } else {
    sqlite3_result_text(context, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  }
}

void integer_or_null(sqlite3_context* context, const std::optional<std::int64_t>& value) {
  if (value) {
    sqlite3_result_int64(context, *value);
  } else {
    sqlite3_result_null(context);
  }
}

int column(sqlite3_vtab_cursor* base, sqlite3_context* context, int n) {
  const auto* cursor = reinterpret_cast<Cursor*>(base);
  const PendingFigure& row = cursor->rows->rows[cursor->index];
  switch (n) {
  case campaign_id:
    sqlite3_result_int64(context, row.campaign_id);
    break;
  case unit_id:
    sqlite3_result_int64(context, row.unit_id);
    break;
  case indicator_id:
    sqlite3_result_int64(context, row.indicator_id);
    break;
  case span_from:
    sqlite3_result_text(context, row.span_from.data(), static_cast<int>(row.span_from.size()), SQLITE_STATIC);
    break;
  case span_to:
    sqlite3_result_text(context, row.span_to.data(), static_cast<int>(row.span_to.size()), SQLITE_STATIC);
    break;
  case value:
    sqlite3_result_double(context, row.value);
    break;
  case qualifier:
    sqlite3_result_text(context, row.qualifier, -1, SQLITE_STATIC);
    break;
  case parent_id:
    integer_or_null(context, row.parent);
    break;
  case source_id:
    integer_or_null(context, row.source);
    break;
  case locator:
    text_or_null(context, row.locator);
    break;
  case note:
    text_or_null(context, row.note);
    break;
  case batch_id:
    sqlite3_result_int64(context, row.batch_id);
    break;
  default:
    sqlite3_result_null(context);
    break;
  }
  return SQLITE_OK;
}

int rowid(sqlite3_vtab_cursor* base, sqlite3_int64* out) {
  *out = static_cast<sqlite3_int64>(reinterpret_cast<Cursor*>(base)->index);
  return SQLITE_OK;
}

sqlite3_module make_module() {
  sqlite3_module module{};
  module.iVersion = 0;
  module.xCreate = nullptr; // eponymous only: used as a table-valued function, never created
  module.xConnect = connect;
  module.xBestIndex = best_index;
  module.xDisconnect = disconnect;
  module.xDestroy = disconnect;
  module.xOpen = open;
  module.xClose = close;
  module.xFilter = filter;
  module.xNext = next;
  module.xEof = eof;
  module.xColumn = column;
  module.xRowid = rowid;
  return module;
}

const sqlite3_module k_module = make_module();

} // namespace

void register_pending_figures(sqlite3* db) {
  const int rc = sqlite3_create_module_v2(db, k_pending_figures_pointer, &k_module, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    throw Error(fmt::format("cannot register the import module: {}", sqlite3_errstr(rc)));
  }
}

PendingWriter::PendingWriter(sqlite3* db, const std::string& sql) : m_db(db) {
  const int rc = sqlite3_prepare_v3(db, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                    &m_statement, nullptr);
  if (rc != SQLITE_OK) {
    throw Error(fmt::format("cannot prepare the import statement: {}", sqlite3_errmsg(db)));
  }
}

PendingWriter::~PendingWriter() {
  sqlite3_finalize(m_statement);
}

int PendingWriter::write(const PendingFigures& rows, std::string& message, std::int64_t& changed) {
  changed = 0;
  sqlite3_reset(m_statement);
  // The pointer is only read while the statement runs; SQLite does not own it.
  sqlite3_bind_pointer(m_statement, 1, const_cast<PendingFigures*>(&rows), k_pending_figures_pointer, nullptr);
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) {
    rc = sqlite3_step(m_statement);
  }
  m_system_errno = 0;
  if (rc != SQLITE_DONE) {
    message = sqlite3_errmsg(m_db);
    m_system_errno = sqlite3_system_errno(m_db);
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    return rc;
  }
  changed = sqlite3_changes64(m_db);
  sqlite3_reset(m_statement);
  sqlite3_clear_bindings(m_statement);
  return SQLITE_OK;
}

} // namespace campaign::store
