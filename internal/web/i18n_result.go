package web

func init() { addMessages(resultMessages) }

// resultMessages are the strings of the result paper (issue 19 point 8).
var resultMessages = map[string][2]string{
	"result.title":                {"Văn bản kết quả", "Result paper"},
	"result.none":                 {"Chưa có văn bản kết quả. Chuyên viên tải lên tệp PDF hoặc tạo văn bản kết quả từ hồ sơ.", "No result paper yet. The specialist uploads a PDF or generates the result from the dossier."},
	"result.view":                 {"Xem văn bản kết quả", "View the result paper"},
	"result.uploaded":             {"tệp PDF tải lên, %d trang", "uploaded PDF, %d pages"},
	"result.generated":            {"thông báo kết quả tạo từ hồ sơ", "result notice generated from the dossier"},
	"result.by":                   {"do %s đính kèm", "attached by %s"},
	"result.replaced":             {"đã thay %d lần", "replaced %d times"},
	"result.file":                 {"Tệp PDF văn bản kết quả", "Result paper (PDF)"},
	"result.replace.file":         {"Thay bằng tệp PDF khác", "Replace with another PDF"},
	"result.file.hint":            {"Chỉ nhận tệp PDF (kiểm tra theo nội dung tệp), không có nội dung tự chạy; thay được cho đến khi lãnh đạo phê duyệt.", "PDF only (checked by its content), with no active content; replaceable until the leader approves."},
	"result.upload":               {"Tải lên văn bản kết quả", "Upload the result paper"},
	"result.generate":             {"Tạo văn bản kết quả từ hồ sơ", "Generate the result from the dossier"},
	"result.generate.hint":        {"Hoặc tạo thông báo kết quả giải quyết thủ tục từ dữ liệu hồ sơ.", "Or generate the result notice from the dossier's data."},
	"result.attached":             {"Đã đính kèm văn bản kết quả của hồ sơ %s.", "Attached the result paper of dossier %s."},
	"result.approve.see":          {"Xem văn bản kết quả trước khi phê duyệt:", "See the result paper before approving:"},
	"result.approve.none":         {"Hồ sơ chưa có văn bản kết quả: không phê duyệt được kết quả điện tử.", "No result paper yet: an electronic result cannot be approved."},
	"result.download":             {"Tải kết quả", "Download the result"},
	"result.download.title":       {"Kết quả điện tử", "Electronic result"},
	"result.download.hint":        {"Kết quả điện tử có giá trị pháp lý như bản giấy; bạn tải về và lưu lại (tệp PDF).", "The electronic result is as valid as the paper one; download and keep it (PDF)."},
	"result.download.signed":      {"Văn bản đã được ký số; bạn có thể kiểm tra tại trang Xác thực văn bản điện tử.", "The document is digitally signed; you can check it on the document verification page."},
	"result.signing":              {"Kết quả điện tử đang được ký số. Vui lòng quay lại sau ít phút để tải về.", "The electronic result is being signed. Please come back in a few minutes to download it."},
	"result.not_ready":            {"Kết quả điện tử của hồ sơ chưa sẵn sàng để tải về.", "The dossier's electronic result is not ready to download yet."},
	"result.meaning":              {"Đã có kết quả điện tử. Bạn tải kết quả bằng nút “Tải kết quả” bên dưới; không cần đến Bộ phận Một cửa.", "The electronic result is ready. Download it with the “Download the result” button below; no need to come to the one-stop department."},
	"result.meaning.paper":        {"Đã có kết quả, có cả bản điện tử: bạn tải bằng nút “Tải kết quả” bên dưới. Nếu cần bản giấy, mời bạn đến Bộ phận Một cửa, mang theo các giấy tờ ghi bên dưới.", "The result is ready, also as an electronic document: download it with the button below. For the paper copy, come to the one-stop department with the documents listed below."},
	"result.meaning.choose":       {"Đã có kết quả. Bộ phận Một cửa trả kết quả theo hình thức bạn chọn bên dưới: tại Bộ phận Một cửa hoặc qua bưu chính.", "The result is ready. The one-stop department returns it the way you choose below: at its desk or by post."},
	"office.action.attach_result": {"Đính kèm văn bản kết quả", "Attach the result paper"},
}
