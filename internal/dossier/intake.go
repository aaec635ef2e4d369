package dossier

import (
	"fmt"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

// Intake is what a new dossier is made of, at the counter, by post or online.
type Intake struct {
	Channel    Channel     `json:"channel"`
	Applicant  Applicant   `json:"applicant"`
	Submitter  *Applicant  `json:"submitter,omitempty"`
	Request    string      `json:"request,omitempty"`
	Components []Component `json:"components"`
	Sets       int         `json:"sets,omitempty"`
	// Pages and Copies size a per-page or per-copy fee (certification).
	Pages  int `json:"pages,omitempty"`
	Copies int `json:"copies,omitempty"`
	// Exemption names why no fee is due (a category the procedure lists).
	Exemption string `json:"exemption,omitempty"`
	// IdempotencyKey makes a retried online submission return the first dossier.
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	// ResolvingUnitID is the unit that resolves it, when not the receiving one.
	ResolvingUnitID string `json:"resolving_unit_id,omitempty"`
}

// Normalize NFC-normalises every text of the intake.
func (in *Intake) Normalize() {
	in.Applicant.Normalize()
	if in.Submitter != nil {
		in.Submitter.Normalize()
	}
	in.Request = textfold.NFC(in.Request)
	in.Exemption = textfold.NFC(in.Exemption)
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
		Applicant: in.Applicant, Submitter: in.Submitter, Request: in.Request,
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
