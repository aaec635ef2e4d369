// Package unit describes administrative units: the communes, wards and
// provinces that receive and resolve dossiers, with their identifiers
// (Decision 20/2020/QĐ-TTg), working time and letterhead.
package unit

import (
	"fmt"
	"regexp"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/textfold"
)

// Kind is the level of an administrative unit after the 2025 two-tier reform.
type Kind string

const (
	Province    Kind = "province"
	Commune     Kind = "commune"
	Ward        Kind = "ward"
	SpecialZone Kind = "special_zone"
)

// Kinds lists the valid kinds in display order.
var Kinds = []Kind{Province, Commune, Ward, SpecialZone}

// Label is the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case Province:
		return "Tỉnh/Thành phố"
	case Commune:
		return "Xã"
	case Ward:
		return "Phường"
	case SpecialZone:
		return "Đặc khu"
	}
	return string(k)
}

// codePattern is the identifier shape NNN.NN.NN.XNN: the last group names
// the province (letter + two digits), the others the lower levels.
var codePattern = regexp.MustCompile(`^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$`)

// ValidateCode reports whether code has the shape of a unit identifier,
// e.g. 000.00.06.H56.
func ValidateCode(code string) error {
	if !codePattern.MatchString(code) {
		return apperr.Invalidf("code", "mã định danh %q không đúng dạng NNN.NN.NN.XNN (ví dụ 000.00.06.H56)", code)
	}
	return nil
}

// Span is one working period of a day, as "HH:MM" local times.
type Span struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// WorkingTime is a unit's working week: which weekdays and which hours.
type WorkingTime struct {
	Weekdays []time.Weekday `json:"weekdays"`
	Hours    []Span         `json:"hours"`
}

// DefaultWorkingTime is Monday to Friday, 07:00–11:30 and 13:30–17:00.
func DefaultWorkingTime() WorkingTime {
	return WorkingTime{
		Weekdays: []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday},
		Hours:    []Span{{"07:00", "11:30"}, {"13:30", "17:00"}},
	}
}

// Letterhead is what an official document of the unit prints at its top and
// in its signature block (Decree 30/2020/NĐ-CP).
type Letterhead struct {
	ParentBody  string `json:"parent_body"`  // e.g. "UBND TỈNH LÂM ĐỒNG"
	IssuingBody string `json:"issuing_body"` // e.g. "UBND XÃ ĐẠ TẺH"
	Place       string `json:"place"`        // e.g. "Đạ Tẻh", printed before the date
	SignerTitle string `json:"signer_title"` // e.g. "CHỦ TỊCH"
	SignerName  string `json:"signer_name"`
}

// Unit is an administrative unit. Its own fields carry no JSON tags (the API
// has its own view); WorkingTime, Span and Letterhead keep theirs, which are
// the store's format for the working and letterhead columns.
type Unit struct {
	ID          string
	Code        string
	Name        string
	Kind        Kind
	ParentID    string
	Address     string
	Phone       string
	Email       string
	Working     WorkingTime
	Letterhead  Letterhead
	SuccessorID string // the unit it was merged into
	MergedAt    *time.Time
	NSOCode     string // the statistical code (General Statistics Office), e.g. "25126"; "" when unknown
	ValidFrom   string // YYYY-MM-DD, the day the unit came into being; "" when unknown
	ValidTo     string // YYYY-MM-DD, its last day; "" while it exists
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// InForce reports whether the unit existed on day (YYYY-MM-DD).
func (u *Unit) InForce(day string) bool {
	return (u.ValidFrom == "" || u.ValidFrom <= day) && (u.ValidTo == "" || day <= u.ValidTo)
}

// Active reports whether the unit still exists as its own unit.
func (u *Unit) Active() bool { return u.SuccessorID == "" }

// Normalize NFC-normalises the unit's text and fills defaults.
func (u *Unit) Normalize() {
	for _, p := range []*string{&u.Code, &u.Name, &u.Address, &u.Phone, &u.Email,
		&u.Letterhead.ParentBody, &u.Letterhead.IssuingBody, &u.Letterhead.Place,
		&u.Letterhead.SignerTitle, &u.Letterhead.SignerName} {
		*p = textfold.NFC(*p)
	}
	if len(u.Working.Weekdays) == 0 && len(u.Working.Hours) == 0 {
		u.Working = DefaultWorkingTime()
	}
}

// Validate checks every field and returns an *apperr.FieldsError naming each
// problem.
func (u *Unit) Validate() error {
	f := apperr.Fields{}
	if u.NSOCode == "" || u.Code != StandInCode(u.NSOCode, u.ValidTo != "") {
		if err := ValidateCode(u.Code); err != nil {
			f.Add("code", "%s", apperr.PublicMessage(err))
		}
	}
	if u.NSOCode != "" && !nsoPattern.MatchString(u.NSOCode) {
		f.Add("nso_code", "mã thống kê %q phải gồm 2 đến 5 chữ số", u.NSOCode)
	}
	for _, d := range []struct{ name, v string }{{"valid_from", u.ValidFrom}, {"valid_to", u.ValidTo}} {
		if d.v != "" && !validDay(d.v) {
			f.Add(d.name, "ngày %q không hợp lệ (dạng YYYY-MM-DD)", d.v)
		}
	}
	if u.ValidFrom != "" && u.ValidTo != "" && u.ValidTo < u.ValidFrom {
		f.Add("valid_to", "ngày hết hiệu lực %s trước ngày có hiệu lực %s", u.ValidTo, u.ValidFrom)
	}
	if u.Name == "" {
		f.Add("name", "tên đơn vị là bắt buộc")
	}
	switch u.Kind {
	case Province, Commune, Ward, SpecialZone:
	default:
		f.Add("kind", "loại đơn vị %q không hợp lệ (province, commune, ward, special_zone)", u.Kind)
	}
	if err := ValidateWorkingTime(u.Working); err != nil {
		f.Add("working", "%s", err)
	}
	if u.SuccessorID != "" && u.SuccessorID == u.ID {
		f.Add("successor_id", "đơn vị không thể sáp nhập vào chính nó")
	}
	return f.Err()
}

// ValidateWorkingTime checks that hours are ordered, non-overlapping "HH:MM" spans.
func ValidateWorkingTime(w WorkingTime) error {
	if len(w.Weekdays) == 0 {
		return fmt.Errorf("cần ít nhất một ngày làm việc trong tuần")
	}
	seen := map[time.Weekday]bool{}
	for _, d := range w.Weekdays {
		if d < time.Sunday || d > time.Saturday || seen[d] {
			return fmt.Errorf("ngày trong tuần %d không hợp lệ hoặc bị lặp", d)
		}
		seen[d] = true
	}
	if len(w.Hours) == 0 {
		return fmt.Errorf("cần ít nhất một khoảng giờ làm việc")
	}
	last := -1
	for _, s := range w.Hours {
		a, err1 := ParseClock(s.Start)
		b, err2 := ParseClock(s.End)
		if err1 != nil || err2 != nil || a >= b || a < last {
			return fmt.Errorf("khoảng giờ %s–%s không hợp lệ", s.Start, s.End)
		}
		last = b
	}
	return nil
}

// ParseClock parses "HH:MM" into minutes after midnight.
func ParseClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("giờ %q không đúng dạng HH:MM", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

// CalendarConfig turns the unit's working time and its own calendar
// additions into the configuration of its working calendar; the national
// schedules are added by the caller.
func (w WorkingTime) CalendarConfig(extraOff, extraWork []calendar.Holiday) (calendar.Config, error) {
	cfg := calendar.Config{Weekdays: w.Weekdays, ExtraDaysOff: extraOff, ExtraWorkingDays: extraWork}
	for _, s := range w.Hours {
		from, err := ParseClock(s.Start)
		if err != nil {
			return cfg, err
		}
		to, err := ParseClock(s.End)
		if err != nil {
			return cfg, err
		}
		cfg.Hours = append(cfg.Hours, calendar.Interval{From: from, To: to})
	}
	return cfg, nil
}
