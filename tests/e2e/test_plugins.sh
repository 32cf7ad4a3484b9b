#!/usr/bin/env bash
# The plugin host from the command line: discovery, list/info/check, import
# and report through plugins, bad plugins, trust rules, and which commands
# load plugins at all.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

plugins=${CAMPAIGN_TEST_PLUGIN_DIR:?CAMPAIGN_TEST_PLUGIN_DIR names the folder of the test plugins}
db=$E2E_TMP/p.db
export CAMPAIGN_DB=$db
unset CAMPAIGN_PLUGIN_PATH

# A plugin folder with copies of the named test plugins.
folder() { # name plugin...
  local dir=$E2E_TMP/$1
  shift
  mkdir -p "$dir"
  chmod 0755 "$dir"
  for p in "$@"; do cp "$plugins/$p.so" "$dir/"; done
  printf '%s\n' "$dir"
}

good=$(folder good toy)
setup init
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup campaign add --code ANTQ --name "Phong trào"

# list, info
expect_ok --plugin-dir "$good" plugins list
stdout_has toy 1.2.3 "importer:toy" "analysis:toy-count" "renderer:toy-upper" ok "$good/toy.so"
expect_ok --plugin-dir "$good" --format json plugins list
# Plugins shipped with campaign (in the build tree's plugin folder) are listed too; look at ours.
toy='one(d, name="toy")'
json_expect "plugins list json" "$toy[\"status\"]" ok "$toy[\"abi\"]" 1.0 "$toy[\"version\"]" 1.2.3 \
  "$toy[\"importers\"]" '["toy", "toy-throw"]' "$toy[\"path\"]" "$good/toy.so"
expect_ok --plugin-dir "$good" plugins info toy
stdout_has "importer toy" "-O campaign=<string>" "-O number-style=<string>" "(default: en)" "renderer toy-upper (.txt)"
expect_fail 3 --plugin-dir "$good" plugins info tyo
stderr_has "no plugin named 'tyo'" "did you mean 'toy'"

# The environment variable is searched too; relative entries are ignored with a warning.
run env CAMPAIGN_PLUGIN_PATH="$good" "$CAMPAIGN_BIN" --format json plugins list
json_expect "CAMPAIGN_PLUGIN_PATH" 'len([p for p in d if p["name"] == "toy"])' 1
(cd "$good" && run env CAMPAIGN_PLUGIN_PATH=".:relative" "$CAMPAIGN_BIN" --format json plugins list
  json_expect "relative CAMPAIGN_PLUGIN_PATH" 'len([p for p in d if p["name"] == "toy"])' 0
  assert_contains "relative entry warned" "$ERR" "ignoring relative folder '.'")
# The current folder is never searched unless named.
(cd "$good" && run "$CAMPAIGN_BIN" --format json plugins list &&
  json_expect "cwd not searched" 'len([p for p in d if p["name"] == "toy"])' 0)
(cd "$good" && run "$CAMPAIGN_BIN" --plugin-dir . --format json plugins list &&
  json_expect "cwd when named" 'len([p for p in d if p["name"] == "toy"])' 1)

# import through a plugin: all or nothing, file and line in the message.
printf 'ST AN01 2018-01-01 2023-08-11 7296 at_least\nST AN03 2018-01-01 2023-08-11 358\n' >"$E2E_TMP/ok.txt"
printf 'ST AN04 2018-01-01 2023-08-11 779\nSX AN03 2018-01-01 2023-08-11 358\n' >"$E2E_TMP/bad.txt"
expect_ok --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" -O campaign=ANTQ --dry-run
stdout_has "would add 2 (figure 2), revised 0, skipped 0"
expect_ok --format json figure list
json_expect "dry run wrote nothing" 'len(d)' 0
expect_refusal 3 "$db" --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" "$E2E_TMP/bad.txt" -O campaign=ANTQ
stderr_has "bad.txt:2: line: unit: unknown unit 'SX'" "did you mean 'ST'"
expect_ok --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" -O campaign=ANTQ
stdout_has "added 2 (figure 2), revised 0, skipped 0"
expect_ok --format json figure list
json_expect "imported figures" 'len(d)' 2 'd[0]["value"]' 7296 'd[0]["qualifier"]' at_least
# Importing the same file again changes nothing; a changed value is a revision, not a duplicate.
before=$(db_dump "$db" | grep -v import_batches)
expect_ok --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" -O campaign=ANTQ
stdout_has "added 0, revised 0, skipped 2"
assert_eq "re-import changes no figure" "$before" "$(db_dump "$db" | grep -v import_batches)"
printf 'ST AN01 2018-01-01 2023-08-11 7300 at_least\nST AN03 2018-01-01 2023-08-11 358\n' >"$E2E_TMP/ok.txt"
expect_ok --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" -O campaign=ANTQ
stdout_has "added 0, revised 1, skipped 1"
assert_eq "revision kept" "7296.0|at_least" "$(sqlite3 "$db" 'SELECT old_value, old_qualifier FROM figure_revisions')"
assert_eq "still two figures" 2 "$(sqlite3 "$db" 'SELECT count(*) FROM figures')"
assert_eq "batches recorded" "3" "$(sqlite3 "$db" 'SELECT count(*) FROM import_batches')"
assert_eq "batch counts" "0|1|1" "$(sqlite3 "$db" 'SELECT added, revised, skipped FROM import_batches ORDER BY id DESC LIMIT 1')"
# A row repeated inside one file is refused, naming the line.
printf 'ST AN04 2018-01-01 2023-08-11 779\nST AN04 2018-01-01 2023-08-11 779\n' >"$E2E_TMP/twice.txt"
expect_refusal 3 "$db" --plugin-dir "$good" import toy "$E2E_TMP/twice.txt" -O campaign=ANTQ
stderr_has "twice.txt:2: this figure (unit ST, indicator AN04, 2018-01-01..2023-08-11) repeats one given earlier"
expect_refusal 2 "$db" --plugin-dir "$good" import toy "$E2E_TMP/ok.txt" -O campain=ANTQ
stderr_has "importer toy has no option 'campain'" "did you mean 'campaign'"
expect_refusal 2 "$db" --plugin-dir "$good" import tyo "$E2E_TMP/ok.txt"
stderr_has "no importer 'tyo'" "did you mean 'toy'"
expect_refusal 1 "$db" --plugin-dir "$good" import toy-throw "$E2E_TMP/ok.txt"
stderr_has "toy-throw always throws"

# report through an analysis and a renderer.
expect_ok --plugin-dir "$good" report --analysis toy-count --campaign ANTQ --format json
json_expect "toy analysis document" 'd["figures"]' 2
expect_ok --plugin-dir "$good" report --analysis toy-count --campaign ANTQ --format toy-upper -O prefix=">> "
stdout_has '>> {"TITLE": "TOY COUNT", "FIGURES": 2}'
expect_ok --plugin-dir "$good" report --analysis toy-count --format toy-upper -o "$E2E_TMP/out.txt"
assert_contains "report written to file" "$(cat "$E2E_TMP/out.txt")" '"FIGURES": 2'
expect_fail 2 --plugin-dir "$good" report --analysis toy-count --format htm
stderr_has "no renderer for format 'htm'"

# Bad plugins beside a good one: each refused with its reason, the good one still works.
bad=$(folder bad toy missing_entry other_abi variant_wrong_major variant_small_struct variant_bigger_struct \
  variant_declines unresolved)
cp "$plugins/toy.so" "$bad/toy_again.so"
printf 'not a library\n' >"$bad/notelf.so"
head -c 300 "$plugins/toy.so" >"$bad/truncated.so"
expect_ok --plugin-dir "$bad" --format json plugins list
in_bad="[p for p in d if p[\"path\"].startswith(\"$bad/\")]"
json_expect "bad plugins listed" "len($in_bad)" 11 \
  "sorted(p[\"path\"].split(\"/\")[-1] for p in $in_bad if p[\"status\"] == \"ok\")" '["toy.so", "variant_bigger_struct.so"]'
assert_contains "missing entry" "$OUT" "no entry point campaign_plugin_entry_v1"
assert_contains "other ABI" "$OUT" "it exports campaign_plugin_entry_v2"
assert_contains "wrong major" "$OUT" "built for plugin ABI 2.0"
assert_contains "small struct" "$OUT" "struct_size 16 is smaller"
assert_contains "declines" "$OUT" "returned no descriptor"
assert_contains "unresolved" "$OUT" "undefined symbol: campaign_test_symbol_nobody_defines"
assert_contains "not ELF" "$OUT" "not an ELF file"
assert_contains "truncated" "$OUT" "truncated"
assert_contains "duplicate names both paths" "$OUT" "a plugin named 'toy' is already loaded from $bad/toy.so"
expect_ok --plugin-dir "$bad" report --analysis toy-count --format json
json_expect "good plugin works beside bad ones" 'd["figures"]' 2

# check: every plugin in a child process; a throwing static initializer takes down only the child.
crash=$(folder crash static_throw toy)
run "$CAMPAIGN_BIN" --plugin-dir "$crash" plugins check
assert_eq "check exits 1 on a bad plugin" 1 "$RC"
assert_contains "check names the static initializer" "$OUT" "static_throw.so"
assert_contains "check says why" "$OUT" "static initializer"
assert_contains "check still checks the good one" "$OUT" "toy"
stderr_has "plugins have problems"
assert_contains "exactly one problem" "$(printf '%s\n' "$OUT" | grep -c refused)" 1
expect_ok --plugin-dir "$good" plugins check

# Trust: a world-writable plugin or folder is refused.
writable=$(folder writable toy)
chmod o+w "$writable/toy.so"
expect_ok --plugin-dir "$writable" plugins list
stdout_has "writable by others than its owner"
chmod o-w "$writable/toy.so"
chmod o+w "$writable"
expect_ok --plugin-dir "$writable" plugins list
stdout_has "writable by others than its owner"
chmod o-w "$writable"

# An unreadable plugin, as a user who cannot read it (root reads everything).
unreadable=$(folder unreadable toy)
chmod 0700 "$unreadable"
chown -R nobody "$unreadable"
chmod 0300 "$unreadable/toy.so"
cp "$plugins/toy.so" "$unreadable/readable.so"
chown nobody "$unreadable/readable.so"
run as_nobody "$CAMPAIGN_BIN" --db "$E2E_TMP/none.db" --plugin-dir "$unreadable" plugins list
assert_eq "unreadable: exit" 0 "$RC"
assert_contains "unreadable plugin refused" "$OUT" "cannot read it: Permission denied"
assert_contains "readable one still loads" "$OUT" "readable.so"

# Commands that need no plugin load none: a broken plugin folder is not even looked at.
noisy=$(folder noisy)
printf 'not a library\n' >"$noisy/noise.so"
expect_ok --plugin-dir "$noisy" unit list
assert_not_contains "record commands load no plugin" "$ERR" "noise.so"
expect_ok --plugin-dir "$noisy" --help
assert_not_contains "--help loads no plugin" "$ERR" "noise.so"
expect_ok --plugin-dir "$noisy" plugins list
stderr_has "noise.so"

finish
