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

constexpr Migration k_migrations[] = {
  {1, "domain records", k_migration_1},
  {2, "import batches: repeated rows refused, revisions kept", k_migration_2},
  {3, "pledge scoring: qualitative targets, points, transfers, grading rules", k_migration_3},
  {4, "figure sums per month and year, kept by triggers", k_migration_4},
  {5, "imports keep the figure sums of their own figures", k_migration_5},
  {6, "an index of the figures whose value is not a whole number", k_migration_6},
};

} // namespace

std::span<const Migration> migrations() {
  return k_migrations;
}

} // namespace campaign::store
