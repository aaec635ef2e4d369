package web

func init() { addMessages(unitsMessages) }

// unitsMessages are the strings of units in time: merges, transfers between
// units, the province's view (docs/units-2025.md).
var unitsMessages = map[string][2]string{
	"admin.merge.confirm.moves":         {"Cán bộ (cùng lĩnh vực được phân công), đơn vị trực thuộc và hồ sơ đang giải quyết chuyển sang đơn vị kế thừa, trừ khi chọn giữ lại; mã hồ sơ không đổi, mỗi lần chuyển được ghi nhật ký. Hồ sơ đã kết thúc và số liệu thống kê trước ngày sáp nhập vẫn thuộc đơn vị cũ.", "Officers (with the fields they own), sub-units and open dossiers move to the successor unless kept; dossier codes do not change, and every move is recorded. Finished dossiers and the statistics before the merge stay with the old unit."},
	"admin.merge.at":                    {"Ngày đơn vị kế thừa bắt đầu", "Day the successor takes over"},
	"admin.merge.keep_officers":         {"Giữ cán bộ ở đơn vị cũ (chuyển từng người sau)", "Keep the officers in the old unit (move them one by one later)"},
	"admin.merge.keep_dossiers":         {"Giữ hồ sơ đang giải quyết ở đơn vị cũ", "Keep the open dossiers with the old unit"},
	"admin.merge.done.moved":            {"Đã sáp nhập đơn vị %s vào %s: chuyển %d cán bộ, %d hồ sơ đang giải quyết.", "Unit %s merged into %s: %d officers and %d open dossiers moved."},
	"office.action.hand_over":           {"Chuyển hồ sơ đến đơn vị có thẩm quyền", "Handed over to the competent unit"},
	"office.action.hand_back":           {"Chuyển kết quả về đơn vị tiếp nhận", "Result handed back to the receiving unit"},
	"office.action.transfer":            {"Chuyển hồ sơ sang đơn vị khác (sai thẩm quyền)", "Transferred to another unit (wrong unit)"},
	"office.action.unit_merged":         {"Chuyển theo đơn vị kế thừa (sáp nhập)", "Moved to the successor unit (merge)"},
	"office.intake.competent_unit":      {"Đơn vị có thẩm quyền giải quyết", "Competent unit"},
	"office.intake.competent_unit.hint": {"Tiếp nhận không phụ thuộc địa giới hành chính trong tỉnh: chọn đơn vị giải quyết thủ tục này nếu không phải đơn vị mình.", "Reception regardless of administrative boundary within the province: choose the unit that resolves this procedure if it is not yours."},
	"office.transfer.unit":              {"Chuyển đến đơn vị", "Transfer to"},
	"office.transfer.done":              {"Đã chuyển hồ sơ %s đến %s.", "Dossier %s transferred to %s."},
}
