package dossier

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
)

func shippedProcedure(t *testing.T, code string) *catalogue.Procedure {
	t.Helper()
	cat, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	p, ok := cat.Procedure(code)
	if !ok {
		t.Fatalf("no shipped procedure %s", code)
	}
	return &p
}

// birthAnswers answers every required item of the shipped birth form.
func birthAnswers() map[string]string {
	return map[string]string{"declarant_relation": "Mẹ", "child_name": "Lê Minh An", "child_birth_date": "2026-11-20",
		"child_sex": "nam", "child_birth_place": "Trạm y tế xã Hòa Bình", "child_ethnicity": "Kinh",
		"child_nationality": "Việt Nam", "child_home_town": "xã Hòa Bình, tỉnh Lâm Đồng", "mother_name": "Trần Thị Hoa"}
}

func problemKeys(err error) map[string]string {
	out := map[string]string{}
	var fe *apperr.FieldsError
	if errors.As(err, &fe) {
		for f, m := range fe.Keys {
			out[f] = m.Key
		}
	}
	return out
}

// TestOnlineDeclarationIsGenerated: online, without the declaration as a
// file, the answers stand for it: the component is there, generated, in the
// procedure's order, and each choice is stored as the form lists it.
func TestOnlineDeclarationIsGenerated(t *testing.T) {
	proc := shippedProcedure(t, "1.001193")
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	in := Intake{Channel: Online, Applicant: Applicant{FullName: "Trần Thị Hoa", IDNumber: "079203001234", Phone: "0912345678", Address: "Thôn 1"},
		Declaration: birthAnswers(),
		Components:  []Component{{Name: proc.Components[1].Name}, {Name: proc.Components[2].Name}}}
	d, _, err := Create(in, proc, nil, now)
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	var names []string
	for _, c := range d.Components {
		names = append(names, c.Name)
	}
	if want := []string{proc.Components[0].Name, proc.Components[1].Name, proc.Components[2].Name}; !cmp.Equal(names, want) {
		t.Errorf("components = %v, want %v", names, want)
	}
	if c := d.Components[0]; !c.Generated || c.FileID != "" || c.Name != proc.Form.Component {
		t.Errorf("the declaration component = %+v, want it generated", c)
	}
	if d.Declaration["child_sex"] != "Nam" {
		t.Errorf("child_sex stored as %q, want the choice's value Nam", d.Declaration["child_sex"])
	}
	if f := d.LetterFacts(false); f.Child.Name != "Lê Minh An" || f.Child.Sex == "" || f.Child.BirthDate.IsZero() {
		t.Errorf("the letter reads the answers as %+v", f.Child)
	}
}

func TestOnlineDeclarationNeedsItsAnswers(t *testing.T) {
	proc := shippedProcedure(t, "1.001193")
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	a := Applicant{FullName: "Trần Thị Hoa", IDNumber: "079203001234", Phone: "0912345678", Address: "Thôn 1"}
	others := []Component{{Name: proc.Components[1].Name}, {Name: proc.Components[2].Name}}
	decl := birthAnswers()
	delete(decl, "child_ethnicity")
	decl["child_birth_date"] = "2026-12-04" // tomorrow in Vietnam
	_, _, err := Create(Intake{Channel: Online, Applicant: a, Declaration: decl, Components: others}, proc, nil, now)
	want := map[string]string{"declaration.child_ethnicity": "val.form.required", "declaration.child_birth_date": "val.form.future"}
	if diff := cmp.Diff(want, problemKeys(err)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}

	// Handed in as a file (the national portal, the API), the declaration
	// needs no answers but those its letter reads; at the counter neither,
	// but what is given is checked.
	withFile := append([]Component{{Name: proc.Form.Component}}, others...)
	letterOnly := map[string]string{"child_name": "An", "child_birth_date": "2026-11-20"}
	if _, _, err := Create(Intake{Channel: Online, Applicant: a, Components: withFile, Declaration: letterOnly}, proc, nil, now); err != nil {
		t.Errorf("online with the declaration as a file: %v", err)
	}
	clerk := &staff.Officer{ID: "o1", UnitID: "u1", Roles: []staff.Role{staff.Reception}, Active: true}
	_, _, err = Create(Intake{Channel: Counter, Applicant: a, Components: withFile,
		Declaration: map[string]string{"child_name": "An", "child_birth_date": "2026-11-20", "father_birth_year": "1890"}}, proc, clerk, now)
	if diff := cmp.Diff(map[string]string{"declaration.father_birth_year": "val.form.range"}, problemKeys(err)); diff != "" {
		t.Errorf("counter problems (-want +got):\n%s", diff)
	}
	// An organisation is not asked the relationship, and is asked its decision.
	org := Applicant{Kind: Organisation, FullName: "Nguyễn Văn Giám", OrgName: "Trung tâm Bảo trợ xã hội", TaxCode: "0101234567", Phone: "0912345678", Address: "Thôn 2"}
	_, _, err = Create(Intake{Channel: Online, Applicant: org, Declaration: birthAnswers(), Components: others}, proc, nil, now)
	want = map[string]string{"declaration.declarant_relation": "val.form.not_asked", "declaration.org_care_decision": "val.form.required"}
	if diff := cmp.Diff(want, problemKeys(err)); diff != "" {
		t.Errorf("organisation problems (-want +got):\n%s", diff)
	}
}

// TestLetterItemsAreInTheForms: a procedure with a letter and a form asks,
// in its form, every item the letter reads, so the letter is filled online.
func TestLetterItemsAreInTheForms(t *testing.T) {
	cat, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range cat.Procedures {
		if p.Form == nil {
			continue
		}
		for _, k := range DeclarationFor(p.Letter) {
			fd, ok := p.Form.Field(k)
			if !ok {
				t.Errorf("procedure %s: the form lacks %s, which its letter reads", p.Code, k)
			}
			if DeclarationKeys[k].Date != (fd.Type == catalogue.FieldDate) {
				t.Errorf("procedure %s: %s is a %s in the form", p.Code, k, fd.Type)
			}
		}
	}
}
