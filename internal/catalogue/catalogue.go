// Package catalogue holds the procedure catalogue (danh mục thủ tục hành
// chính): the fields (lĩnh vực), the procedures with their time limits, fees,
// components, workflow and legal bases, the rules a catalogue must satisfy,
// and a YAML codec for import and export.
//
// The package is pure domain code: it does no I/O at run time. The catalogue
// shipped with motcua is embedded (see Shipped and LoadShipped).
package catalogue

import "github.com/motcua/motcua/internal/calendar"

// Catalogue is a set of fields and the procedures filed under them.
// The order of both lists is the order in which they are presented.
type Catalogue struct {
	Fields     []Field     `json:"fields" yaml:"fields"`
	Procedures []Procedure `json:"procedures" yaml:"procedures"`
}

// Field is a sector of administration (lĩnh vực), e.g. HT "Hộ tịch".
type Field struct {
	// Code is a short upper-case code, unique in the catalogue, e.g. "HT".
	Code   string `json:"code" yaml:"code"`
	Name   string `json:"name" yaml:"name"`
	NameEN string `json:"name_en,omitempty" yaml:"name_en,omitempty"`
}

// Level is the tier of government that resolves a procedure.
type Level string

// Levels. Districts were abolished on 1 July 2025; LevelDistrict remains for
// catalogues and dossiers from before that date.
const (
	LevelCommune  Level = "commune"
	LevelDistrict Level = "district"
	LevelProvince Level = "province"
)

// OnlineMode says how far a procedure can be done online.
type OnlineMode string

// Online modes, as the national portal classifies public services.
const (
	// OnlineFull: submitted, processed, paid and returned online (toàn trình).
	OnlineFull OnlineMode = "full"
	// OnlinePartial: submitted online, but the applicant must come to the
	// counter for some step, e.g. to sign or to collect the result (một phần).
	OnlinePartial OnlineMode = "partial"
	// OnlineCounter: at the counter (or by post) only.
	OnlineCounter OnlineMode = "counter"
)

// LetterKind says which letter the unit sends when a dossier is resolved.
type LetterKind string

// Letter kinds (local practice, no national rule).
const (
	LetterNone                   LetterKind = "none"
	LetterCongratulationBirth    LetterKind = "congratulation_birth"
	LetterCongratulationMarriage LetterKind = "congratulation_marriage"
	LetterCondolence             LetterKind = "condolence"
)

// Procedure is one administrative procedure (thủ tục hành chính) as a unit
// offers it. The store persists each version of a procedure as its JSON, so a
// Procedure must survive a JSON round trip unchanged.
type Procedure struct {
	// Code is the code in the national procedure database: a digit, a dot
	// and six digits, e.g. "1.001193".
	Code   string `json:"code" yaml:"code"`
	Name   string `json:"name" yaml:"name"`
	NameEN string `json:"name_en,omitempty" yaml:"name_en,omitempty"`
	// Aliases are the words people use for the procedure, e.g. "giấy khai
	// sinh" or "hộ khẩu": search ranks them like the name.
	Aliases   []string `json:"aliases,omitempty" yaml:"aliases,omitempty"`
	FieldCode string   `json:"field_code" yaml:"field_code"`
	Level     Level    `json:"level" yaml:"level"`
	// Levels is the level's history, oldest first, when it changed (levels.go).
	Levels []LevelChange `json:"levels,omitempty" yaml:"levels,omitempty"`
	Online OnlineMode    `json:"online" yaml:"online"`
	// TimeLimit is the limit the law sets.
	TimeLimit calendar.Limit `json:"time_limit" yaml:"time_limit"`
	// ServiceNorm, when set, is a shorter limit the unit commits to.
	ServiceNorm *calendar.Limit `json:"service_norm,omitempty" yaml:"service_norm,omitempty"`
	// ExtendedLimit, when set, is the longer limit the law allows in a
	// stated case, e.g. marriage registration when verification is needed.
	ExtendedLimit *calendar.Limit `json:"extended_limit,omitempty" yaml:"extended_limit,omitempty"`
	Fee           FeeSchedule     `json:"fee" yaml:"fee"`
	Components    []Component     `json:"components,omitempty" yaml:"components,omitempty"`
	// Form, when set, is the online form defined from the procedure's
	// declaration (form.go): the declaration is generated from its answers.
	Form    *Form       `json:"form,omitempty" yaml:"form,omitempty"`
	Results []ResultDoc `json:"results,omitempty" yaml:"results,omitempty"`
	// Steps is the workflow, in order; the shares sum to 100.
	Steps      []Step       `json:"steps" yaml:"steps"`
	LegalBases []LegalBasis `json:"legal_bases" yaml:"legal_bases"`
	Letter     LetterKind   `json:"letter" yaml:"letter"`
	// NotifyStatuses lists the national status codes (1–10) the applicant is
	// told about when the dossier reaches them.
	NotifyStatuses []int `json:"notify_statuses,omitempty" yaml:"notify_statuses,omitempty"`
	// Place says where to submit the dossier and collect the result.
	Place string `json:"place,omitempty" yaml:"place,omitempty"`
	// Applicants says who may apply.
	Applicants string `json:"applicants,omitempty" yaml:"applicants,omitempty"`
	// LawNotes are short notes, given to the applicant with the result, on
	// what the law asks of them next.
	LawNotes []string `json:"law_notes,omitempty" yaml:"law_notes,omitempty"`
	// Unverified names the keys of this procedure (e.g. "fee", "code",
	// "time_limit") whose values could not be verified from a legal text.
	Unverified []string `json:"unverified,omitempty" yaml:"unverified,omitempty"`
}

// ComponentKind is the form in which a component must be handed in.
type ComponentKind string

// Component kinds, as printed on the receipt slip.
const (
	ComponentOriginal       ComponentKind = "original"         // bản chính
	ComponentCertifiedCopy  ComponentKind = "certified_copy"   // bản sao chứng thực
	ComponentCopy           ComponentKind = "copy"             // bản sao, bản chụp
	ComponentOriginalOrCopy ComponentKind = "original_or_copy" // bản chính hoặc bản sao
)

// Component is one document of a dossier (thành phần hồ sơ).
type Component struct {
	Name string        `json:"name" yaml:"name"`
	Kind ComponentKind `json:"kind" yaml:"kind"`
	// Count is the number of sets (bộ) handed in; at least 1.
	Count    int  `json:"count" yaml:"count"`
	Required bool `json:"required" yaml:"required"`
	// MustDigitise says the component must be digitised at reception
	// (Circular 01/2023/TT-VPCP).
	MustDigitise bool `json:"must_digitise,omitempty" yaml:"must_digitise,omitempty"`
	// Form names (or links to) the downloadable form, if there is one.
	Form string `json:"form,omitempty" yaml:"form,omitempty"`
}

// ResultDoc is a document the applicant receives as the result.
type ResultDoc struct {
	Name string `json:"name" yaml:"name"`
	// Electronic says the result is also issued as an electronic document.
	Electronic bool `json:"electronic,omitempty" yaml:"electronic,omitempty"`
}

// Role is who handles a workflow step.
type Role string

// Roles in a workflow.
const (
	RoleReception  Role = "reception"  // one-stop department officer
	RoleSpecialist Role = "specialist" // specialist officer of the field
	RoleLeader     Role = "leader"     // chairman or vice chairman
)

// Step is one step of a procedure's workflow.
type Step struct {
	Name string `json:"name" yaml:"name"`
	Role Role   `json:"role" yaml:"role"`
	// Share is this step's share of the time limit, in percent (1–100).
	Share int `json:"share" yaml:"share"`
}

// LegalBasis is a legal document a procedure rests on.
type LegalBasis struct {
	// Number is the document's number and symbol, e.g. "60/2014/QH13".
	Number  string `json:"number" yaml:"number"`
	Title   string `json:"title,omitempty" yaml:"title,omitempty"`
	Article string `json:"article,omitempty" yaml:"article,omitempty"`
	URL     string `json:"url,omitempty" yaml:"url,omitempty"`
}

// Field returns the field with the given code and whether there is one.
func (c *Catalogue) Field(code string) (Field, bool) {
	for _, f := range c.Fields {
		if f.Code == code {
			return f, true
		}
	}
	return Field{}, false
}

// Procedure returns the procedure with the given national code and whether
// there is one.
func (c *Catalogue) Procedure(code string) (Procedure, bool) {
	for _, p := range c.Procedures {
		if p.Code == code {
			return p, true
		}
	}
	return Procedure{}, false
}
