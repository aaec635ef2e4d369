package docgen

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/pdf"
	"github.com/motcua/motcua/internal/store"
)

// BuildDeclaration maps a dossier whose declaration was generated from the
// answers to its procedure's online form (dossier.Component.Generated) onto
// that declaration, filled: addressed to the receiving unit; the first group
// (the declarant's) headed by the applicant's name, residence and identity
// paper (masked with opt.MaskID); then every group and field asked of the
// applicant, in the form's order, with the answers (dates as dd/mm/yyyy);
// the pledge of the printed form; dated the day it was sent and signed by
// the applicant's name. Errors: NotFound for the dossier; Conflict when its
// declaration was not generated (handed in on paper or as a file).
func BuildDeclaration(ctx context.Context, db *store.DB, code string, opt Options) (pdf.BlankForm, error) {
	dd, err := load(ctx, db, code)
	if err != nil {
		return pdf.BlankForm{}, err
	}
	d, proc := dd.d, &dd.proc.Procedure
	if proc.Form == nil || !generated(d) {
		return pdf.BlankForm{}, notApplicable("tờ khai của hồ sơ %s được nộp kèm hồ sơ, không tạo từ thông tin khai trực tuyến", d.Code)
	}
	// Sent online, it is dated the day it was sent; typed at the counter,
	// the day it was received.
	at, where := d.SubmittedAt, "trực tuyến"
	if d.Channel != dossier.Online {
		at, where = d.ReceivedAt, "tại Bộ phận Một cửa"
	}
	f, err := BlankForm(proc, dd.receiving.Name, at)
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		// No component names a printed form (the request is only online):
		// the form's own items, under the common pledge.
		f = pdf.BlankForm{To: dd.receiving.Name, Signer: "Người yêu cầu", Printed: at, Pledge: commonPledge}
	case err != nil:
		return pdf.BlankForm{}, err
	}
	f.Title = proc.Form.Component
	f.Sections = declarationSections(d, proc.Form, !opt.MaskID)
	f.Place, f.Dated, f.SignerName = dd.receiving.Letterhead.Place, at, d.Applicant.FullName
	f.Note = fmt.Sprintf("Tờ khai điện tử, tạo từ thông tin người yêu cầu khai %s ngày %s; hồ sơ số %s.",
		where, at.In(store.Zone).Format("02/01/2006"), d.Code)
	return f, nil
}

// generated says whether d's declaration was generated from its answers.
func generated(d *dossier.Dossier) bool {
	for _, c := range d.Components {
		if c.Generated {
			return true
		}
	}
	return false
}

func declarationSections(d *dossier.Dossier, form *catalogue.Form, fullID bool) []pdf.FormSection {
	kind := string(d.Applicant.Kind)
	a := applicant(d, fullID)
	var out []pdf.FormSection
	for i, g := range form.Groups {
		if !g.Applies.For(kind) {
			continue
		}
		sec := pdf.FormSection{Heading: g.Label}
		if i == 0 {
			sec.Lines = []string{"Họ, chữ đệm, tên:", "Nơi cư trú:", "Giấy tờ tùy thân (số định danh cá nhân):"}
			sec.Values = []string{a.Name, a.Address, a.IDNumber}
			if d.Applicant.Kind == dossier.Organisation {
				sec.Lines[2], sec.Values[2] = "Mã số thuế:", d.Applicant.TaxCode
			}
		}
		for _, fd := range g.Fields {
			if fd.Applies.For(kind) {
				sec.Lines = append(sec.Lines, fd.Label+":")
				sec.Values = append(sec.Values, fd.Display(d.Declaration[fd.Key]))
			}
		}
		out = append(out, sec)
	}
	return out
}
