package web

import (
	"net/url"
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/unit"
)

// FuzzForms reads fuzzed forms (a URL-encoded body) as the counter intake,
// every dossier action, the officer and unit forms do: never a panic, and
// every reported problem names a field and says something.
func FuzzForms(f *testing.F) {
	for _, s := range []string{
		"applicant.full_name=Tr%E1%BA%A7n+V%C4%83n+B%C3%ACnh&applicant.id_number=079203001234&applicant.phone=0912345678&component-0=on&copies=2&pages=3",
		"copies=288230376151711744&pages=-1&sets=1e9&component-99999999999=on&component--1=on",
		"reason=%00&items=a&items=&amount=9223372036854775808&extend_days=1000000&new_appointment=9999-01-01&due_days=-3&component=x&rating=9",
		"applicant.full_name=%FF%FE&declaration.child_birth_date=2025-02-30&declaration.unknown=x",
		"username=a&roles=root&fields=HT&fields=&active=yes&code=000.00.06.H56&weekdays=9&hours=25:00-26:00&parent=x",
		"", "=", "&&&", "a=%zz",
	} {
		f.Add(s)
	}
	cat, err := catalogue.LoadShipped()
	if err != nil {
		f.Fatal(err)
	}
	var datas []intakeData
	for i := range cat.Procedures {
		p := &cat.Procedures[i]
		if p.Code != "2.000635" && p.Code != "1.001193" {
			continue
		}
		d := intakeData{Proc: p, PerPage: p.Fee.Kind == catalogue.FeePerPage,
			PerCopy: p.Fee.Kind == catalogue.FeePerPage || p.Fee.Kind == catalogue.FeeFixed, Exemptions: p.Fee.Exemptions}
		for j, c := range p.Components {
			d.Components = append(d.Components, intakeComponent{Index: j, Name: c.Name, Kind: string(c.Kind), Count: c.Count, Required: c.Required})
		}
		for _, k := range dossier.DeclarationFor(p.Letter) {
			d.Decl = append(d.Decl, intakeDeclaration{Name: "declaration." + k, Required: dossier.DeclarationKeys[k].Required})
		}
		datas = append(datas, d)
	}
	kinds := []dossier.ActionKind{dossier.ActReceive, dossier.ActAssign, dossier.ActRefuse, dossier.ActRequestSupplement,
		dossier.ActRequestPayment, dossier.ActRecordPayment, dossier.ActWithdraw, dossier.ActStop, dossier.ActResume,
		dossier.ActAddCoordinator, dossier.ActConsult, dossier.ActAnswer, dossier.ActPropose, dossier.ActSendBack,
		dossier.ActApprove, dossier.ActDraftApology, dossier.ActApproveApology, dossier.ActReturn, dossier.ActDigitise}
	check := func(t *testing.T, what string, errs map[string]string) {
		for k, m := range errs {
			if k == "" || m == "" {
				t.Fatalf("%s reports a problem without a field or a message: %q: %q", what, k, m)
			}
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		form, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		for _, d := range datas {
			in, index, errs := parseIntake(form, d)
			check(t, "parseIntake", errs)
			if len(index) != len(in.Components) {
				t.Fatalf("parseIntake: %d components but %d checklist rows", len(in.Components), len(index))
			}
		}
		for _, k := range kinds {
			a, errs := parseAction(k, form)
			check(t, "parseAction "+string(k), errs)
			if len(errs) == 0 && a.Kind != k {
				t.Fatalf("parseAction(%s) gave an action of kind %q", k, a.Kind)
			}
		}
		var o staff.Officer
		check(t, "adminOfficerFromForm", adminOfficerFromForm(form, &o))
		var u unit.Unit
		check(t, "adminUnitFromForm", adminUnitFromForm(form, &u))
	})
}
