package web

func init() { addMessages(uxMessages) }

// uxMessages are the strings of the citizen's and officer's day (issue 19):
// error titles, receipts, next steps and the counter's ID card reader.
var uxMessages = map[string][2]string{
	"title.error_prefix": {"Lỗi:", "Error:"},

	"ux.submitted.contact.phone":      {"số điện thoại đã khai (%s)", "the phone number you gave (%s)"},
	"ux.submitted.contact.both":       {"số điện thoại (%s) và thư điện tử đã khai", "the phone number (%s) and email you gave"},
	"ux.submitted.next.check":         {"Bộ phận Một cửa kiểm tra hồ sơ trong giờ làm việc. Nếu thiếu giấy tờ, cán bộ báo cho bạn qua %s.", "The one-stop department checks your dossier during office hours. If something is missing, an officer tells you through %s."},
	"ux.submitted.next.result_online": {"Thủ tục này làm trực tuyến toàn trình: bạn không cần đến Bộ phận Một cửa. Khi có kết quả, trang tra cứu hồ sơ cho biết; bạn chọn nhận kết quả qua bưu chính hoặc tại Bộ phận Một cửa.", "This procedure is done entirely online: you do not need to come to the one-stop department. When the result is ready the status page says so; you choose to receive it by post or at the department."},
	"ux.submitted.limit":              {"Thời hạn giải quyết", "Time limit"},
	"ux.submitted.expected":           {"Ngày hẹn trả dự kiến", "Expected result date"},
	"ux.submitted.expected.hint":      {"nếu hồ sơ được tiếp nhận ngay; ngày hẹn chính thức có khi hồ sơ được tiếp nhận", "if the dossier is received at once; the official date is set when it is received"},
	"ux.submitted.pdf":                {"Tải giấy xác nhận đã nộp (PDF, có mã QR)", "Download the acknowledgement (PDF, with a QR code)"},
	"ux.submitted.bookmark":           {"Địa chỉ tra cứu hồ sơ này (lưu lại để mở sau; vẫn cần 4 số cuối):", "This dossier's status address (bookmark it; it still asks for the 4 digits):"},
	"ux.submitted.code.copy":          {"Chạm vào mã để chọn cả mã rồi sao chép.", "Tap the code to select it whole, then copy."},
}
