# Large generated data for the reliability tests (sourced after lib.sh).
#
#   big_db DB UNITS INDICATORS   a database with UNITS communes U00000..., INDICATORS
#                                indicators B00... and the campaign BIG (2022-2023),
#                                written with the sqlite3 shell for speed
#   big_csv FILE UNITS INDICATORS MONTHS [FIRST_UNIT] [VALUE_SHIFT]
#                                a csv sheet of UNITS x INDICATORS x MONTHS figures
#                                (months from 2022-01), units from FIRST_UNIT on

big_db() {
  local db=$1 units=$2 indicators=$3
  "$CAMPAIGN_BIN" --db "$db" -q init --no-catalogue >/dev/null
  "$E2E_PY" - "$db" "$units" "$indicators" <<'PY'
import sqlite3, sys
db, units, indicators = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
con = sqlite3.connect(db)
with con:
    con.executemany("INSERT INTO indicators (code, name_vi, name_en, measure_unit) VALUES (?, ?, ?, 'tin')",
                    [(f"B{i:02d}", f"Chỉ tiêu {i}", f"Indicator {i}") for i in range(indicators)])
    con.execute("INSERT INTO units (code, name, kind) VALUES ('P', 'Tỉnh', 'province')")
    con.executemany("INSERT INTO units (code, name, kind, parent_id) VALUES (?, ?, 'commune', 1)",
                    [(f"U{u:05d}", f"Xã {u}") for u in range(units)])
    con.execute("INSERT INTO campaigns (code, name, start_date, end_date) "
                "VALUES ('BIG', 'Big', '2022-01-01', '2023-12-31')")
    con.execute("INSERT INTO periods (campaign_id, name, start_date, end_date) "
                "VALUES (1, '2022', '2022-01-01', '2022-12-31')")
con.close()
PY
}

big_csv() {
  local file=$1 units=$2 indicators=$3 months=$4 first=${5:-0} shift=${6:-0}
  "$E2E_PY" - "$file" "$units" "$indicators" "$months" "$first" "$shift" <<'PY'
import calendar, sys
path, units, indicators, months, first, shift = sys.argv[1], *map(int, sys.argv[2:])
spans = []
for m in range(months):
    year, month = 2022 + m // 12, m % 12 + 1
    spans.append((f"{year}-{month:02d}-01", f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"))
with open(path, "w", encoding="utf-8") as out:
    out.write("unit,indicator,from,to,value\n")
    lines = []
    for u in range(first, first + units):
        for i in range(indicators):
            for m, (start, end) in enumerate(spans):
                lines.append(f"U{u:05d},B{i:02d},{start},{end},{(u * 7 + i * 13 + m * 3 + shift) % 500}\n")
        if len(lines) > 100000:
            out.writelines(lines)
            lines.clear()
    out.writelines(lines)
PY
}
