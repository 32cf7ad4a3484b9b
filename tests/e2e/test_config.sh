#!/usr/bin/env bash
# The config file: where it is read from, what it sets, the precedence
# command line > environment > config file > default, `config show`, and
# refused files (named file, line and key; exit 2; database unchanged).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

plugins=${CAMPAIGN_TEST_PLUGIN_DIR:?CAMPAIGN_TEST_PLUGIN_DIR names the folder of the test plugins}
conf_dir=$XDG_CONFIG_HOME/campaign
conf=$conf_dir/config.toml
mkdir -p "$conf_dir"
unset CAMPAIGN_DB

# No config file: every setting from its default.
expect_ok config show
assert_contains "config row" "$(table_row config)" "config $conf default default location, not present"
assert_contains "database default" "$(table_row database)" "database $XDG_DATA_HOME/campaign/campaign.db default"
assert_contains "lang from the locale" "$(table_row lang)" "lang en default from the locale LC_ALL=C.UTF-8"

# The default config file names the database (relative to the file's folder), lang and number style.
cat >"$conf" <<'TOML'
# office settings
database = "data/office.db"   # relative to this folder
lang = "vi"
number_style = 'en'
plugin_dirs = [
  "plugins",        # a folder beside this file
  "~/more-plugins",
]
TOML
mkdir -p "$conf_dir/data"
expect_ok init --no-catalogue
stdout_has "database $conf_dir/data/office.db at schema version"
assert_true "database created where the config says" test -f "$conf_dir/data/office.db"
expect_ok --format json config show
json_expect "config show json" \
  'd["config"]["value"]' "$conf" 'd["config"]["exists"]' true \
  'd["database"]["value"]' "$conf_dir/data/office.db" 'd["database"]["source"]' "config file" \
  'd["database"]["origin"]' "$conf:2" \
  'd["lang"]["value"]' vi 'd["lang"]["origin"]' "$conf:3" \
  'd["number_style"]["value"]' en 'd["number_style"]["source"]' "config file" \
  'd["plugin_dirs"][0]["value"]' "$conf_dir/plugins" 'd["plugin_dirs"][0]["origin"]' "$conf:5" \
  'd["plugin_dirs"][1]["value"]' "$HOME/more-plugins" 'd["plugin_dirs"][2]["source"]' default

# lang from the config beats the locale; number_style en reads 7,296 as 7296.
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup campaign add --code C1 --name "Phong trào"
setup indicator add --code I1 --name-vi "Tin báo" --name-en "Reports" --measure-unit tin --value-kind count
setup figure add --campaign C1 --unit ST --indicator I1 --span-from 2023-01-01 --span-to 2023-12-31 --value 7,296
expect_ok figure list
stdout_has "7.296"
expect_ok --lang en figure list
stdout_has "7,296"
assert_eq "--lang wins over the config" "command line" \
  "$("$CAMPAIGN_BIN" --lang en --format csv config show | tr -d '\r' | awk -F, '$1 == "lang" { print $3 }')"

# Environment beats the config file, the command line beats both.
other=$E2E_TMP/other.db
CAMPAIGN_DB=$other run "$CAMPAIGN_BIN" --format json config show
json_expect "CAMPAIGN_DB over config" 'd["database"]["value"]' "$other" 'd["database"]["source"]' environment \
  'd["database"]["origin"]' CAMPAIGN_DB
CAMPAIGN_DB=$other run "$CAMPAIGN_BIN" --db "$E2E_TMP/cli.db" --format json config show
json_expect "--db over CAMPAIGN_DB" 'd["database"]["value"]' "$E2E_TMP/cli.db" 'd["database"]["source"]' "command line"

# Plugin folders: --plugin-dir, CAMPAIGN_PLUGIN_PATH, then the config file's, then the built-in ones.
mkdir -p "$conf_dir/plugins" && chmod 0755 "$conf_dir/plugins" && cp "$plugins/toy.so" "$conf_dir/plugins/"
CAMPAIGN_PLUGIN_PATH=/nonexistent/env run "$CAMPAIGN_BIN" --plugin-dir /nonexistent/cli --format json config show
json_expect "plugin folder order" '[p["source"] for p in d["plugin_dirs"]][:4]' \
  '["command line", "environment", "config file", "config file"]' \
  'd["plugin_dirs"][0]["value"]' /nonexistent/cli 'd["plugin_dirs"][1]["value"]' /nonexistent/env
expect_ok --format json plugins list
json_expect "plugin found in the config's folder" 'one(d, name="toy")["path"]' "$conf_dir/plugins/toy.so"

# --config names another file; the default one is then not read.
alt=$E2E_TMP/alt.toml
printf 'lang = "en"\n' >"$alt"
expect_ok --config "$alt" --format json config show
json_expect "--config" 'd["config"]["value"]' "$alt" 'd["config"]["source"]' "command line" \
  'd["lang"]["value"]' en 'd["database"]["source"]' default
expect_fail 2 --config "$E2E_TMP/missing.toml" config show
stderr_has "config file $E2E_TMP/missing.toml does not exist"

# Bad files: file, line and key named, exit 2, the database untouched.
db=$conf_dir/data/office.db
bad() { # expected-message contents
  local message=$1
  printf '%s' "$2" >"$conf"
  expect_refusal 2 "$db" unit list
  stderr_has "$message"
}
bad "$conf:2: unknown key 'langg'; the keys are database, lang, number_style, plugin_dirs; did you mean 'lang'?" $'database = "data/office.db"\nlangg = "vi"\n'
bad "$conf:2: key 'lang': 'fr' is not one of vi, en" $'database = "data/office.db"\nlang = "fr"\n'
bad "$conf:2: key 'lang': expected a quoted string such as \"vi\", found 'vi'" $'database = "data/office.db"\nlang = vi\n'
bad "$conf:3: key 'lang' is set twice (first on line 2)" $'database = "data/office.db"\nlang = "vi"\nlang = "en"\n'
bad "$conf:2: expected 'key = value', found 'garbage'" $'database = "data/office.db"\ngarbage\n'
bad "$conf:2: tables are not used" $'database = "data/office.db"\n[campaign]\n'
bad "$conf:2: key 'plugin_dirs': the array is not closed with ']'" $'database = "data/office.db"\nplugin_dirs = ["a",\n"b"\n'
bad "$conf:2: key 'number_style': the string is not closed with \"" $'database = "data/office.db"\nnumber_style = "vi\n'
bad "$conf:2: key 'database': expected one quoted string, not an array" $'lang = "vi"\ndatabase = ["a.db"]\n'

# A # inside quotes is part of the value, not a comment.
printf 'database = "%s/with#hash.db" # comment\n' "$E2E_TMP" >"$conf"
expect_ok --format json config show
json_expect "hash in a quoted value" 'd["database"]["value"]' "$E2E_TMP/with#hash.db"

finish
