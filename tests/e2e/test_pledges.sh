#!/usr/bin/env bash
# End-to-end: emulation pledges. Five districts sign a pledge for 2024-2025
# with the same three targets (AN01 >= 100 for 50 points in proportion, AN16
# <= 20 for 30 points all or nothing, a qualitative criterion for 20 points);
# D4 ceases on 2025-06-30 and merges into N. The expected numbers are worked
# out by hand in tests/unit/test_pledges.cpp, which builds the same campaign.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

db=$CAMPAIGN_DB
setup -q init
unit() { # code kind parent [extra options...]
  local code=$1 kind=$2 parent=$3
  shift 3
  setup unit add --code "$code" --name "Đơn vị $code" --kind "$kind" ${parent:+--parent "$parent"} "$@"
}
unit P province "" --valid-from 2000-01-01
for d in D1 D2 D3 D5; do
  unit "$d" district P
done
unit D4 district P --valid-to 2025-06-30
unit N district P --valid-from 2025-07-01
unit C1 commune D1
setup lineage add --kind merge --date 2025-07-01 --predecessors D4 --successors N
setup campaign add --code K --name "Phong trào" --start-date 2023-01-01 --end-date 2026-12-31
setup period add --campaign K --name 2024-2025 --start-date 2024-01-01 --end-date 2025-12-31
setup campaign add --code K2 --name "Phong trào khác"
setup period add --campaign K2 --name 2024-2025 --start-date 2024-01-01 --end-date 2025-12-31

declare -A pledge an01 an16 quality
for d in D1 D2 D3 D4 D5; do
  setup --format json pledge add --campaign K --period 2024-2025 --signatory "$d" --counterpart P --signed-on 2024-01-15
  pledge[$d]=$(added_id)
  setup --format json target add --pledge "${pledge[$d]}" --indicator AN01 --comparator ">=" --target 100 \
    --max-points 50 --scoring proportional
  an01[$d]=$(added_id)
  setup --format json target add --pledge "${pledge[$d]}" --indicator AN16 --comparator "<=" --target 20 --max-points 30
  an16[$d]=$(added_id)
  setup --format json target add --pledge "${pledge[$d]}" --kind qualitative --criterion "Không có điểm nóng về ANTT" \
    --max-points 20
  quality[$d]=$(added_id)
done
for d in D1 D2 D4; do
  setup pledge score "${pledge[$d]}" --target "${quality[$d]}" --met yes --assessor "Công an tỉnh" --assessed-on 2025-12-20
done
setup target edit "${quality[D3]}" --met no --assessor "Công an tỉnh" --assessed-on 2025-12-20

figure() { # unit indicator from to value [qualifier]
  setup figure add --campaign K --unit "$1" --indicator "$2" --span-from "$3" --span-to "$4" --value "$5" \
    --qualifier "${6:-exact}"
}
figure D1 AN01 2024-01-01 2024-12-31 60
figure C1 AN01 2024-01-01 2024-03-31 10
figure C1 AN01 2025-01-01 2025-12-31 50
figure D1 AN16 2024-01-01 2024-12-31 10
figure D1 AN16 2025-01-01 2025-12-31 8
figure D2 AN01 2024-01-01 2024-12-31 70
figure D2 AN01 2025-01-01 2025-12-31 30
figure D2 AN01 2023-07-01 2024-06-30 99
figure D2 AN16 2024-01-01 2024-12-31 12
figure D2 AN16 2025-01-01 2025-12-31 10
figure D3 AN01 2024-01-01 2024-12-31 40
figure D3 AN01 2025-01-01 2025-12-31 35 at_least
figure D3 AN16 2024-01-01 2024-12-31 8
figure D3 AN16 2025-01-01 2025-12-31 7
figure D4 AN01 2024-01-01 2024-12-31 60
figure D4 AN01 2025-01-01 2025-06-30 20
figure D4 AN16 2024-01-01 2024-12-31 6
figure D4 AN16 2025-01-01 2025-06-30 4
figure N AN01 2025-07-01 2025-12-31 30
figure N AN16 2025-07-01 2025-12-31 12
figure D5 AN01 2024-01-01 2024-12-31 50
figure D5 AN01 2025-01-01 2025-12-31 30
figure D5 AN16 2024-01-01 2024-12-31 5
figure D5 AN16 2025-01-01 2025-12-31 5

after=(--as-of 2026-01-15)

# ---------------------------------------------------------------- status after the period
expect_ok --format json pledge status --campaign K --period 2024-2025 "${after[@]}"
t() { # the target of signatory $1 at position $2 (0 AN01, 1 AN16, 2 qualitative)
  printf 'one(d["pledges"], signatory="%s")["targets"][%s]' "$1" "$2"
}
p() {
  printf 'one(d["pledges"], signatory="%s")' "$1"
}
json_expect "status json" 'len(d["pledges"])' 5 'd["as_of"]' 2026-01-15 \
  "$(t D1 0)[\"actual\"]" 110 "$(t D1 0)[\"actual_qualifier\"]" exact "$(t D1 0)[\"status\"]" met \
  "$(t D1 0)[\"figures_left_out\"][0][\"unit\"]" C1 "len($(t D1 0)[\"figures\"])" 2 \
  "$(t D1 1)[\"actual\"]" 18 "$(t D1 2)[\"status\"]" met "$(p D1)[\"sheet\"][\"score\"]" 100 \
  "$(p D1)[\"sheet\"][\"grade\"]" excellent \
  "$(t D2 0)[\"figures_partly_inside\"]" 1 "$(t D2 1)[\"actual\"]" 22 "$(t D2 1)[\"status\"]" not_met \
  "$(t D2 1)[\"computed_points\"]" 0 "$(p D2)[\"sheet\"][\"score\"]" 70 "$(p D2)[\"sheet\"][\"grade\"]" good \
  "$(t D3 0)[\"actual\"]" 75 "$(t D3 0)[\"actual_qualifier\"]" at_least "$(t D3 0)[\"status\"]" cannot_tell \
  "$(t D3 0)[\"share\"]" 0.75 "$(t D3 0)[\"computed_points\"]" 37.5 "$(p D3)[\"sheet\"][\"score\"]" 67.5 \
  "$(p D3)[\"sheet\"][\"grade\"]" average \
  "$(p D4)[\"ceased_on\"]" 2025-06-30 "$(p D4)[\"closed_early\"]" true "$(p D4)[\"evaluated_to\"]" 2025-06-30 \
  "$(p D4)[\"elapsed_share\"]" 0.7483 "$(p D4)[\"lineage_successors\"]" '["N"]' \
  "$(t D4 0)[\"actual\"]" 80 "$(t D4 0)[\"status\"]" on_track "$(t D4 1)[\"status\"]" on_track \
  "$(p D4)[\"sheet\"][\"score\"]" 90 \
  "$(t D5 2)[\"status\"]" not_assessed "$(p D5)[\"sheet\"][\"score\"]" 70

expect_ok --lang en pledge status --campaign K --unit D3 "${after[@]}"
stdout_has "over 75" "cannot tell yet" "75%" "37.5"
assert_eq "status --unit D3: one pledge, three targets" 3 \
  "$(printf '%s\n' "$OUT" | awk 'NR > 2 && NF == 0 { exit } NR > 2 { n++ } END { print n }')"
expect_ok --lang vi pledge status --campaign K --unit D3 "${after[@]}"
stdout_has "trên 75" "chưa xác định được" "37,5"
expect_ok pledge status --campaign K --unit D4 "${after[@]}"
stdout_has "D4 ceased to exist after 2025-06-30" "evaluated up to that day (74.8% of the period)" \
  "the lineage names N as successor" "campaign pledge transfer ${pledge[D4]}"
expect_ok pledge status --campaign K --unit D1 "${after[@]}"
stdout_has "figure" "of C1 within figure" "1 figure left out"
expect_ok --format json pledge status --campaign K --unit P "${after[@]}"
json_expect "status --unit P: the districts below it" 'len(d["pledges"])' 5
expect_ok --format csv pledge status --campaign K "${after[@]}"
assert_eq "status csv: header and one row per target" 16 "$(printf '%s\n' "$OUT" | wc -l | tr -d ' ')"
assert_contains "status csv header" "$(csv_header)" "pledge,period,signatory,ceased_on,successor,transferred_on"

# ---------------------------------------------------------------- on track and behind during the period
expect_ok --format json pledge status --campaign K --as-of 2024-12-31
json_expect "status half-way" "$(p D1)[\"elapsed_share\"]" 0.5007 \
  "$(t D1 0)[\"actual\"]" 60 "$(t D1 0)[\"status\"]" on_track "$(t D1 1)[\"status\"]" on_track \
  "$(t D2 0)[\"status\"]" on_track "$(t D2 1)[\"status\"]" behind \
  "$(t D3 0)[\"status\"]" behind "$(t D5 0)[\"status\"]" behind "$(p D1)[\"sheet\"][\"provisional\"]" true
expect_ok --lang vi pledge status --campaign K --unit D2 --as-of 2024-12-31
stdout_has "đúng tiến độ" "chậm tiến độ" "50,1%"
expect_ok --format json pledge status --campaign K --unit D2 --as-of 2024-06-30
json_expect "status before any span ended" "$(t D2 0)[\"actual\"]" null "$(t D2 0)[\"status\"]" cannot_tell \
  "$(t D2 0)[\"figures_partly_inside\"]" 2

# ---------------------------------------------------------------- ranking
expect_ok --format json pledge rank --campaign K "${after[@]}"
json_expect "rank json" 'd["period"]' 2024-2025 \
  '[(x["signatory"], x["rank"]) for x in d["ranking"]]' '[["D1", 1], ["D4", 2], ["D2", 3], ["D5", 3], ["D3", 5]]' \
  '[x["grade"] for x in d["ranking"]]' '["excellent", "excellent", "good", "good", "average"]' \
  '[x["signatory"] for x in d["ranking"] if x["proposed"]]' '["D1"]' \
  'one(d["ranking"], signatory="D2")["tied_with"]' '["D5"]' \
  'one(d["ranking"], signatory="D4")["shortfalls"]' '["1 of 2 quantitative targets not met"]' \
  'd["rules"]["tie_break"]' none 'd["rules"]["stored"]' false \
  'd["tie_notes"][0]' "tie: D2, D5 have 70 points each and share rank 3; no tie-break applied (the next rank is skipped)"
expect_ok pledge rank --campaign K "${after[@]}"
assert_eq "rank table: a shared rank is marked" \
  "=3 D2 100 70 70 70% good 2/3 no grade good is below excellent; 1 of 2 quantitative targets not met" \
  "$(table_row =3)"
stdout_has "tie: D2, D5 have 70 points each and share rank 3" "excellent from 90, good from 70, average from 50"
expect_ok --lang vi pledge rank --campaign K "${after[@]}"
stdout_has "Xuất sắc" "Trung bình" "xếp loại Khá thấp hơn Xuất sắc"
expect_ok --format csv pledge rank --campaign K "${after[@]}"
assert_eq "rank csv header" \
  "rank,pledge,signatory,signatory_name,max_points,computed_points,self_points,awarded_points,score,percent,grade,provisional,targets,targets_met,quantitative_targets,quantitative_met,tied_with,tie_broken,proposed,shortfalls" \
  "$(csv_header)"

# A tie-break from the campaign's rules.
expect_ok pledge rules --campaign K --tie-break targets_met
assert_eq "rules show the tie-break" "targets_met" "$(show_value tie_break)"
expect_ok --format json pledge rank --campaign K "${after[@]}"
json_expect "rank with tie-break" '[(x["signatory"], x["rank"]) for x in d["ranking"]]' \
  '[["D1", 1], ["D4", 2], ["D2", 3], ["D5", 4], ["D3", 5]]' 'one(d["ranking"], signatory="D5")["tie_broken"]' true
assert_contains "tie-break explained" "$OUT" "tie-break targets_met applied: D2 rank 3 (targets met 2), D5 rank 4 (targets met 1)"
expect_ok --format json pledge rules --campaign K --reset
json_expect "rules reset" 'd["tie_break"]' none 'd["stored"]' false 'd["excellent"]' 90

# ---------------------------------------------------------------- the scoring sheet
expect_ok --format json pledge score "${pledge[D2]}" --target AN16 --self 30 --awarded 10 "${after[@]}"
json_expect "score sets self and awarded points" 'd["targets"][1]["self_points"]' 30 \
  'd["targets"][1]["awarded_points"]' 10 'd["targets"][1]["computed_points"]' 0 'd["targets"][1]["points"]' 10 \
  'd["sheet"]["score"]' 80 'd["sheet"]["computed_points"]' 70 'd["sheet"]["awarded_count"]' 1
expect_ok pledge score "${pledge[D2]}" "${after[@]}"
stdout_has "score: 80 of 100 points (80%), grade good" "2 of 3 targets have no awarded points"
assert_eq "sheet total row" "total 100 70 30 10" "$(table_row total)"
expect_refusal 3 "$db" pledge score "${pledge[D2]}" --target AN16 --awarded 31
stderr_has "awarded_points: 31 is above the maximum of 30 points"
expect_refusal 3 "$db" pledge score "${pledge[D2]}" --target AN01 --met yes --assessor x --assessed-on 2025-12-20
stderr_has "only a qualitative target"
expect_refusal 3 "$db" pledge score "${pledge[D2]}" --target AN02 --self 1
stderr_has "has no target on indicator 'AN02'"
expect_refusal 2 "$db" pledge score "${pledge[D2]}" --self 1
stderr_has "--target"
expect_refusal 2 "$db" pledge score "${pledge[D5]}" --target "${quality[D5]}" --met yes
stderr_has "assessor"
expect_ok --format json pledge score "${pledge[D2]}" --target AN16 --awarded "" "${after[@]}"
json_expect "an empty value clears awarded points" 'd["targets"][1]["awarded_points"]' null 'd["sheet"]["score"]' 70
expect_ok --format json pledge score "${pledge[D3]}" --accept-computed "${after[@]}"
json_expect "accept computed points" '[x["awarded_points"] for x in d["targets"]]' '[37.5, 30, 0]' \
  'd["sheet"]["provisional"]' false
expect_ok --format json pledge score "${pledge[D5]}" --target "${quality[D5]}" --met yes --assessor "Công an tỉnh" \
  --assessed-on 2025-12-20 --assessment-note "kiểm tra thực tế" "${after[@]}"
json_expect "a qualitative assessment" 'd["targets"][2]["status"]' met 'd["targets"][2]["assessor"]' "Công an tỉnh" \
  'd["sheet"]["score"]' 90 'd["sheet"]["grade"]' excellent

# ---------------------------------------------------------------- transfer of a dissolved signatory
expect_ok pledge transfer "${pledge[D4]}"
assert_eq "transfer report" "transferred pledge ${pledge[D4]} (D4) to N from 2025-07-01 (lineage event 1)" "$OUT"
expect_ok --format json pledge show "${pledge[D4]}"
json_expect "the pledge keeps its successor" 'd["successor"]' N 'd["transferred_on"]' 2025-07-01
expect_ok --format json pledge status --campaign K --unit D4 "${after[@]}"
json_expect "status after the transfer" "$(p D4)[\"closed_early\"]" false "$(p D4)[\"ended\"]" true \
  "$(t D4 0)[\"actual\"]" 110 "$(t D4 0)[\"status\"]" met "$(t D4 1)[\"actual\"]" 22 "$(t D4 1)[\"status\"]" not_met \
  "$(p D4)[\"sheet\"][\"score\"]" 70
expect_ok pledge status --campaign K --unit D4 "${after[@]}"
stdout_has "transferred to N from 2025-07-01"
expect_refusal 3 "$db" pledge transfer "${pledge[D1]}"
stderr_has "no lineage event names D1" "--to"
expect_refusal 3 "$db" pledge transfer "${pledge[D4]}" --to N --on 2025-03-01
stderr_has "successor: unit N exists 2025-07-01..(open), not on the transfer date 2025-03-01"
expect_refusal 3 "$db" pledge transfer "${pledge[D4]}" --to NX
stderr_has "unknown unit 'NX'" "did you mean 'N'"
expect_ok pledge edit "${pledge[D4]}" --successor "" --transferred-on ""
expect_ok --format json pledge status --campaign K --unit D4 "${after[@]}"
json_expect "transfer undone" "$(p D4)[\"closed_early\"]" true

# ---------------------------------------------------------------- proposals become awards
expect_ok --format json pledge rank --campaign K "${after[@]}"
json_expect "proposed now" '[x["signatory"] for x in d["ranking"] if x["proposed"]]' '["D1"]'
expect_ok --format json pledge award "${pledge[D1]}" --form "Bằng khen" --issuer "Chủ tịch UBND tỉnh" \
  --decision-number "12/QĐ-UBND" --decision-date 2026-01-20 "${after[@]}"
award_id=$(added_id)
expect_ok --format json award show "$award_id"
json_expect "the award record" 'd["recipient_unit"]' D1 'd["campaign"]' K 'd["period"]' 2024-2025 \
  'd["form"]' "Bằng khen" 'd["recipient_kind"]' collective 'd["decision_number"]' "12/QĐ-UBND" \
  'd["reason"]' "Giao ước thi đua giai đoạn 2024-2025 (giao ước ${pledge[D1]}): 100/100 điểm, xếp loại Xuất sắc, hạng 1/5"
expect_refusal 3 "$db" pledge award "${pledge[D1]}" --form "Bằng khen" --issuer "Chủ tịch UBND tỉnh" "${after[@]}"
stderr_has "D1 already has award $award_id"
expect_refusal 3 "$db" pledge award "${pledge[D2]}" --form "Bằng khen" --issuer "Chủ tịch UBND tỉnh" "${after[@]}"
stderr_has "pledge ${pledge[D2]} (D2) is not proposed" "grade good is below excellent"
expect_refusal 2 "$db" pledge award "${pledge[D1]}" --form "Bằng khen"
stderr_has "--issuer"

# ---------------------------------------------------------------- bad input: clear message, exit 3, nothing written
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --indicator AN99 --comparator ">=" --target 5
stderr_has "indicator" "unknown indicator 'AN99'"
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --indicator AN01 --comparator ">" --target 5
stderr_has "comparator" "'>' is not one of >=, <=, ="
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --indicator AN01 --comparator ">=" --target 5 --max-points -2
stderr_has "max_points: -2 is below zero"
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --indicator AN01 --comparator ">=" --target 5 \
  --max-points 10 --awarded-points 12
stderr_has "awarded_points: 12 is above the maximum of 10 points"
expect_refusal 3 "$db" target edit "${an01[D1]}" --max-points 5 --awarded-points 6
stderr_has "awarded_points: 6 is above the maximum of 5 points"
expect_refusal 3 "$db" pledge edit "${pledge[D1]}" --campaign K2
stderr_has "period: period 2024-2025 belongs to campaign K, not to K2"
expect_refusal 3 "$db" pledge add --campaign K --period 2018-2023 --signatory D1
stderr_has "unknown period '2018-2023'"
expect_refusal 3 "$db" pledge add --campaign K2 --period 2024-2025 --signatory N --signed-on 2024-01-15
stderr_has "signatory: unit N exists 2025-07-01..(open), not on the signing date 2024-01-15"
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --kind qualitative --criterion "x" --indicator AN01
stderr_has "a qualitative target has no indicator"
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --kind qualitative --criterion "x" --scoring proportional
stderr_has "scored all_or_nothing"
expect_refusal 2 "$db" target add --pledge "${pledge[D1]}" --indicator AN01 --comparator ">="
stderr_has "a quantitative target needs target"
expect_refusal 3 "$db" target add --pledge "${pledge[D1]}" --indicator AN01 --comparator ">=" --target -5
stderr_has "target: -5 is negative"
expect_refusal 3 "$db" pledge rules --campaign K --excellent 60
stderr_has "0 <= average < good < excellent <= 100"
expect_refusal 3 "$db" pledge rules --campaign K --award-grade excelent
stderr_has "award_grade" "did you mean 'excellent'"
expect_refusal 2 "$db" pledge rules --campaign K --reset --good 60
expect_refusal 3 "$db" pledge status --campaign KX
stderr_has "unknown campaign 'KX'" "did you mean 'K'"
expect_refusal 3 "$db" pledge status --campaign K --as-of 2025-02-30
stderr_has "as-of" "2025-02-30"
expect_refusal 2 "$db" pledge rank
stderr_has "--campaign"

# ---------------------------------------------------------------- the demo database
demo=$E2E_TMP/demo.db
expect_exit 0 bash "$CAMPAIGN_SOURCE_DIR/data/demo/load.sh" "$CAMPAIGN_BIN" "$demo"
expect_ok --db "$demo" --format json pledge status --campaign ANTQ-ST --period 2023-2025
json_expect "demo: eleven pledges evaluated to the end of 2023-2025" 'len(d["pledges"])' 11 \
  'sorted(set(p["evaluated_to"] for p in d["pledges"]))' '["2025-06-30"]' \
  'one(d["pledges"], signatory="ST-NN")["targets"][0]["actual"]' 189 \
  'one(d["pledges"], signatory="ST-NN")["targets"][0]["status"]' met \
  'one(d["pledges"], signatory="ST-MT")["sheet"]["score"]' 69.38
expect_ok --db "$demo" --format json pledge rank --campaign ANTQ-ST
json_expect "demo: two districts tie at the top and are proposed" \
  '[x["signatory"] for x in d["ranking"] if x["proposed"]]' '["ST-NN", "ST-KS"]' \
  '[x["rank"] for x in d["ranking"]]' '[1, 1, 3, 4, 5, 6, 7, 7, 7, 7, 11]'

finish
