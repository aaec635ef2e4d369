package dossier

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// Intake is what a new dossier is made of, at the counter, by post or online.
type Intake struct {
	Channel     Channel
	Applicant   Applicant
	Submitter   *Applicant
	Request     string
	Declaration map[string]string
	Components  []Component
	Sets        int
	// Pages and Copies size a per-page or per-copy fee (certification).
	Pages  int
	Copies int
	// Exemption names why no fee is due (a category the procedure lists).
	Exemption string
	// IdempotencyKey makes a retried online submission return the first dossier.
	IdempotencyKey string
	// ResolvingUnitID is the unit that resolves it, when not the receiving one.
	ResolvingUnitID string
}

// Normalize NFC-normalises every text of the intake.
func (in *Intake) Normalize() {
	in.Applicant.Normalize()
	if in.Submitter != nil {
		in.Submitter.Normalize()
	}
	in.Request = textfold.NFC(in.Request)
	in.Exemption = textfold.NFC(in.Exemption)
	for k, v := range in.Declaration {
		in.Declaration[k] = textfold.NFC(v)
	}
	for i := range in.Components {
		in.Components[i].Name = textfold.NFC(in.Components[i].Name)
	}
}

// Create builds a dossier from an intake under a pinned procedure version, and
// the event of its arrival. An online dossier starts in status New, waiting
// for reception; at the counter or by post the reception officer actor
// receives it at once (Apply ActReceive follows, by the caller).
//
// Errors: an *apperr.FieldsError naming every bad field; Forbidden when a
// counter or postal dossier has no reception officer.
func Create(in Intake, proc *catalogue.Procedure, actor *staff.Officer, now time.Time) (*Dossier, Event, error) {
	in.Normalize()
	f := apperr.Fields{}
	if !in.Channel.Valid() {
		f.Add("channel", "kênh tiếp nhận %d không hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)", in.Channel)
	}
	in.Applicant.Validate(f, "applicant.", now)
	if in.Submitter != nil {
		in.Submitter.Validate(f, "submitter.", now)
	}
	if len([]rune(in.Request)) > 2000 {
		f.Add("request", "nội dung yêu cầu dài quá 2000 ký tự")
	}
	for k, v := range in.Declaration {
		dk, known := DeclarationKeys[k]
		switch {
		case !known:
			f.Add("declaration."+k, "mục khai %q không tồn tại", k)
		case len([]rune(v)) > 200:
			f.Add("declaration."+k, "%s dài quá 200 ký tự", dk.Label)
		case dk.Date && v != "":
			// Dates are Vietnam calendar dates, compared with today in Vietnam.
			if dt, err := calendar.ParseDate(v); err != nil {
				f.Add("declaration."+k, "%s %q không hợp lệ (dạng YYYY-MM-DD)", dk.Label, v)
			} else if dt.Compare(calendar.DateOf(now)) > 0 {
				f.Add("declaration."+k, "%s %s ở tương lai", dk.Label, v)
			}
		}
	}
	for _, k := range DeclarationFor(proc.Letter) {
		if DeclarationKeys[k].Required && in.Declaration[k] == "" {
			f.Add("declaration."+k, "vui lòng khai %s", strings.ToLower(DeclarationKeys[k].Label))
		}
	}
	if in.Sets == 0 {
		in.Sets = 1
	}
	if in.Sets < 1 || in.Sets > 50 {
		f.Add("sets", "số bộ hồ sơ %d không hợp lệ", in.Sets)
	}
	components := make([]Component, 0, len(proc.Components))
	given := map[string]Component{}
	for i, c := range in.Components {
		if c.Name == "" {
			f.Add(fmt.Sprintf("components.%d.name", i), "thiếu tên giấy tờ")
			continue
		}
		if c.Count < 0 || c.Count > 100 {
			f.Add(fmt.Sprintf("components.%d.count", i), "số lượng %d không hợp lệ", c.Count)
		}
		switch c.Digitisation {
		case "", NotDigitised, Digitised, ReusedStore, ReusedResult:
		default:
			f.Add(fmt.Sprintf("components.%d.digitisation", i), "trạng thái số hoá %q không hợp lệ", c.Digitisation)
		}
		given[c.Name] = c
	}
	// Every required component of the procedure must be there; the others
	// are kept as given. Components are kept in the procedure's order.
	for i, pc := range proc.Components {
		c, ok := given[pc.Name]
		if !ok {
			if pc.Required {
				f.Add(fmt.Sprintf("components.%d", i), "thiếu giấy tờ bắt buộc: %s", pc.Name)
			}
			continue
		}
		delete(given, pc.Name)
		if c.Kind == "" {
			c.Kind = pc.Kind
		}
		if c.Count == 0 {
			c.Count = pc.Count
		}
		if c.Digitisation == "" {
			c.Digitisation = NotDigitised
		}
		components = append(components, c)
	}
	for _, c := range in.Components {
		if _, extra := given[c.Name]; extra {
			if c.Digitisation == "" {
				c.Digitisation = NotDigitised
			}
			if c.Count == 0 {
				c.Count = 1
			}
			components = append(components, c)
			delete(given, c.Name)
		}
	}
	pay := Payment{State: Unpaid}
	if in.Exemption != "" {
		pay.Exemption = in.Exemption
	} else {
		pages, copies := max(in.Pages, 1), max(in.Copies, 1)
		due, err := proc.Fee.Charge(pages, copies)
		if err != nil {
			f.Add("pages", "không tính được lệ phí: %v", err)
		}
		pay.Due = due
	}
	if in.Channel == Counter || in.Channel == Post {
		if actor == nil || !actor.Has(staff.Reception) {
			return nil, Event{}, apperr.New(apperr.Forbidden, "chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính")
		}
	}
	if err := f.Err(); err != nil {
		return nil, Event{}, err
	}
	limit := proc.TimeLimit
	if proc.ServiceNorm != nil {
		limit = *proc.ServiceNorm
	}
	d := &Dossier{
		ProcedureCode: proc.Code, ProcedureName: proc.Name, FieldCode: proc.FieldCode,
		Channel: in.Channel, Status: New,
		Applicant: in.Applicant, Submitter: in.Submitter, Request: in.Request, Declaration: in.Declaration,
		Components: components, Sets: in.Sets, Limit: limit, Payment: pay,
		IdempotencyKey: in.IdempotencyKey, Version: 1,
	}
	if in.Channel != Counter {
		d.SubmittedAt = now
	}
	ev := Event{Kind: ActSubmit, At: now, ToStatus: New, Public: true}
	if actor != nil {
		ev.ActorID = actor.ID
	}
	return d, ev, nil
}

// FormatCode renders a dossier code: the receiving unit's identifier, the
// day as yyMMdd, and the day's sequence number, e.g. 000.00.06.H56-231027-0361.
func FormatCode(unitCode string, day time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", unitCode, day.Format("060102"), seq)
}

// DeclarationKey describes one item of a declaration form.
type DeclarationKey struct {
	Label    string // Vietnamese, as the form shows it
	LabelEN  string
	Date     bool // a YYYY-MM-DD date
	Required bool // required where the procedure asks for it
}

// DeclarationKeys are the declaration items motcua knows: those the
// civil-status procedures with letters need.
var DeclarationKeys = map[string]DeclarationKey{
	"child_name":       {"Họ tên trẻ", "Child's full name", false, true},
	"child_birth_date": {"Ngày sinh của trẻ", "Child's date of birth", true, true},
	"child_sex":        {"Giới tính của trẻ", "Child's sex", false, false},
	"father_name":      {"Họ tên cha", "Father's full name", false, false},
	"mother_name":      {"Họ tên mẹ", "Mother's full name", false, false},
	"husband_name":     {"Họ tên chồng", "Husband's full name", false, true},
	"wife_name":        {"Họ tên vợ", "Wife's full name", false, true},
	"deceased_name":    {"Họ tên người đã mất", "Full name of the deceased", false, true},
	"death_date":       {"Ngày mất", "Date of death", true, true},
	"relation":         {"Quan hệ với người đã mất", "Relation to the deceased", false, false},
}

// DeclarationFor lists, in form order, the declaration items a procedure
// with this letter rule asks for.
func DeclarationFor(letter catalogue.LetterKind) []string {
	switch letter {
	case catalogue.LetterCongratulationBirth:
		return []string{"child_name", "child_birth_date", "child_sex", "father_name", "mother_name"}
	case catalogue.LetterCongratulationMarriage:
		return []string{"husband_name", "wife_name"}
	case catalogue.LetterCondolence:
		return []string{"deceased_name", "death_date", "relation"}
	}
	return nil
}
