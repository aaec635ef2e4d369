package report

import (
	"strconv"
	"strings"
)

// labels names every figure in Vietnamese and English, by its JSON key.
var labels = map[string][2]string{
	"received":                        {"Hồ sơ tiếp nhận", "Dossiers received"},
	"received_counter":                {"Tiếp nhận trực tiếp", "Received at the counter"},
	"received_online":                 {"Tiếp nhận trực tuyến", "Received online"},
	"received_post":                   {"Tiếp nhận qua bưu chính", "Received by post"},
	"refused":                         {"Từ chối tiếp nhận", "Refused"},
	"withdrawn":                       {"Rút hồ sơ", "Withdrawn"},
	"stopped":                         {"Dừng xử lý", "Stopped"},
	"resolved":                        {"Đã giải quyết", "Resolved"},
	"resolved_before":                 {"Giải quyết trước hạn", "Resolved before the deadline"},
	"resolved_on_time":                {"Giải quyết đúng hạn", "Resolved on the due date"},
	"resolved_overdue":                {"Giải quyết quá hạn", "Resolved late"},
	"returned":                        {"Đã trả kết quả", "Results returned"},
	"received_with_digitised":         {"Hồ sơ có thành phần được số hoá", "Dossiers with a digitised component"},
	"received_reusing_data":           {"Hồ sơ tái sử dụng dữ liệu", "Dossiers reusing data"},
	"resolved_with_electronic_result": {"Hồ sơ có kết quả điện tử", "Dossiers with an electronic result"},
	"received_synced":                 {"Hồ sơ đồng bộ Cổng DVCQG", "Dossiers synced to the national portal"},
	"fee_bearing":                     {"Hồ sơ phải nộp phí, lệ phí", "Fee-bearing dossiers"},
	"paid_online":                     {"Thanh toán trực tuyến", "Paid online"},
	"rated":                           {"Lượt đánh giá", "Ratings"},
	"rated_very_satisfied":            {"Rất hài lòng", "Very satisfied"},
	"rated_satisfied":                 {"Hài lòng", "Satisfied"},
	"rated_not_satisfied":             {"Không hài lòng", "Not satisfied"},
	"complaints":                      {"Phản ánh, kiến nghị", "Complaints"},
	"not_satisfied_or_complained":     {"Không hài lòng hoặc có phản ánh", "Not satisfied or complained"},
	"letters":                         {"Thư chúc mừng, thư chia buồn", "Congratulatory and condolence letters"},
	"under_competence":                {"Hồ sơ thuộc thẩm quyền", "Dossiers under the unit's competence"},
	"resolved_per_rules":              {"Giải quyết, trả kết quả đúng quy định", "Resolved and returned per the rules"},
	"received_assisted":               {"Được hướng dẫn nộp trực tuyến", "Guided to submit online"},
	"pending_in_time":                 {"Đang giải quyết trong hạn", "Pending, in time"},
	"pending_due_soon":                {"Sắp đến hạn (24 giờ)", "Due within 24 hours"},
	"pending_overdue":                 {"Đang giải quyết quá hạn", "Pending, overdue"},
	"pending_in_supplement":           {"Chờ bổ sung", "Waiting for a supplement"},
	"pending_total":                   {"Đang giải quyết", "Pending"},
	"procedures_total":                {"Thủ tục hành chính", "Procedures"},
	"procedures_online":               {"Thủ tục cung cấp trực tuyến", "Procedures offered online"},
	"procedures_published":            {"Thủ tục được công khai", "Procedures published"},
	"before_deadline_pct":             {"Tỷ lệ trước hạn (%)", "Before the deadline (%)"},
	"on_time_pct":                     {"Tỷ lệ đúng hạn (%)", "On time (%)"},
	"overdue_pct":                     {"Tỷ lệ quá hạn (%)", "Overdue (%)"},
	"on_time_or_early_pct":            {"Tỷ lệ đúng hạn và trước hạn (%)", "On time or early (%)"},
	"digitised_pct":                   {"Tỷ lệ số hoá hồ sơ (%)", "Digitised (%)"},
	"electronic_result_pct":           {"Tỷ lệ kết quả điện tử (%)", "Electronic results (%)"},
	"reuse_pct":                       {"Tỷ lệ tái sử dụng dữ liệu (%)", "Data reuse (%)"},
	"synced_pct":                      {"Tỷ lệ đồng bộ (%)", "Synced (%)"},
	"online_pct":                      {"Tỷ lệ hồ sơ trực tuyến (%)", "Received online (%)"},
	"assisted_online_pct":             {"Tỷ lệ người dân được hướng dẫn nộp trực tuyến (%)", "People guided to submit online (%)"},
	"procedures_online_pct":           {"Tỷ lệ thủ tục trực tuyến (%)", "Procedures online (%)"},
	"procedures_published_pct":        {"Tỷ lệ thủ tục công khai (%)", "Procedures published (%)"},
	"online_payment_pct":              {"Tỷ lệ thanh toán trực tuyến (%)", "Paid online (%)"},
	"satisfaction_pct":                {"Mức độ hài lòng (%)", "Satisfaction (%)"},
	"rated_satisfied_pct":             {"Tỷ lệ đánh giá hài lòng (%)", "Rated satisfied (%)"},
	"resolved_per_rules_pct":          {"Tỷ lệ giải quyết đúng quy định (%)", "Resolved per the rules (%)"},
	"progress_pct":                    {"Tiến độ giải quyết (%)", "Progress (%)"},
	"procedures_dated":                {"Thủ tục có ngày hiệu lực của căn cứ pháp lý", "Procedures with a dated legal basis"},
	"procedures_published_timely":     {"Thủ tục công khai kịp thời", "Procedures published in time"},
	"feedback_answered":               {"Phản ánh, kiến nghị đã trả lời", "Feedback answered"},
	"feedback_answered_on_time":       {"Phản ánh, kiến nghị trả lời đúng hạn", "Feedback answered on time"},
	"feedback_rated":                  {"Lượt đánh giá việc xử lý phản ánh", "Ratings of feedback handling"},
	"feedback_rated_satisfied":        {"Hài lòng với việc xử lý phản ánh", "Satisfied with feedback handling"},
	"procedures_published_timely_pct": {"Tỷ lệ thủ tục công khai kịp thời (%)", "Procedures published in time (%)"},
	"feedback_on_time_pct":            {"Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn (%)", "Feedback handled on time (%)"},
	"feedback_satisfied_pct":          {"Mức độ hài lòng về xử lý phản ánh, kiến nghị (%)", "Satisfaction with feedback handling (%)"},
}

// criterionLabels names the Decision 766 criteria and groups, by key.
var criterionLabels = map[string][2]string{
	"transparency":                {"Công khai, minh bạch", "Public transparency"},
	"progress":                    {"Tiến độ, kết quả giải quyết", "Progress and results"},
	"digitisation":                {"Số hoá hồ sơ", "Digitisation"},
	"online":                      {"Dịch vụ công trực tuyến", "Online public services"},
	"satisfaction":                {"Mức độ hài lòng", "Satisfaction"},
	"procedures_published":        {"Thủ tục được công khai đầy đủ", "Procedures published in full"},
	"procedures_published_timely": {"Thủ tục được công khai kịp thời", "Procedures published in time"},
	"dossiers_synced":             {"Hồ sơ đồng bộ Cổng DVCQG", "Dossiers synced to the national portal"},
	"digitised":                   {"Số hoá hồ sơ", "Digitised dossiers"},
	"electronic_result":           {"Kết quả điện tử", "Electronic results"},
	"reuse":                       {"Tái sử dụng dữ liệu", "Data reuse"},
	"procedures_online":           {"Thủ tục cung cấp trực tuyến", "Procedures online"},
	"received_online":             {"Hồ sơ tiếp nhận trực tuyến", "Dossiers received online"},
	"online_payment":              {"Thanh toán trực tuyến", "Online payment"},
	"feedback_on_time":            {"Phản ánh, kiến nghị xử lý đúng hạn", "Feedback handled on time"},
	"feedback_satisfaction":       {"Hài lòng về xử lý phản ánh, kiến nghị", "Satisfaction with feedback handling"},
}

// Label returns the name of the figure with JSON key key, in Vietnamese
// (lang "vi") or English; the key itself when it has none.
func Label(key, lang string) string {
	l, ok := labels[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// CriterionLabel returns the name of a Decision 766 criterion or group by
// its key (Score.Criteria's Key or Group), in Vietnamese (lang "vi") or
// English; the key itself when it has none. "progress" and "satisfaction"
// name both a group and its main criterion.
func CriterionLabel(key, lang string) string {
	l, ok := criterionLabels[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// NoData is how a figure without data is shown, in Vietnamese (lang "vi")
// or English: never 0 and never full points.
func NoData(lang string) string {
	if lang == "en" {
		return "no data"
	}
	return "không có dữ liệu"
}

// ScoreBasis says, in Vietnamese (lang "vi") or English, what a score's
// total was computed over: "" when every criterion has data, else the points
// with data and the criteria without, e.g. "tính trên 82/100 điểm có dữ liệu;
// không có dữ liệu: …".
func ScoreBasis(s Score, lang string) string {
	if len(s.NoData) == 0 {
		return ""
	}
	names := make([]string, len(s.NoData))
	for i, k := range s.NoData {
		names[i] = CriterionLabel(k, lang)
	}
	avail := strconv.FormatFloat(Round(s.Available, ScoreDecimals), 'f', -1, 64)
	if lang == "en" {
		return "over the " + avail + " of 100 points with data; no data: " + strings.Join(names, ", ")
	}
	return "tính trên " + avail + "/100 điểm có dữ liệu; không có dữ liệu: " + strings.Join(names, ", ")
}

// ScoreTable lays out a rounded score as label–text rows, the same on every
// output that prints text (the command's table, CSV, XLSX): each criterion's
// points out of its maximum ("16.00/20") or "no data", then the total out of
// 100 or "no data", then, when some criterion has no data, what the total
// was computed over (ScoreBasis) under an empty label.
func ScoreTable(s Score, lang string) [][2]string {
	pts := func(v float64) string { return strconv.FormatFloat(v, 'f', ScoreDecimals, 64) }
	prefix, total := "Bộ chỉ số 766 · ", "Điểm Bộ chỉ số 766 / 100"
	if lang == "en" {
		prefix, total = "Decision 766 · ", "Decision 766 score / 100"
	}
	var out [][2]string
	for _, c := range s.Criteria {
		v := NoData(lang)
		if !c.Undefined {
			v = pts(c.Points) + "/" + strconv.FormatFloat(c.Max, 'f', -1, 64)
		}
		out = append(out, [2]string{prefix + CriterionLabel(c.Key, lang), v})
	}
	if s.Undefined {
		return append(out, [2]string{total, NoData(lang)})
	}
	out = append(out, [2]string{total, pts(s.Total)})
	if b := ScoreBasis(s, lang); b != "" {
		out = append(out, [2]string{"", b})
	}
	return out
}
