package web

func init() { addMessages(formMessages) }

// formMessages are the strings of the online form defined from the
// declaration and of the check of answers before sending (ux_declaration.go,
// ux_review.go).
var formMessages = map[string][2]string{
	"ux.form.choose":           {"— Chọn —", "— Choose —"},
	"ux.form.generated":        {"Tờ khai này được tạo từ các thông tin bạn khai ở trên; bạn không cần tải lên.", "This declaration is generated from your answers above; you do not upload it."},
	"ux.review.title":          {"Kiểm tra lại thông tin", "Check your answers"},
	"ux.review.intro":          {"Hồ sơ chưa được gửi. Xem lại các thông tin và tệp dưới đây; bấm “Sửa” để thay đổi một mục, rồi bấm “Gửi hồ sơ”.", "The dossier is not sent yet. Check the answers and files below; press “Change” to change one, then “Send the dossier”."},
	"ux.review.edit":           {"Sửa", "Change"},
	"ux.review.empty":          {"Không khai", "Not given"},
	"ux.review.no_file":        {"Không nộp", "None"},
	"ux.review.generated":      {"Tạo từ thông tin bạn đã khai", "Generated from your answers"},
	"ux.review.reused":         {"%s (từ hồ sơ %s)", "%s (from dossier %s)"},
	"ux.review.not_kept":       {"Chưa lưu tạm được tệp “%s”; vui lòng chọn lại tệp rồi bấm “Tiếp tục”.", "The file “%s” could not be kept; choose it again, then press “Continue”."},
	"ux.review.continue":       {"Tiếp tục: kiểm tra lại thông tin", "Continue: check your answers"},
	"ux.review.send":           {"Gửi hồ sơ", "Send the dossier"},
	"ux.review.pledge":         {"Khi bấm “Gửi hồ sơ”, bạn cam đoan những thông tin đã khai là đúng sự thật.", "By pressing “Send the dossier” you declare that your answers are true."},
	"ux.unverified.form":       {"các mục của tờ khai trực tuyến", "the online form's items"},
	"ux.submitted.declaration": {"Tải tờ khai đã tạo từ thông tin bạn khai (PDF)", "Download the declaration generated from your answers (PDF)"},
	"office.doc.declaration":   {"Tờ khai (tạo từ thông tin khai trực tuyến)", "Declaration (generated from the online answers)"},
	"mine.doc.declaration":     {"Tờ khai tạo từ thông tin bạn đã khai", "Declaration generated from your answers"},
}
