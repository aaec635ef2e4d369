package web

func init() { addMessages(opsMessages) }

// opsMessages are the strings of the operations side: the scheduled backups
// on the administrators' overview.
var opsMessages = map[string][2]string{
	"ops.backup.title":  {"Sao lưu dữ liệu", "Backups"},
	"ops.backup.last":   {"Bản sao lưu gần nhất: %s.", "Newest backup: %s."},
	"ops.backup.none":   {"Chưa có bản sao lưu nào.", "No backup yet."},
	"ops.backup.failed": {"Lần sao lưu lúc %s bị lỗi (%d lần lỗi từ khi khởi động): %s. Hãy báo cho người quản trị máy chủ.", "The backup at %s failed (%d failures since start): %s. Tell the server's administrator."},
	"ops.backup.stale":  {"Bản sao lưu gần nhất đã cũ hơn %s.", "The newest backup is older than %s."},
	"ops.backup.off":    {"Máy chủ này không tự sao lưu: người quản trị máy chủ cần đặt MOTCUA_BACKUP_DIR hoặc sao lưu bằng lệnh motcua backup.", "This server takes no scheduled backups: its administrator should set MOTCUA_BACKUP_DIR or back up with motcua backup."},
}
