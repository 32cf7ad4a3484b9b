#!/usr/bin/env bash
# The exchange format: export the demo database, import it into an empty one,
# export again: the two files are identical. Importing again changes nothing;
# a conflicting record is refused, naming where it is, with the database unchanged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

first=$(new_db first)
second=$(new_db second)
"$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$first"

expect_ok --db "$first" export json -o "$E2E_TMP/first.json"
run "$E2E_PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["format"], d["version"], len(d["figures"]), len(d["units"]))' "$E2E_TMP/first.json"
assert_eq "export: format, version and counts" "campaign-exchange 1 43 18" "$OUT"
expect_ok --db "$first" export json
json_expect "the AN02 figure refers to its parent by label" \
  'one(d["figures"], indicator="AN02", unit="ST")["parent"]' '@f1' \
  'one(d["figures"], indicator="AN01", unit="ST")["ref"]' 'f1' \
  'one(d["figures"], indicator="AN01", unit="ST")["qualifier"]' 'at_least' \
  'd["campaigns"][0]["organisers"]' '["ST-CA", "ST-LDLD"]'

setup --db "$second" init
expect_ok --db "$second" import json "$E2E_TMP/first.json"
stdout_has "added 116" "figure 43" "skipped 16"
expect_ok --db "$second" export json -o "$E2E_TMP/second.json"
assert_true "export, import, export round-trips exactly" cmp "$E2E_TMP/first.json" "$E2E_TMP/second.json"

before=$(db_dump "$second" | grep -v import_batches)
expect_ok --db "$second" import json "$E2E_TMP/first.json"
stdout_has "added 0, revised 0, skipped 132"
assert_eq "importing again changes nothing" "$before" "$(db_dump "$second" | grep -v import_batches)"

# One campaign alone.
expect_ok --db "$first" export json --campaign ANTQ-ST
json_expect "one campaign" 'len(d["campaigns"])' 1 'd["campaign"]' ANTQ-ST
expect_fail 3 --db "$first" export json --campaign ANTQ
stderr_has "unknown campaign 'ANTQ'"

# A unit whose name differs from the stored one is a conflict, not an overwrite.
"$E2E_PY" - "$E2E_TMP/first.json" "$E2E_TMP/conflict.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for unit in d["units"]:
    if unit["code"] == "ST-KS":
        unit["name"] = "Huyện Kế Sách (đổi tên)"
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
expect_refusal 3 "$second" --db "$second" import json "$E2E_TMP/conflict.json"
stderr_has "units[" "unit 'ST-KS' already exists with other values"

# Files that are not the exchange format.
printf '{"format": "something-else"}' >"$E2E_TMP/other.json"
expect_refusal 3 "$second" --db "$second" import json "$E2E_TMP/other.json"
stderr_has "not an exchange file"
printf '{"format": "campaign-exchange", "version": 2}' >"$E2E_TMP/v2.json"
expect_refusal 3 "$second" --db "$second" import json "$E2E_TMP/v2.json"
stderr_has "exchange version 2 is not supported"
printf '{"format": "campaign-exchange", "version": 1, "figures": [' >"$E2E_TMP/broken.json"
expect_refusal 3 "$second" --db "$second" import json "$E2E_TMP/broken.json"
stderr_has "not valid JSON"

finish
