package web

func init() { addMessages(portalSyncMessages) }

// portalSyncMessages are the strings of the national portal sync's second
// part: reconciliation (office_reconcile.go) and the mapping editor
// (office_mapping.go).
var portalSyncMessages = map[string][2]string{
	"office.sync.arrived_from_portal":   {"Hồ sơ nộp trên Cổng DVC quốc gia, mã trên Cổng:", "Submitted on the national portal, its code there:"},
	"office.reconcile.heading":          {"Đối soát với Cổng", "Reconciliation with the portal"},
	"office.reconcile.hint":             {"So sánh hồ sơ tiếp nhận trong khoảng ngày với dữ liệu trên Cổng: hồ sơ thiếu, sai trạng thái, sai ngày hẹn, thiếu bước xử lý. Hồ sơ lệch được xếp tin gửi lại. Việc đối soát chạy nền, mỗi ngày một lần tự động.", "Compares the dossiers received between two dates with what the portal holds: missing dossiers, wrong status, wrong appointment, missing steps. A message is queued again for each dossier that differs. It runs in the background, and daily on its own."},
	"office.reconcile.from":             {"Từ ngày", "From"},
	"office.reconcile.to":               {"Đến ngày", "To"},
	"office.reconcile.run":              {"Đối soát", "Reconcile"},
	"office.reconcile.requested":        {"Đã yêu cầu đối soát hồ sơ tiếp nhận từ %s đến %s; kết quả hiện ở đây sau ít phút.", "Reconciliation of the dossiers received from %s to %s requested; the result shows here in a few minutes."},
	"office.reconcile.waiting":          {"%d lần đối soát đang chờ chạy.", "%d reconciliation(s) waiting to run."},
	"office.reconcile.started":          {"Bắt đầu lúc", "Started"},
	"office.reconcile.period":           {"Hồ sơ tiếp nhận", "Dossiers received"},
	"office.reconcile.checked":          {"Số hồ sơ đã so", "Dossiers checked"},
	"office.reconcile.differences":      {"Hồ sơ lệch", "Dossiers differing"},
	"office.reconcile.requeued":         {"Đã xếp gửi lại", "Queued again"},
	"office.reconcile.result":           {"Kết quả", "Result"},
	"office.reconcile.daily":            {"tự động hằng ngày", "daily"},
	"office.reconcile.running":          {"Đang chạy", "Running"},
	"office.reconcile.done":             {"Xong", "Done"},
	"office.reconcile.none":             {"Chưa có lần đối soát nào.", "No reconciliation yet."},
	"office.reconcile.title":            {"Kết quả đối soát với Cổng", "Reconciliation with the portal"},
	"office.reconcile.back":             {"← Đồng bộ Cổng", "← Portal sync"},
	"office.reconcile.error":            {"Đối soát dừng giữa chừng", "The reconciliation stopped part way"},
	"office.reconcile.diffs_hint":       {"Hồ sơ đã xếp gửi lại sẽ được cập nhật lên Cổng ở lần gửi tới; hồ sơ còn tin đang chờ thì tin đó sẽ cập nhật.", "Dossiers queued again are brought up to date at the next delivery; those with a message still waiting are updated by that message."},
	"office.reconcile.kind":             {"Sai lệch", "Difference"},
	"office.reconcile.ours":             {"Của xã", "Ours"},
	"office.reconcile.theirs":           {"Trên Cổng", "On the portal"},
	"office.reconcile.fix":              {"Xử lý", "Fix"},
	"office.reconcile.fix.requeued":     {"Đã xếp gửi lại", "Queued again"},
	"office.reconcile.fix.waiting":      {"Chờ tin đang gửi", "A message is waiting"},
	"office.reconcile.clean":            {"Cổng khớp với dữ liệu của xã.", "The portal matches our records."},
	"office.reconcile.kind.missing":     {"Cổng chưa có hồ sơ", "Missing on the portal"},
	"office.reconcile.kind.status":      {"Sai trạng thái", "Wrong status"},
	"office.reconcile.kind.appointment": {"Sai ngày hẹn trả", "Wrong appointment"},
	"office.reconcile.kind.steps":       {"Thiếu bước xử lý", "Missing steps"},
}
