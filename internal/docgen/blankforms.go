package docgen

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/pdf"
)

// Lines of the blank declarations: the items of the forms of Circular
// 04/2020/TT-BTP (civil status), set one under the other. They follow the
// forms' items, not their exact layout.
var (
	blankRequester = pdf.FormSection{Heading: "Người yêu cầu", Lines: []string{
		"Họ, chữ đệm, tên:", "Nơi cư trú:", "Giấy tờ tùy thân (loại, số, ngày cấp):"}}
	blankPerson = []string{"Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giới tính:", "Dân tộc:", "Quốc tịch:",
		"Nơi cư trú:", "Giấy tờ tùy thân (loại, số, ngày cấp):"}
	blankParent = []string{"Họ, chữ đệm, tên:", "Năm sinh:", "Dân tộc:", "Quốc tịch:", "Nơi cư trú:"}
)

// blankForms are the declarations motcua prints blank, by procedure code.
var blankForms = map[string]func() ([]pdf.FormSection, string){
	"1.001193": blankBirth,
	"1.004772": blankBirth,
	"1.000894": func() ([]pdf.FormSection, string) {
		return []pdf.FormSection{
				{Heading: "Bên nữ", Lines: append(append([]string{}, blankPerson...), "Kết hôn lần thứ:")},
				{Heading: "Bên nam", Lines: append(append([]string{}, blankPerson...), "Kết hôn lần thứ:")},
			}, "Chúng tôi cam đoan những lời khai trên đây là đúng sự thật, việc kết hôn của chúng tôi là tự nguyện, " +
				"không vi phạm quy định của Luật Hôn nhân và gia đình Việt Nam. Chúng tôi chịu trách nhiệm trước pháp luật về cam đoan của mình."
	},
	"1.000656": func() ([]pdf.FormSection, string) {
		req := blankRequester
		req.Lines = append(append([]string{}, req.Lines...), "Quan hệ với người đã chết:")
		return []pdf.FormSection{req,
			{Heading: "Đề nghị đăng ký khai tử cho người có tên dưới đây", Lines: append(append([]string{}, blankPerson...),
				"Đã chết vào lúc (giờ, phút, ngày, tháng, năm):", "Nơi chết:", "Nguyên nhân chết:",
				"Giấy báo tử hoặc giấy tờ thay thế (số, ngày, cơ quan cấp):")},
		}, "Tôi cam đoan nội dung đề nghị đăng ký khai tử trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình."
	},
	"1.004873": func() ([]pdf.FormSection, string) {
		req := blankRequester
		req.Lines = append(append([]string{}, req.Lines...), "Quan hệ với người được cấp Giấy xác nhận:")
		return []pdf.FormSection{req,
			{Heading: "Đề nghị cấp Giấy xác nhận tình trạng hôn nhân cho người có tên dưới đây", Lines: append(append([]string{}, blankPerson...),
				"Trong thời gian cư trú tại (nơi, từ ngày, đến ngày):", "Tình trạng hôn nhân:", "Mục đích sử dụng Giấy xác nhận:")},
		}, "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình."
	},
}

func blankBirth() ([]pdf.FormSection, string) {
	req := blankRequester
	req.Lines = append(append([]string{}, req.Lines...), "Quan hệ với người được khai sinh:")
	return []pdf.FormSection{req,
			{Heading: "Đề nghị đăng ký khai sinh cho người có tên dưới đây", Lines: []string{"Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:",
				"(ghi bằng chữ):", "Giới tính:", "Nơi sinh:", "Dân tộc:", "Quốc tịch:", "Quê quán:"}},
			{Heading: "Cha", Lines: blankParent},
			{Heading: "Mẹ", Lines: blankParent},
		}, "Tôi cam đoan nội dung đề nghị đăng ký khai sinh trên đây là đúng sự thật, được sự thỏa thuận nhất trí của các bên liên quan " +
			"theo quy định pháp luật. Tôi chịu trách nhiệm trước pháp luật về nội dung cam đoan của mình."
}

// commonPledge closes a declaration whose form sets no pledge of its own.
const commonPledge = "Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về cam đoan của mình."

// HasBlankForm says whether a procedure has a declaration to download: one
// of its components names a form (catalogue `form:`).
func HasBlankForm(p *catalogue.Procedure) bool {
	_, ok := blankComponent(p)
	return ok
}

func blankComponent(p *catalogue.Procedure) (catalogue.Component, bool) {
	for _, c := range p.Components {
		if strings.TrimSpace(c.Form) != "" {
			return c, true
		}
	}
	return catalogue.Component{}, false
}

// BlankForm maps a procedure's declaration onto a blank form addressed to
// unitName: the component that names a form gives the title and the basis;
// the civil-status procedures have their forms' items, the others a request
// with the applicant and lines for what they ask. Errors: NotFound when no
// component names a form.
func BlankForm(p *catalogue.Procedure, unitName string, printed time.Time) (pdf.BlankForm, error) {
	c, ok := blankComponent(p)
	if !ok {
		return pdf.BlankForm{}, apperr.New(apperr.NotFound, "thủ tục %s không có mẫu tờ khai để tải", p.Code)
	}
	f := pdf.BlankForm{Title: c.Name, Basis: "(" + strings.TrimSpace(c.Form) + ")", To: unitName, Signer: "Người yêu cầu", Printed: printed}
	if build, ok := blankForms[p.Code]; ok {
		f.Sections, f.Pledge = build()
		if p.Code == "1.000894" {
			f.Signer = "Bên nữ và bên nam"
		}
		return f, nil
	}
	f.Sections = []pdf.FormSection{
		{Heading: "Người đề nghị", Lines: []string{"Họ, chữ đệm, tên:", "Ngày, tháng, năm sinh:", "Giấy tờ tùy thân (loại, số, ngày cấp):",
			"Nơi cư trú:", "Số điện thoại:"}},
		{Heading: "Nội dung đề nghị: " + p.Name, Lines: []string{"Nội dung:", "Lý do:", "Giấy tờ kèm theo:"}},
	}
	f.Pledge = commonPledge
	return f, nil
}
