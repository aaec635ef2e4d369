package pdf

import (
	"fmt"
	"strings"
	"time"
)

// Sample inputs shared by the tests and the benchmark. The text carries the
// marks that break naive pipelines: stacked marks (ễ, ặ, ự, ỗ) and đ/Đ.

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vietnamZone())
}

func sampleLetterhead() Letterhead {
	return Letterhead{
		ParentBody:      "UBND tỉnh Lâm Đồng",
		IssuingBody:     "UBND xã Đạ Tẻh",
		Place:           "Đạ Tẻh",
		SignerAuthority: "TM. Ủy ban nhân dân",
		SignerTitle:     "Chủ tịch",
		SignerName:      "Nguyễn Thị Thặng",
		Address:         "Số 1 đường Nguyễn Tất Thành, xã Đạ Tẻh, tỉnh Lâm Đồng",
		Phone:           "0263 3880 123",
	}
}

func sampleApplicant() Applicant {
	return Applicant{
		Name:     "Trần Văn Ễnh",
		IDNumber: "068******123",
		Address:  "Xóm Gỗ, thôn Mỹ Đức, xã Đạ Tẻh, tỉnh Lâm Đồng",
		Phone:    "0912 345 678",
		Email:    "tranvanenh@example.vn",
	}
}

const sampleCode = "000.00.06.H56-250205-0007"

func sampleReceipt() ReceiptSlip {
	return ReceiptSlip{
		Letterhead:    sampleLetterhead(),
		Number:        "7/GTN-BPMC",
		DossierCode:   sampleCode,
		LookupURL:     "https://motcua.example.vn/tra-cuu/" + sampleCode,
		ReceivingUnit: "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đạ Tẻh",
		Applicant:     sampleApplicant(),
		Channel:       ChannelCounter,
		ProcedureName: "Đăng ký khai sinh cho trẻ được sinh ra tại Việt Nam (đăng ký đúng hạn)",
		Components: []Component{
			{Name: "Tờ khai đăng ký khai sinh theo mẫu", Form: Original, Count: 1},
			{Name: "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp", Form: Original, Count: 1},
			{Name: "Giấy chứng nhận kết hôn của cha, mẹ trẻ (nếu có)", Form: CertifiedCopy, Count: 1},
		},
		Sets:        1,
		TimeLimit:   "Trong ngày làm việc (tiếp nhận sau 15 giờ trả trong ngày làm việc tiếp theo)",
		Received:    at(2025, time.February, 5, 8, 30),
		Appointment: at(2025, time.February, 5, 10, 0),
		ResultPlace: "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đạ Tẻh",
		Officer:     Officer{Name: "Lê Thị Đặng Ựa", Title: "Công chức Tư pháp - Hộ tịch", Phone: "0263 3880 124"},
		BookVolume:  "2025",
		BookNumber:  "7",
	}
}

func sampleControlSlip(handOvers int) ControlSlip {
	s := ControlSlip{
		Letterhead:           sampleLetterhead(),
		Number:               "7/PKS",
		DossierCode:          sampleCode,
		Applicant:            sampleApplicant(),
		ProcedureName:        "Đăng ký khai sinh cho trẻ được sinh ra tại Việt Nam",
		Received:             at(2025, time.February, 3, 8, 30),
		Appointment:          at(2025, time.February, 5, 10, 0),
		NewAppointment:       at(2025, time.February, 7, 14, 0),
		ResultPlace:          "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đạ Tẻh",
		ResolvingAgency:      "UBND xã Đạ Tẻh",
		CoordinatingAgencies: []string{"Công an xã Đạ Tẻh"},
		Components:           sampleReceipt().Components,
		Result:               OutcomeLate,
		ResultAt:             at(2025, time.February, 6, 9, 0),
	}
	units := []string{"Bộ phận Một cửa", "Công chức Tư pháp - Hộ tịch", "Lãnh đạo UBND xã"}
	for i := range handOvers {
		when := s.Received.Add(time.Duration(i) * 90 * time.Minute)
		h := HandOver{
			Unit:         units[i%len(units)],
			At:           when,
			Giver:        fmt.Sprintf("Lê Thị Đặng Ựa (bước %d)", i+1),
			Receiver:     "Phạm Văn Đỗ",
			StepDeadline: when.Add(4 * time.Hour),
			Outcome:      []Outcome{OutcomeEarly, OutcomeOnTime, OutcomeLate}[i%3],
		}
		if i%4 == 1 {
			h.Notes = strings.Repeat("Hồ sơ đã được kiểm tra đầy đủ, hợp lệ; chuyển bước tiếp theo để xử lý. ", 3)
		}
		s.HandOvers = append(s.HandOvers, h)
	}
	return s
}

func sampleSupplement() SupplementRequest {
	r := sampleReceipt()
	return SupplementRequest{
		Letterhead: r.Letterhead, Number: "3/PYCBS", Issued: at(2025, time.February, 5, 9, 0),
		DossierCode: r.DossierCode, ReceivingUnit: r.ReceivingUnit, Applicant: r.Applicant,
		ProcedureName: r.ProcedureName, Received: r.Received,
		Items: []SupplementItem{
			{Component: "Giấy chứng sinh", Reason: "Bản nộp là bản chụp, không rõ chữ ký của người đỡ đẻ; đề nghị nộp bản chính."},
			{Component: "Tờ khai đăng ký khai sinh", Reason: "Thiếu chữ ký của người đi khai sinh."},
		},
		Rules:   "Quyết định số 1234/QĐ-UBND ngày 15/3/2024 của UBND tỉnh Lâm Đồng, đăng trên Cổng Dịch vụ công tỉnh",
		Officer: r.Officer,
	}
}

func sampleRefusal() Refusal {
	r := sampleReceipt()
	return Refusal{
		Letterhead: r.Letterhead, Number: "1/PTC", Issued: at(2025, time.February, 5, 9, 15),
		DossierCode: r.DossierCode, ReceivingUnit: r.ReceivingUnit, Applicant: r.Applicant,
		ProcedureName: r.ProcedureName,
		Reason:        "Trẻ sinh ra tại tỉnh khác và cha, mẹ trẻ không cư trú tại xã Đạ Tẻh, nên hồ sơ không thuộc thẩm quyền giải quyết của UBND xã.",
		Officer:       r.Officer,
	}
}

func sampleApology() Apology {
	r := sampleReceipt()
	return Apology{
		Letterhead: r.Letterhead, Number: "2/PXL", Issued: at(2025, time.February, 5, 9, 30),
		DossierCode: r.DossierCode, Applicant: r.Applicant, ProcedureName: r.ProcedureName,
		Received: r.Received, OriginalAppointment: r.Appointment,
		NewAppointment: at(2025, time.February, 7, 14, 0),
		Reason:         "Hệ thống cơ sở dữ liệu hộ tịch điện tử bị gián đoạn, chưa cấp được số định danh cá nhân cho trẻ.",
	}
}

func sampleHandover() ResultHandover {
	r := sampleReceipt()
	return ResultHandover{
		Letterhead: r.Letterhead, Number: "5/BBBG", At: at(2025, time.February, 5, 10, 5),
		DossierCode: r.DossierCode, ProcedureName: r.ProcedureName, Place: "Bộ phận Tiếp nhận và Trả kết quả UBND xã Đạ Tẻh",
		Giver:     r.Officer,
		Recipient: Recipient{Name: r.Applicant.Name, IDNumber: r.Applicant.IDNumber, Relation: "Người nộp hồ sơ"},
		Documents: []ResultDocument{
			{Name: "Giấy khai sinh (bản chính)", Reference: "Số 25/2025", Copies: 1},
			{Name: "Trích lục khai sinh (bản sao)", Reference: "Số 25/2025/TLKS-BS", Copies: 2},
		},
	}
}

func sampleTrackingBook(n int) TrackingBook {
	b := TrackingBook{
		Letterhead: sampleLetterhead(), Issued: at(2025, time.March, 1, 8, 0),
		From: at(2025, time.February, 1, 0, 0), To: at(2025, time.February, 28, 0, 0),
	}
	statuses := []string{"Đã trả kết quả", "Đang xử lý", "Chờ bổ sung"}
	for i := range n {
		e := TrackingEntry{
			Code:         fmt.Sprintf("000.00.06.H56-2502%02d-%04d", 1+i%28, i+1),
			Applicant:    "Trần Văn Ễnh",
			Address:      "Xóm Gỗ, thôn Mỹ Đức",
			Phone:        "0912 345 678",
			Sets:         1,
			LeadAgency:   "UBND xã Đạ Tẻh",
			Procedure:    "Đăng ký khai sinh cho trẻ được sinh ra tại Việt Nam",
			Received:     at(2025, time.February, 1+i%28, 8, 30),
			SentAt:       at(2025, time.February, 1+i%28, 8, 40),
			Appointment:  at(2025, time.February, 1+i%28, 10, 0),
			ResultMethod: "Tại Bộ phận Một cửa",
			Status:       statuses[i%3],
		}
		if i%3 == 0 {
			e.BackAt = e.Appointment.Add(-30 * time.Minute)
			e.Returned = e.Appointment
			e.Notes = "Trả đúng hạn"
		}
		b.Entries = append(b.Entries, e)
	}
	return b
}

func sampleLetter() Letter {
	return Letter{
		Letterhead: sampleLetterhead(), Issued: at(2025, time.February, 6, 8, 0),
		Title:      "Thư chúc mừng",
		Salutation: "Kính gửi: Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh",
		Paragraphs: []string{
			"Ủy ban nhân dân xã Đạ Tẻh vui mừng được biết gia đình vừa đón chào thành viên mới: cháu Nguyễn Trần Bảo Ngọc, sinh ngày 05/02/2025.",
			"Chúc cháu luôn khỏe mạnh, bình an; chúc gia đình hạnh phúc, nhiều niềm vui.",
			"Trân trọng!",
		},
	}
}

func sampleLawSheet() LawSheet {
	return LawSheet{
		Letterhead: sampleLetterhead(), Issued: at(2025, time.February, 5, 10, 0),
		ProcedureName: "Đăng ký khai sinh", DossierCode: sampleCode, ApplicantName: "Trần Văn Ễnh",
		Notes: []LawNote{
			{Text: "Đăng ký thường trú cho trẻ tại nơi cư trú của cha, mẹ.", Basis: "Điều 20 Luật Cư trú số 68/2020/QH14"},
			{Text: "Làm thủ tục cấp thẻ bảo hiểm y tế cho trẻ dưới 6 tuổi.", Basis: "Điều 12 Luật Bảo hiểm y tế; Nghị định 63/2024/NĐ-CP"},
			{Text: "Đưa trẻ đi tiêm chủng đầy đủ, đúng lịch.", Basis: "Điều 29 Luật Phòng, chống bệnh truyền nhiễm"},
		},
	}
}
