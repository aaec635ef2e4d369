package api

import (
	"time"

	"github.com/motcua/motcua/internal/unit"
)

// UnitView is a unit as the API shows and takes it (openapi.json: Unit).
// The store keeps working time and letterhead in its own JSON (the tags on
// unit.WorkingTime and unit.Letterhead); these views are the API's copy.
type UnitView struct {
	ID          string         `json:"id"`
	Code        string         `json:"code"`
	Name        string         `json:"name"`
	Kind        string         `json:"kind"`
	ParentID    string         `json:"parent_id,omitempty"`
	Address     string         `json:"address,omitempty"`
	Phone       string         `json:"phone,omitempty"`
	Email       string         `json:"email,omitempty"`
	Working     WorkingView    `json:"working"`
	Letterhead  LetterheadView `json:"letterhead"`
	SuccessorID string         `json:"successor_id,omitempty"`
	MergedAt    *time.Time     `json:"merged_at,omitempty"`
	CreatedAt   time.Time      `json:"created_at"`
	UpdatedAt   time.Time      `json:"updated_at"`
}

// WorkingView is a unit's working days (0 is Sunday) and hours.
type WorkingView struct {
	Weekdays []time.Weekday `json:"weekdays"`
	Hours    []SpanView     `json:"hours"`
}

// SpanView is a span of working hours, "HH:MM" to "HH:MM".
type SpanView struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// LetterheadView is what a unit prints at the head of its letters.
type LetterheadView struct {
	ParentBody  string `json:"parent_body"`
	IssuingBody string `json:"issuing_body"`
	Place       string `json:"place"`
	SignerTitle string `json:"signer_title"`
	SignerName  string `json:"signer_name"`
}

func unitView(u *unit.Unit) UnitView {
	v := UnitView{ID: u.ID, Code: u.Code, Name: u.Name, Kind: string(u.Kind), ParentID: u.ParentID, Address: u.Address,
		Phone: u.Phone, Email: u.Email, SuccessorID: u.SuccessorID, MergedAt: u.MergedAt,
		CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt,
		Working: WorkingView{Weekdays: u.Working.Weekdays},
		Letterhead: LetterheadView{ParentBody: u.Letterhead.ParentBody, IssuingBody: u.Letterhead.IssuingBody,
			Place: u.Letterhead.Place, SignerTitle: u.Letterhead.SignerTitle, SignerName: u.Letterhead.SignerName}}
	if u.Working.Hours != nil {
		v.Working.Hours = make([]SpanView, len(u.Working.Hours))
		for i, s := range u.Working.Hours {
			v.Working.Hours[i] = SpanView{Start: s.Start, End: s.End}
		}
	}
	return v
}

func unitViews(list []*unit.Unit) []UnitView {
	out := make([]UnitView, len(list))
	for i, u := range list {
		out[i] = unitView(u)
	}
	return out
}

func (v UnitView) unit() unit.Unit {
	u := unit.Unit{ID: v.ID, Code: v.Code, Name: v.Name, Kind: unit.Kind(v.Kind), ParentID: v.ParentID, Address: v.Address,
		Phone: v.Phone, Email: v.Email, SuccessorID: v.SuccessorID, MergedAt: v.MergedAt,
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt,
		Working: unit.WorkingTime{Weekdays: v.Working.Weekdays},
		Letterhead: unit.Letterhead{ParentBody: v.Letterhead.ParentBody, IssuingBody: v.Letterhead.IssuingBody,
			Place: v.Letterhead.Place, SignerTitle: v.Letterhead.SignerTitle, SignerName: v.Letterhead.SignerName}}
	if v.Working.Hours != nil {
		u.Working.Hours = make([]unit.Span, len(v.Working.Hours))
		for i, s := range v.Working.Hours {
			u.Working.Hours[i] = unit.Span{Start: s.Start, End: s.End}
		}
	}
	return u
}
