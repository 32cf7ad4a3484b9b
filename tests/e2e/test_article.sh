#!/usr/bin/env bash
# The "article" importer: figures read from Vietnamese report text. A report
# written for these tests from the figures of the seed article (TTXVN,
# 11 August 2023) gives exactly the ten figures of the demo data; decomposed text reads the same; --dry-run writes nothing; bad input
# (no figure, empty, invalid UTF-8, bad rules, no period, two values for one
# figure) is refused with the file and line and leaves the database as it was;
# the installed plugin finds the installed rule file.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

seed=$CAMPAIGN_SOURCE_DIR/data/demo/bao-cao-2018-2023.txt
db=$(new_db a)
export CAMPAIGN_DB=$db
unset CAMPAIGN_PLUGIN_PATH

# The units, campaign and periods the article needs, as data/demo/load.sh makes them.
make_db() { # binary database
  local bin=$1 file=$2
  c() { "$bin" --db "$file" -q "$@" >/dev/null; }
  c init
  c unit add --code ST --name "Tỉnh Sóc Trăng" --kind province --valid-from 1992-04-01 --valid-to 2025-06-30
  c campaign add --code ANTQ-ST --name "Phong trào toàn dân bảo vệ an ninh Tổ quốc (Sóc Trăng)" \
    --start-date 2018-01-01 --end-date 2025-12-31
  c period add --campaign ANTQ-ST --name 2018-2023 --start-date 2018-01-01 --end-date 2023-08-11
  c period add --campaign ANTQ-ST --name 2023-2025 --start-date 2023-01-01 --end-date 2025-06-30
}
make_db "$CAMPAIGN_BIN" "$db"
opts=(-O campaign=ANTQ-ST -O unit=ST -O date=2023-08-11)

# The importer and its options.
expect_ok plugins info article
stdout_has "importer article" "-O campaign=<string>" "-O unit=<string>" "-O date=<string>" \
  "-O period=<string>" "-O rules=<path>" "-O source=<string>"

# --dry-run: what would be recorded, beside the sentence it comes from; nothing written.
before=$(db_dump "$db")
expect_ok -v import article "$seed" --dry-run "${opts[@]}"
stdout_has "would add 10 (figure 10)"
stderr_has "AN01 at_least 7.296, period 2018-2023" \
  "AN02 at_least 2.677, period 2018-2023, part of AN01 (line 2)" \
  "from 'trên 16.000 đối tượng tại địa bàn cơ sở' in: Kết quả, lực lượng chức năng đã thu hồi" \
  "TD02 exact 25, period 2018-2023" \
  "bao-cao-2018-2023.txt:5: not recorded: 'trên 7.296 tin báo, tố giác tội phạm': the same figure as on line 2"
assert_eq "--dry-run writes nothing" "$before" "$(db_dump "$db")"
# Without -v, only the counts.
expect_ok import article "$seed" --dry-run "${opts[@]}"
assert_empty "no log without -v" "$ERR"

# The real import, then every figure.
expect_ok import article "$seed" "${opts[@]}"
stdout_has "added 10 (figure 10)"
expect_ok --format json figure list --campaign ANTQ-ST
json_expect "ten figures" 'len(d)' 10 \
  'sorted(f["indicator"] for f in d)' '["AN01", "AN02", "AN03", "AN04", "AN06", "AN07", "AN08", "AN09", "TD01", "TD02"]' \
  'sorted({(f["span_from"], f["span_to"]) for f in d})' '[["2018-01-01", "2023-08-11"]]' \
  'sorted({f["unit"] for f in d})' '["ST"]' \
  'sorted({f["source"] for f in d})' '["bao-cao-2018-2023.txt"]' \
  'sorted({f["source_date"] for f in d})' '["2023-08-11"]'
check_figure() { # indicator value qualifier locator-start
  json_expect "figure $1" "one(d, indicator=\"$1\")[\"value\"]" "$2" \
    "one(d, indicator=\"$1\")[\"qualifier\"]" "$3" \
    "one(d, indicator=\"$1\")[\"locator\"].startswith(\"$4\")" true
}
check_figure AN01 7296 at_least "Nhân dân đã cung cấp trên 7.296 tin báo"
check_figure AN02 2677 at_least "Nhân dân đã cung cấp trên 7.296 tin báo"
check_figure AN03 358 exact "Kết quả, lực lượng chức năng"
check_figure AN04 779 exact "Kết quả, lực lượng chức năng"
check_figure AN06 300 at_least "Kết quả, lực lượng chức năng"
check_figure AN07 16000 at_least "Kết quả, lực lượng chức năng"
check_figure AN08 68 exact "Địa bàn tỉnh hiện có 68 mô hình"
check_figure AN09 620 exact "Địa bàn tỉnh hiện có 68 mô hình"
check_figure TD01 15 exact "Dịp này, có 15 tập thể, 25 cá nhân"
check_figure TD02 25 exact "Dịp này, có 15 tập thể, 25 cá nhân"
json_expect "AN02 is part of AN01" 'one(d, indicator="AN02")["parent"] == one(d, indicator="AN01")["id"]' true \
  'sorted(f["indicator"] for f in d if f["parent"] is not None)' '["AN02"]'
json_expect "each locator is one whole sentence" \
  'one(d, indicator="AN01")["locator"]' \
  "Nhân dân đã cung cấp trên 7.296 tin báo, tố giác tội phạm, trong đó có trên 2.677 tin có giá trị, giúp lực lượng chức năng xử lý nhiều vụ việc phức tạp."
# Ids as ranks, without the batch: on a server, ids go on from those of
# earlier, refused imports.
ranked() {
  "$E2E_PY" -c 'import json, sys
d = json.load(sys.stdin)
rank = {f["id"]: i for i, f in enumerate(d)}
for f in d:
    f["id"], f["parent"], f["batch"] = rank[f["id"]], rank.get(f["parent"]), None
print(json.dumps(d, ensure_ascii=False, indent=2))'
}
composed_figures=$OUT
composed_ranked=$(ranked <<<"$OUT")

# The same article again adds nothing.
expect_ok import article "$seed" "${opts[@]}"
stdout_has "added 0" "skipped 10"
expect_ok --format json figure list --campaign ANTQ-ST
assert_eq "a second import changes no figure" "$composed_figures" "$OUT"

# Decomposed Vietnamese (NFD) gives the same figures, locators included.
mkdir -p "$E2E_TMP/nfd"
"$E2E_PY" -c 'import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
decomposed = unicodedata.normalize("NFD", text)
assert decomposed != text
open(sys.argv[2], "w", encoding="utf-8").write(decomposed)' "$seed" "$E2E_TMP/nfd/bao-cao-2018-2023.txt"
assert_false "the NFD copy differs from the seed" cmp -s "$seed" "$E2E_TMP/nfd/bao-cao-2018-2023.txt"
make_db "$CAMPAIGN_BIN" "$E2E_TMP/nfd.db"
expect_ok --db "$E2E_TMP/nfd.db" import article "$E2E_TMP/nfd/bao-cao-2018-2023.txt" "${opts[@]}"
stdout_has "added 10 (figure 10)"
expect_ok --db "$E2E_TMP/nfd.db" --format json figure list --campaign ANTQ-ST
assert_eq "NFD text gives the same figures" "$composed_ranked" "$(ranked <<<"$OUT")"

# A source title, and the source date taken from the text when no date is given.
make_db "$CAMPAIGN_BIN" "$E2E_TMP/title.db"
printf 'Ngày 11 tháng 8 năm 2023, Công an tỉnh cho biết giai đoạn 2018 - 2023 có khoảng 1,5 nghìn buổi tuyên truyền.\n' \
  >"$E2E_TMP/dated.txt"
expect_ok --db "$E2E_TMP/title.db" import article "$E2E_TMP/dated.txt" -O campaign=ANTQ-ST -O unit=ST \
  -O source="Báo cáo tổng kết"
expect_ok --db "$E2E_TMP/title.db" --format json figure list
json_expect "date and source" 'd[0]["indicator"]' AN11 'd[0]["value"]' 1500 'd[0]["qualifier"]' about \
  'd[0]["source"]' "Báo cáo tổng kết" 'd[0]["source_date"]' 2023-08-11

# Bad input: each is refused with the file (and line), and the database is unchanged.
printf 'Hội nghị diễn ra sáng nay.\nNăm 2023, các đơn vị đã làm tốt ngày 11/8 và 11-8-2023.\n' >"$E2E_TMP/none.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/none.txt" "${opts[@]}"
stderr_has "no figure recognised in $E2E_TMP/none.txt"

: >"$E2E_TMP/empty.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/empty.txt" "${opts[@]}"
stderr_has "$E2E_TMP/empty.txt: the file is empty"
printf ' \n\t\r\n' >"$E2E_TMP/blank.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/blank.txt" "${opts[@]}"
stderr_has "$E2E_TMP/blank.txt: the file is empty"

printf 'Giai đoạn 2018 - 2023,\ncó trên 7.296 tin báo,\nvà 358 vũ kh\xff dân dụng.\n' >"$E2E_TMP/latin.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/latin.txt" "${opts[@]}"
stderr_has "$E2E_TMP/latin.txt:3: not UTF-8 text: byte 0xff cannot start a UTF-8 character at byte offset 66"

printf '{\n  "format": "campaign-article-rules",\n  "version": 1,,\n  "indicators": []\n}\n' >"$E2E_TMP/broken.json"
expect_refusal 3 "$db" import article "$seed" "${opts[@]}" -O rules="$E2E_TMP/broken.json"
stderr_has "rules file $E2E_TMP/broken.json: not valid JSON" "line 3, column"
expect_refusal 3 "$db" import article "$seed" "${opts[@]}" -O rules="$E2E_TMP/missing.json"
stderr_has "rules file $E2E_TMP/missing.json: no such file"
expect_refusal 3 "$db" import article "$seed" "${opts[@]}" \
  -O rules="$CAMPAIGN_SOURCE_DIR/data/indicators.json"
stderr_has "indicators.json: not an article rule file"
printf '{"format": "campaign-article-rules", "version": 1, "indicators": [{"code": "AN01", "phrases": ["tin báo", 7]}]}\n' \
  >"$E2E_TMP/typed.json"
expect_refusal 3 "$db" import article "$seed" "${opts[@]}" -O rules="$E2E_TMP/typed.json"
stderr_has "typed.json: indicators[0] (AN01): phrases[1]: must be a string"

printf 'Tin nhanh.\nNhân dân đã cung cấp trên 7.296 tin báo, tố giác tội phạm.\n' >"$E2E_TMP/undated.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/undated.txt" "${opts[@]}"
stderr_has "$E2E_TMP/undated.txt:2: no period for AN01 ('trên 7.296 tin báo, tố giác tội phạm')" "-O period=NAME"
# ... which the period option supplies.
expect_ok import article "$E2E_TMP/undated.txt" "${opts[@]}" -O period=2018-2023 --dry-run
stdout_has "would add 1 (figure 1)"

printf 'Giai đoạn 2018 - 2023 có trên 7.296 tin báo.\nTổng cộng có 7.000 tin báo.\n' >"$E2E_TMP/twice.txt"
expect_refusal 3 "$db" import article "$E2E_TMP/twice.txt" "${opts[@]}"
stderr_has "$E2E_TMP/twice.txt:2: AN01 for 2018-2023 reads '7.000 tin báo' here but 'trên 7.296 tin báo' on line 1"

expect_refusal 3 "$db" import article "$seed" -O unit=ST
stderr_has "the article importer needs -O campaign=CODE"
expect_refusal 3 "$db" import article "$seed" -O campaign=ANTQ-ST
stderr_has "the article importer needs -O unit=CODE"
expect_refusal 3 "$db" import article "$seed" "${opts[@]}" -O date=2023-02-30
stderr_has "option date: '2023-02-30' is not a date of the form YYYY-MM-DD"
# What the core refuses names the file, the line and the sentence.
make_db "$CAMPAIGN_BIN" "$E2E_TMP/other.db"
expect_refusal 3 "$E2E_TMP/other.db" --db "$E2E_TMP/other.db" import article "$seed" -O campaign=ANTQ-ST -O unit=HG
stderr_has "bao-cao-2018-2023.txt:2" "HG" "Nhân dân đã cung cấp trên 7.296 tin báo"

# The rule file is data: $CAMPAIGN_DATA_DIR, and an installed plugin finds the installed file.
mkdir -p "$E2E_TMP/data"
"$E2E_PY" - "$CAMPAIGN_SOURCE_DIR/data/article-rules.json" "$E2E_TMP/data/article-rules.json" <<'EOF'
import json, sys
rules = json.load(open(sys.argv[1], encoding="utf-8"))
rules["indicators"] = [i for i in rules["indicators"] if not i["code"].startswith("TD")]
json.dump(rules, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
make_db "$CAMPAIGN_BIN" "$E2E_TMP/env.db"
run env CAMPAIGN_DATA_DIR="$E2E_TMP/data" "$CAMPAIGN_BIN" --db "$E2E_TMP/env.db" import article "$seed" "${opts[@]}" \
  --dry-run
assert_eq "CAMPAIGN_DATA_DIR rules: exit" 0 "$RC"
stdout_has "would add 8 (figure 8)"

if [[ -n ${CAMPAIGN_BUILD_DIR:-} ]]; then
  prefix=$E2E_TMP/prefix
  run cmake --install "$CAMPAIGN_BUILD_DIR" --prefix "$prefix"
  assert_eq "install campaign: exit" 0 "$RC"
  installed_rules=$(find "$prefix" -name article-rules.json -path '*share/campaign*')
  assert_true "the rule file is installed" test -f "$installed_rules"
  cp "$E2E_TMP/data/article-rules.json" "$installed_rules"
  make_db "$prefix/bin/campaign" "$E2E_TMP/installed.db"
  run "$prefix/bin/campaign" --db "$E2E_TMP/installed.db" import article "$seed" "${opts[@]}" --dry-run
  assert_eq "installed plugin: exit" 0 "$RC"
  stdout_has "would add 8 (figure 8)"
fi

finish
