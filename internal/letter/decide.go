package letter

import (
	"errors"
	"fmt"
	"github.com/motcua/motcua/internal/calendar"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"
)

// Rule is a procedure's letter rule, kept with the procedure in the
// catalogue: which letter a resolved dossier of the procedure calls for.
type Rule struct {
	// Kind is the letter to send; empty means the procedure sends none.
	Kind Kind
	// MaxEventAgeDays limits letters to recent events: a birth or a death
	// registered more than this many days after it happened gets no letter
	// (a late registration for an adult or an old death is a formality, not
	// an occasion). Zero means no limit. Marriages are registered when they
	// happen, so the limit does not apply to them.
	MaxEventAgeDays int
}

// DefaultRule returns the rule a procedure of kind k starts with: births
// within 365 days and deaths within 90 days of the event [unverified: local
// practice, no national rule; units change it]. An unknown kind gives an error
// wrapping ErrUnknownKind.
func DefaultRule(k Kind) (Rule, error) {
	if err := k.Validate(); err != nil {
		return Rule{}, err
	}
	switch k {
	case CongratulationBirth:
		return Rule{Kind: k, MaxEventAgeDays: 365}, nil
	case Condolence:
		return Rule{Kind: k, MaxEventAgeDays: 90}, nil
	}
	return Rule{Kind: k}, nil
}

// Sex as recorded in civil status, used to address people.
type Sex string

// Sexes; the empty Sex is unknown.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// Person is someone named in the dossier.
type Person struct {
	Name      string
	Sex       Sex
	BirthDate time.Time // zero when unknown
	DeathDate time.Time // for the deceased
	Address   string    // where a letter to them is sent
}

// Facts are what Decide needs to know about a dossier.
type Facts struct {
	// Resolved is true once the dossier's registration is done (status
	// resolved or returned with the registration granted). ResolvedAt is when.
	Resolved   bool
	ResolvedAt time.Time
	// LetterSent is true when a letter was already recorded for the dossier:
	// Decide then says no, so re-running it is harmless.
	LetterSent bool
	// Applicant is who submitted the dossier (the declarant).
	Applicant Person
	// Birth registration.
	Child, Father, Mother Person
	// Marriage registration.
	Husband, Wife Person
	// Death registration.
	Deceased Person
}

// Role says why someone receives a letter.
type Role string

// Roles.
const (
	RoleFather    Role = "father"
	RoleMother    Role = "mother"
	RoleHusband   Role = "husband"
	RoleWife      Role = "wife"
	RoleDeclarant Role = "declarant" // the applicant, for the family
)

// Recipient is one person a letter is addressed to.
type Recipient struct {
	Name    string
	Role    Role
	Address string
}

// Decision is Decide's answer.
type Decision struct {
	// Due is true when a letter must be sent.
	Due bool
	// Reason says, in English, why no letter is due; empty when Due.
	Reason string
	Kind   Kind
	// Recipients are the people the one letter is addressed to, in the order
	// they are named.
	Recipients []Recipient
	// Values fill the kind's dossier placeholders (nguoi_nhan and the kind's
	// own). The caller adds the sender's with Sender.Values.
	Values Values
}

// ErrIncompleteFacts is wrapped when a letter is due but the facts lack
// something it needs, such as the child's name.
var ErrIncompleteFacts = errors.New("dossier facts incomplete for letter")

// Decide says whether a dossier calls for a letter under rule, to whom, and
// with which values. It is pure. No letter is due when the rule has no kind,
// the dossier is not resolved, a letter was already sent, or the event is
// older than the rule allows; Reason says which. It returns an error wrapping
// ErrUnknownKind for a bad rule, and one wrapping ErrIncompleteFacts, naming
// what is missing, when a letter is due but cannot be addressed or filled.
func Decide(rule Rule, f Facts) (Decision, error) {
	if rule.Kind == "" {
		return Decision{Reason: "the procedure sends no letter"}, nil
	}
	if err := rule.Kind.Validate(); err != nil {
		return Decision{}, fmt.Errorf("letter rule: %w", err)
	}
	no := func(reason string) (Decision, error) { return Decision{Kind: rule.Kind, Reason: reason}, nil }
	switch {
	case !f.Resolved:
		return no("the dossier is not resolved")
	case f.LetterSent:
		return no("a letter was already sent for this dossier")
	case f.ResolvedAt.IsZero():
		return Decision{}, incomplete(rule.Kind, "time resolved")
	}
	switch rule.Kind {
	case CongratulationBirth:
		return decideBirth(rule, f)
	case CongratulationMarriage:
		return decideMarriage(f)
	default:
		return decideCondolence(rule, f)
	}
}

func decideBirth(rule Rule, f Facts) (Decision, error) {
	k := CongratulationBirth
	if name(f.Child) == "" {
		return Decision{}, incomplete(k, "child's name")
	}
	if f.Child.BirthDate.IsZero() {
		return Decision{}, incomplete(k, "child's date of birth")
	}
	if tooOld(rule, f.Child.BirthDate, f.ResolvedAt) {
		return Decision{Kind: k, Reason: fmt.Sprintf("the birth was registered more than %d days after it happened", rule.MaxEventAgeDays)}, nil
	}
	var rs []Recipient
	if name(f.Father) != "" {
		rs = append(rs, Recipient{Name: name(f.Father), Role: RoleFather, Address: line(f.Father.Address)})
	}
	if name(f.Mother) != "" {
		rs = append(rs, Recipient{Name: name(f.Mother), Role: RoleMother, Address: line(f.Mother.Address)})
	}
	addressed := ""
	switch {
	case len(rs) == 2:
		addressed = "Ông " + rs[0].Name + " và Bà " + rs[1].Name
	case len(rs) == 1 && rs[0].Role == RoleFather:
		addressed = "Ông " + rs[0].Name
	case len(rs) == 1:
		addressed = "Bà " + rs[0].Name
	default:
		if name(f.Applicant) == "" {
			return Decision{}, incomplete(k, "parents' or applicant's name")
		}
		rs = []Recipient{{Name: name(f.Applicant), Role: RoleDeclarant, Address: line(f.Applicant.Address)}}
		addressed = honorific(f.Applicant.Sex) + " " + name(f.Applicant) + " và gia đình"
	}
	return Decision{Due: true, Kind: k, Recipients: rs, Values: Values{
		PRecipients: addressed,
		PChild:      name(f.Child),
		PBirthDate:  date(f.Child.BirthDate),
		PFather:     name(f.Father),
		PMother:     name(f.Mother),
	}}, nil
}

func decideMarriage(f Facts) (Decision, error) {
	k := CongratulationMarriage
	if name(f.Husband) == "" {
		return Decision{}, incomplete(k, "husband's name")
	}
	if name(f.Wife) == "" {
		return Decision{}, incomplete(k, "wife's name")
	}
	rs := []Recipient{
		{Name: name(f.Husband), Role: RoleHusband, Address: line(f.Husband.Address)},
		{Name: name(f.Wife), Role: RoleWife, Address: line(f.Wife.Address)},
	}
	return Decision{Due: true, Kind: k, Recipients: rs, Values: Values{
		PRecipients:   "Ông " + rs[0].Name + " và Bà " + rs[1].Name,
		PHusband:      rs[0].Name,
		PWife:         rs[1].Name,
		PMarriageDate: date(f.ResolvedAt),
	}}, nil
}

func decideCondolence(rule Rule, f Facts) (Decision, error) {
	k := Condolence
	if name(f.Deceased) == "" {
		return Decision{}, incomplete(k, "deceased's name")
	}
	if f.Deceased.DeathDate.IsZero() {
		return Decision{}, incomplete(k, "date of death")
	}
	if name(f.Applicant) == "" {
		return Decision{}, incomplete(k, "applicant's name")
	}
	if tooOld(rule, f.Deceased.DeathDate, f.ResolvedAt) {
		return Decision{Kind: k, Reason: fmt.Sprintf("the death was registered more than %d days after it happened", rule.MaxEventAgeDays)}, nil
	}
	v := Values{
		PRecipients:        honorific(f.Applicant.Sex) + " " + name(f.Applicant) + " và gia đình",
		PDeceased:          name(f.Deceased),
		PDeceasedHonorific: deceasedHonorific(f.Deceased),
		PDeathDate:         date(f.Deceased.DeathDate),
	}
	if !f.Deceased.BirthDate.IsZero() {
		v[PBirthYear] = fmt.Sprintf("%d", f.Deceased.BirthDate.In(vietnam()).Year())
	}
	return Decision{Due: true, Kind: k, Values: v,
		Recipients: []Recipient{{Name: name(f.Applicant), Role: RoleDeclarant, Address: line(f.Applicant.Address)}}}, nil
}

// tooOld reports whether event lies more than the rule's limit before
// resolved, counting calendar days in UTC+7.
func tooOld(rule Rule, event, resolved time.Time) bool {
	if rule.MaxEventAgeDays <= 0 {
		return false
	}
	return calendarDays(event, resolved) > rule.MaxEventAgeDays
}

// calendarDays counts the calendar days from a to b in UTC+7.
func calendarDays(a, b time.Time) int {
	z := vietnam()
	a, b = a.In(z), b.In(z)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// honorific is the formal way to address an adult of a sex.
func honorific(s Sex) string {
	switch s {
	case Male:
		return "Ông"
	case Female:
		return "Bà"
	}
	return "Ông/Bà"
}

// deceasedHonorific refers to a deceased person: "cháu" for a child under 16
// (when the date of birth is known), otherwise Ông/Bà by sex.
func deceasedHonorific(p Person) string {
	if !p.BirthDate.IsZero() && !p.DeathDate.IsZero() && age(p.BirthDate, p.DeathDate) < 16 {
		return "cháu"
	}
	return honorific(p.Sex)
}

// age is the age in whole years on day at, in UTC+7.
func age(born, at time.Time) int {
	z := vietnam()
	born, at = born.In(z), at.In(z)
	years := at.Year() - born.Year()
	if at.Month() < born.Month() || at.Month() == born.Month() && at.Day() < born.Day() {
		years--
	}
	return years
}

func incomplete(k Kind, what string) error {
	return fmt.Errorf("%s letter: %w: %s is missing", k, ErrIncompleteFacts, what)
}

// name returns a person's name, NFC, spaces collapsed.
func name(p Person) string { return line(p.Name) }

func line(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

// date prints dd/mm/yyyy in UTC+7.
func date(t time.Time) string {
	t = t.In(vietnam())
	return fmt.Sprintf("%02d/%02d/%04d", t.Day(), int(t.Month()), t.Year())
}

// vietnam is UTC+7, built per call: no package state.
func vietnam() *time.Location { return calendar.Location() }
