package letter

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 9, 0, 0, 0, time.FixedZone("ICT", 7*3600))
}

func TestDecide(t *testing.T) {
	resolved := day(2025, time.February, 10)
	birth := Facts{
		Resolved: true, ResolvedAt: resolved,
		Applicant: Person{Name: "Nguyễn Văn Đức", Sex: Male},
		Child:     Person{Name: "Nguyễn Trần Bảo Ngọc", BirthDate: day(2025, time.February, 5)},
		Father:    Person{Name: "Nguyễn Văn Đức", Sex: Male, Address: "Thôn 1"},
		Mother:    Person{Name: "Trần Thị Ngọc Ánh", Sex: Female, Address: "Thôn 1"},
	}
	motherOnly := birth
	motherOnly.Father = Person{}
	noParents := birth
	noParents.Father, noParents.Mother = Person{}, Person{}
	lateBirth := birth
	lateBirth.Child.BirthDate = day(1990, time.May, 1)
	marriage := Facts{
		Resolved: true, ResolvedAt: resolved,
		Husband: Person{Name: "Lê Văn Ự", Sex: Male}, Wife: Person{Name: "Đỗ Thị Ặng", Sex: Female},
	}
	death := Facts{
		Resolved: true, ResolvedAt: resolved,
		Applicant: Person{Name: "Phạm Thị Ễ", Sex: Female, Address: "Thôn Mỹ Đức"},
		Deceased:  Person{Name: "Hoàng Văn Ỗ", Sex: Male, BirthDate: day(1940, time.March, 3), DeathDate: day(2025, time.February, 1)},
	}
	childDeath := death
	childDeath.Deceased = Person{Name: "Hoàng Minh Khôi", Sex: Male, BirthDate: day(2015, time.June, 1), DeathDate: day(2025, time.February, 1)}
	oldDeath := death
	oldDeath.Deceased.DeathDate = day(2010, time.January, 1)

	birthRule, _ := DefaultRule(CongratulationBirth)
	deathRule, _ := DefaultRule(Condolence)
	marriageRule, _ := DefaultRule(CongratulationMarriage)

	tests := []struct {
		name  string
		rule  Rule
		facts Facts
		want  Decision
	}{
		{"no rule", Rule{}, birth, Decision{Reason: "the procedure sends no letter"}},
		{"not resolved", birthRule, Facts{}, Decision{Kind: CongratulationBirth, Reason: "the dossier is not resolved"}},
		{"already sent", birthRule, func() Facts { f := birth; f.LetterSent = true; return f }(),
			Decision{Kind: CongratulationBirth, Reason: "a letter was already sent for this dossier"}},
		{"birth to both parents", birthRule, birth, Decision{Due: true, Kind: CongratulationBirth,
			Recipients: []Recipient{{"Nguyễn Văn Đức", RoleFather, "Thôn 1"}, {"Trần Thị Ngọc Ánh", RoleMother, "Thôn 1"}},
			Values: Values{PRecipients: "Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh", PChild: "Nguyễn Trần Bảo Ngọc",
				PBirthDate: "05/02/2025", PFather: "Nguyễn Văn Đức", PMother: "Trần Thị Ngọc Ánh"}}},
		{"birth to the mother", birthRule, motherOnly, Decision{Due: true, Kind: CongratulationBirth,
			Recipients: []Recipient{{"Trần Thị Ngọc Ánh", RoleMother, "Thôn 1"}},
			Values: Values{PRecipients: "Bà Trần Thị Ngọc Ánh", PChild: "Nguyễn Trần Bảo Ngọc",
				PBirthDate: "05/02/2025", PFather: "", PMother: "Trần Thị Ngọc Ánh"}}},
		{"birth without parents goes to the declarant", birthRule, noParents, Decision{Due: true, Kind: CongratulationBirth,
			Recipients: []Recipient{{"Nguyễn Văn Đức", RoleDeclarant, ""}},
			Values: Values{PRecipients: "Ông Nguyễn Văn Đức và gia đình", PChild: "Nguyễn Trần Bảo Ngọc",
				PBirthDate: "05/02/2025", PFather: "", PMother: ""}}},
		{"late birth registration", birthRule, lateBirth, Decision{Kind: CongratulationBirth,
			Reason: "the birth was registered more than 365 days after it happened"}},
		{"late birth without limit", Rule{Kind: CongratulationBirth}, lateBirth, Decision{Due: true, Kind: CongratulationBirth,
			Recipients: []Recipient{{"Nguyễn Văn Đức", RoleFather, "Thôn 1"}, {"Trần Thị Ngọc Ánh", RoleMother, "Thôn 1"}},
			Values: Values{PRecipients: "Ông Nguyễn Văn Đức và Bà Trần Thị Ngọc Ánh", PChild: "Nguyễn Trần Bảo Ngọc",
				PBirthDate: "01/05/1990", PFather: "Nguyễn Văn Đức", PMother: "Trần Thị Ngọc Ánh"}}},
		{"marriage to the couple", marriageRule, marriage, Decision{Due: true, Kind: CongratulationMarriage,
			Recipients: []Recipient{{"Lê Văn Ự", RoleHusband, ""}, {"Đỗ Thị Ặng", RoleWife, ""}},
			Values:     Values{PRecipients: "Ông Lê Văn Ự và Bà Đỗ Thị Ặng", PHusband: "Lê Văn Ự", PWife: "Đỗ Thị Ặng", PMarriageDate: "10/02/2025"}}},
		{"condolence to the family", deathRule, death, Decision{Due: true, Kind: Condolence,
			Recipients: []Recipient{{"Phạm Thị Ễ", RoleDeclarant, "Thôn Mỹ Đức"}},
			Values: Values{PRecipients: "Bà Phạm Thị Ễ và gia đình", PDeceased: "Hoàng Văn Ỗ", PDeceasedHonorific: "Ông",
				PDeathDate: "01/02/2025", PBirthYear: "1940"}}},
		{"condolence for a child", deathRule, childDeath, Decision{Due: true, Kind: Condolence,
			Recipients: []Recipient{{"Phạm Thị Ễ", RoleDeclarant, "Thôn Mỹ Đức"}},
			Values: Values{PRecipients: "Bà Phạm Thị Ễ và gia đình", PDeceased: "Hoàng Minh Khôi", PDeceasedHonorific: "cháu",
				PDeathDate: "01/02/2025", PBirthYear: "2015"}}},
		{"old death registered late", deathRule, oldDeath, Decision{Kind: Condolence,
			Reason: "the death was registered more than 90 days after it happened"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decide(tt.rule, tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Decide (-want +got):\n%s", diff)
			}
			if got.Due {
				// Every due decision fills the default template, with the sender's values.
				tpl, err := DefaultTemplate(got.Kind)
				if err != nil {
					t.Fatal(err)
				}
				sender := Sender{Unit: "Ủy ban nhân dân xã Đạ Tẻh", Place: "Đạ Tẻh", SignerTitle: "Chủ tịch", SignerName: "Nguyễn Thị Thặng"}
				if _, err := tpl.Render(Merge(got.Values, sender.Values(resolved))); err != nil {
					t.Errorf("default template: %v", err)
				}
			}
		})
	}
}

func TestDecideErrors(t *testing.T) {
	resolved := day(2025, time.February, 10)
	tests := []struct {
		name  string
		rule  Rule
		facts Facts
		want  error
	}{
		{"unknown kind", Rule{Kind: "birthday"}, Facts{Resolved: true}, ErrUnknownKind},
		{"no resolution time", Rule{Kind: CongratulationMarriage}, Facts{Resolved: true}, ErrIncompleteFacts},
		{"no child", Rule{Kind: CongratulationBirth}, Facts{Resolved: true, ResolvedAt: resolved}, ErrIncompleteFacts},
		{"no wife", Rule{Kind: CongratulationMarriage}, Facts{Resolved: true, ResolvedAt: resolved, Husband: Person{Name: "A"}}, ErrIncompleteFacts},
		{"no death date", Rule{Kind: Condolence}, Facts{Resolved: true, ResolvedAt: resolved, Deceased: Person{Name: "A"}, Applicant: Person{Name: "B"}}, ErrIncompleteFacts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decide(tt.rule, tt.facts); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDecideNormalisesNames(t *testing.T) {
	f := Facts{
		Resolved: true, ResolvedAt: day(2025, time.February, 10),
		Husband: Person{Name: norm.NFD.String("Lê  Văn Ự")}, Wife: Person{Name: norm.NFD.String("Đỗ Thị Ặng ")},
	}
	got, err := Decide(Rule{Kind: CongratulationMarriage}, f)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Ông Lê Văn Ự và Bà Đỗ Thị Ặng"; got.Values[PRecipients] != want {
		t.Errorf("nguoi_nhan = %q, want %q", got.Values[PRecipients], want)
	}
}
