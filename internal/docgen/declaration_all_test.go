package docgen_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store/storetest"
)

// sampleAnswer is an answer of the field's type, in Vietnamese with
// diacritics where it is text, and how the declaration prints it.
func sampleAnswer(fd catalogue.FormField) (answer, printed string) {
	switch fd.Type {
	case catalogue.FieldDate:
		return "2001-02-03", "03/02/2001"
	case catalogue.FieldYear:
		return "1980", "1980"
	case catalogue.FieldNumber:
		n := strconv.Itoa(max(fd.Min, 2))
		return n, n
	case catalogue.FieldIDNumber:
		return "068190001234", "068190001234"
	case catalogue.FieldChoice:
		v := fd.Choices[len(fd.Choices)-1].Value
		return v, v
	}
	v := "Đồng Tâm Ấp Ễnh"
	if fd.Max > 0 && len([]rune(v)) > fd.Max {
		v = string([]rune(v)[:fd.Max])
	}
	return v, v
}

// TestEveryOnlineProcedureHasAFormThatPrints: every procedure of the shipped
// catalogue offered online defines its form from its declaration, and the
// declaration generated from sample answers (a person's, and an
// organisation's where the form asks organisations something of their own)
// reads, through pdftotext, every label asked with its answer in Vietnamese.
func TestEveryOnlineProcedureHasAFormThatPrints(t *testing.T) {
	cat, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	tw := docgentest.New(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	tw.Clock.Set("2025-07-07 09:00") // after the commune took over marriages with a foreign element
	online := 0
	for _, p := range cat.Procedures {
		if p.Online == catalogue.OnlineCounter {
			continue
		}
		online++
		if p.Form == nil {
			t.Errorf("procedure %s (%s) is offered online but defines no form", p.Code, p.Name)
			continue
		}
		kinds := []dossier.ApplicantKind{dossier.Person}
		for _, g := range p.Form.Groups {
			for _, fd := range g.Fields {
				if g.Applies == catalogue.AppliesOrganisation || fd.Applies == catalogue.AppliesOrganisation {
					kinds = append(kinds[:1], dossier.Organisation)
				}
			}
		}
		for _, kind := range kinds {
			t.Run(p.Code+"/"+string(kind), func(t *testing.T) {
				answers := map[string]string{}
				var want []string
				for _, g := range p.Form.Groups {
					if !g.Applies.For(string(kind)) {
						continue
					}
					want = append(want, g.Label)
					for _, fd := range g.Fields {
						if !fd.Applies.For(string(kind)) {
							continue
						}
						a, printed := sampleAnswer(fd)
						answers[fd.Key] = a
						want = append(want, fd.Label+": "+printed)
					}
				}
				d := tw.Intake(t, p.Code, dossier.Online, answers, func(in *dossier.Intake) {
					if kind == dossier.Organisation {
						in.Applicant.Kind, in.Applicant.OrgName, in.Applicant.TaxCode = dossier.Organisation, "Trung tâm Bảo trợ xã hội Đạ Tẻh", "5800123456"
					}
					var keep []dossier.Component
					for _, c := range in.Components {
						if c.Name != p.Form.Component {
							keep = append(keep, c)
						}
					}
					in.Components = keep // the declaration is generated
				})
				_, text := render(t, tw, docgen.KindDeclaration, d.Code)
				wantLines(t, "the declaration of "+p.Code, text, want...)
				if title := strings.ToUpper(p.Form.Component); !strings.Contains(strings.Join(strings.Fields(text), " "), title) {
					t.Errorf("the declaration of %s lacks its title %q", p.Code, title)
				}
			})
		}
	}
	if online < 20 {
		t.Errorf("%d procedures offered online, want the 20 shipped", online)
	}
}
