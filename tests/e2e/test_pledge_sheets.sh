#!/usr/bin/env bash
# Pledge sheets in CSV and XLSX: one row a target, the pledge (campaign,
# period, signatory, signing date) on the row; Vietnamese and English headers;
# rows of one pledge share it; re-importing changes nothing. Bad input (an
# unknown indicator, a comparator outside >=, <=, =, negative max points, a
# pledge period outside its campaign) names the file, line and field, exits
# 3 and leaves the database unchanged.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

db=$(new_db p)
export CAMPAIGN_DB=$db
setup init
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup unit add --code ST-KS --name "Huyện Kế Sách" --kind district --parent ST
setup unit add --code ST-MT --name "Huyện Mỹ Tú" --kind district --parent ST
setup unit add --code ST-CT --name "Huyện Châu Thành" --kind district --parent ST
setup unit add --code ST-NN --name "Huyện Ngã Năm" --kind district --parent ST
setup campaign add --code GU --name "Giao ước thi đua" --start-date 2023-01-01 --end-date 2025-12-31
setup period add --campaign GU --name 2023-2025 --start-date 2023-01-01 --end-date 2025-12-31
setup campaign add --code GU2 --name "Giao ước khác"
setup period add --campaign GU2 --name 2022-2026 --start-date 2022-01-01 --end-date 2026-12-31

# Vietnamese headers, two pledges of three and one targets, ≥ as typed in office documents.
cat >"$E2E_TMP/giao-uoc.csv" <<'CSV'
Phong trào,Kỳ giao ước,Đơn vị ký,Ngày ký,Chỉ tiêu,So sánh,Mục tiêu,Đơn vị tính,Điểm tối đa,Cách chấm
GU,2023-2025,ST-KS,15/01/2023,AN01,≥,320,tin,40,theo tỷ lệ
GU,2023-2025,ST-KS,15/01/2023,AN16,<=,"12,5",vụ,30,đạt/không đạt
GU,2023-2025,ST-KS,15/01/2023,AN08,>=,5,mô hình,30,
GU,2023-2025,ST-MT,15/01/2023,AN01,>=,250,tin,40,all_or_nothing
CSV
expect_ok import csv "$E2E_TMP/giao-uoc.csv" -O number-style=vi
stdout_has "added 6 (pledge 2, target 4), revised 0, skipped 0"
expect_ok --format json pledge list
json_expect "two pledges" 'len(d)' 2 'sorted(p["signatory"] for p in d)' '["ST-KS", "ST-MT"]' \
  'd[0]["signed_on"]' 2023-01-15 'd[0]["period"]' 2023-2025 'd[0]["campaign"]' GU
expect_ok --format json target list
json_expect "four targets" 'len(d)' 4 \
  '[t["comparator"] for t in d]' '[">=", "<=", ">=", ">="]' \
  '[t["target"] for t in d]' '[320, 12.5, 5, 250]' \
  '[t["max_points"] for t in d]' '[40, 30, 30, 40]' \
  '[t["scoring"] for t in d]' '["proportional", "all_or_nothing", "all_or_nothing", "all_or_nothing"]' \
  '[t["measure_unit"] for t in d]' '["tin", "vụ", "mô hình", "tin"]' \
  'len({t["pledge"] for t in d[:3]})' 1 'd[3]["pledge"] != d[0]["pledge"]' true

# The same sheet again: nothing added.
before=$(db_dump "$db" | grep -v import_batches)
expect_ok import csv "$E2E_TMP/giao-uoc.csv" -O number-style=vi
stdout_has "added 0"
assert_eq "re-import changes nothing" "$before" "$(db_dump "$db" | grep -v import_batches)"

# English headers, the campaign from -O, a qualitative target (a criterion, no indicator).
cat >"$E2E_TMP/pledges.csv" <<'CSV'
period;signatory;signed on;indicator;comparator;target;unit of measure;max points;scoring mode;criterion
2022-2026;ST;2022-02-01;AN01;>=;1000;tin;60;proportional;
2022-2026;ST;2022-02-01;;;;;40;;No security hot spot
CSV
expect_ok import csv "$E2E_TMP/pledges.csv" -O delimiter=";" -O campaign=GU2
stdout_has "added 3 (pledge 1, target 2)"
expect_ok --format json target list --pledge 3
json_expect "qualitative target" 'len(d)' 2 'd[1]["kind"]' qualitative 'd[1]["criterion"]' "No security hot spot" \
  'd[0]["target"]' 1000 'd[0]["max_points"]' 60

# A workbook: number cells (exact whatever the number style), a date cell, English headers.
setup campaign add --code GU3 --name "Giao ước 3"
setup period add --campaign GU3 --name 2024 --start-date 2024-01-01 --end-date 2024-12-31
"$E2E_PY" "$(dirname "$0")/xlsx_book.py" "$E2E_TMP/pledges.xlsx" <<'PY'
book([("Giao ước", [
    ["campaign", "period", "signatory", "signed on", "indicator", "comparator", "target", "max points"],
    ["GU3", "2024", "ST-KS", date(2024, 1, 20), "AN01", ">=", 7.5, 12.5],
    ["GU3", "2024", "ST-KS", date(2024, 1, 20), "AN16", "≤", 1200, 20],
])])
PY
expect_ok import xlsx "$E2E_TMP/pledges.xlsx" -O number-style=vi
stdout_has "added 3 (pledge 1, target 2)"
expect_ok --format json pledge list --campaign GU3
json_expect "pledge from a workbook" 'd[0]["signed_on"]' 2024-01-20 'd[0]["signatory"]' ST-KS
expect_ok --format json target list --pledge 4
json_expect "targets from number cells" '[t["target"] for t in d]' '[7.5, 1200]' \
  '[t["max_points"] for t in d]' '[12.5, 20]' '[t["comparator"] for t in d]' '[">=", "<="]'
# -O kind=figures reads the same header as a figure sheet, which needs a value column.
expect_refusal 3 "$db" import xlsx "$E2E_TMP/pledges.xlsx" -O kind=figures
stderr_has "pledges.xlsx: sheet 'Giao ước' row 1: the header has no column for unit, value"

# A pledge stored with its signing date and document, named by a sheet without them: its targets
# join it. A sheet giving another signing date for it is refused.
setup pledge add --campaign GU --period 2023-2025 --signatory ST-NN --signed-on 2023-02-01 --document "QĐ 12"
printf 'Phong trào,Kỳ giao ước,Đơn vị ký,Chỉ tiêu,So sánh,Mục tiêu,Điểm tối đa\nGU,2023-2025,ST-NN,AN01,>=,10,20\n' \
  >"$E2E_TMP/more.csv"
expect_ok import csv "$E2E_TMP/more.csv"
stdout_has "added 1 (target 1)"
expect_ok --format json pledge list --signatory ST-NN
json_expect "still one pledge of ST-NN" 'len(d)' 1 'd[0]["document"]' "QĐ 12"
printf 'Phong trào,Kỳ giao ước,Đơn vị ký,Ngày ký,Chỉ tiêu,So sánh,Mục tiêu\nGU,2023-2025,ST-NN,03/02/2023,AN16,<=,1\n' \
  >"$E2E_TMP/other-date.csv"
expect_refusal 3 "$db" import csv "$E2E_TMP/other-date.csv"
stderr_has "other-date.csv:2:" "such a pledge already exists"

# ---- bad input: file, line and field named, exit 3, nothing written
bad() { # name csv-body expected-words...
  local name=$1 body=$2
  shift 2
  printf 'Phong trào,Kỳ giao ước,Đơn vị ký,Chỉ tiêu,So sánh,Mục tiêu,Điểm tối đa\n%s' "$body" >"$E2E_TMP/$name"
  expect_refusal 3 "$db" import csv "$E2E_TMP/$name"
  stderr_has "$@"
}
bad indicator.csv $'GU,2023-2025,ST-CT,AN01,>=,1,10\nGU,2023-2025,ST-CT,AN0l,>=,1,10\n' \
  "indicator.csv:3: indicator: unknown indicator 'AN0l'" "did you mean"
bad comparator.csv $'GU,2023-2025,ST-CT,AN01,>>,1,10\n' \
  "comparator.csv:2: comparator: '>>' is not one of >=, <=, ="
bad points.csv $'GU,2023-2025,ST-CT,AN01,>=,1,-5\n' "points.csv:2: max_points: -5 is below zero"
bad period.csv $'GU,2023-2025,ST-CT,AN01,>=,1,5\nGU,2022-2026,ST-CT,AN01,>=,1,5\n' \
  "period.csv:3: period: unknown period '2022-2026' of this campaign" "did you mean '2023-2025'"
bad missing.csv $'GU,2023-2025,ST-CT,AN01,,1,5\n' "missing.csv:2:" "comparator"
finish
