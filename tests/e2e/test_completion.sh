#!/usr/bin/env bash
# Shell completion and the manual page, generated from the command
# definitions: the bash script completes commands, options, choices, codes
# from the database and plugin names; the zsh script the same; the man page
# renders without warnings and lists every command.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

bash_script=$E2E_TMP/campaign.bash
zsh_script=$E2E_TMP/_campaign
expect_ok completion bash --output "$bash_script"
assert_empty "completion --output prints nothing" "$OUT"
expect_ok completion zsh
printf '%s\n' "$OUT" >"$zsh_script"
expect_fail 2 completion fish

setup init --no-catalogue
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup unit add --code ST-VC --name "Thị xã Vĩnh Châu" --kind town --parent ST
setup campaign add --code ANTQ-ST --name "Toàn dân bảo vệ an ninh Tổ quốc"
other=$E2E_TMP/other.db
setup --db "$other" init --no-catalogue
setup --db "$other" unit add --code HG --name "Tỉnh Hậu Giang" --kind province

# complete WORD... : the bash completion of the last word (COMPREPLY, sorted, one line).
complete_bash() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _campaign
           printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$bash_script" "$CAMPAIGN_BIN" "$@" |
    sed 's/ $//'
}
assert_eq "command" "unit" "$(complete_bash un)"
assert_eq "subcommands" "add edit list remove show" "$(complete_bash unit '')"
assert_eq "global option choices" "csv json table" "$(complete_bash --format '')"
assert_eq "choices after a global option" "add edit list remove show" "$(complete_bash --lang vi unit '')"
assert_contains "field choices" "$(complete_bash unit list --kind '')" "commune" "province" "ward"
assert_eq "campaign codes from the database" "ANTQ-ST" "$(complete_bash figure add --campaign '')"
assert_eq "unit codes for a REF" "ST ST-VC" "$(complete_bash unit show S)"
assert_eq "unit codes for a reference field" "ST ST-VC" "$(complete_bash unit add --parent '')"
assert_eq "--db on the line chooses the database" "HG" "$(complete_bash --db "$other" unit show '')"
assert_contains "options of the command and global ones" "$(complete_bash unit add --)" \
  "--code" "--kind" "--valid-from" "--db" "--format"
assert_not_contains "no options of other commands" "$(complete_bash unit add --)" "--campaign"
assert_contains "importer names from the plugins" "$(complete_bash import '')" "csv" "xlsx"
assert_contains "renderer names after report --format" "$(complete_bash report --format '')" "json" "html"
assert_eq "no database: no codes, no error" "" "$(CAMPAIGN_DB=$E2E_TMP/none.db complete_bash unit show '')"
touch "$E2E_TMP/data-file.csv"
assert_contains "files for import" "$(cd "$E2E_TMP" && complete_bash import csv data-)" "data-file.csv"

# The helper is hidden from the help and the completion itself.
expect_ok --help
assert_not_contains "__complete is hidden" "$OUT" "__complete"
assert_contains "completion and man are listed" "$OUT" "completion" "man"
expect_ok __complete unit
assert_eq "__complete unit" "ST
ST-VC" "$OUT"

# zsh: the same answers, read by running the script with compadd and _files
# replaced by functions that print what they are given.
complete_zsh() {
  zsh -f -c 'compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }; _files() { print FILES; }
             source "$1"; shift; words=("$@"); CURRENT=$#; PREFIX=${words[CURRENT]}; _campaign' \
    _ "$zsh_script" "$CAMPAIGN_BIN" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
}
assert_true "zsh script is valid zsh" zsh -n "$zsh_script"
assert_eq "zsh #compdef line" "#compdef campaign" "$(head -1 "$zsh_script")"
assert_contains "zsh subcommands" "$(complete_zsh unit '')" "add" "edit" "list" "remove" "show"
assert_eq "zsh choices" "csv json table" "$(complete_zsh --format '')"
assert_eq "zsh codes" "ANTQ-ST" "$(complete_zsh figure add --campaign '')"
assert_contains "zsh options" "$(complete_zsh unit add --)" "--code" "--db"
assert_eq "zsh files" "FILES" "$(complete_zsh --db '')"

# The build writes the same scripts and the man page where the install takes them from.
share=${CAMPAIGN_BUILD_DIR:?}/share
assert_true "built bash completion" cmp -s "$bash_script" "$share/bash-completion/completions/campaign"
assert_true "built zsh completion" cmp -s "$zsh_script" "$share/zsh/vendor-completions/_campaign"

# The man page renders without a warning and names every command.
run env MANWIDTH=100 man --warnings -l "$share/man/man1/campaign.1.gz"
assert_eq "man -l exit status" 0 "$RC"
assert_empty "man renders without warnings" "$ERR"
page=$OUT
expect_ok man
assert_true "campaign man is the built page" cmp -s <(printf '%s\n' "$OUT") <(gzip -dc "$share/man/man1/campaign.1.gz")
commands=$(bash -c 'source "$1"; printf "%s\n" "${!_campaign_options[@]}"' _ "$bash_script" | sort)
count=0
while IFS= read -r command; do
  [[ $command == campaign ]] && continue
  assert_contains "man page lists '$command'" "$page" "$command"
  count=$((count + 1))
done <<<"$commands"
assert_true "man page covers many commands ($count)" test "$count" -gt 60
assert_contains "man page sections" "$page" "GLOBAL OPTIONS" "FILES" "ENVIRONMENT" "EXIT STATUS" "config.toml"

finish
