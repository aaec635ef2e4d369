package web

import "fmt"

// messages holds every UI string: key -> {Vietnamese, English}, gathered
// from the common table below and one table per area of the site. A test
// fails when a template uses a key that is missing.
var messages = mergeMessages(commonMessages, portalMessages, officeMessages, adminMessages, securityMessages, syncMessages)

// addMessages adds an area's table to messages; an area in its own file
// (i18n_<area>.go) calls it from init, so areas never edit one shared line.
// A key defined twice panics at start, as in mergeMessages.
func addMessages(table map[string][2]string) {
	for k, v := range table {
		if _, dup := messages[k]; dup {
			panic("web: message key defined twice: " + k)
		}
		messages[k] = v
	}
}

// mergeMessages joins message tables; a key defined twice panics at start,
// which a test run catches before anyone else does.
func mergeMessages(tables ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				panic("web: message key defined twice: " + k)
			}
			out[k] = v
		}
	}
	return out
}

var commonMessages = map[string][2]string{
	"site.name":       {"Bộ phận Một cửa", "One-stop department"},
	"site.tagline":    {"Tiếp nhận và trả kết quả thủ tục hành chính", "Receiving applications and returning results"},
	"nav.catalogue":   {"Thủ tục hành chính", "Procedures"},
	"nav.lookup":      {"Tra cứu hồ sơ", "Track a dossier"},
	"nav.news":        {"Tin tức", "News"},
	"nav.workspace":   {"Làm việc", "Workspace"},
	"nav.dashboard":   {"Thống kê", "Indicators"},
	"nav.admin":       {"Quản trị", "Administration"},
	"nav.login":       {"Đăng nhập cán bộ", "Officer login"},
	"nav.logout":      {"Đăng xuất", "Log out"},
	"nav.skip":        {"Bỏ qua, đến nội dung chính", "Skip to main content"},
	"lang.switch":     {"English", "Tiếng Việt"},
	"lang.other":      {"en", "vi"},
	"form.has_errors": {"Vui lòng sửa các trường được đánh dấu bên dưới.", "Please correct the fields marked below."},
	"form.required":   {"bắt buộc", "required"},

	"notice.demo_filling": {"Đang tạo dữ liệu mẫu… %d %% (năm 2024 và đầu năm 2025 đang được điền dần: số liệu sẽ tăng cho đến khi hoàn tất)",
		"Generating the demo data… %d %% (2024 and early 2025 are being filled: figures grow until they are complete)"},

	"error.title":    {"Không thực hiện được", "Something went wrong"},
	"error.notfound": {"Không tìm thấy trang bạn yêu cầu.", "The page you asked for was not found."},
	"error.back":     {"Về trang chủ", "Back to the home page"},
	"error.request":  {"Mã yêu cầu", "Request id"},

	"catalogue.title":       {"Danh mục thủ tục hành chính", "Administrative procedures"},
	"catalogue.search":      {"Tìm thủ tục", "Find a procedure"},
	"catalogue.search.hint": {"Gõ có dấu hoặc không dấu, ví dụ: dang ky khai sinh", "With or without diacritics, e.g. dang ky khai sinh"},
	"catalogue.field":       {"Lĩnh vực", "Field"},
	"catalogue.field.all":   {"Tất cả lĩnh vực", "All fields"},
	"catalogue.submit":      {"Tìm kiếm", "Search"},
	"catalogue.count":       {"%d thủ tục", "%d procedures"},
	"catalogue.none":        {"Không tìm thấy thủ tục phù hợp. Hãy thử từ khoá khác.", "No procedure matches. Try other words."},
	"catalogue.code":        {"Mã thủ tục", "Code"},
	"catalogue.name":        {"Tên thủ tục", "Name"},
	"catalogue.online":      {"Dịch vụ công", "Online"},

	"online.full":    {"Trực tuyến toàn trình", "Fully online"},
	"online.partial": {"Trực tuyến một phần", "Partly online"},
	"online.counter": {"Nộp trực tiếp", "At the counter"},

	"level.commune":  {"Cấp xã", "Commune"},
	"level.district": {"Cấp huyện", "District"},
	"level.province": {"Cấp tỉnh", "Province"},

	"procedure.code":       {"Mã thủ tục", "Procedure code"},
	"procedure.field":      {"Lĩnh vực", "Field"},
	"procedure.level":      {"Cấp thực hiện", "Level"},
	"procedure.online":     {"Mức độ dịch vụ công", "Online service"},
	"procedure.limit":      {"Thời hạn giải quyết", "Time limit"},
	"procedure.norm":       {"Thời gian đơn vị cam kết", "Service norm"},
	"procedure.extended":   {"Thời hạn khi cần xác minh", "Time limit when verification is needed"},
	"procedure.fee":        {"Phí, lệ phí", "Fees and charges"},
	"procedure.exemptions": {"Miễn phí, lệ phí", "Exemptions"},
	"procedure.components": {"Thành phần hồ sơ", "Documents to submit"},
	"procedure.component":  {"Tên giấy tờ", "Document"},
	"procedure.kind":       {"Loại", "Kind"},
	"procedure.count":      {"Số lượng", "Count"},
	"procedure.required":   {"Bắt buộc", "Required"},
	"procedure.form":       {"Mẫu đơn", "Form"},
	"procedure.results":    {"Kết quả", "Result"},
	"procedure.steps":      {"Trình tự thực hiện", "Steps"},
	"procedure.legal":      {"Căn cứ pháp lý", "Legal basis"},
	"procedure.place":      {"Nơi nộp và nhận kết quả", "Where to submit and collect"},
	"procedure.applicants": {"Đối tượng thực hiện", "Who may apply"},
	"procedure.lawnotes":   {"Những việc cần làm tiếp theo", "What the law asks next"},
	"procedure.version":    {"Phiên bản %d, cập nhật %s", "Version %d, updated %s"},
	"procedure.unverified": {"Một số thông tin chưa được đối chiếu với văn bản pháp luật: %s", "Some values are not yet verified against the legal text: %s"},
	"procedure.back":       {"← Danh mục thủ tục", "← All procedures"},
	"procedure.lawsheet":   {"Tải hướng dẫn những việc cần làm tiếp theo (PDF)", "Download what the law asks of you next (PDF)"},
	"procedure.yes":        {"Có", "Yes"},
	"procedure.no":         {"Không", "No"},
	"procedure.share":      {"%d%% thời hạn", "%d%% of the time limit"},

	"component.original":         {"Bản chính", "Original"},
	"component.certified_copy":   {"Bản sao chứng thực", "Certified copy"},
	"component.copy":             {"Bản sao", "Copy"},
	"component.original_or_copy": {"Bản chính hoặc bản sao", "Original or copy"},

	"role.reception":          {"Tiếp nhận và trả kết quả", "Reception"},
	"role.specialist":         {"Chuyên viên", "Specialist"},
	"role.leader":             {"Lãnh đạo", "Leader"},
	"payment.state.unpaid":    {"Chưa nộp", "Unpaid"},
	"payment.state.none":      {"Không phải nộp", "Nothing to pay"},
	"payment.state.pending":   {"Đang chờ nộp", "Waiting for payment"},
	"payment.state.paid":      {"Đã nộp", "Paid"},
	"payment.state.cancelled": {"Đã huỷ", "Cancelled"},
	"payment.state.refunded":  {"Đã hoàn trả", "Refunded"},

	"rating.very_satisfied": {"Rất hài lòng", "Very satisfied"},
	"rating.satisfied":      {"Hài lòng", "Satisfied"},
	"rating.not_satisfied":  {"Không hài lòng", "Not satisfied"},

	"role.admin": {"Quản trị", "Administrator"},

	"login.title":             {"Đăng nhập cán bộ", "Officer login"},
	"login.username":          {"Tên đăng nhập", "Username"},
	"login.password":          {"Mật khẩu", "Password"},
	"login.submit":            {"Đăng nhập", "Log in"},
	"login.username.required": {"Vui lòng nhập tên đăng nhập.", "Enter your username."},
	"login.password.required": {"Vui lòng nhập mật khẩu.", "Enter your password."},
	"login.failed":            {"Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."},
	"login.throttled":         {"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.", "Too many failed logins. Try again in 15 minutes."},

	"workspace.title":   {"Không gian làm việc", "Workspace"},
	"workspace.welcome": {"Xin chào, %s", "Hello, %s"},
	"workspace.roles":   {"Vai trò", "Roles"},
	"workspace.fields":  {"Lĩnh vực phụ trách", "Fields"},
}

// translate returns the message for key in lang, formatted with args.
func translate(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
