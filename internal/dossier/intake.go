package dossier

import (
	"fmt"
	"slices"
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
	// EIDLevel is the assurance level of the applicant's national e-ID
	// sign-in for an online submission (1 or 2); 0 when not signed in.
	EIDLevel int
	// Assisted says that the reception officer (Create's actor) helped the
	// applicant submit online at the counter (assisted online): the channel
	// is Online, and only a reception officer may say so.
	Assisted bool
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

// Validate adds a problem to p for every field of the intake that breaks a
// rule under procedure proc, each with a message key and a Vietnamese
// sentence: the bounds of bounds.go, the applicant's and submitter's
// details (contact says whether phone and address are required), the
// declaration items the procedure asks for, and its required components. The
// intake must be normalised (Normalize). The web form and the API (through
// Create) both validate with it.
func (in *Intake) Validate(p *apperr.Problems, proc *catalogue.Procedure, now time.Time, contact Contact) {
	in.checkBounds(p)
	if !in.Channel.Valid() {
		p.Add("channel", "val.channel", "kênh tiếp nhận %d không hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)", in.Channel)
	}
	if in.Assisted {
		switch {
		case in.Channel != Online:
			p.Add("channel", "val.assisted.channel", "chỉ hồ sơ nộp trực tuyến mới được ghi nhận là có cán bộ hướng dẫn nộp trực tuyến")
		case proc.Online == catalogue.OnlineCounter:
			p.Add("channel", "val.assisted.offline", "thủ tục “%s” chưa được cung cấp trực tuyến, không thể hướng dẫn nộp trực tuyến; vui lòng tiếp nhận trực tiếp", proc.Name)
		}
	}
	in.Applicant.Validate(p, "applicant.", now, contact)
	if in.Submitter != nil {
		in.Submitter.Validate(p, "submitter.", now, ContactOptional)
	}
	form := proc.Form
	answers := map[string]string{} // the answers to the procedure's form
	for k, v := range in.Declaration {
		if form != nil {
			if _, ok := form.Field(k); ok {
				answers[k] = v
				continue
			}
		}
		dk, known := DeclarationKeys[k]
		field := "declaration." + k
		switch {
		case !known && len(k) > 40:
			p.Add("declaration", "val.decl.unknown", "mục khai %q không tồn tại", clip(k))
		case !known:
			p.Add(field, "val.decl.unknown", "mục khai %q không tồn tại", k)
		case tooLong(v, MaxDeclarationLen):
			p.Add(field, "val.decl.too_long", "mục “%s” dài quá %d ký tự", dk.Label, MaxDeclarationLen)
		case dk.Date && v != "":
			// Dates are Vietnam calendar dates, compared with today in Vietnam.
			if dt, err := calendar.ParseDate(v); err != nil {
				p.Add(field, "val.decl.date", "mục “%s” chưa phải một ngày; vui lòng chọn ngày/tháng/năm", dk.Label)
			} else if dt.Compare(calendar.DateOf(now)) > 0 {
				p.Add(field, "val.decl.future", "mục “%s” không thể ở tương lai", dk.Label)
			}
		}
	}
	generated := generatesDeclaration(in, proc)
	if form != nil {
		// When the declaration is generated from the answers, each required
		// one is needed; when it is handed in (on paper at the counter, or as
		// a file), the answers given are checked and no more.
		form.Check(p, answers, string(in.Applicant.Kind), now, generated)
	}
	for _, k := range DeclarationFor(proc.Letter) {
		if _, inForm := answers[k]; inForm || generated {
			if _, ok := form.Field(k); ok {
				continue // the form's rules apply
			}
		}
		if DeclarationKeys[k].Required && in.Declaration[k] == "" {
			p.Add("declaration."+k, "val.decl.required", "vui lòng nhập mục “%s”", DeclarationKeys[k].Label)
		}
	}
	if len(in.Components) > MaxComponents {
		return // checkBounds said so; the list is not worth reading
	}
	given := map[string]bool{}
	for i, c := range in.Components {
		if c.Name == "" {
			p.Add(fmt.Sprintf("components.%d.name", i), "val.component.name", "thiếu tên giấy tờ")
			continue
		}
		if c.Count < 0 || c.Count > MaxComponentCount {
			p.Add(fmt.Sprintf("components.%d.count", i), "val.out_of_range", "%s phải từ %d đến %d, không phải %d", "Số lượng", 0, MaxComponentCount, c.Count)
		}
		switch c.Digitisation {
		case "", NotDigitised, Digitised, ReusedStore, ReusedResult:
		default:
			p.Add(fmt.Sprintf("components.%d.digitisation", i), "val.component.digitisation", "trạng thái số hoá %q không hợp lệ", clip(string(c.Digitisation)))
		}
		given[c.Name] = true
	}
	if generatesDeclaration(in, proc) {
		given[proc.Form.Component] = true
	}
	for i, pc := range proc.Components {
		if pc.Required && !given[pc.Name] {
			p.Add(fmt.Sprintf("components.%d", i), "val.component.required", "thiếu giấy tờ bắt buộc: %s", pc.Name)
		}
	}
}

// Create builds a dossier from an intake under a pinned procedure version, and
// the event of its arrival. An online dossier starts in status New, waiting
// for reception; at the counter or by post the reception officer actor
// receives it at once (Apply ActReceive follows, by the caller).
//
// Errors: an *apperr.FieldsError naming every bad field (Validate);
// Forbidden when a counter or postal dossier has no reception officer.
func Create(in Intake, proc *catalogue.Procedure, actor *staff.Officer, now time.Time) (*Dossier, Event, error) {
	in.Normalize()
	var p apperr.Problems
	in.Validate(&p, proc, now, ContactOptional)
	if in.Sets == 0 {
		in.Sets = 1
	}
	// Every required component of the procedure is there (Validate); the
	// others are kept as given. Components are kept in the procedure's order.
	components := make([]Component, 0, len(proc.Components))
	given := map[string]Component{}
	for _, c := range in.Components {
		if c.Name != "" {
			given[c.Name] = c
		}
	}
	for _, pc := range proc.Components {
		c, ok := given[pc.Name]
		if !ok {
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
		c.MustDigitise = pc.MustDigitise
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
	if proc.Form != nil {
		proc.Form.Canonical(in.Declaration)
	}
	if generatesDeclaration(&in, proc) {
		// The declaration is generated from the answers, not handed in.
		for i, pc := range proc.Components {
			if pc.Name == proc.Form.Component {
				c := Component{Name: pc.Name, Kind: pc.Kind, Count: pc.Count, Digitisation: Digitised, MustDigitise: pc.MustDigitise, Generated: true}
				components = slices.Insert(components, generatedAt(components, proc, i), c)
			}
		}
	}
	pay := Payment{State: Unpaid}
	if in.Exemption != "" {
		pay.Exemption = in.Exemption
	} else {
		pages, copies := max(in.Pages, 1), max(in.Copies, 1)
		if !p.Has("pages") && !p.Has("copies") {
			due, err := proc.Fee.Charge(pages, copies)
			if err != nil {
				p.Add("copies", "val.fee", "không tính được lệ phí cho %d trang và %d bản", pages, copies)
			}
			pay.Due = due
		}
	}
	if in.Channel == Counter || in.Channel == Post {
		if actor == nil || !actor.Has(staff.Reception) {
			return nil, Event{}, apperr.New(apperr.Forbidden, "chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ trực tiếp hoặc qua bưu chính")
		}
	}
	if in.Assisted && (actor == nil || !actor.Has(staff.Reception)) {
		return nil, Event{}, apperr.New(apperr.Forbidden, "chỉ cán bộ Bộ phận Một cửa được ghi nhận việc hướng dẫn người dân nộp hồ sơ trực tuyến")
	}
	if err := p.Err(); err != nil {
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
	if in.Channel == Online {
		d.EIDLevel = in.EIDLevel
	}
	if in.Channel != Counter {
		d.SubmittedAt = now
	}
	ev := Event{Kind: ActSubmit, At: now, ToStatus: New, Public: true}
	if in.Assisted {
		d.AssistedBy = actor.ID
		ev.Detail = &Action{Kind: ActSubmit, Note: AssistedNote}
	}
	if actor != nil {
		ev.ActorID = actor.ID
	}
	return d, ev, nil
}

// generatesDeclaration says whether the intake's declaration is generated
// from its answers, under a procedure with a form whose component the intake
// was not given (as a file, or on paper at the counter): online when the
// component is required, or when any of the form's questions is answered; at
// the counter or by post when the officer typed any answer.
func generatesDeclaration(in *Intake, proc *catalogue.Procedure) bool {
	if proc.Form == nil {
		return false
	}
	for _, c := range in.Components {
		if c.Name == proc.Form.Component {
			return false
		}
	}
	if in.Channel == Online && proc.Form.Required(proc) {
		return true
	}
	for k, v := range in.Declaration {
		if _, ok := proc.Form.Field(k); ok && v != "" {
			return true
		}
	}
	return false
}

// generatedAt is where procedure component i goes among components kept in
// the procedure's order: before the first that comes after it.
func generatedAt(components []Component, proc *catalogue.Procedure, i int) int {
	after := map[string]bool{}
	for _, pc := range proc.Components[i+1:] {
		after[pc.Name] = true
	}
	for j, c := range components {
		if after[c.Name] {
			return j
		}
	}
	return len(components)
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
