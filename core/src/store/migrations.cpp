#include "store/migrations.hpp"

namespace campaign::store {

namespace {

// Migration 1: the domain records. Dates are ISO 8601 text (YYYY-MM-DD), so
// they sort and compare as text and read well in the sqlite3 shell. A NULL
// validity bound is open. Codes are unique; rows refer to each other by id.
constexpr std::string_view k_migration_1 = R"sql(
CREATE TABLE units (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT NOT NULL,
  parent_id   INTEGER REFERENCES units(id),
  valid_from  TEXT,
  valid_to    TEXT,
  note        TEXT,
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_events (
  id           INTEGER PRIMARY KEY,
  kind         TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
  event_date   TEXT NOT NULL,
  legal_basis  TEXT,
  note         TEXT
);
CREATE TABLE unit_event_predecessors (
  event_id  INTEGER NOT NULL REFERENCES unit_events(id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (event_id, unit_id)
) WITHOUT ROWID;
CREATE TABLE unit_event_successors (
  event_id  INTEGER NOT NULL REFERENCES unit_events(id) ON DELETE CASCADE,
  unit_id   INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (event_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE campaigns (
  id           INTEGER PRIMARY KEY,
  code         TEXT NOT NULL UNIQUE,
  name         TEXT NOT NULL,
  start_date   TEXT,
  end_date     TEXT,
  description  TEXT,
  CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE TABLE campaign_organisers (
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id      INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (campaign_id, unit_id)
) WITHOUT ROWID;

CREATE TABLE periods (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
  name         TEXT NOT NULL,
  start_date   TEXT NOT NULL,
  end_date     TEXT NOT NULL,
  note         TEXT,
  UNIQUE (campaign_id, name),
  CHECK (start_date <= end_date)
);

CREATE TABLE indicators (
  id            INTEGER PRIMARY KEY,
  code          TEXT NOT NULL UNIQUE,
  name_vi       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  measure_unit  TEXT NOT NULL,
  value_kind    TEXT NOT NULL DEFAULT 'count' CHECK (value_kind IN ('count', 'quantity', 'signed')),
  aggregation   TEXT NOT NULL DEFAULT 'sum' CHECK (aggregation IN ('sum', 'max', 'last')),
  direction     TEXT NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
  parent_id     INTEGER REFERENCES indicators(id),
  grp           TEXT,
  CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE sources (
  id         INTEGER PRIMARY KEY,
  document   TEXT NOT NULL,
  number     TEXT NOT NULL DEFAULT '',
  issued_on  TEXT NOT NULL DEFAULT '',
  UNIQUE (document, number, issued_on)
);

CREATE TABLE import_batches (
  id                INTEGER PRIMARY KEY,
  importer          TEXT NOT NULL,
  importer_version  TEXT NOT NULL DEFAULT '',
  file_name         TEXT,
  file_hash         TEXT,
  started_at        TEXT NOT NULL,
  finished_at       TEXT,
  added             INTEGER NOT NULL DEFAULT 0,
  revised           INTEGER NOT NULL DEFAULT 0,
  skipped           INTEGER NOT NULL DEFAULT 0
);

-- A figure is one reported value. Its natural key leads with the unit, which
-- serves per-unit reports; the source is part of the key, so two sources may
-- report the same thing, and the same source reporting it again is a revision.
CREATE TABLE figures (
  id            INTEGER PRIMARY KEY,
  campaign_id   INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
  span_from     TEXT NOT NULL,
  span_to       TEXT NOT NULL,
  value         REAL NOT NULL,
  qualifier     TEXT NOT NULL DEFAULT 'exact' CHECK (qualifier IN ('exact', 'at_least', 'at_most', 'about')),
  parent_id     INTEGER REFERENCES figures(id),
  source_id     INTEGER REFERENCES sources(id),
  locator       TEXT,
  note          TEXT,
  batch_id      INTEGER REFERENCES import_batches(id),
  CHECK (span_from <= span_to),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX figures_key
  ON figures(unit_id, indicator_id, span_from, span_to, campaign_id, ifnull(source_id, 0));
CREATE INDEX figures_campaign ON figures(campaign_id, indicator_id);
CREATE INDEX figures_parent ON figures(parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE figure_revisions (
  id          INTEGER PRIMARY KEY,
  figure_id   INTEGER NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
  old_value   REAL NOT NULL,
  old_qualifier TEXT NOT NULL,
  batch_id    INTEGER REFERENCES import_batches(id),
  changed_at  TEXT NOT NULL
);

CREATE TABLE pledges (
  id              INTEGER PRIMARY KEY,
  campaign_id     INTEGER NOT NULL REFERENCES campaigns(id),
  period_id       INTEGER NOT NULL REFERENCES periods(id),
  signatory_id    INTEGER NOT NULL REFERENCES units(id),
  counterpart_id  INTEGER REFERENCES units(id),
  signed_on       TEXT,
  document        TEXT,
  note            TEXT,
  UNIQUE (period_id, signatory_id)
);

CREATE TABLE pledge_targets (
  id            INTEGER PRIMARY KEY,
  pledge_id     INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  indicator_id  INTEGER NOT NULL REFERENCES indicators(id),
  comparator    TEXT NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
  target        REAL NOT NULL,
  measure_unit  TEXT,
  max_points    REAL CHECK (max_points IS NULL OR max_points >= 0),
  note          TEXT
);

CREATE TABLE awards (
  id                 INTEGER PRIMARY KEY,
  campaign_id        INTEGER NOT NULL REFERENCES campaigns(id),
  period_id          INTEGER REFERENCES periods(id),
  recipient_kind     TEXT NOT NULL CHECK (recipient_kind IN ('collective', 'individual')),
  recipient_unit_id  INTEGER REFERENCES units(id),
  recipient_name     TEXT,
  quantity           INTEGER NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  form               TEXT NOT NULL,
  issuer             TEXT NOT NULL,
  decision_number    TEXT,
  decision_date      TEXT,
  reason             TEXT
);

CREATE TABLE models (
  id          INTEGER PRIMARY KEY,
  campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
  unit_id     INTEGER NOT NULL REFERENCES units(id),
  name        TEXT NOT NULL,
  type        TEXT,
  started_on  TEXT,
  points      INTEGER CHECK (points IS NULL OR points >= 0),
  note        TEXT
);

CREATE TABLE agreements (
  id           INTEGER PRIMARY KEY,
  campaign_id  INTEGER REFERENCES campaigns(id),
  title        TEXT NOT NULL,
  signed_on    TEXT,
  document     TEXT,
  note         TEXT
);
CREATE TABLE agreement_parties (
  agreement_id  INTEGER NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  unit_id       INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (agreement_id, unit_id)
) WITHOUT ROWID;
)sql";

// Migration 2: imports. A figure written twice by one import batch is
// refused (a row repeated inside one file); a change of value or qualifier
// keeps the old one as a revision, naming the batch that changed it.
constexpr std::string_view k_migration_2 = R"sql(
CREATE TRIGGER figures_repeated_in_batch BEFORE UPDATE OF batch_id ON figures
  WHEN new.batch_id IS NOT NULL AND old.batch_id IS new.batch_id
BEGIN
  SELECT RAISE(ABORT, 'figure repeated within one import');
END;

CREATE TRIGGER figures_revised AFTER UPDATE OF value, qualifier ON figures
  WHEN old.value IS NOT new.value OR old.qualifier IS NOT new.qualifier
BEGIN
  INSERT INTO figure_revisions (figure_id, old_value, old_qualifier, batch_id, changed_at)
  VALUES (old.id, old.value, old.qualifier,
          CASE WHEN new.batch_id IS NOT old.batch_id THEN new.batch_id END,
          strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
END;

CREATE INDEX figure_revisions_batch ON figure_revisions(batch_id) WHERE batch_id IS NOT NULL;
)sql";

// Migration 3: pledge scoring. A target is quantitative (an indicator, a
// comparator and a target value) or qualitative (a criterion assessed met or
// not by an assessor), so the table is rebuilt without the NOT NULLs of
// version 1. Each target is scored all or nothing or in proportion, and keeps
// the self-assessed and awarded points of the scoring sheet. A pledge may be
// transferred to a successor unit. pledge_rules holds a campaign's grade
// thresholds, award rule and tie-break; a campaign without a row uses the
// defaults of the columns.
constexpr std::string_view k_migration_3 = R"sql(
CREATE TABLE pledge_targets_v3 (
  id               INTEGER PRIMARY KEY,
  pledge_id        INTEGER NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  indicator_id     INTEGER REFERENCES indicators(id),
  comparator       TEXT CHECK (comparator IS NULL OR comparator IN ('>=', '<=', '=')),
  target           REAL,
  measure_unit     TEXT,
  max_points       REAL CHECK (max_points IS NULL OR max_points >= 0),
  note             TEXT,
  target_kind      TEXT NOT NULL DEFAULT 'quantitative' CHECK (target_kind IN ('quantitative', 'qualitative')),
  criterion        TEXT,
  scoring          TEXT NOT NULL DEFAULT 'all_or_nothing' CHECK (scoring IN ('all_or_nothing', 'proportional')),
  self_points      REAL CHECK (self_points IS NULL OR (self_points >= 0 AND self_points <= max_points)),
  awarded_points   REAL CHECK (awarded_points IS NULL OR (awarded_points >= 0 AND awarded_points <= max_points)),
  met              TEXT CHECK (met IS NULL OR met IN ('yes', 'no')),
  assessor         TEXT,
  assessed_on      TEXT,
  assessment_note  TEXT,
  CHECK ((target_kind = 'quantitative' AND indicator_id IS NOT NULL AND comparator IS NOT NULL AND target IS NOT NULL
          AND criterion IS NULL AND met IS NULL)
      OR (target_kind = 'qualitative' AND indicator_id IS NULL AND comparator IS NULL AND target IS NULL
          AND criterion IS NOT NULL AND scoring = 'all_or_nothing'))
);
INSERT INTO pledge_targets_v3 (id, pledge_id, indicator_id, comparator, target, measure_unit, max_points, note)
  SELECT id, pledge_id, indicator_id, comparator, target, measure_unit, max_points, note FROM pledge_targets;
DROP TABLE pledge_targets;
ALTER TABLE pledge_targets_v3 RENAME TO pledge_targets;
CREATE INDEX pledge_targets_pledge ON pledge_targets(pledge_id);

ALTER TABLE pledges ADD COLUMN successor_id INTEGER REFERENCES units(id);
ALTER TABLE pledges ADD COLUMN transferred_on TEXT;

CREATE TABLE pledge_rules (
  campaign_id      INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  excellent_from   REAL NOT NULL DEFAULT 90,
  good_from        REAL NOT NULL DEFAULT 70,
  average_from     REAL NOT NULL DEFAULT 50,
  award_min_grade  TEXT NOT NULL DEFAULT 'excellent'
                   CHECK (award_min_grade IN ('excellent', 'good', 'average', 'weak')),
  award_requires   TEXT NOT NULL DEFAULT 'quantitative_met'
                   CHECK (award_requires IN ('none', 'quantitative_met', 'all_met')),
  award_top        INTEGER CHECK (award_top IS NULL OR award_top >= 1),
  tie_break        TEXT NOT NULL DEFAULT 'none' CHECK (tie_break IN ('none', 'targets_met', 'attainment')),
  CHECK (0 <= average_from AND average_from < good_from AND good_from < excellent_from AND excellent_from <= 100)
);
)sql";

// Migration 4: running totals of figures, so that reports over millions of
// figures read thousands of rows. figure_sums holds, for each campaign, unit,
// indicator, source and import batch, one row per calendar month (grain
// 'month') and one per calendar year (grain 'year'): the count, sum and
// largest value of the figures of that month or year, the qualifiers among
// them, the first start and last end, the smallest figure id, how many carry
// a note and how many overlapped another figure of the same unit, indicator
// and campaign when written. A figure that crosses a month (or year) boundary
// has a row of its own, bucket 'FROM..TO'. Triggers keep the rows in step
// with every write to figures: an insert adds to its rows; an update or
// delete recomputes the rows it leaves and enters.
constexpr std::string_view k_migration_4 = R"sql(
CREATE TABLE figure_sums (
  campaign_id   INTEGER NOT NULL,
  grain         TEXT NOT NULL CHECK (grain IN ('month', 'year')),
  unit_id       INTEGER NOT NULL,
  indicator_id  INTEGER NOT NULL,
  source_id     INTEGER NOT NULL,
  batch_id      INTEGER NOT NULL,
  bucket        TEXT NOT NULL,
  figures       INTEGER NOT NULL,
  total         REAL NOT NULL,
  largest       REAL NOT NULL,
  qualifiers    INTEGER NOT NULL,
  first_from    TEXT NOT NULL,
  last_to       TEXT NOT NULL,
  first_id      INTEGER NOT NULL,
  noted         INTEGER NOT NULL,
  overlapping   INTEGER NOT NULL,
  PRIMARY KEY (campaign_id, grain, unit_id, indicator_id, source_id, batch_id, bucket)
) WITHOUT ROWID;

CREATE VIEW figure_buckets AS
SELECT f.*, g.grain,
       CASE WHEN substr(f.span_from, 1, g.width) = substr(f.span_to, 1, g.width) THEN substr(f.span_from, 1, g.width)
            ELSE f.span_from || '..' || f.span_to END AS bucket,
       CASE f.qualifier WHEN 'exact' THEN 1 WHEN 'at_least' THEN 2 WHEN 'at_most' THEN 4 ELSE 8 END AS qualifier_bit,
       (f.note IS NOT NULL AND f.note <> '') AS has_note,
       EXISTS (SELECT 1 FROM figures o WHERE o.unit_id = f.unit_id AND o.indicator_id = f.indicator_id
                 AND o.span_from <= f.span_to AND o.span_to >= f.span_from AND o.campaign_id = f.campaign_id
                 AND o.id <> f.id) AS overlaps
FROM figures f CROSS JOIN (SELECT 'month' AS grain, 7 AS width UNION ALL SELECT 'year', 4) g;

INSERT INTO figure_sums
SELECT campaign_id, grain, unit_id, indicator_id, ifnull(source_id, 0), ifnull(batch_id, 0), bucket, count(*),
       sum(value), max(value), max(qualifier_bit = 1) + 2 * max(qualifier_bit = 2) + 4 * max(qualifier_bit = 4)
       + 8 * max(qualifier_bit = 8), min(span_from), max(span_to), min(id), sum(has_note), sum(overlaps)
FROM figure_buckets
GROUP BY campaign_id, grain, unit_id, indicator_id, ifnull(source_id, 0), ifnull(batch_id, 0), bucket;

CREATE TRIGGER figure_sums_insert AFTER INSERT ON figures
BEGIN
  INSERT INTO figure_sums
  SELECT new.campaign_id, g.grain, new.unit_id, new.indicator_id, ifnull(new.source_id, 0), ifnull(new.batch_id, 0),
         CASE WHEN substr(new.span_from, 1, g.width) = substr(new.span_to, 1, g.width)
              THEN substr(new.span_from, 1, g.width) ELSE new.span_from || '..' || new.span_to END,
         1, new.value, new.value,
         CASE new.qualifier WHEN 'exact' THEN 1 WHEN 'at_least' THEN 2 WHEN 'at_most' THEN 4 ELSE 8 END,
         new.span_from, new.span_to, new.id, (new.note IS NOT NULL AND new.note <> ''), o.overlaps
  FROM (SELECT EXISTS (SELECT 1 FROM figures f WHERE f.unit_id = new.unit_id AND f.indicator_id = new.indicator_id
                         AND f.span_from <= new.span_to AND f.span_to >= new.span_from
                         AND f.campaign_id = new.campaign_id AND f.id <> new.id) AS overlaps) o
  CROSS JOIN (SELECT 'month' AS grain, 7 AS width UNION ALL SELECT 'year', 4) g WHERE true
  ON CONFLICT DO UPDATE SET
    figures = figures + 1, total = total + excluded.total, largest = max(largest, excluded.largest),
    qualifiers = qualifiers | excluded.qualifiers, first_from = min(first_from, excluded.first_from),
    last_to = max(last_to, excluded.last_to), first_id = min(first_id, excluded.first_id),
    noted = noted + excluded.noted, overlapping = overlapping + excluded.overlapping;
END;

CREATE TABLE figure_sums_dirty (
  campaign_id INTEGER, unit_id INTEGER, indicator_id INTEGER, source_id INTEGER, batch_id INTEGER,
  span_from TEXT, span_to TEXT
);

CREATE TRIGGER figure_sums_delete AFTER DELETE ON figures
BEGIN
  INSERT INTO figure_sums_dirty VALUES (old.campaign_id, old.unit_id, old.indicator_id, ifnull(old.source_id, 0),
                                        ifnull(old.batch_id, 0), old.span_from, old.span_to);
END;

CREATE TRIGGER figure_sums_update AFTER UPDATE OF campaign_id, unit_id, indicator_id, span_from, span_to, value,
  qualifier, source_id, batch_id, note ON figures
BEGIN
  INSERT INTO figure_sums_dirty VALUES (old.campaign_id, old.unit_id, old.indicator_id, ifnull(old.source_id, 0),
                                        ifnull(old.batch_id, 0), old.span_from, old.span_to),
                                       (new.campaign_id, new.unit_id, new.indicator_id, ifnull(new.source_id, 0),
                                        ifnull(new.batch_id, 0), new.span_from, new.span_to);
END;

-- Each row put into figure_sums_dirty names a bucket to recompute; the
-- trigger below recomputes it from the figures and leaves the table empty.
CREATE TRIGGER figure_sums_recompute AFTER INSERT ON figure_sums_dirty
BEGIN
  DELETE FROM figure_sums
  WHERE campaign_id = new.campaign_id AND unit_id = new.unit_id AND indicator_id = new.indicator_id
    AND source_id = new.source_id AND batch_id = new.batch_id
    AND ((grain = 'month' AND bucket = CASE WHEN substr(new.span_from, 1, 7) = substr(new.span_to, 1, 7)
                                            THEN substr(new.span_from, 1, 7) ELSE new.span_from || '..' || new.span_to END)
      OR (grain = 'year' AND bucket = CASE WHEN substr(new.span_from, 1, 4) = substr(new.span_to, 1, 4)
                                           THEN substr(new.span_from, 1, 4) ELSE new.span_from || '..' || new.span_to END));
  INSERT INTO figure_sums
  SELECT campaign_id, grain, unit_id, indicator_id, ifnull(source_id, 0), ifnull(batch_id, 0), bucket, count(*),
         sum(value), max(value), max(qualifier_bit = 1) + 2 * max(qualifier_bit = 2) + 4 * max(qualifier_bit = 4)
         + 8 * max(qualifier_bit = 8), min(span_from), max(span_to), min(id), sum(has_note), sum(overlaps)
  FROM figure_buckets
  WHERE unit_id = new.unit_id AND indicator_id = new.indicator_id
    AND span_from >= substr(new.span_from, 1, 4) AND span_from < substr(new.span_from, 1, 4) || '~'
    AND campaign_id = new.campaign_id AND ifnull(source_id, 0) = new.source_id AND ifnull(batch_id, 0) = new.batch_id
    AND ((grain = 'month' AND bucket = CASE WHEN substr(new.span_from, 1, 7) = substr(new.span_to, 1, 7)
                                            THEN substr(new.span_from, 1, 7) ELSE new.span_from || '..' || new.span_to END)
      OR (grain = 'year' AND bucket = CASE WHEN substr(new.span_from, 1, 4) = substr(new.span_to, 1, 4)
                                           THEN substr(new.span_from, 1, 4) ELSE new.span_from || '..' || new.span_to END))
  GROUP BY grain, bucket;
  DELETE FROM figure_sums_dirty;
END;
)sql";

// Migration 5: an import keeps the running totals of its own figures. It
// puts its batch into figure_sums_paused for the length of its transaction
// (the row is never committed, so no other connection sees it), the insert
// trigger stands aside meanwhile, and after each group of rows the import
// computes the sums of its figures in every unit, indicator and campaign it
// wrote and replaces their rows (store/figure_sums.hpp, BatchSums): a
// million-row import no longer runs the trigger's lookups per row. Every other
// writer still goes through the trigger. (Its body repeats migration 4's
// unchanged: SQLite can only drop a trigger and create it again.)
constexpr std::string_view k_migration_5 = R"sql(
CREATE TABLE figure_sums_paused (batch_id INTEGER PRIMARY KEY);
DROP TRIGGER figure_sums_insert;
CREATE TRIGGER figure_sums_insert AFTER INSERT ON figures
WHEN NOT EXISTS (SELECT 1 FROM figure_sums_paused)
BEGIN
  INSERT INTO figure_sums
  SELECT new.campaign_id, g.grain, new.unit_id, new.indicator_id, ifnull(new.source_id, 0), ifnull(new.batch_id, 0),
         CASE WHEN substr(new.span_from, 1, g.width) = substr(new.span_to, 1, g.width)
              THEN substr(new.span_from, 1, g.width) ELSE new.span_from || '..' || new.span_to END,
         1, new.value, new.value,
         CASE new.qualifier WHEN 'exact' THEN 1 WHEN 'at_least' THEN 2 WHEN 'at_most' THEN 4 ELSE 8 END,
         new.span_from, new.span_to, new.id, (new.note IS NOT NULL AND new.note <> ''), o.overlaps
  FROM (SELECT EXISTS (SELECT 1 FROM figures f WHERE f.unit_id = new.unit_id AND f.indicator_id = new.indicator_id
                         AND f.span_from <= new.span_to AND f.span_to >= new.span_from
                         AND f.campaign_id = new.campaign_id AND f.id <> new.id) AS overlaps) o
  CROSS JOIN (SELECT 'month' AS grain, 7 AS width UNION ALL SELECT 'year', 4) g WHERE true
  ON CONFLICT DO UPDATE SET
    figures = figures + 1, total = total + excluded.total, largest = max(largest, excluded.largest),
    qualifiers = qualifiers | excluded.qualifiers, first_from = min(first_from, excluded.first_from),
    last_to = max(last_to, excluded.last_to), first_id = min(first_id, excluded.first_id),
    noted = noted + excluded.noted, overlapping = overlapping + excluded.overlapping;
END;
)sql";

// Migration 6: an index of the figures whose value is not a whole number.
// Sums of whole numbers are exact in any order; sums of others may differ in
// their last digit with the order of addition, so an analysis that must give
// what the figures one by one give reads those figures apart
// (store/figure_sums.hpp). Few figures have such values: the index is small,
// and the aggregate request finds them without reading the others.
constexpr std::string_view k_migration_6 = R"sql(
CREATE INDEX figures_fractional ON figures (campaign_id, unit_id, indicator_id, span_from)
  WHERE value <> CAST(value AS INTEGER);
)sql";

// The same steps for PostgreSQL. Every text column compares byte by byte
// (COLLATE "C"), as SQLite's do, so that dates, codes and buckets sort the
// same on both. Integers are 64-bit and reals double precision, as in
// SQLite; ids are identity columns that accept the ids of a migrated
// database. References from a table to itself are DEFERRABLE, so that a
// migration can copy rows in id order whatever their parent's id.
constexpr std::string_view k_pg_migration_1 = R"sql(
-- SQLite's functions that the store's queries use, so that one text of a
-- query runs on both.
CREATE FUNCTION ifnull(anycompatible, anycompatible) RETURNS anycompatible
  LANGUAGE sql IMMUTABLE AS 'SELECT coalesce($1, $2)';
CREATE FUNCTION group_concat_step(text, anyelement, text) RETURNS text
  LANGUAGE sql IMMUTABLE AS
  'SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2::text ELSE $1 || $3 || $2::text END';
CREATE AGGREGATE group_concat(anyelement, text) (SFUNC = group_concat_step, STYPE = text);
CREATE FUNCTION group_concat_step(text, anyelement) RETURNS text
  LANGUAGE sql IMMUTABLE AS 'SELECT group_concat_step($1, $2, '','')';
CREATE AGGREGATE group_concat(anyelement) (SFUNC = group_concat_step, STYPE = text);
CREATE FUNCTION julianday(text) RETURNS double precision
  LANGUAGE sql IMMUTABLE AS 'SELECT ($1::date - date ''2000-01-01'') + 2451544.5';
-- Whether a text is a calendar date written YYYY-MM-DD (campaign check).
CREATE FUNCTION campaign_is_date(text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN $1 ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' AND to_char($1::date, 'YYYY-MM-DD') = $1;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

CREATE TABLE units (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code        text COLLATE "C" NOT NULL UNIQUE,
  name        text COLLATE "C" NOT NULL,
  kind        text COLLATE "C" NOT NULL,
  parent_id   bigint REFERENCES units(id) DEFERRABLE,
  valid_from  text COLLATE "C",
  valid_to    text COLLATE "C",
  note        text COLLATE "C",
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE unit_events (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  kind         text COLLATE "C" NOT NULL CHECK (kind IN ('merge', 'split', 'rename')),
  event_date   text COLLATE "C" NOT NULL,
  legal_basis  text COLLATE "C",
  note         text COLLATE "C"
);
CREATE TABLE unit_event_predecessors (
  event_id  bigint NOT NULL REFERENCES unit_events(id) ON DELETE CASCADE,
  unit_id   bigint NOT NULL REFERENCES units(id),
  PRIMARY KEY (event_id, unit_id)
);
CREATE TABLE unit_event_successors (
  event_id  bigint NOT NULL REFERENCES unit_events(id) ON DELETE CASCADE,
  unit_id   bigint NOT NULL REFERENCES units(id),
  PRIMARY KEY (event_id, unit_id)
);

CREATE TABLE campaigns (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code         text COLLATE "C" NOT NULL UNIQUE,
  name         text COLLATE "C" NOT NULL,
  start_date   text COLLATE "C",
  end_date     text COLLATE "C",
  description  text COLLATE "C",
  CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date)
);
CREATE TABLE campaign_organisers (
  campaign_id  bigint NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
  unit_id      bigint NOT NULL REFERENCES units(id),
  PRIMARY KEY (campaign_id, unit_id)
);

CREATE TABLE periods (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id  bigint NOT NULL REFERENCES campaigns(id),
  name         text COLLATE "C" NOT NULL,
  start_date   text COLLATE "C" NOT NULL,
  end_date     text COLLATE "C" NOT NULL,
  note         text COLLATE "C",
  UNIQUE (campaign_id, name),
  CHECK (start_date <= end_date)
);

CREATE TABLE indicators (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  code          text COLLATE "C" NOT NULL UNIQUE,
  name_vi       text COLLATE "C" NOT NULL,
  name_en       text COLLATE "C" NOT NULL,
  measure_unit  text COLLATE "C" NOT NULL,
  value_kind    text COLLATE "C" NOT NULL DEFAULT 'count' CHECK (value_kind IN ('count', 'quantity', 'signed')),
  aggregation   text COLLATE "C" NOT NULL DEFAULT 'sum' CHECK (aggregation IN ('sum', 'max', 'last')),
  direction     text COLLATE "C" NOT NULL DEFAULT 'higher' CHECK (direction IN ('higher', 'lower')),
  parent_id     bigint REFERENCES indicators(id) DEFERRABLE,
  grp           text COLLATE "C",
  CHECK (parent_id IS NULL OR parent_id <> id)
);

CREATE TABLE sources (
  id         bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  document   text COLLATE "C" NOT NULL,
  number     text COLLATE "C" NOT NULL DEFAULT '',
  issued_on  text COLLATE "C" NOT NULL DEFAULT '',
  UNIQUE (document, number, issued_on)
);

CREATE TABLE import_batches (
  id                bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  importer          text COLLATE "C" NOT NULL,
  importer_version  text COLLATE "C" NOT NULL DEFAULT '',
  file_name         text COLLATE "C",
  file_hash         text COLLATE "C",
  started_at        text COLLATE "C" NOT NULL,
  finished_at       text COLLATE "C",
  added             bigint NOT NULL DEFAULT 0,
  revised           bigint NOT NULL DEFAULT 0,
  skipped           bigint NOT NULL DEFAULT 0
);

CREATE TABLE figures (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id   bigint NOT NULL REFERENCES campaigns(id),
  unit_id       bigint NOT NULL REFERENCES units(id),
  indicator_id  bigint NOT NULL REFERENCES indicators(id),
  span_from     text COLLATE "C" NOT NULL,
  span_to       text COLLATE "C" NOT NULL,
  value         double precision NOT NULL,
  qualifier     text COLLATE "C" NOT NULL DEFAULT 'exact' CHECK (qualifier IN ('exact', 'at_least', 'at_most', 'about')),
  parent_id     bigint REFERENCES figures(id) DEFERRABLE,
  source_id     bigint REFERENCES sources(id),
  locator       text COLLATE "C",
  note          text COLLATE "C",
  batch_id      bigint REFERENCES import_batches(id),
  CHECK (span_from <= span_to),
  CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE UNIQUE INDEX figures_key
  ON figures(unit_id, indicator_id, span_from, span_to, campaign_id, coalesce(source_id, 0));
-- The campaign alone (SQLite's index adds the indicator): a lookup of one
-- unit's and indicator's figures can then only take figures_key, even when
-- the statistics say the table is empty (as after a rolled-back import),
-- where an index holding the indicator would be read whole for each figure.
CREATE INDEX figures_campaign ON figures(campaign_id);
CREATE INDEX figures_parent ON figures(parent_id) WHERE parent_id IS NOT NULL;

CREATE TABLE figure_revisions (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  figure_id   bigint NOT NULL REFERENCES figures(id) ON DELETE CASCADE,
  old_value   double precision NOT NULL,
  old_qualifier text COLLATE "C" NOT NULL,
  batch_id    bigint REFERENCES import_batches(id),
  changed_at  text COLLATE "C" NOT NULL
);

CREATE TABLE pledges (
  id              bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id     bigint NOT NULL REFERENCES campaigns(id),
  period_id       bigint NOT NULL REFERENCES periods(id),
  signatory_id    bigint NOT NULL REFERENCES units(id),
  counterpart_id  bigint REFERENCES units(id),
  signed_on       text COLLATE "C",
  document        text COLLATE "C",
  note            text COLLATE "C",
  UNIQUE (period_id, signatory_id)
);

CREATE TABLE pledge_targets (
  id            bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  pledge_id     bigint NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  indicator_id  bigint NOT NULL REFERENCES indicators(id),
  comparator    text COLLATE "C" NOT NULL CHECK (comparator IN ('>=', '<=', '=')),
  target        double precision NOT NULL,
  measure_unit  text COLLATE "C",
  max_points    double precision CHECK (max_points IS NULL OR max_points >= 0),
  note          text COLLATE "C"
);

CREATE TABLE awards (
  id                 bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id        bigint NOT NULL REFERENCES campaigns(id),
  period_id          bigint REFERENCES periods(id),
  recipient_kind     text COLLATE "C" NOT NULL CHECK (recipient_kind IN ('collective', 'individual')),
  recipient_unit_id  bigint REFERENCES units(id),
  recipient_name     text COLLATE "C",
  quantity           bigint NOT NULL DEFAULT 1 CHECK (quantity >= 1),
  form               text COLLATE "C" NOT NULL,
  issuer             text COLLATE "C" NOT NULL,
  decision_number    text COLLATE "C",
  decision_date      text COLLATE "C",
  reason             text COLLATE "C"
);

CREATE TABLE models (
  id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id bigint NOT NULL REFERENCES campaigns(id),
  unit_id     bigint NOT NULL REFERENCES units(id),
  name        text COLLATE "C" NOT NULL,
  type        text COLLATE "C",
  started_on  text COLLATE "C",
  points      bigint CHECK (points IS NULL OR points >= 0),
  note        text COLLATE "C"
);

CREATE TABLE agreements (
  id           bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  campaign_id  bigint REFERENCES campaigns(id),
  title        text COLLATE "C" NOT NULL,
  signed_on    text COLLATE "C",
  document     text COLLATE "C",
  note         text COLLATE "C"
);
CREATE TABLE agreement_parties (
  agreement_id  bigint NOT NULL REFERENCES agreements(id) ON DELETE CASCADE,
  unit_id       bigint NOT NULL REFERENCES units(id),
  PRIMARY KEY (agreement_id, unit_id)
);
)sql";

// Triggers run PL/pgSQL functions; their conditions are those of migration 2.
constexpr std::string_view k_pg_migration_2 = R"sql(
CREATE FUNCTION figures_repeated_in_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'figure repeated within one import' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER figures_repeated_in_batch BEFORE UPDATE OF batch_id ON figures FOR EACH ROW
  WHEN (new.batch_id IS NOT NULL AND old.batch_id IS NOT DISTINCT FROM new.batch_id)
  EXECUTE FUNCTION figures_repeated_in_batch();

CREATE FUNCTION figures_revised() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO figure_revisions (figure_id, old_value, old_qualifier, batch_id, changed_at)
  VALUES (old.id, old.value, old.qualifier,
          CASE WHEN new.batch_id IS DISTINCT FROM old.batch_id THEN new.batch_id END,
          to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'));
  RETURN NULL;
END $$;
CREATE TRIGGER figures_revised AFTER UPDATE OF value, qualifier ON figures FOR EACH ROW
  WHEN (old.value IS DISTINCT FROM new.value OR old.qualifier IS DISTINCT FROM new.qualifier)
  EXECUTE FUNCTION figures_revised();

CREATE INDEX figure_revisions_batch ON figure_revisions(batch_id) WHERE batch_id IS NOT NULL;
)sql";

// PostgreSQL changes a table in place where SQLite rebuilds it.
constexpr std::string_view k_pg_migration_3 = R"sql(
ALTER TABLE pledge_targets
  ALTER COLUMN indicator_id DROP NOT NULL,
  ALTER COLUMN comparator DROP NOT NULL,
  ALTER COLUMN target DROP NOT NULL,
  ADD COLUMN target_kind text COLLATE "C" NOT NULL DEFAULT 'quantitative'
    CHECK (target_kind IN ('quantitative', 'qualitative')),
  ADD COLUMN criterion text COLLATE "C",
  ADD COLUMN scoring text COLLATE "C" NOT NULL DEFAULT 'all_or_nothing'
    CHECK (scoring IN ('all_or_nothing', 'proportional')),
  ADD COLUMN self_points double precision
    CHECK (self_points IS NULL OR (self_points >= 0 AND self_points <= max_points)),
  ADD COLUMN awarded_points double precision
    CHECK (awarded_points IS NULL OR (awarded_points >= 0 AND awarded_points <= max_points)),
  ADD COLUMN met text COLLATE "C" CHECK (met IS NULL OR met IN ('yes', 'no')),
  ADD COLUMN assessor text COLLATE "C",
  ADD COLUMN assessed_on text COLLATE "C",
  ADD COLUMN assessment_note text COLLATE "C",
  ADD CHECK ((target_kind = 'quantitative' AND indicator_id IS NOT NULL AND comparator IS NOT NULL
              AND target IS NOT NULL AND criterion IS NULL AND met IS NULL)
          OR (target_kind = 'qualitative' AND indicator_id IS NULL AND comparator IS NULL AND target IS NULL
              AND criterion IS NOT NULL AND scoring = 'all_or_nothing'));
CREATE INDEX pledge_targets_pledge ON pledge_targets(pledge_id);

ALTER TABLE pledges ADD COLUMN successor_id bigint REFERENCES units(id);
ALTER TABLE pledges ADD COLUMN transferred_on text COLLATE "C";

CREATE TABLE pledge_rules (
  campaign_id      bigint PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
  excellent_from   double precision NOT NULL DEFAULT 90,
  good_from        double precision NOT NULL DEFAULT 70,
  average_from     double precision NOT NULL DEFAULT 50,
  award_min_grade  text COLLATE "C" NOT NULL DEFAULT 'excellent'
                   CHECK (award_min_grade IN ('excellent', 'good', 'average', 'weak')),
  award_requires   text COLLATE "C" NOT NULL DEFAULT 'quantitative_met'
                   CHECK (award_requires IN ('none', 'quantitative_met', 'all_met')),
  award_top        bigint CHECK (award_top IS NULL OR award_top >= 1),
  tie_break        text COLLATE "C" NOT NULL DEFAULT 'none' CHECK (tie_break IN ('none', 'targets_met', 'attainment')),
  CHECK (0 <= average_from AND average_from < good_from AND good_from < excellent_from AND excellent_from <= 100)
);
)sql";

// The running totals of migration 4. A function recomputes the rows of one
// unit, indicator, campaign, source, batch and span; the update and delete
// triggers call it for the rows they leave and enter.
constexpr std::string_view k_pg_migration_4 = R"sql(
CREATE TABLE figure_sums (
  campaign_id   bigint NOT NULL,
  grain         text COLLATE "C" NOT NULL CHECK (grain IN ('month', 'year')),
  unit_id       bigint NOT NULL,
  indicator_id  bigint NOT NULL,
  source_id     bigint NOT NULL,
  batch_id      bigint NOT NULL,
  bucket        text COLLATE "C" NOT NULL,
  figures       bigint NOT NULL,
  total         double precision NOT NULL,
  largest       double precision NOT NULL,
  qualifiers    bigint NOT NULL,
  first_from    text COLLATE "C" NOT NULL,
  last_to       text COLLATE "C" NOT NULL,
  first_id      bigint NOT NULL,
  noted         bigint NOT NULL,
  overlapping   bigint NOT NULL,
  PRIMARY KEY (campaign_id, grain, unit_id, indicator_id, source_id, batch_id, bucket)
);

CREATE VIEW figure_buckets AS
SELECT f.*, g.grain,
       CASE WHEN substr(f.span_from, 1, g.width) = substr(f.span_to, 1, g.width) THEN substr(f.span_from, 1, g.width)
            ELSE f.span_from || '..' || f.span_to END AS bucket,
       CASE f.qualifier WHEN 'exact' THEN 1 WHEN 'at_least' THEN 2 WHEN 'at_most' THEN 4 ELSE 8 END AS qualifier_bit,
       (f.note IS NOT NULL AND f.note <> '')::int AS has_note,
       (EXISTS (SELECT 1 FROM figures o
                WHERE o.unit_id = f.unit_id AND o.indicator_id = f.indicator_id
                  AND o.span_from >= substr(f.span_from, 1, 7) AND o.span_from <= f.span_to
                  AND o.span_to >= f.span_from AND o.campaign_id + 0 = f.campaign_id AND o.id <> f.id)
        OR EXISTS (SELECT 1 FROM figures o
                   WHERE o.unit_id = f.unit_id AND o.indicator_id = f.indicator_id
                     AND substr(o.span_from, 1, 7) <> substr(o.span_to, 1, 7)
                     AND o.span_from < substr(f.span_from, 1, 7)
                     AND o.span_to >= f.span_from AND o.campaign_id + 0 = f.campaign_id))::int AS overlaps
FROM figures f CROSS JOIN (SELECT 'month'::text COLLATE "C" AS grain, 7 AS width UNION ALL SELECT 'year', 4) g;

CREATE FUNCTION figure_sums_recompute(c bigint, u bigint, i bigint, s bigint, b bigint, p_from text, p_to text)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  month text := CASE WHEN substr(p_from, 1, 7) = substr(p_to, 1, 7) THEN substr(p_from, 1, 7)
                     ELSE p_from || '..' || p_to END;
  year text := CASE WHEN substr(p_from, 1, 4) = substr(p_to, 1, 4) THEN substr(p_from, 1, 4)
                    ELSE p_from || '..' || p_to END;
BEGIN
  DELETE FROM figure_sums fs
  WHERE fs.campaign_id = c AND fs.unit_id = u AND fs.indicator_id = i AND fs.source_id = s AND fs.batch_id = b
    AND ((fs.grain = 'month' AND fs.bucket = month) OR (fs.grain = 'year' AND fs.bucket = year));
  INSERT INTO figure_sums
  SELECT fb.campaign_id, fb.grain, fb.unit_id, fb.indicator_id, coalesce(fb.source_id, 0), coalesce(fb.batch_id, 0),
         fb.bucket, count(*), sum(fb.value), max(fb.value), bit_or(fb.qualifier_bit), min(fb.span_from),
         max(fb.span_to), min(fb.id), sum(fb.has_note), sum(fb.overlaps)
  FROM figure_buckets fb
  WHERE fb.unit_id = u AND fb.indicator_id = i AND fb.campaign_id + 0 = c
    AND fb.span_from >= substr(p_from, 1, 4)
    AND fb.span_from < substr(p_from, 1, 4) || '~'
    AND coalesce(fb.source_id, 0) = s AND coalesce(fb.batch_id, 0) = b
    AND ((fb.grain = 'month' AND fb.bucket = month) OR (fb.grain = 'year' AND fb.bucket = year))
  GROUP BY fb.campaign_id, fb.grain, fb.unit_id, fb.indicator_id, coalesce(fb.source_id, 0),
           coalesce(fb.batch_id, 0), fb.bucket;
END $$;

-- Inserts add to their rows once per statement, from the statement's new
-- rows as a set (a transition table): an import's upsert of thousands of
-- figures is one grouped insert here, not one per figure. A figure counts as
-- overlapping when another of its unit, indicator and campaign shares a day
-- with it, among those stored and those of the same statement.
--
-- That lookup, here and in figure_buckets, is two: the figures starting from
-- the first of the figure's month up to its end (by figures_key), and the
-- figures starting earlier that cross a month's end (by figures_crossing).
-- A figure within one month that shares a day with it cannot start before
-- that month, so the first reads a month or so of a unit's figures, not all
-- that start before, which for daily figures over years would be thousands
-- per figure. (The campaign is compared as "campaign_id + 0", to keep the
-- lookup on those two indexes.)
--
-- While figure_sums_paused has a row, the writer keeps the sums itself.
CREATE INDEX figures_crossing ON figures (unit_id, indicator_id, span_from)
  WHERE substr(span_from, 1, 7) <> substr(span_to, 1, 7);
CREATE TABLE figure_sums_paused (batch_id bigint PRIMARY KEY);

CREATE FUNCTION figure_sums_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM figure_sums_paused) THEN
    RETURN NULL;
  END IF;
  INSERT INTO figure_sums AS fs
  SELECT n.campaign_id, g.grain, n.unit_id, n.indicator_id, coalesce(n.source_id, 0), coalesce(n.batch_id, 0),
         CASE WHEN substr(n.span_from, 1, g.width) = substr(n.span_to, 1, g.width)
              THEN substr(n.span_from, 1, g.width) ELSE n.span_from || '..' || n.span_to END,
         count(*), sum(n.value), max(n.value),
         bit_or(CASE n.qualifier WHEN 'exact' THEN 1 WHEN 'at_least' THEN 2 WHEN 'at_most' THEN 4 ELSE 8 END),
         min(n.span_from), max(n.span_to), min(n.id), sum((n.note IS NOT NULL AND n.note <> '')::int),
         sum((EXISTS (SELECT 1 FROM figures f
                      WHERE f.unit_id = n.unit_id AND f.indicator_id = n.indicator_id
                        AND f.span_from >= substr(n.span_from, 1, 7) AND f.span_from <= n.span_to
                        AND f.span_to >= n.span_from AND f.campaign_id + 0 = n.campaign_id AND f.id <> n.id)
              OR EXISTS (SELECT 1 FROM figures f
                         WHERE f.unit_id = n.unit_id AND f.indicator_id = n.indicator_id
                           AND substr(f.span_from, 1, 7) <> substr(f.span_to, 1, 7)
                           AND f.span_from < substr(n.span_from, 1, 7)
                           AND f.span_to >= n.span_from AND f.campaign_id + 0 = n.campaign_id))::int)
  FROM inserted n CROSS JOIN (VALUES ('month', 7), ('year', 4)) g(grain, width)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (campaign_id, grain, unit_id, indicator_id, source_id, batch_id, bucket) DO UPDATE SET
    figures = fs.figures + excluded.figures, total = fs.total + excluded.total,
    largest = greatest(fs.largest, excluded.largest), qualifiers = fs.qualifiers | excluded.qualifiers,
    first_from = least(fs.first_from, excluded.first_from), last_to = greatest(fs.last_to, excluded.last_to),
    first_id = least(fs.first_id, excluded.first_id), noted = fs.noted + excluded.noted,
    overlapping = fs.overlapping + excluded.overlapping;
  RETURN NULL;
END $$;
CREATE TRIGGER figure_sums_insert AFTER INSERT ON figures REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION figure_sums_insert();

CREATE FUNCTION figure_sums_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM figure_sums_recompute(old.campaign_id, old.unit_id, old.indicator_id, coalesce(old.source_id, 0),
                                coalesce(old.batch_id, 0), old.span_from, old.span_to);
  IF TG_OP = 'UPDATE' THEN
    PERFORM figure_sums_recompute(new.campaign_id, new.unit_id, new.indicator_id, coalesce(new.source_id, 0),
                                  coalesce(new.batch_id, 0), new.span_from, new.span_to);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER figure_sums_delete AFTER DELETE ON figures FOR EACH ROW EXECUTE FUNCTION figure_sums_change();
CREATE TRIGGER figure_sums_update AFTER UPDATE OF campaign_id, unit_id, indicator_id, span_from, span_to, value,
  qualifier, source_id, batch_id, note ON figures FOR EACH ROW EXECUTE FUNCTION figure_sums_change();

-- SQLite's triggers need this table to recompute; PostgreSQL's call a function.
-- It is kept, empty, so that both have the same tables.
CREATE TABLE figure_sums_dirty (
  campaign_id bigint, unit_id bigint, indicator_id bigint, source_id bigint, batch_id bigint,
  span_from text COLLATE "C", span_to text COLLATE "C"
);
)sql";

// The pause of migration 5 is part of PostgreSQL's migration 4, whose
// trigger reads it; this step only describes the table.
constexpr std::string_view k_pg_migration_5 = R"sql(
COMMENT ON TABLE figure_sums_paused IS 'a writer that keeps the figure sums of its own figures: the insert trigger stands aside';
)sql";

// A partial index of the figures whose value is not whole (trunc, since
// PostgreSQL's CAST rounds).
constexpr std::string_view k_pg_migration_6 = R"sql(
CREATE INDEX figures_fractional ON figures (campaign_id, unit_id, indicator_id, span_from)
  WHERE value <> trunc(value);
)sql";

constexpr Migration k_migrations[] = {
  {1, "domain records", k_migration_1, k_pg_migration_1},
  {2, "import batches: repeated rows refused, revisions kept", k_migration_2, k_pg_migration_2},
  {3, "pledge scoring: qualitative targets, points, transfers, grading rules", k_migration_3, k_pg_migration_3},
  {4, "figure sums per month and year, kept by triggers", k_migration_4, k_pg_migration_4},
  {5, "imports keep the figure sums of their own figures", k_migration_5, k_pg_migration_5},
  {6, "an index of the figures whose value is not a whole number", k_migration_6, k_pg_migration_6},
};

} // namespace

std::span<const Migration> migrations() {
  return k_migrations;
}

} // namespace campaign::store
