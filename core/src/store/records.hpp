#pragma once

#include "domain/number.hpp"
#include "store/database.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace campaign::store {

// How a field's text is read, checked and stored.
enum class FieldType {
  text,       // UTF-8 text
  date,       // YYYY-MM-DD
  count,      // a whole number >= 0
  number,     // a real number (the figure's value is checked against its indicator)
  choice,     // one of FieldDef::choices
  ref,        // the code of a row of FieldDef::target (units, campaigns, indicators)
  ref_list,   // several unit codes, kept in the link table FieldDef::target
  period_ref, // a period name (or id) of the record's campaign
  id_ref,     // the id of a row of FieldDef::target (figures, pledges)
  source,     // a source document; with source_number and source_date, kept in `sources`
};

// One field of a record kind: its JSON key (the CLI option is the key with
// '-' for '_'), its type and what the CLI says about it.
struct FieldDef {
  std::string_view name;
  FieldType type;
  std::string_view help;
  bool required = false;
  bool filter = false;                       // `list --NAME` filters on it
  std::string_view column = {};              // SQL column; defaults to name
  std::string_view target = {};              // ref: table; ref_list: link table
  std::string_view link_owner = {};          // ref_list: owner column of the link table
  std::vector<std::string_view> choices = {}; // choice: allowed values
  std::string_view default_value = {};       // used by add when the field is not given
  bool read_only = false;                    // shown, never set from the CLI

  std::string_view sql_column() const { return column.empty() ? name : column; }
};

// A kind of domain record (unit, campaign, figure, ...), described as data so
// that one piece of code serves add, list, show, edit and remove for all.
struct RecordKind {
  std::string_view name;   // CLI noun: "unit"
  std::string_view plural; // "units"
  std::string_view table;  // SQL table
  std::string_view help;
  bool has_code;           // addressed by code; otherwise by id (periods also by name)
  std::vector<FieldDef> fields;

  const FieldDef* field(std::string_view field_name) const;
};

// Every record kind, in the order the CLI lists them.
const std::vector<RecordKind>& record_kinds();

// The kind named `name`; throws UsageError with a suggestion when there is none.
const RecordKind& record_kind(std::string_view name);

// A stored value: null, integer, real, text, or a list of codes.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::string>>;

// One record as read back: the id, then every field in definition order
// (a source field adds source_number and source_date after it).
struct Record {
  std::int64_t id = 0;
  std::vector<std::pair<std::string, Value>> values;

  const Value* get(std::string_view key) const;
};

// Field name → text as the user wrote it. For edit, "" clears an optional field.
// ref_list fields hold their codes separated by ',' (see split_list).
using RawValues = std::map<std::string, std::string, std::less<>>;

// Create, read, update and delete for every record kind. Each write runs in
// one transaction and checks the domain rules first; a refused write throws
// InvalidInput (or UsageError) and leaves the database unchanged.
class Records {
public:
  explicit Records(Database& db) : m_db(db) {}

  // Adds a record; returns its id. Numbers are read in `number_style`; without
  // one, a number that reads differently in the two styles is refused.
  std::int64_t add(const RecordKind& kind, const RawValues& values,
                   std::optional<domain::NumberStyle> number_style = std::nullopt);

  // Returns the id of a stored record of `kind` equal to `values` (after
  // parsing: codes, dates, numbers, defaults, lists as sets), or nullopt when
  // there is none. A record with the same code but other values throws
  // InvalidInput: re-importing the same data is idempotent, different data
  // under a known code is a conflict, never a silent overwrite. With
  // `given_only`, a stored record also counts as the same when it agrees on
  // every field `values` gives and has more (a pledge sheet naming a pledge
  // stored with its signing date and document, without them).
  std::optional<std::int64_t> find_same(const RecordKind& kind, const RawValues& values,
                                        std::optional<domain::NumberStyle> number_style = std::nullopt,
                                        bool given_only = false);

  // Changes the fields given in `values` of the record `ref` (code, id, or for
  // periods a name with `context["campaign"]`).
  void edit(const RecordKind& kind, std::string_view ref, const RawValues& values, const RawValues& context = {},
            std::optional<domain::NumberStyle> number_style = std::nullopt);

  // Removes the record `ref`; refused while other records refer to it.
  void remove(const RecordKind& kind, std::string_view ref, const RawValues& context = {});

  // Returns the records matching every filter (field name → text; a "period"
  // filter on figures keeps those whose span lies inside the period).
  std::vector<Record> list(const RecordKind& kind, const RawValues& filters = {});

  // The same, handing each record to `each` as it is read instead of keeping
  // them all (a campaign may have millions of figures). `each` must not use
  // this Records while it runs.
  void each(const RecordKind& kind, const RawValues& filters, const std::function<void(Record&&)>& each);

  // Returns the record `ref`; throws InvalidInput (with suggestions) when absent.
  Record show(const RecordKind& kind, std::string_view ref, const RawValues& context = {});

  // Returns the record with this id; throws InvalidInput when there is none.
  Record get(const RecordKind& kind, std::int64_t id);

  // Returns the id of the record `ref` of `kind`.
  std::int64_t resolve(const RecordKind& kind, std::string_view ref, const RawValues& context = {});

private:
  Database& m_db;
};

// Checks that figure `parent` may be the parent of a figure with `key` of
// indicator `indicator_code` (whose parent indicator is `indicator_parent`)
// with this value and qualifier: the parent has the same campaign, unit and
// span, is of the parent indicator, and an exact subset is not above an exact
// parent. Throws InvalidInput naming the field.
// What makes a figure the same one: a subset shares it with its parent.
struct FigureKey {
  std::int64_t campaign_id;
  std::int64_t unit_id;
  std::string span_from;
  std::string span_to;
};

void check_parent_figure(sql::Connection& sql, std::int64_t parent, std::optional<std::int64_t> self,
                         const FigureKey& key, const std::string& indicator_code,
                         std::optional<std::int64_t> indicator_parent, double value, const std::string& qualifier);

// Splits "A, B,C" into {"A", "B", "C"}, dropping empty items.
std::vector<std::string> split_list(std::string_view text);

} // namespace campaign::store
