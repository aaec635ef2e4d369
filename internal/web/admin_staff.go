package web

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

type adminStaffGroup struct {
	Unit     *unit.Unit
	Officers []*staff.Officer
}

type adminStaffData struct {
	Groups     []adminStaffGroup
	FieldNames map[string]string
}

// adminStaff lists the officers of each unit the administrator governs.
func (s *Server) adminStaff(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return err
	}
	d := adminStaffData{FieldNames: map[string]string{}}
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return err
	}
	for _, f := range fields {
		d.FieldNames[f.Code] = f.Name
	}
	for _, u := range units {
		list, err := s.db.Officers(ctx, store.OfficerFilter{UnitID: u.ID})
		if err != nil {
			return err
		}
		if len(list) == 0 && !u.Active() {
			continue
		}
		d.Groups = append(d.Groups, adminStaffGroup{Unit: u, Officers: list})
	}
	p := s.adminPage(w, r, "admin.staff.title")
	p.Data = d
	return s.render(w, http.StatusOK, "admin_staff", p)
}

type adminOfficerFormData struct {
	Officer *staff.Officer // nil when new
	Unit    *unit.Unit     // the officer's unit, when editing
	Self    bool           // the administrator edits their own account
	Units   []adminOption
	Roles   []adminOption
	Fields  []adminOption
	// ActiveOption is the one checkbox of the active flag.
	ActiveOption []adminOption
	// Token is a token just issued, shown once.
	Token     string
	TokenName string
	// Tokens are the officer's issued tokens, revoked ones included;
	// Sessions their live web sessions. Each can be ended from the page.
	Tokens   []store.APIToken
	Sessions []store.SessionInfo
}

func (s *Server) adminOfficerFormData(r *http.Request, lang string, o *staff.Officer) (adminOfficerFormData, error) {
	d := adminOfficerFormData{Officer: o, ActiveOption: []adminOption{{Value: "yes", Label: translate(lang, "admin.officer.active")}}}
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return d, err
	}
	d.Units = adminUnitOptions(units, true)
	for _, role := range staff.Roles {
		d.Roles = append(d.Roles, adminOption{Value: string(role), Label: translate(lang, "role."+string(role))})
	}
	fields, err := s.db.Fields(r.Context())
	if err != nil {
		return d, err
	}
	for _, f := range fields {
		label, vi := f.Name, true
		if lang == "en" && f.NameEN != "" {
			label, vi = f.NameEN, false
		}
		d.Fields = append(d.Fields, adminOption{Value: f.Code, Label: f.Code + " – " + label, VI: vi})
	}
	if o != nil {
		d.Self = o.ID == adminOfficer(r).ID
		for _, u := range units {
			if u.ID == o.UnitID {
				d.Unit = u
			}
		}
	}
	return d, nil
}

// adminOfficerValues is the form of an officer, for editing them.
func adminOfficerValues(o *staff.Officer, unitCode string) url.Values {
	v := url.Values{"unit": {unitCode}, "username": {o.Username}, "full_name": {o.FullName}, "title": {o.Title},
		"phone": {o.Phone}, "email": {o.Email}, "fields": o.Fields}
	for _, r := range o.Roles {
		v.Add("roles", string(r))
	}
	if o.Active {
		v.Set("active", "yes")
	}
	return v
}

// adminOfficerFromForm reads an officer's profile, roles and fields from f into
// o and returns the problems found by field.
func adminOfficerFromForm(f url.Values, o *staff.Officer) map[string]string {
	errs := map[string]string{}
	o.FullName, o.Title, o.Phone, o.Email = f.Get("full_name"), f.Get("title"), f.Get("phone"), f.Get("email")
	o.Roles = nil
	for _, r := range f["roles"] {
		o.Roles = append(o.Roles, staff.Role(r))
	}
	o.Fields = f["fields"]
	if o.Email != "" && !adminEmailRE.MatchString(o.Email) {
		errs["email"] = fmt.Sprintf("Địa chỉ thư điện tử %q không hợp lệ.", o.Email)
	}
	o.Normalize()
	if err := o.Validate(); err != nil {
		fields, _ := adminFormErrors(err, "username")
		for k, v := range fields {
			if k == "fields" {
				v = "Chỉ chuyên viên mới phụ trách lĩnh vực: chọn cả vai trò Chuyên viên, hoặc bỏ chọn các lĩnh vực."
			}
			if _, seen := errs[k]; !seen {
				errs[k] = v
			}
		}
	}
	if o.Has(staff.Specialist) && len(o.Fields) == 0 {
		errs["fields"] = "Chuyên viên cần phụ trách ít nhất một lĩnh vực."
	}
	return errs
}

func adminPasswordProblem(pw string) string {
	if len([]rune(pw)) < staff.MinPasswordLength {
		return fmt.Sprintf("Mật khẩu phải có ít nhất %d ký tự.", staff.MinPasswordLength)
	}
	return ""
}

// adminOfficerNew is the form for a new officer.
func (s *Server) adminOfficerNew(w http.ResponseWriter, r *http.Request) error {
	p := s.adminPage(w, r, "admin.officer.new")
	u, err := s.db.Unit(r.Context(), adminOfficer(r).UnitID)
	if err != nil {
		return err
	}
	code := u.Code
	if q := r.URL.Query().Get("don-vi"); q != "" {
		code = q
	}
	p.Form = url.Values{"unit": {code}}
	d, err := s.adminOfficerFormData(r, p.Lang, nil)
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_officer_form", p)
}

// adminOfficerCreate stores a new, active officer of a governed unit with
// an initial password.
func (s *Server) adminOfficerCreate(w http.ResponseWriter, r *http.Request) error {
	f := adminForm(r)
	p := s.adminPage(w, r, "admin.officer.new")
	p.Form = f
	d, err := s.adminOfficerFormData(r, p.Lang, nil)
	if err != nil {
		return err
	}
	p.Data = d
	u, err := s.adminGovernedUnit(r, f.Get("unit"))
	if apperr.KindOf(err) == apperr.NotFound {
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest, map[string]string{"unit": "Chọn đơn vị của cán bộ."})
	}
	if err != nil {
		return err
	}
	o := staff.Officer{UnitID: u.ID, Username: f.Get("username"), Active: true}
	errs := adminOfficerFromForm(f, &o)
	if !u.Active() {
		errs["unit"] = "Đơn vị đã sáp nhập vào đơn vị khác."
	}
	if msg := adminPasswordProblem(f.Get("password")); msg != "" {
		errs["password"] = msg
	}
	if len(errs) > 0 {
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest, errs)
	}
	if err := s.db.CreateOfficer(r.Context(), &o, f.Get("password"), adminOfficer(r).ID); err != nil {
		fields, ok := adminFormErrors(err, "username")
		if !ok {
			return err
		}
		return s.renderAdminForm(w, p, "admin_officer_form", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.officer.created", o.Username))
	http.Redirect(w, r, "/quan-tri/can-bo", http.StatusSeeOther)
	return nil
}

// adminGovernedOfficer returns the officer of the path when the administrator
// governs their unit. Errors: NotFound, Forbidden.
func (s *Server) adminGovernedOfficer(r *http.Request) (*staff.Officer, error) {
	o, err := s.db.Officer(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	if err := s.db.RequireGoverns(r.Context(), adminOfficer(r).UnitID, o.UnitID); err != nil {
		return nil, err
	}
	return o, nil
}

// adminOfficerPage prepares the officer's page: the profile form filled with
// the stored values, and the password and token forms.
func (s *Server) adminOfficerPage(w http.ResponseWriter, r *http.Request, o *staff.Officer) (*Page, adminOfficerFormData, error) {
	p := s.adminPage(w, r, "admin.officer.edit", o.Username)
	d, err := s.adminOfficerFormData(r, p.Lang, o)
	if err != nil {
		return nil, d, err
	}
	code := ""
	if d.Unit != nil {
		code = d.Unit.Code
	}
	p.Form = adminOfficerValues(o, code)
	if d.Tokens, err = s.db.Tokens(r.Context(), o.ID); err != nil {
		return nil, d, err
	}
	if d.Sessions, err = s.db.Sessions(r.Context(), o.ID); err != nil {
		return nil, d, err
	}
	p.Data = d
	return p, d, nil
}

// adminOfficerEdit shows an officer of a governed unit.
func (s *Server) adminOfficerEdit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.adminGovernedOfficer(r)
	if err != nil {
		return err
	}
	p, _, err := s.adminOfficerPage(w, r, o)
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "admin_officer_form", p)
}

// adminOfficerUpdate stores an officer's profile, unit, roles, fields and
// active flag. Administrators cannot lock themselves out.
func (s *Server) adminOfficerUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.adminGovernedOfficer(r)
	if err != nil {
		return err
	}
	f := adminForm(r)
	p, d, err := s.adminOfficerPage(w, r, cur)
	if err != nil {
		return err
	}
	p.Form = f
	p.Form.Set("username", cur.Username)
	o := *cur
	errs := map[string]string{}
	u, err := s.adminGovernedUnit(r, f.Get("unit"))
	switch {
	case apperr.KindOf(err) == apperr.NotFound:
		errs["unit"] = "Chọn đơn vị của cán bộ."
	case err != nil:
		return err
	case !u.Active() && u.ID != cur.UnitID:
		errs["unit"] = "Đơn vị đã sáp nhập vào đơn vị khác."
	default:
		o.UnitID = u.ID
	}
	for k, v := range adminOfficerFromForm(f, &o) {
		errs[k] = v
	}
	o.Active = f.Get("active") == "yes"
	if d.Self {
		if !o.Has(staff.Admin) {
			errs["roles"] = "Bạn không thể tự bỏ vai trò Quản trị của mình."
		}
		if !o.Active {
			errs["active"] = "Bạn không thể tự khoá tài khoản của mình."
		}
		if o.UnitID != cur.UnitID {
			errs["unit"] = "Bạn không thể tự chuyển mình sang đơn vị khác."
		}
	}
	if len(errs) > 0 {
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest, errs)
	}
	if err := s.db.UpdateOfficer(r.Context(), &o, adminOfficer(r).ID); err != nil {
		fields, ok := adminFormErrors(err, "full_name")
		if !ok {
			return err
		}
		return s.renderAdminForm(w, p, "admin_officer_form", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.officer.saved", o.Username))
	http.Redirect(w, r, "/quan-tri/can-bo/"+o.ID, http.StatusSeeOther)
	return nil
}

// adminOfficerPassword replaces an officer's password, which ends their
// sessions.
func (s *Server) adminOfficerPassword(w http.ResponseWriter, r *http.Request) error {
	o, err := s.adminGovernedOfficer(r)
	if err != nil {
		return err
	}
	f := adminForm(r)
	p, _, err := s.adminOfficerPage(w, r, o)
	if err != nil {
		return err
	}
	if msg := adminPasswordProblem(f.Get("password")); msg != "" {
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest, map[string]string{"password": msg})
	}
	if err := s.db.SetPassword(r.Context(), o.ID, f.Get("password"), adminOfficer(r).ID); err != nil {
		fields, ok := adminFormErrors(err, "password")
		if !ok {
			return err
		}
		return s.renderAdminForm(w, p, "admin_officer_form", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.officer.password_set", o.Username))
	http.Redirect(w, r, "/quan-tri/can-bo/"+o.ID, http.StatusSeeOther)
	return nil
}

// adminOfficerToken issues an API token for an active officer and shows it
// this once; only its hash is stored, and the page is not cached. The same
// form's revoke=ID revokes a token of the officer and end_session=ID ends one
// of their sessions (adminOfficerAccess).
func (s *Server) adminOfficerToken(w http.ResponseWriter, r *http.Request) error {
	o, err := s.adminGovernedOfficer(r)
	if err != nil {
		return err
	}
	f := adminForm(r)
	if f.Get("revoke") != "" || f.Get("end_session") != "" {
		return s.adminOfficerAccess(w, r, o, f)
	}
	p, d, err := s.adminOfficerPage(w, r, o)
	if err != nil {
		return err
	}
	name := f.Get("token_name")
	p.Form.Set("token_name", name)
	switch {
	case name == "":
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest,
			map[string]string{"token_name": "Đặt tên cho mã truy cập, ví dụ tên phần mềm sẽ dùng nó."})
	case len([]rune(name)) > 100:
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusBadRequest,
			map[string]string{"token_name": "Tên mã truy cập dài tối đa 100 ký tự."})
	case !o.Active:
		return s.renderAdminForm(w, p, "admin_officer_form", http.StatusConflict,
			map[string]string{"token_name": "Tài khoản đang bị khoá; mở khoá trước khi cấp mã truy cập."})
	}
	token, err := s.db.CreateToken(r.Context(), o.ID, name, adminOfficer(r).ID)
	if err != nil {
		return err
	}
	d.Token, d.TokenName = token, name
	p.Data = d
	p.Form.Del("token_name")
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "admin_officer_form", p)
}

// adminOfficerAccess revokes one of the officer's API tokens (revoke=ID) or
// ends one of their web sessions (end_session=ID), at once.
func (s *Server) adminOfficerAccess(w http.ResponseWriter, r *http.Request, o *staff.Officer, f url.Values) error {
	by := adminOfficer(r).ID
	var err error
	key := "admin.token.revoked"
	if id := f.Get("revoke"); id != "" {
		err = s.db.RevokeToken(r.Context(), o.ID, id, by)
	} else {
		key = "admin.session.ended"
		err = s.db.EndSession(r.Context(), o.ID, f.Get("end_session"), by)
	}
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.officer.edit", o.Username)
	s.flash(w, p.T(key, o.Username))
	http.Redirect(w, r, "/quan-tri/can-bo/"+o.ID, http.StatusSeeOther)
	return nil
}
