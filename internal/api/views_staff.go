package api

import (
	"time"

	"github.com/motcua/motcua/internal/staff"
)

// OfficerView is an officer as the API shows it (openapi.json: Officer).
// The password hash never crosses: it has no field here.
type OfficerView struct {
	ID        string    `json:"id"`
	UnitID    string    `json:"unit_id"`
	Username  string    `json:"username"`
	FullName  string    `json:"full_name"`
	Title     string    `json:"title,omitempty"`
	Phone     string    `json:"phone,omitempty"`
	Email     string    `json:"email,omitempty"`
	Roles     []string  `json:"roles"`
	Fields    []string  `json:"fields,omitempty"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

func officerView(o *staff.Officer) OfficerView {
	roles := make([]string, len(o.Roles))
	for i, r := range o.Roles {
		roles[i] = string(r)
	}
	if o.Roles == nil {
		roles = nil
	}
	return OfficerView{ID: o.ID, UnitID: o.UnitID, Username: o.Username, FullName: o.FullName, Title: o.Title,
		Phone: o.Phone, Email: o.Email, Roles: roles, Fields: o.Fields, Active: o.Active, CreatedAt: o.CreatedAt}
}

func officerViews(list []*staff.Officer) []OfficerView {
	out := make([]OfficerView, len(list))
	for i, o := range list {
		out[i] = officerView(o)
	}
	return out
}

// newOfficer is the body of POST /api/v1/officers: an officer (the same keys
// as OfficerView, which the schema allows) and its first password.
type newOfficer struct {
	OfficerView
	Password string `json:"password"`
}

func (in newOfficer) officer() staff.Officer {
	roles := make([]staff.Role, len(in.Roles))
	for i, r := range in.Roles {
		roles[i] = staff.Role(r)
	}
	if in.Roles == nil {
		roles = nil
	}
	return staff.Officer{ID: in.ID, UnitID: in.UnitID, Username: in.Username, FullName: in.FullName, Title: in.Title,
		Phone: in.Phone, Email: in.Email, Roles: roles, Fields: in.Fields, Active: in.Active, CreatedAt: in.CreatedAt}
}
