package web

func init() { addMessages(filesMessages) }

// filesMessages are the strings of digitised papers and signed results (issue 14).
var filesMessages = map[string][2]string{
	"files.digitised":       {"Đã lưu bản số hoá của thành phần %d, hồ sơ %s.", "Saved the digitised copy of component %d of dossier %s."},
	"files.scan":            {"Bản quét (PDF, JPG hoặc PNG)", "Scan (PDF, JPG or PNG)"},
	"files.scan.hint":       {"Bắt buộc khi chọn “Đã số hoá”; in mã QR kèm theo và dán lên bản giấy.", "Required for “Digitised”; print the QR label and stick it on the paper."},
	"files.papers":          {"Bản số hoá", "Digitised papers"},
	"files.papers.none":     {"Chưa có thành phần nào được số hoá.", "No component digitised yet."},
	"files.pages":           {"Số trang", "Pages"},
	"files.when":            {"Thời điểm", "When"},
	"files.qr":              {"Mã QR (TCVN 7322)", "QR (TCVN 7322)"},
	"files.qr.print":        {"In mã QR", "Print QR"},
	"files.signed":          {"Văn bản ký số", "Signed documents"},
	"files.signed.none":     {"Chưa có văn bản nào được ký số.", "Nothing signed yet."},
	"files.signed.by":       {"ký bởi %s (PAdES %s),", "signed by %s (PAdES %s),"},
	"files.signed.pending":  {"đang chờ ký số…", "waiting to be signed…"},
	"files.signed.failed":   {"không ký được", "could not be signed"},
	"files.sign.result":     {"Ký số kết quả", "Sign the result"},
	"files.sign.receipt":    {"Ký số giấy tiếp nhận", "Sign the receipt"},
	"files.sign.requested":  {"Đã gửi yêu cầu ký số: %s. Văn bản sẽ có trong giây lát.", "Signing requested: %s. It will be ready in a moment."},
	"files.sign.off":        {"Đơn vị chưa cấu hình chữ ký số.", "Digital signing is not set up for this unit."},
	"files.verify.title":    {"Xác thực văn bản điện tử", "Verify an electronic document"},
	"files.verify.intro":    {"Tải lên tệp PDF kết quả bạn nhận được để biết tệp có đúng do đơn vị ký số và còn nguyên vẹn không. Tệp không được lưu lại.", "Upload the result PDF you received to learn whether the unit signed it and it is unchanged. The file is not kept."},
	"files.verify.file":     {"Tệp PDF cần xác thực", "PDF to verify"},
	"files.verify.button":   {"Xác thực", "Verify"},
	"files.verify.ok":       {"Văn bản hợp lệ: đúng do đơn vị ký số và chưa bị thay đổi.", "Valid: signed by the unit and unchanged."},
	"files.verify.doc":      {"Văn bản", "Document"},
	"files.verify.dossier":  {"Mã hồ sơ", "Dossier"},
	"files.verify.signer":   {"Người ký", "Signer"},
	"files.verify.at":       {"Thời điểm ký", "Signed at"},
	"files.verify.download": {"Tải bản gốc để đối chiếu", "Download the original to compare"},
	"files.verify.link":     {"trang xác thực", "verification page"},
}
