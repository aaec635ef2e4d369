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
	"ux.return.title":                 {"Cách nhận kết quả", "How to receive the result"},
	"ux.return.label.counter":         {"Tại Bộ phận Một cửa", "At the one-stop department"},
	"ux.return.label.post":            {"Qua bưu chính, đến: %s", "By post, to: %s"},
	"ux.return.current":               {"Bạn đã chọn", "You chose"},
	"ux.return.none":                  {"Bạn chưa chọn; nếu không chọn, kết quả được trả tại Bộ phận Một cửa.", "You have not chosen; without a choice the result is handed over at the one-stop department."},
	"ux.return.counter":               {"Nhận tại Bộ phận Một cửa", "Collect at the one-stop department"},
	"ux.return.post":                  {"Nhận qua bưu chính (dịch vụ bưu chính công ích; cước do người nhận trả nếu có)", "By post (public postal service; any postage is paid on delivery)"},
	"ux.return.address":               {"Địa chỉ nhận qua bưu chính", "Postal address"},
	"ux.return.address.hint":          {"Số nhà, thôn/tổ, xã/phường, tỉnh/thành phố; chỉ cần khi chọn nhận qua bưu chính.", "House number, village, commune, province; only when receiving by post."},
	"ux.return.button":                {"Lưu cách nhận kết quả", "Save how to receive the result"},
	"ux.return.saved":                 {"Đã lưu cách nhận kết quả của bạn.", "Your choice was saved."},
	"ux.return.ended":                 {"Hồ sơ đã kết thúc nên không đổi được cách nhận kết quả.", "The dossier has ended: the way to receive the result can no longer change."},
	"ux.return.error.return_channel":  {"Vui lòng chọn cách nhận kết quả: tại Bộ phận Một cửa hoặc qua bưu chính.", "Choose how to receive the result: at the department or by post."},
	"ux.return.error.return_address":  {"Vui lòng nhập địa chỉ nhận qua bưu chính (tối đa 300 ký tự).", "Enter the postal address (at most 300 characters)."},
	"ux.next.label":                   {"Việc cần làm tiếp:", "Next step:"},
	"ux.next.none":                    {"Không có bước chính chờ bạn; các thao tác được phép ở dưới.", "No main step waits for you; the allowed actions are below."},
	"ux.next.more":                    {"Hiện các thao tác khác (%d)", "Show the other actions (%d)"},
	"ux.confirm.refuse":               {"Tôi xác nhận từ chối tiếp nhận hồ sơ này và đã nêu rõ lý do.", "I confirm refusing this dossier, with the reason given."},
	"ux.confirm.stop":                 {"Tôi xác nhận dừng xử lý hồ sơ này.", "I confirm stopping this dossier."},
	"ux.confirm.withdraw":             {"Tôi xác nhận người nộp đã yêu cầu rút hồ sơ này.", "I confirm the applicant asked to withdraw this dossier."},
	"ux.confirm.return":               {"Tôi xác nhận đã giao kết quả cho người nhận và đã kiểm tra giấy tờ của họ.", "I confirm I handed the result over and checked the recipient's papers."},
	"ux.collector":                    {"Người nhận kết quả", "Who collected the result"},
	"ux.collector_paper":              {"Giấy tờ người nhận xuất trình", "Paper the recipient showed"},
	"ux.collector_paper.hint":         {"Ví dụ: căn cước số …; nếu nhận thay, ghi cả giấy ủy quyền.", "For example: ID card no. …; when collecting for someone, the authorisation too."},
	"ux.intake.scan":                  {"Quét mã QR trên căn cước", "Scan the ID card's QR code"},
	"ux.intake.scan.hint":             {"Bấm vào ô này rồi quét mã QR trên căn cước gắn chip bằng máy quét: họ tên, số định danh, ngày sinh và nơi thường trú được điền sẵn.", "Click this box, then scan the chip ID card's QR code: name, ID number, birth date and address are filled in."},
	"ux.intake.scanned":               {"Đã điền thông tin của %s từ căn cước. Kiểm tra lại, nhập số điện thoại, tích các giấy tờ đã nhận rồi bấm Tiếp nhận.", "Filled in %s's details from the ID card. Check them, add the phone, tick the papers received, then receive."},
	"ux.lookup.full_needed":           {"Mã hồ sơ này vừa bị tra cứu sai nhiều lần. Để bảo vệ hồ sơ, hãy nhập đầy đủ số điện thoại hoặc số định danh bạn đã khai (thay cho 4 số cuối).", "This dossier code was just looked up wrongly many times. To protect it, enter the whole phone number or ID number you gave (instead of the last 4 digits)."},
	"ux.submitted.code.copy":          {"Chạm vào mã để chọn cả mã rồi sao chép.", "Tap the code to select it whole, then copy."},
}
