package web

func init() { addMessages(paymentMessages) }

var paymentMessages = map[string][2]string{
	"payment.title":                  {"Thanh toán phí, lệ phí trực tuyến", "Pay the fee online"},
	"payment.amount":                 {"Số tiền", "Amount"},
	"payment.pay":                    {"Thanh toán trực tuyến", "Pay online"},
	"payment.hint":                   {"Bạn sẽ được chuyển đến cổng thanh toán; biên lai điện tử có ngay khi cổng xác nhận.", "You are taken to the payment gateway; the electronic receipt is ready as soon as the gateway confirms."},
	"payment.paid":                   {"Phí, lệ phí đã được thanh toán.", "The fee has been paid."},
	"payment.receipt":                {"Tải biên lai (PDF)", "Download the receipt (PDF)"},
	"payment.dossier":                {"Mã hồ sơ", "Dossier code"},
	"payment.ref":                    {"Mã đơn hàng", "Order reference"},
	"payment.txn":                    {"Mã giao dịch", "Transaction number"},
	"payment.lookup":                 {"Xem tình trạng hồ sơ", "See the dossier's status"},
	"payment.redirect.title":         {"Chuyển đến cổng thanh toán", "Going to the payment gateway"},
	"payment.redirect.text":          {"Đang chuyển đến %s để thanh toán %s.", "Taking you to %s to pay %s."},
	"payment.redirect.button":        {"Tiếp tục đến cổng thanh toán", "Continue to the payment gateway"},
	"payment.return.title":           {"Kết quả thanh toán", "Payment result"},
	"payment.return.paid":            {"Thanh toán thành công. Cổng thanh toán đã xác nhận.", "Payment successful: the gateway has confirmed it."},
	"payment.return.pending":         {"Đang chờ cổng thanh toán xác nhận. Trang sẽ tự cập nhật sau vài giây.", "Waiting for the gateway to confirm. This page refreshes by itself in a few seconds."},
	"payment.return.reload":          {"Cập nhật", "Refresh"},
	"payment.return.failed":          {"Thanh toán không thành công hoặc đã bị hủy. Bạn có thể thanh toán lại từ trang tra cứu hồ sơ.", "The payment failed or was cancelled. You can pay again from the status lookup."},
	"payment.return.unknown":         {"Không tìm thấy giao dịch hoặc thông tin trả về không hợp lệ.", "No such payment, or the gateway's answer is not valid."},
	"office.action.payment_started":  {"Bắt đầu thanh toán trực tuyến", "Online payment started"},
	"office.action.payment_failed":   {"Thanh toán không thành công", "Payment failed"},
	"office.action.payment_expired":  {"Giao dịch thanh toán hết hạn", "Payment expired"},
	"office.action.payment_refunded": {"Hoàn tiền phí, lệ phí", "Fee refunded"},
	"office.action.payment_surplus":  {"Tiền nộp thừa, cần hoàn trả", "Surplus payment, to refund"},
}
