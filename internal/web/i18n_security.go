package web

// securityMessages are the messages of the boundary's refusals: a busy
// login, an upload refused before it is read.
var securityMessages = map[string][2]string{
	"login.busy": {"Hệ thống đang xử lý nhiều lượt đăng nhập. Vui lòng thử lại sau ít giây.",
		"The system is handling many logins. Please try again in a few seconds."},
}
