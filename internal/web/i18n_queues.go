package web

func init() { addMessages(queueMessages) }

// queueMessages are the strings of the officers' sorted and filtered
// queues and the navigation's count (issue 19, point 11).
var queueMessages = map[string][2]string{
	"queue.filter.title":        {"Lọc và sắp xếp", "Filter and sort"},
	"queue.filter.status":       {"Trạng thái", "Status"},
	"queue.filter.field":        {"Lĩnh vực", "Field"},
	"queue.filter.overdue":      {"Chỉ hồ sơ quá hạn", "Overdue dossiers only"},
	"queue.filter.sort":         {"Sắp xếp theo", "Sort by"},
	"queue.filter.submit":       {"Áp dụng", "Apply"},
	"queue.filter.clear":        {"Bỏ lọc", "Clear the filters"},
	"queue.filter.all_statuses": {"Mọi trạng thái", "Every status"},
	"queue.filter.all_fields":   {"Mọi lĩnh vực", "Every field"},
	"queue.filter.on":           {"Đang lọc: chỉ hiện các danh sách và hồ sơ khớp điều kiện.", "Filtered: only the lists and dossiers that match are shown."},
	"queue.sort.hen-tra":        {"Ngày hẹn trả, sớm nhất trước", "Appointment, earliest first"},
	"queue.sort.-hen-tra":       {"Ngày hẹn trả, muộn nhất trước", "Appointment, latest first"},
	"queue.sort.tiep-nhan":      {"Ngày tiếp nhận, cũ nhất trước", "Received, oldest first"},
	"queue.sort.-tiep-nhan":     {"Ngày tiếp nhận, mới nhất trước", "Received, newest first"},
	"queue.sort.ma":             {"Mã hồ sơ, tăng dần", "Dossier code, ascending"},
	"queue.sort.-ma":            {"Mã hồ sơ, giảm dần", "Dossier code, descending"},
	"queue.sort.by":             {"(bấm để sắp xếp theo cột này; bấm lần nữa để đảo thứ tự)", "(select to sort by this column; again to reverse)"},
	"queue.shown":               {"Đang hiện %d hồ sơ đầu tiên trong %s; hãy lọc để thu hẹp danh sách.", "Showing the first %d of %s dossiers; filter to narrow the list."},
	"queue.nav.count":           {"hồ sơ đang chờ bạn", "dossiers waiting for you"},
	"queue.none_match":          {"Không danh sách nào của bạn có hồ sơ ở trạng thái này.", "None of your lists holds dossiers in this status."},
	"queue.error.sort":          {"Cách sắp xếp “%s” không có; hãy chọn trong danh sách “Sắp xếp theo”.", "There is no sort order “%s”; choose one under “Sort by”."},
	"queue.error.status":        {"Trạng thái “%s” không có trong danh sách “Trạng thái”.", "Status “%s” is not among the choices of “Status”."},
	"queue.error.field":         {"Lĩnh vực “%s” không có trong danh mục; hãy chọn trong danh sách “Lĩnh vực”.", "Field “%s” is not in the catalogue; choose one under “Field”."},
	"queue.error.overdue":       {"Ô “Chỉ hồ sơ quá hạn” chỉ nhận giá trị 1 (đánh dấu) hoặc để trống; đã nhận “%s”.", "“Overdue dossiers only” takes 1 (ticked) or nothing; got “%s”."},
}
