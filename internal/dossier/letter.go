package dossier

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/textfold"
)

// LetterFacts returns what letter.Decide needs to know about d, from its
// applicant and its Declaration: resolved (status resolved or returned) at
// EndedAt; the child, parents, couple or deceased by name, dates parsed as
// days in UTC+7; everyone's address the applicant's. letterSent is passed
// through as Facts.LetterSent.
func (d *Dossier) LetterFacts(letterSent bool) letter.Facts {
	decl := d.Declaration
	day := func(key string) time.Time {
		t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(decl[key]), calendar.Location())
		if err != nil {
			return time.Time{}
		}
		return t
	}
	addr := d.Applicant.Address
	person := func(key string) letter.Person { return letter.Person{Name: decl[key], Address: addr} }
	f := letter.Facts{
		Resolved:   d.Status == Resolved || d.Status == Returned,
		ResolvedAt: d.EndedAt,
		LetterSent: letterSent,
		Applicant:  letter.Person{Name: d.Applicant.FullName, Address: addr},
		Child:      letter.Person{Name: decl["child_name"], BirthDate: day("child_birth_date"), Sex: sexOf(decl["child_sex"])},
		Father:     person("father_name"),
		Mother:     person("mother_name"),
		Husband:    person("husband_name"),
		Wife:       person("wife_name"),
		Deceased:   letter.Person{Name: decl["deceased_name"], DeathDate: day("death_date")},
	}
	f.Father.Sex, f.Mother.Sex, f.Husband.Sex, f.Wife.Sex = letter.Male, letter.Female, letter.Male, letter.Female
	return f
}

// sexOf reads a declared sex, in English or Vietnamese.
func sexOf(s string) letter.Sex {
	switch textfold.Fold(s) {
	case "male", "nam", "m":
		return letter.Male
	case "female", "nu", "f":
		return letter.Female
	}
	return ""
}

// LetterRule returns the letter rule of a procedure's letter kind: the
// kind's default rule (letter.DefaultRule), or no rule for none or empty.
// An unknown kind gives an error wrapping letter.ErrUnknownKind.
func LetterRule(kind catalogue.LetterKind) (letter.Rule, error) {
	if kind == "" || kind == catalogue.LetterNone {
		return letter.Rule{}, nil
	}
	return letter.DefaultRule(letter.Kind(kind))
}
