package notify

// Default returns the built-in template of a kind on a channel (version 0),
// used until a unit writes its own. SMS texts fit 160 characters without
// diacritics with the sample values; e-mail and Zalo keep the diacritics.
func Default(kind, channel string) Template {
	t := Template{Kind: kind, Channel: channel}
	d := defaults[kind]
	switch channel {
	case SMS:
		t.Body = d.sms
	default:
		t.Subject, t.Body = d.subject, d.long
	}
	return t
}

type defaultText struct{ subject, long, sms string }

var defaults = map[string]defaultText{
	KindReceived: {
		subject: "Đã tiếp nhận hồ sơ {{ma_ho_so}}",
		long: `Kính gửi {{ten_nguoi_nhan}},

{{don_vi}} đã tiếp nhận hồ sơ {{thu_tuc}} của Ông/Bà, mã hồ sơ {{ma_ho_so}}.
Ngày hẹn trả kết quả: {{ngay_hen}}.
Ông/Bà tra cứu tình trạng hồ sơ bằng mã hồ sơ trên cổng dịch vụ công của đơn vị.`,
		sms: "{{don_vi}}: da tiep nhan ho so {{ma_ho_so}}, hen tra {{ngay_hen}}.",
	},
	KindRefused: {
		subject: "Hồ sơ {{ma_ho_so}} không được tiếp nhận",
		long: `Kính gửi {{ten_nguoi_nhan}},

{{don_vi}} không tiếp nhận hồ sơ {{thu_tuc}} ({{ma_ho_so}}).
Lý do: {{ly_do}}.`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}} khong duoc tiep nhan. Ly do: {{ly_do}}",
	},
	KindSupplement: {
		subject: "Hồ sơ {{ma_ho_so}} cần bổ sung",
		long: `Kính gửi {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) cần bổ sung: {{giay_to_bo_sung}}.
Lý do: {{ly_do}}.
Thời hạn giải quyết tạm dừng cho đến khi Ông/Bà bổ sung đủ.`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}} can bo sung: {{giay_to_bo_sung}}",
	},
	KindPayment: {
		subject: "Hồ sơ {{ma_ho_so}}: đề nghị nộp phí, lệ phí",
		long: `Kính gửi {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) chờ Ông/Bà nộp {{so_tien}}.`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}} cho nop {{so_tien}}.",
	},
	KindResolved: {
		subject: "Hồ sơ {{ma_ho_so}} đã có kết quả",
		long: `Kính gửi {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) đã có kết quả. Mời Ông/Bà đến {{don_vi}} nhận kết quả (mang theo giấy tiếp nhận).`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}} da co ket qua, moi Ong/Ba den nhan.",
	},
	KindResolvedElectronic: {
		subject: "Hồ sơ {{ma_ho_so}} đã có kết quả điện tử",
		long: `Kính gửi {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) đã có kết quả điện tử. Ông/Bà tải kết quả trên trang tra cứu hồ sơ của cổng dịch vụ công của {{don_vi}} (nhập mã hồ sơ và 4 số cuối số điện thoại hoặc số định danh) hoặc tại mục “Hồ sơ của tôi”.`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}} da co ket qua dien tu, tai ve tai trang tra cuu ho so.",
	},
	KindStatus: {
		subject: "Hồ sơ {{ma_ho_so}}: {{trang_thai}}",
		long: `Kính gửi {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) chuyển sang trạng thái: {{trang_thai}}.`,
		sms: "{{don_vi}}: ho so {{ma_ho_so}}: {{trang_thai}}.",
	},
	KindApology: {
		subject: "Xin lỗi về việc chậm trả hồ sơ {{ma_ho_so}}",
		long: `Kính gửi {{ten_nguoi_nhan}},

{{don_vi}} xin lỗi Ông/Bà vì hồ sơ {{thu_tuc}} ({{ma_ho_so}}) chưa có kết quả đúng hẹn ({{ngay_hen}}).
Lý do: {{ly_do}}.
Ngày hẹn mới: {{ngay_hen_moi}}.`,
		sms: "{{don_vi}} xin loi: ho so {{ma_ho_so}} tre hen, hen moi {{ngay_hen_moi}}.",
	},
	KindAssigned: {
		subject: "Hồ sơ {{ma_ho_so}} được giao cho đồng chí",
		long: `Đồng chí {{ten_nguoi_nhan}},

Hồ sơ {{thu_tuc}} ({{ma_ho_so}}) được giao cho đồng chí xử lý, hạn bước: {{han_xu_ly}}; hẹn trả: {{ngay_hen}}.`,
		sms: "Ho so {{ma_ho_so}} giao dong chi xu ly, han {{han_xu_ly}}.",
	},
	KindDigest: {
		subject: "Hồ sơ sắp đến hạn: {{so_sap_den_han}}, quá hạn: {{so_qua_han}}",
		long: `Đồng chí {{ten_nguoi_nhan}},

Hồ sơ đến hạn trong một ngày làm việc: {{so_sap_den_han}}; quá hạn: {{so_qua_han}}.
{{danh_sach}}`,
		sms: "{{don_vi}}: dong chi co {{so_sap_den_han}} ho so sap den han, {{so_qua_han}} qua han.",
	},
}
