#!/usr/bin/env bash
# Builds the demo database from the figures of the source article (TTXVN,
# 11 August 2023, Sóc Trăng) with the campaign CLI itself: records through
# the record commands, figures through the article and csv importers.
#
#   data/demo/load.sh CAMPAIGN_BINARY DATABASE
#
# Facts from the article: the 2018-2023 figures, the 15 + 25 commendations,
# the named models, the coordination agreement and the district pledges for
# 2023-2025. Everything marked "illustrative" (the pledge targets and the
# 2024 district figures) is made up for the demo and says so in its note.
set -euo pipefail

bin=${1:?usage: load.sh CAMPAIGN_BINARY DATABASE}
db=${2:?usage: load.sh CAMPAIGN_BINARY DATABASE}
c() { "$bin" --db "$db" -q "$@" >/dev/null; }

rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" -q init >/dev/null

source_doc="TTXVN: Sóc Trăng biểu dương điển hình tiên tiến trong phong trào toàn dân bảo vệ an ninh Tổ quốc"
source_date=2023-08-11
illustrative="illustrative: made-up figure for the demo, not from the article"

# Units. Districts ceased to exist on 2025-07-01; Sóc Trăng, Hậu Giang and
# Cần Thơ merged into the new Cần Thơ city that day.
c unit add --code ST --name "Tỉnh Sóc Trăng" --kind province --valid-from 1992-04-01 --valid-to 2025-06-30
c unit add --code HG --name "Tỉnh Hậu Giang" --kind province --valid-from 2004-01-01 --valid-to 2025-06-30
c unit add --code CT --name "Thành phố Cần Thơ" --kind city --valid-from 2004-01-01 --valid-to 2025-06-30
c unit add --code CT-2025 --name "Thành phố Cần Thơ (từ 1/7/2025)" --kind city --valid-from 2025-07-01
c lineage add --kind merge --date 2025-07-01 --predecessors ST,HG,CT --successors CT-2025 \
  --legal-basis "Nghị quyết 202/2025/QH15 về sắp xếp đơn vị hành chính cấp tỉnh"
c unit add --code ST-CA --name "Công an tỉnh Sóc Trăng" --kind agency --parent ST --valid-to 2025-06-30
c unit add --code ST-LDLD --name "Liên đoàn Lao động tỉnh Sóc Trăng" --kind organisation --parent ST --valid-to 2025-06-30
c unit add --code ST-UBND --name "Ủy ban nhân dân tỉnh Sóc Trăng" --kind agency --parent ST --valid-to 2025-06-30

districts=(
  "ST-TPST|Thành phố Sóc Trăng|city"
  "ST-VC|Thị xã Vĩnh Châu|town"
  "ST-NN|Thị xã Ngã Năm|town"
  "ST-CTH|Huyện Châu Thành|district"
  "ST-CLD|Huyện Cù Lao Dung|district"
  "ST-KS|Huyện Kế Sách|district"
  "ST-LP|Huyện Long Phú|district"
  "ST-MT|Huyện Mỹ Tú|district"
  "ST-MX|Huyện Mỹ Xuyên|district"
  "ST-TT|Huyện Thạnh Trị|district"
  "ST-TD|Huyện Trần Đề|district"
)
for row in "${districts[@]}"; do
  IFS='|' read -r code name kind <<<"$row"
  c unit add --code "$code" --name "$name" --kind "$kind" --parent ST --valid-to 2025-06-30
done

# The campaign and its two periods; they share the year 2023.
c campaign add --code ANTQ-ST --name "Phong trào toàn dân bảo vệ an ninh Tổ quốc (Sóc Trăng)" \
  --organisers ST-CA,ST-LDLD --start-date 2018-01-01 --end-date 2025-12-31 \
  --description "Phong trào do Công an tỉnh và Liên đoàn Lao động tỉnh Sóc Trăng phối hợp thực hiện"
c period add --campaign ANTQ-ST --name 2018-2023 --start-date 2018-01-01 --end-date 2023-08-11 \
  --note "sơ kết ngày 11/8/2023"
c period add --campaign ANTQ-ST --name 2023-2025 --start-date 2023-01-01 --end-date 2025-06-30 \
  --note "giao ước thi đua 2023-2025; the province was merged on 2025-07-01"

# The article's figures for 2018-2023, with their qualifiers and the subset
# link, read by the article importer from a report written with the
# article's figures (bao-cao-2018-2023.txt); each keeps its sentence.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
c import article "$here/bao-cao-2018-2023.txt" -O campaign=ANTQ-ST -O unit=ST \
  -O date="$source_date" -O source="$source_doc"

# Commendations: the article gives counts, not names, and does not split them by form.
for kind_count in collective:15 individual:25; do
  c award add --campaign ANTQ-ST --period 2018-2023 --recipient-kind "${kind_count%%:*}" \
    --quantity "${kind_count##*:}" --recipient-name "có thành tích xuất sắc (bài báo không nêu tên)" \
    --form "Bằng khen, Giấy khen" --issuer "Liên đoàn Lao động tỉnh Sóc Trăng; Công an tỉnh Sóc Trăng" \
    --decision-date 2023-08-11 --reason "thành tích xuất sắc trong phong trào giai đoạn 2018 - 2023"
done

# Models named in the article (the article counts 68 models at 620 points in all).
for model in "Tiếng loa an ninh" "Tự phòng, tự quản trong các cơ sở thờ tự" \
  "Đảm bảo an ninh trật tự tại khu công nghiệp" "Tổ tự quản khu nhà trọ công nhân"; do
  c model add --campaign ANTQ-ST --unit ST --name "$model" --type "mô hình phong trào"
done

c agreement add --campaign ANTQ-ST --title "Quy chế phối hợp trong công tác đảm bảo an ninh, trật tự" \
  --parties ST-CA,ST-LDLD --signed-on 2023-08-11

# District pledges for 2023-2025 (signed at the conference; targets illustrative).
# Each sheet: AN01 tip-offs (40 points, in proportion to the share attained),
# AN16 criminal cases (30 points, all or nothing) and AN08 models in place
# (30 points, all or nothing); every district assessed itself at full marks.
# With the 2024 figures, six districts meet every target or nearly so, two of
# them tie at the top, and `campaign pledge rank` proposes those two.
i=0
for row in "${districts[@]}"; do
  IFS='|' read -r code name kind <<<"$row"
  i=$((i + 1))
  c pledge add --campaign ANTQ-ST --period 2023-2025 --signatory "$code" --counterpart ST-UBND \
    --signed-on 2023-08-11 --note "giao ước thi đua về Phong trào toàn dân bảo vệ an ninh Tổ quốc; targets $illustrative"
  pledge_id=$("$bin" --db "$db" pledge list --campaign ANTQ-ST --signatory "$code" --format csv | awk -F, 'NR==2 {print $1}')
  c target add --pledge "$pledge_id" --indicator AN01 --comparator '>=' --target $((130 + 16 * i)) --max-points 40 \
    --scoring proportional --self-points 40 --note "$illustrative"
  c target add --pledge "$pledge_id" --indicator AN16 --comparator '<=' --target $((60 - 2 * i)) --max-points 30 \
    --self-points 30 --note "$illustrative"
  c target add --pledge "$pledge_id" --indicator AN08 --comparator '>=' --target $((4 + i % 3)) --max-points 30 \
    --self-points 30 --note "$illustrative"
done

# The 2024 district figures (illustrative), as a district office would send
# them: a spreadsheet read by the csv importer.
c import csv "$here/so-lieu-cac-huyen.csv" -O campaign=ANTQ-ST -O number-style=vi
