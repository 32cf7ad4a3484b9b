#include "wording.hpp"

#include <map>

namespace campaign::report {

namespace {

SummaryWords make_vi() {
  SummaryWords w;
  w.title = "Báo cáo kết quả thực hiện {campaign} giai đoạn {period}";
  w.empty = "Không có số liệu nào trong kỳ báo cáo.";
  w.overview = "Kỳ báo cáo tổng hợp {0} số liệu của {1} đơn vị.";
  w.unattributed_count =
    "Có {0} số liệu không tính được vào kỳ vì thời gian của chúng vượt ra ngoài kỳ báo cáo "
    "(xem mục cuối).";
  w.set_aside_count =
    "Có {0} số liệu không cộng thêm vì đã nằm trong số liệu của đơn vị cấp trên hoặc trùng thời "
    "gian với số liệu đã tính (xem mục cuối).";
  w.section_overview = "Tình hình chung";
  w.section_key_figures = "Kết quả chủ yếu";
  w.section_indicators = "Kết quả theo nhóm chỉ tiêu";
  w.section_units = "Kết quả theo đơn vị";
  w.section_models = "Mô hình và điểm triển khai";
  w.section_awards = "Khen thưởng";
  w.section_agreements = "Quy chế phối hợp";
  w.section_pledges = "Giao ước thi đua";
  w.section_unattributed = "Số liệu không tính vào kỳ báo cáo";
  w.key_figures_table = "Số liệu chủ yếu";
  w.col_indicator = "Chỉ tiêu";
  w.col_measure_unit = "Đơn vị tính";
  w.col_result = "Kết quả";
  w.col_figures = "Số liệu";
  w.col_rank = "Hạng";
  w.col_unit = "Đơn vị";
  w.lower_is_better = "càng thấp càng tốt";
  w.higher_is_better = "càng cao càng tốt";
  w.no_unit_data = "Không có đơn vị trực thuộc nào có số liệu trong kỳ.";
  w.col_model = "Tên mô hình";
  w.col_type = "Loại";
  w.col_points = "Số điểm";
  w.col_started = "Bắt đầu";
  w.models_count = "Có {0} mô hình được ghi nhận.";
  w.models_points = "Các mô hình này được triển khai tại {0} điểm.";
  w.no_models = "Chưa có mô hình nào được ghi nhận.";
  w.awards_by_form = "Khen thưởng theo hình thức và cơ quan khen thưởng";
  w.awards_decisions = "Các quyết định khen thưởng";
  w.awards_total = "Tổng số được khen thưởng: {0} tập thể, {1} cá nhân.";
  w.col_form = "Hình thức";
  w.col_issuer = "Cơ quan khen thưởng";
  w.col_collectives = "Tập thể";
  w.col_individuals = "Cá nhân";
  w.col_decision = "Số quyết định";
  w.col_date = "Ngày";
  w.col_recipient = "Được khen thưởng";
  w.col_kind = "Tập thể/cá nhân";
  w.collective = "tập thể";
  w.individual = "cá nhân";
  w.col_quantity = "Số lượng";
  w.no_awards = "Không có khen thưởng nào trong kỳ.";
  w.undated_awards = "Có {0} khen thưởng không ghi kỳ và ngày quyết định nên không tính vào kỳ nào.";
  w.col_agreement = "Văn bản";
  w.col_parties = "Các bên";
  w.col_signed_on = "Ngày ký";
  w.col_document = "Số văn bản";
  w.no_agreements = "Không có quy chế phối hợp nào được ký trong kỳ.";
  w.pledges_summary = "Có {0} đơn vị ký giao ước thi đua cho kỳ này; {1} trên tổng số {2} chỉ tiêu đã đạt.";
  w.col_signatory = "Đơn vị ký";
  w.col_condition = "Điều kiện";
  w.col_target = "Mục tiêu";
  w.col_assessment = "Đánh giá";
  w.met = "Đạt";
  w.not_met = "Chưa đạt";
  w.undetermined = "Chưa xác định";
  w.no_figures = "Chưa có số liệu";
  w.col_from = "Từ ngày";
  w.col_to = "Đến ngày";
  w.col_value = "Giá trị";
  w.col_reason = "Lý do";
  w.starts_before = "bắt đầu trước kỳ báo cáo";
  w.ends_after = "kết thúc sau kỳ báo cáo";
  w.both_ends = "vượt ra ngoài cả hai đầu kỳ báo cáo";
  w.counted_in = "đã tính trong số liệu #{id} của {unit} ({span})";
  w.nothing_unattributed = "Mọi số liệu có thời gian giao với kỳ báo cáo đều nằm trọn trong kỳ.";
  w.source = "Nguồn: {source}";
  w.source_number = "số {number}";
  w.no_source = "Không ghi nguồn";
  w.batch = "đợt nhập số {batch}";
  w.note = "ghi chú: {note}";
  w.of_which = "trong đó";
  w.other_group = "Chỉ tiêu khác";
  return w;
}

SummaryWords make_en() {
  SummaryWords w;
  w.title = "Report on {campaign}, period {period}";
  w.empty = "There are no figures for this period.";
  w.overview = "This report counts {0} figures from {1} units.";
  w.unattributed_count =
    "Another {0} figures could not be attributed to the period because their spans cross its "
    "edges (see the last section).";
  w.set_aside_count =
    "Another {0} figures were not added because a figure of a unit above or of the same span "
    "already covers them (see the last section).";
  w.section_overview = "Overview";
  w.section_key_figures = "Main results";
  w.section_indicators = "Results by indicator group";
  w.section_units = "Results by unit";
  w.section_models = "Models and deployment points";
  w.section_awards = "Commendations";
  w.section_agreements = "Coordination agreements";
  w.section_pledges = "Emulation pledges";
  w.section_unattributed = "Figures not counted in this period";
  w.key_figures_table = "Main figures";
  w.col_indicator = "Indicator";
  w.col_measure_unit = "Unit of measure";
  w.col_result = "Result";
  w.col_figures = "Figures";
  w.col_rank = "Rank";
  w.col_unit = "Unit";
  w.lower_is_better = "lower is better";
  w.higher_is_better = "higher is better";
  w.no_unit_data = "No unit below the scope has figures for this period.";
  w.col_model = "Model";
  w.col_type = "Type";
  w.col_points = "Points";
  w.col_started = "Started";
  w.models_count = "In all, {0} models are recorded.";
  w.models_points = "These models are deployed at {0} points.";
  w.no_models = "No models are recorded.";
  w.awards_by_form = "Commendations by form and issuer";
  w.awards_decisions = "Commendation decisions";
  w.awards_total = "Commended in all: {0} collectives, {1} individuals.";
  w.col_form = "Form";
  w.col_issuer = "Issued by";
  w.col_collectives = "Collectives";
  w.col_individuals = "Individuals";
  w.col_decision = "Decision";
  w.col_date = "Date";
  w.col_recipient = "Recipient";
  w.col_kind = "Kind";
  w.collective = "collective";
  w.individual = "individual";
  w.col_quantity = "Quantity";
  w.no_awards = "No commendations in this period.";
  w.undated_awards =
    "{0} commendations have neither a period nor a decision date and count toward no period.";
  w.col_agreement = "Agreement";
  w.col_parties = "Parties";
  w.col_signed_on = "Signed on";
  w.col_document = "Document";
  w.no_agreements = "No coordination agreement was signed in this period.";
  w.pledges_summary = "Pledges for this period were signed by {0} units; {1} of {2} targets are met.";
  w.col_signatory = "Signatory";
  w.col_condition = "Condition";
  w.col_target = "Target";
  w.col_assessment = "Assessment";
  w.met = "Met";
  w.not_met = "Not met";
  w.undetermined = "Undetermined";
  w.no_figures = "No figures";
  w.col_from = "From";
  w.col_to = "To";
  w.col_value = "Value";
  w.col_reason = "Reason";
  w.starts_before = "starts before the period";
  w.ends_after = "ends after the period";
  w.both_ends = "runs past both ends of the period";
  w.counted_in = "already counted in figure #{id} of {unit} ({span})";
  w.nothing_unattributed = "Every figure whose span meets the period lies inside it.";
  w.source = "Source: {source}";
  w.source_number = "no. {number}";
  w.no_source = "No source recorded";
  w.batch = "import batch {batch}";
  w.note = "note: {note}";
  w.of_which = "of which";
  w.other_group = "Other indicators";
  return w;
}

} // namespace

const SummaryWords& summary_words(Lang lang) {
  static const SummaryWords k_vi = make_vi();
  static const SummaryWords k_en = make_en();
  return lang == Lang::vi ? k_vi : k_en;
}

std::string group_title(std::string_view group, Lang lang) {
  static const std::map<std::string, std::pair<std::string, std::string>, std::less<>> k_titles = {
    {"security", {"An ninh, trật tự", "Security and order"}},
    {"models", {"Mô hình phong trào", "Movement models"}},
    {"outreach", {"Tuyên truyền, vận động", "Outreach"}},
    {"emulation", {"Thi đua, khen thưởng", "Emulation and commendation"}},
  };
  if (group.empty()) {
    return summary_words(lang).other_group;
  }
  const auto it = k_titles.find(group);
  if (it == k_titles.end()) {
    return std::string(group);
  }
  return lang == Lang::vi ? it->second.first : it->second.second;
}

std::string measure_unit_in(std::string_view measure_unit, Lang lang) {
  static const std::map<std::string, std::string, std::less<>> k_english = {
    {"tin", "tips"},       {"khẩu", "pieces"}, {"cái", "items"},           {"người", "persons"},
    {"mô hình", "models"}, {"điểm", "points"}, {"buổi", "sessions"},       {"lượt", "attendances"},
    {"đơn vị", "units"},   {"vụ", "cases"},    {"tập thể", "collectives"},
  };
  if (lang == Lang::vi) {
    return std::string(measure_unit);
  }
  const auto it = k_english.find(measure_unit);
  return it == k_english.end() ? std::string(measure_unit) : it->second;
}

const std::vector<SentenceTemplate>& sentence_templates() {
  static const std::vector<SentenceTemplate> k_templates = {
    {{"AN01", "AN02"},
     "Nhân dân đã cung cấp {AN01} tin báo, tố giác tội phạm, trong đó {AN02} tin có giá trị.",
     "The public provided {AN01} crime tip-offs, of which {AN02} were valuable."},
    {{"AN01"},
     "Nhân dân đã cung cấp {AN01} tin báo, tố giác tội phạm.",
     "The public provided {AN01} crime tip-offs."},
    {{"AN03", "AN04"},
     "Lực lượng chức năng đã thu hồi {AN03} vũ khí, {AN04} công cụ hỗ trợ.",
     "The authorities recovered {AN03} weapons and {AN04} support tools."},
    {{"AN03"}, "Lực lượng chức năng đã thu hồi {AN03} vũ khí.", "The authorities recovered {AN03} weapons."},
    {{"AN04"},
     "Lực lượng chức năng đã thu hồi {AN04} công cụ hỗ trợ.",
     "The authorities recovered {AN04} support tools."},
    {{"AN05"},
     "Lực lượng chức năng đã thu hồi {AN05} kg vật liệu nổ.",
     "The authorities recovered {AN05} kg of explosives."},
    {{"AN06"},
     "Đã bắt và vận động đầu thú {AN06} đối tượng có lệnh truy nã.",
     "The authorities arrested or persuaded to surrender {AN06} wanted persons."},
    {{"AN07"},
     "Cảm hóa, giáo dục {AN07} đối tượng tại địa bàn cơ sở.",
     "At the grassroots, {AN07} subjects were re-educated."},
    {{"AN08", "AN09"},
     "Trên địa bàn có {AN08} mô hình phong trào được triển khai tại {AN09} điểm.",
     "The area has {AN08} movement models deployed at {AN09} points."},
    {{"AN08"}, "Trên địa bàn có {AN08} mô hình phong trào.", "The area has {AN08} movement models."},
    {{"AN09"}, "Các mô hình được triển khai tại {AN09} điểm.", "Models are deployed at {AN09} points."},
    {{"AN11", "AN12"},
     "Đã tổ chức {AN11} buổi tuyên truyền với {AN12} lượt người tham dự.",
     "The movement held {AN11} outreach sessions with {AN12} attendances."},
    {{"AN11"}, "Đã tổ chức {AN11} buổi tuyên truyền.", "The movement held {AN11} outreach sessions."},
    {{"AN12"},
     "Các buổi tuyên truyền có {AN12} lượt người tham dự.",
     "Outreach sessions had {AN12} attendances."},
    {{"AN14"},
     "Có {AN14} đơn vị đạt chuẩn \"An toàn về an ninh, trật tự\".",
     "In all, {AN14} units met the security standard."},
    {{"AN16"},
     "Trong kỳ xảy ra {AN16} vụ phạm pháp hình sự.",
     "In the period, {AN16} criminal cases occurred."},
    {{"TD01", "TD02"},
     "Có {TD01} tập thể, {TD02} cá nhân được khen thưởng.",
     "In all, {TD01} collectives and {TD02} individuals were commended."},
    {{"TD01"}, "Có {TD01} tập thể được khen thưởng.", "In all, {TD01} collectives were commended."},
    {{"TD02"}, "Có {TD02} cá nhân được khen thưởng.", "In all, {TD02} individuals were commended."},
    {{"TD05"}, "Có {TD05} đơn vị ký giao ước thi đua.", "In all, {TD05} units signed emulation pledges."},
  };
  return k_templates;
}

std::string substitute(std::string pattern, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [name, value] : values) {
    const std::string slot = "{" + name + "}";
    for (std::size_t at = pattern.find(slot); at != std::string::npos;
         at = pattern.find(slot, at + value.size())) {
      pattern.replace(at, slot.size(), value);
    }
  }
  return pattern;
}

} // namespace campaign::report
