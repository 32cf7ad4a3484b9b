#!/usr/bin/env bash
# The csv importer: headers in Vietnamese or English, mapping files, number
# styles, qualifiers in cells, encodings, and every bad input of a sheet
# (broken quoting, wrong cell counts, unknown codes, ambiguous numbers,
# invalid bytes, empty files, repeated rows), each refused with the file and
# line named and the database unchanged. Re-importing changes nothing.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

db=$(new_db c)
export CAMPAIGN_DB=$db
setup init
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup unit add --code ST-KS --name "Huyện Kế Sách" --kind district --parent ST
setup campaign add --code ANTQ --name "Phong trào" --start-date 2018-01-01 --end-date 2025-12-31
setup period add --campaign ANTQ --name 2018-2023 --start-date 2018-01-01 --end-date 2023-08-11

# Vietnamese headers, Vietnamese numbers, a qualifier in the cell, dd/mm/yyyy dates, quoted commas.
printf 'Mã đơn vị,Chỉ tiêu,Từ ngày,Đến ngày,Giá trị,Ghi chú\r\n' >"$E2E_TMP/vi.csv"
printf 'ST,AN01,01/01/2018,11/08/2023,trên 7.296,"Tin báo, tố giác"\r\n' >>"$E2E_TMP/vi.csv"
printf 'ST,AN07,01/01/2018,11/08/2023,"trên 16.000",\r\n' >>"$E2E_TMP/vi.csv"
printf 'Huyện Kế Sách,Vũ khí thu hồi,1/1/2019,31/12/2019,12,"nói ""có"""\r\n' >>"$E2E_TMP/vi.csv"
expect_ok import csv "$E2E_TMP/vi.csv" -O campaign=ANTQ -O number-style=vi
stdout_has "added 3 (figure 3), revised 0, skipped 0"
expect_ok --format json figure list --indicator AN01
json_expect "AN01 from the sheet" 'd[0]["value"]' 7296 'd[0]["qualifier"]' at_least 'd[0]["span_to"]' 2023-08-11 \
  'd[0]["note"]' 'Tin báo, tố giác' 'd[0]["source"]' vi.csv
expect_ok --format json figure list --unit ST-KS
json_expect "unit and indicator found by name" 'd[0]["indicator"]' AN03 'd[0]["span_from"]' 2019-01-01 \
  'd[0]["note"]' 'nói "có"'
expect_ok --format json figure list --indicator AN07
json_expect "16.000 in Vietnamese style" 'd[0]["value"]' 16000

# The same file again: nothing changes. A changed value is a revision.
before=$(db_dump "$db" | grep -v import_batches)
expect_ok import csv "$E2E_TMP/vi.csv" -O campaign=ANTQ -O number-style=vi
stdout_has "added 0, revised 0, skipped 3"
assert_eq "re-import changes nothing" "$before" "$(db_dump "$db" | grep -v import_batches)"
sed -i 's/trên 7.296/trên 7.300/' "$E2E_TMP/vi.csv"
expect_ok import csv "$E2E_TMP/vi.csv" -O campaign=ANTQ -O number-style=vi
stdout_has "added 0, revised 1, skipped 2"

# English headers with a period column and a mapping-free semicolon sheet.
printf 'unit;indicator;period;value;qualifier\nST;AN04;2018-2023;779;\nST;AN06;2018-2023;300;at_least\n' >"$E2E_TMP/en.csv"
expect_ok import csv "$E2E_TMP/en.csv" -O campaign=ANTQ -O delimiter=";"
stdout_has "added 2"
expect_ok --format json figure list --indicator AN04
json_expect "period read as the campaign's named period" 'd[0]["span_to"]' 2023-08-11

# A mapping file for a sheet with unusual headers and a constant campaign.
cat >"$E2E_TMP/mapping.json" <<'JSON'
{"format": "campaign-csv-mapping", "version": 1,
 "columns": {"Đơn vị báo cáo": "unit", "Mã CT": "indicator", "Tháng BC": "period", "Số": "value"},
 "constants": {"campaign": "ANTQ"}, "number_style": "en"}
JSON
printf 'Đơn vị báo cáo,Mã CT,Tháng BC,Số\nST,AN11,08/2023,"1,250"\n' >"$E2E_TMP/mapped.csv"
expect_ok import csv "$E2E_TMP/mapped.csv" -O mapping="$E2E_TMP/mapping.json"
expect_ok --format json figure list --indicator AN11
json_expect "mapped sheet" 'd[0]["value"]' 1250 'd[0]["span_from"]' 2023-08-01 'd[0]["span_to"]' 2023-08-31

# Encodings: UTF-8 with a BOM, UTF-16 with a BOM, CP1258 declared.
printf '\xef\xbb\xbfunit,indicator,period,value\nST,AN12,2023-09,40\n' >"$E2E_TMP/bom.csv"
expect_ok import csv "$E2E_TMP/bom.csv" -O campaign=ANTQ
printf 'unit,indicator,period,value,note\nST,AN12,2023-10,41,Sóc Trăng\n' | iconv -f utf-8 -t utf-16 >"$E2E_TMP/u16.csv"
expect_ok import csv "$E2E_TMP/u16.csv" -O campaign=ANTQ
printf 'unit,indicator,period,value,note\nST,AN12,2023-11,42,Trăng\n' | iconv -f utf-8 -t cp1258 >"$E2E_TMP/cp1258.csv"
expect_ok import csv "$E2E_TMP/cp1258.csv" -O campaign=ANTQ -O encoding=cp1258
expect_ok --format json figure list --indicator AN12
json_expect "three encodings" 'len(d)' 3 'd[1]["note"]' 'Sóc Trăng'

# Bad input: each names the file and line, exits 3 and leaves the database as it was.
bad() { # name content expected-words...
  local name=$1 content=$2
  shift 2
  printf '%b' "$content" >"$E2E_TMP/$name"
  expect_refusal 3 "$db" import csv "$E2E_TMP/$name" -O campaign=ANTQ
  stderr_has "$@"
}
bad quoting.csv 'unit,indicator,period,value\nST,AN01,2023-09,"12\nST,AN01,2023-10,5\n' "quoting.csv:2:" "never closed"
bad quote-inside.csv 'unit,indicator,period,value\nST,AN01,2023-09,1"2\n' "quote-inside.csv:2:" "a quote inside a cell"
bad columns.csv 'unit,indicator,period,value\nST,AN01,2023-09,12,3\n' "columns.csv:2:" "5 cells, but the header has 4"
bad unknown.csv 'unit,indicator,period,value\nSX,AN01,2023-09,12\n' "unknown.csv:2:" "unknown unit 'SX'" "did you mean 'ST'"
bad indicator.csv 'unit,indicator,period,value\nST,AN99,2023-09,12\n' "indicator.csv:2:" "unknown indicator 'AN99'"
bad ambiguous.csv 'unit,indicator,period,value\nST,AN01,2023-09,1.234\n' "ambiguous.csv:2:" "ambiguous number '1.234'"
bad invalid.csv 'unit,indicator,period,value\nST,AN01,2023-09,1\xff2\n' "invalid.csv:2:" "not valid UTF-8"
bad empty.csv '' "empty.csv is empty"
bad header-only.csv 'unit,indicator,period,value\n' "header-only.csv has a header but no rows"
bad repeated.csv 'unit,indicator,period,value\nST,AN01,2023-09,12\nST,AN01,2023-09,12\n' "repeated.csv:3:" "repeats one given earlier"
# The same figure again thousands of rows later (a later write of the import).
"$E2E_PY" - "$E2E_TMP/repeated-later.csv" <<'PY'
import datetime, sys
day, rows = datetime.date(2018, 1, 1), ["unit,indicator,from,to,value"]
while day.year < 2026:
    rows += [f"ST,{code},{day},{day},1" for code in ("AN01", "AN02")]
    day += datetime.timedelta(days=1)
rows.append("ST,AN01,2018-01-01,2018-01-01,2")
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(rows) + "\n")
PY
expect_refusal 3 "$db" import csv "$E2E_TMP/repeated-later.csv" -O campaign=ANTQ
stderr_has "repeated-later.csv:5846:" "repeats one given earlier"
bad no-unit.csv 'indicator,period,value\nAN01,2023-09,12\n' "no-unit.csv:1:" "no column for unit"
bad date.csv 'unit,indicator,from,to,value\nST,AN01,30/02/2023,31/03/2023,12\n' "date.csv:2:" "February 2023 has 28 days"
bad negative.csv 'unit,indicator,period,value\nST,AN01,2023-09,-5\n' "negative.csv:2:" "negative"
printf 'unit,indicator,period,value\nST,AN01,2023-09,12\n' | iconv -f utf-8 -t utf-16le >"$E2E_TMP/nobom16.csv"
expect_refusal 3 "$db" import csv "$E2E_TMP/nobom16.csv" -O campaign=ANTQ
stderr_has "nobom16.csv:1:" "not valid UTF-8 text" "utf-16"
expect_refusal 3 "$db" import csv "$E2E_TMP/en.csv" -O campaign=ANTQ -O encoding=klingon
stderr_has "unknown encoding 'klingon'"

# Several files are one import: a bad second file leaves the first unwritten too.
printf 'unit,indicator,period,value\nST,AN14,2023-09,3\n' >"$E2E_TMP/good.csv"
expect_refusal 3 "$db" import csv "$E2E_TMP/good.csv" "$E2E_TMP/unknown.csv" -O campaign=ANTQ
expect_ok --format json figure list --indicator AN14
json_expect "nothing of the failed import" 'len(d)' 0

finish
