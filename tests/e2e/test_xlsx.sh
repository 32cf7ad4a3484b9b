#!/usr/bin/env bash
# The xlsx importer: workbooks written here with Python's zipfile and
# hand-written SpreadsheetML (no network, no office suite). Shared strings
# with rich-text runs, inline strings, number cells in every number style,
# date serials of the 1900 and 1904 systems, formulas with their results, a
# second sheet chosen with -O sheet=, a Vietnamese sheet name, missing cells
# and cells without references, a mapping file; every bad input refused with
# the file, sheet and row or cell named, exit status 3 and the database
# unchanged; and a sheet of 200,000 rows imported in bounded memory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

# ---- a workbook writer
# xlsx OUT <<'PY' ... PY runs the Python on stdin with book(...) and the cell
# helpers of xlsx_book.py in scope; book() writes OUT.
xlsx() {
  "$E2E_PY" "$(dirname "$0")/xlsx_book.py" "$1"
}

db=$(new_db x)
export CAMPAIGN_DB=$db
setup init
setup unit add --code ST --name "Tỉnh Sóc Trăng" --kind province
setup unit add --code ST-KS --name "Huyện Kế Sách" --kind district --parent ST
setup campaign add --code ANTQ --name "Phong trào" --start-date 2018-01-01 --end-date 2025-12-31
setup period add --campaign ANTQ --name 2018-2023 --start-date 2018-01-01 --end-date 2023-08-11

expect_ok plugins info xlsx
stdout_has "importer xlsx" "-O sheet=<string>" "-O mapping=<path>" "-O number-style=<string>" "-O campaign=<string>"

# ---- Vietnamese headers on a sheet with a Vietnamese name: shared strings (one of rich-text
# runs), inline strings, number cells, date serials and text dates, a formula with its result,
# missing cells, and ignored columns that hold an error and a boolean.
vi_book=$(
  cat <<'PY'
book([("Số liệu", [
    ["STT", "Mã đơn vị", "Chỉ tiêu", "Từ ngày", "Đến ngày", "Giá trị", "Ghi chú", "Kiểm tra"],
    [1, "ST", "AN01", date(2018, 1, 1), date(2023, 8, 11), "trên 7.296", Rich("Tin báo, ", "tố giác"), Err("#REF!")],
    [2, "ST", "AN07", date(2018, 1, 1), date(2023, 8, 11), 16000, Inline("Cảm hóa"), True],
    [3, Inline("Huyện Kế Sách"), "Vũ khí thu hồi", "1/1/2019", "31/12/2019", Formula("SUM(5,7)", 12)],
    [4, "ST", "AN05", date(2019, 1, 1), date(2019, 12, 31), 15.6, Inline("mã_x005F_cũ_x000A_dòng 2"), None],
    (7, [None, "ST", "AN11", date(2020, 2, 29), date(2020, 3, 1), 1234]),
    (8, []),
    (9, [None, None, None, None, None, None, None, "chỉ một ghi chú ở cột bỏ qua"]),
])])
PY
)
xlsx "$E2E_TMP/vi.xlsx" <<<"$vi_book"
expect_ok import xlsx "$E2E_TMP/vi.xlsx" -O campaign=ANTQ -O number-style=vi
stdout_has "added 5 (figure 5), revised 0, skipped 0"
expect_ok --format json figure list --indicator AN01
json_expect "AN01 from a shared string with its qualifier" 'd[0]["value"]' 7296 'd[0]["qualifier"]' at_least \
  'd[0]["span_from"]' 2018-01-01 'd[0]["span_to"]' 2023-08-11 'd[0]["note"]' 'Tin báo, tố giác' 'd[0]["source"]' vi.xlsx
expect_ok --format json figure list --indicator AN07
json_expect "a number cell and an inline string" 'd[0]["value"]' 16000 'd[0]["qualifier"]' exact 'd[0]["note"]' 'Cảm hóa'
expect_ok --format json figure list --unit ST-KS
json_expect "names, text dates and a formula's result" 'd[0]["indicator"]' AN03 'd[0]["span_from"]' 2019-01-01 \
  'd[0]["span_to"]' 2019-12-31 'd[0]["value"]' 12 'd[0]["note"]' null
expect_ok --format json figure list --indicator AN05
json_expect "a decimal number cell read in Vietnamese style; escapes in a string" 'd[0]["value"]' 15.6 \
  'd[0]["note"]' '"mã_cũ\ndòng 2"'
expect_ok --format json figure list --indicator AN11
json_expect "a leap day as a serial, after skipped rows" 'd[0]["span_from"]' 2020-02-29 'd[0]["span_to"]' 2020-03-01 \
  'd[0]["value"]' 1234

# The same workbook again changes nothing; a changed value is a revision.
before=$(db_dump "$db" | grep -v import_batches)
expect_ok import xlsx "$E2E_TMP/vi.xlsx" -O campaign=ANTQ -O number-style=vi
stdout_has "added 0, revised 0, skipped 5"
assert_eq "re-import changes nothing" "$before" "$(db_dump "$db" | grep -v import_batches)"
xlsx "$E2E_TMP/vi.xlsx" <<<"${vi_book/16000/16100}"
expect_ok import xlsx "$E2E_TMP/vi.xlsx" -O campaign=ANTQ -O number-style=vi
stdout_has "added 0, revised 1, skipped 4"
expect_ok --format json figure list --indicator AN07
json_expect "the revised value" 'd[0]["value"]' 16100

# ---- a second sheet chosen by name; English headers, no number style: number cells are exact
# ("1.234" as a cell is 1.234 whatever the style), a year as a number, a period by name.
xlsx "$E2E_TMP/two.xlsx" <<'PY'
book([
    ("Tổng hợp", [["Bảng tổng hợp"], ["không phải dữ liệu"]]),
    ("Data", [
        ["unit", "indicator", "period", "value", "qualifier"],
        ["ST", "AN04", "2018-2023", 779, None],
        ["ST", "AN06", "2018-2023", 300, "at_least"],
        ["ST", "AN05", 2023, 1.234, None],
    ]),
])
PY
expect_ok import xlsx "$E2E_TMP/two.xlsx" -O campaign=ANTQ -O sheet=Data
stdout_has "added 3"
expect_ok --format json figure list --indicator AN04
json_expect "period read as the campaign's named period" 'd[0]["span_to"]' 2023-08-11 'd[0]["value"]' 779
expect_ok --format json figure list --indicator AN06
json_expect "qualifier column" 'd[0]["qualifier"]' at_least
expect_ok --format json figure list --indicator AN05 --period 2023
json_expect "1.234 in a number cell, without a number style" 'd[0]["value"]' 1.234 'd[0]["span_from"]' 2023-01-01
# Without -O sheet the first sheet is read: it has no figures' header.
expect_refusal 3 "$db" import xlsx "$E2E_TMP/two.xlsx" -O campaign=ANTQ
stderr_has "two.xlsx: sheet 'Tổng hợp' row 1: the header has no column for unit, indicator, value"

# ---- a mapping file, the 1904 date system, cells and rows without references, no package
# relationships (only the four parts of the workbook).
cat >"$E2E_TMP/mapping.json" <<'JSON'
{"format": "campaign-csv-mapping", "version": 1,
 "columns": {"Đơn vị báo cáo": "unit", "Mã CT": "indicator", "Tháng BC": "period", "Số": "value",
             "Ngày VB": "source_date"},
 "constants": {"campaign": "ANTQ", "source": "Báo cáo tháng 8"}, "number_style": "en"}
JSON
xlsx "$E2E_TMP/mapped.xlsx" <<'PY'
book([("Báo cáo", [
    ["Đơn vị báo cáo", "Mã CT", "Tháng BC", "Số", "Ngày VB", "Số liệu"],
    ["ST", "AN12", "08/2023", Inline("1,250"), date(2023, 9, 5), "không đọc"],
    ["ST", "AN16", "08/2023", 7, date(2023, 9, 5), "không đọc"],
])], date1904=True, package_rels=False, references=False)
PY
expect_ok import xlsx "$E2E_TMP/mapped.xlsx" -O mapping="$E2E_TMP/mapping.json"
stdout_has "added 2"
expect_ok --format json figure list --indicator AN12
json_expect "mapped workbook" 'd[0]["value"]' 1250 'd[0]["span_from"]' 2023-08-01 'd[0]["span_to"]' 2023-08-31 \
  'd[0]["source"]' 'Báo cáo tháng 8' 'd[0]["source_date"]' 2023-09-05
expect_ok --format json figure list --indicator AN16
json_expect "a cell after one without a reference" 'd[0]["value"]' 7

# ---- bad input: each names the file, the sheet and the row or cell, exits 3, changes nothing
bad() { # name python expected-words... (the import runs with -O campaign=ANTQ)
  local name=$1 python=$2
  shift 2
  xlsx "$E2E_TMP/$name" <<<"$python"
  expect_refusal 3 "$db" import xlsx "$E2E_TMP/$name" -O campaign=ANTQ
  stderr_has "$@"
}
header='["unit", "indicator", "period", "value"]'
bad unknown.xlsx "book([('Số liệu', [$header, ['SX', 'AN01', '2023-09', 12]])])" \
  "unknown.xlsx:2: sheet 'Số liệu' row 2: unit: unknown unit 'SX'" "did you mean 'ST'" "in: unit A2 'SX'"
bad indicator.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', 1], ['ST', 'AN99', '2023-09', 12]])])" \
  "indicator.xlsx:3: sheet 'S' row 3: indicator: unknown indicator 'AN99'" "indicator B3 'AN99'"
bad ambiguous.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', '1.234']])])" \
  "ambiguous.xlsx:2: sheet 'S' row 2: value:" "ambiguous number '1.234'" "value D2 '1.234'"
bad repeated.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', 12], ['ST', 'AN01', '2023-09', 12]])])" \
  "repeated.xlsx:3:" "repeats one given earlier"
bad formula.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Formula('SUM(B1:B9)')]])])" \
  "formula.xlsx: sheet 'S' cell D2: value: the cell holds a formula without its result" "save it again"
bad na.xlsx "book([('Số liệu', [$header, ['ST', 'AN01', '2023-09', 3], ['ST', 'AN03', '2023-09', Err('#N/A')]])])" \
  "na.xlsx: sheet 'Số liệu' cell D3: value: the cell holds the error #N/A"
bad empty.xlsx "book([('Trống', [])])" "empty.xlsx: sheet 'Trống' is empty"
bad blank-rows.xlsx "book([('S', [[], [None, None], []])])" "blank-rows.xlsx: sheet 'S' is empty"
bad header-only.xlsx "book([('S', [$header])])" "header-only.xlsx: sheet 'S' has a header but no rows"
bad no-unit.xlsx "book([('S', [['indicator', 'period', 'value'], ['AN01', '2023-09', 1]])])" \
  "no-unit.xlsx: sheet 'S' row 1: the header has no column for unit"
bad two-units.xlsx "book([('S', [['unit', 'Mã đơn vị', 'indicator', 'period', 'value']])])" \
  "two-units.xlsx: sheet 'S' row 1: two columns are read as unit (the second is 'Mã đơn vị')"
bad leap1900.xlsx "book([('S', [['unit', 'indicator', 'from', 'to', 'value'], ['ST', 'AN01', Num('60'), Num('61'), 1]])])" \
  "leap1900.xlsx: sheet 'S' cell C2: span_from: date serial '60' is 29 February 1900"
bad huge.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Num('1E+20')]])])" \
  "huge.xlsx:2: sheet 'S' row 2: value:" "beyond 2^53"
bad negative.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', -5]])])" "negative.xlsx:2:" "negative"
bad date.xlsx "book([('S', [['unit', 'indicator', 'from', 'to', 'value'], ['ST', 'AN01', '30/02/2023', '31/03/2023', 1]])])" \
  "date.xlsx:2: sheet 'S' row 2: span_from:" "February 2023 has 28 days"
bad strings.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Raw('<c r=\"D2\" t=\"s\"><v>99</v></c>')]])])" \
  "strings.xlsx: sheet 'S' cell D2: shared string '99' is not in the workbook's table of"
bad reference.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Raw('<c r=\"7D\"><v>1</v></c>')]])])" \
  "reference.xlsx: sheet 'S': row 2 has a cell named '7D', which is no cell reference"
bad broken.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Raw('<c r=\"D2\"><v>1</c>')]])])" \
  "broken.xlsx: sheet 'S': xl/worksheets/sheet1.xml is not well-formed XML (line 2)" "mismatched tag"
bad long.xlsx "book([('S', [$header, ['ST', 'AN01', '2023-09', Inline('x' * 200000)]])])" \
  "long.xlsx: sheet 'S' cell D2: the cell holds more than the 32,767 characters a cell can hold"
bad chart.xlsx "book([('S', [$header])], extra_parts={'xl/_rels/workbook.xml.rels': '<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet\" Target=\"chartsheets/sheet1.xml\"/></Relationships>'})" \
  "chart.xlsx: sheet 'S': it is not a worksheet but a chartsheet"

# A sheet named that is not there: the sheets are listed, with the nearest.
xlsx "$E2E_TMP/named.xlsx" <<'PY'
book([("Số liệu", [["unit", "indicator", "period", "value"], ["ST", "AN01", "2023-09", 1]]), ("Tổng hợp", [])])
PY
expect_refusal 3 "$db" import xlsx "$E2E_TMP/named.xlsx" -O campaign=ANTQ -O sheet="Sô liệu"
stderr_has "named.xlsx has no sheet 'Sô liệu'; its sheets are 'Số liệu', 'Tổng hợp'; did you mean 'Số liệu'?"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/named.xlsx" -O campaign=ANTQ -O sheet="Tổng hợp"
stderr_has "named.xlsx: sheet 'Tổng hợp' is empty"

# Files that are no workbooks.
printf 'unit,indicator,period,value\nST,AN01,2023-09,12\n' >"$E2E_TMP/sheet.xlsx"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/sheet.xlsx" -O campaign=ANTQ
stderr_has "sheet.xlsx: not an .xlsx workbook: it is not a zip archive"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 and the rest of an old workbook' >"$E2E_TMP/old.xlsx"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/old.xlsx" -O campaign=ANTQ
stderr_has "old.xlsx: not an .xlsx workbook: it is an Excel 97-2003 workbook (.xls) or an encrypted one"
: >"$E2E_TMP/zero.xlsx"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/zero.xlsx" -O campaign=ANTQ
stderr_has "zero.xlsx: not"
"$E2E_PY" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("notes.txt", "hello")' "$E2E_TMP/notes.xlsx"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/notes.xlsx" -O campaign=ANTQ
stderr_has "notes.xlsx: not an Excel workbook: it is a zip archive without xl/workbook.xml"
"$E2E_PY" - "$E2E_TMP/letter.xlsx" <<'PY'
import sys, zipfile
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    z.writestr("word/document.xml", '<document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')
PY
expect_refusal 3 "$db" import xlsx "$E2E_TMP/letter.xlsx" -O campaign=ANTQ
stderr_has "letter.xlsx: not an Excel workbook: its main part word/document.xml is a 'document', not a workbook"

# Several files are one import: a bad second workbook leaves the first unwritten too.
xlsx "$E2E_TMP/good.xlsx" <<<"book([('S', [$header, ['ST', 'AN14', '2023-09', 3]])])"
expect_refusal 3 "$db" import xlsx "$E2E_TMP/good.xlsx" "$E2E_TMP/unknown.xlsx" -O campaign=ANTQ
expect_ok --format json figure list --indicator AN14
json_expect "nothing of the failed import" 'len(d)' 0

# ---- 200,000 rows in bounded memory: the sheet is streamed, never held whole
big_db=$(new_db big)
export CAMPAIGN_DB=$big_db
setup init
setup campaign add --code ANTQ --name "Phong trào" --start-date 2018-01-01 --end-date 2025-12-31
for u in 0 1 2 3 4 5 6 7 8 9; do
  setup unit add --code "U$u" --name "Đơn vị $u" --kind province
done
"$E2E_PY" - "$E2E_TMP/big.xlsx" <<'PY'
import sys, zipfile
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
indicators = ["AN01", "AN03", "AN04", "AN06", "AN07", "AN11", "AN12", "AN16", "TD01", "TD02"]
strings = ["unit", "indicator", "from", "to", "value"] + [f"U{u}" for u in range(10)] + indicators
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
               '<sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG}">'
               f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">' + "".join(f"<si><t>{s}</t></si>" for s in strings)
               + "</sst>")
    with z.open("xl/worksheets/sheet1.xml", "w") as out:
        out.write(f'<worksheet xmlns="{MAIN}"><sheetData><row r="1">'.encode())
        out.write("".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDE")).encode())
        out.write(b"</row>")
        n = 1
        chunk = []
        for u in range(10):
            for i in range(10):
                for day in range(2000):
                    n += 1
                    serial = 43101 + day  # from 2018-01-01 on
                    chunk.append(f'<row r="{n}"><c r="A{n}" t="s"><v>{5 + u}</v></c><c r="B{n}" t="s"><v>{15 + i}</v>'
                                 f'</c><c r="C{n}"><v>{serial}</v></c><c r="D{n}"><v>{serial}</v></c>'
                                 f'<c r="E{n}"><v>{(u * 7 + i * 13 + day * 3) % 500}</v></c></row>')
                if len(chunk) > 10000:
                    out.write("".join(chunk).encode())
                    chunk.clear()
        out.write("".join(chunk).encode())
        out.write(b"</sheetData></worksheet>")
PY
# The peak resident memory of the campaign process, from the kernel's accounting of the child.
run "$E2E_PY" -c '
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode)' "$CAMPAIGN_BIN" -q import xlsx "$E2E_TMP/big.xlsx" -O campaign=ANTQ
assert_eq "200,000 rows imported (stderr: ${ERR:0:300})" 0 "$RC"
stdout_has "added 200000 (figure 200000)"
peak_kib=$(tail -1 <<<"$OUT")
if ldd "$CAMPAIGN_BIN" 2>/dev/null | grep -q libasan; then
  # Shadow memory and the quarantine of freed blocks make a sanitized process's peak no
  # measure of the importer's: the plain build checks the bound.
  echo "e2e $E2E_NAME: AddressSanitizer build: peak memory ${peak_kib} KiB not checked against 64 MiB" >&2
else
  assert_true "peak memory of the import, ${peak_kib} KiB, is under 64 MiB" test "$peak_kib" -lt 65536
fi
run db_query "$big_db" "SELECT count(*), min(span_from), max(span_to) FROM figures"
assert_eq "the figures and their days" "200000|2018-01-01|2023-06-23" "$OUT"

finish
