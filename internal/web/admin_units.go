package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/unit"
)

// adminWeekOrder is the order weekdays are offered in: Monday first, as
// Vietnamese calendars print them.
func adminWeekOrder() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}
}

type adminUnitRow struct {
	U         *unit.Unit
	Parent    *unit.Unit
	Successor *unit.Unit
	Own       bool   // the administrator's own unit
	Kind      string // the kind in words
}

type adminUnitsData struct {
	Rows []adminUnitRow
}

// adminUnits lists the units the administrator governs, merged ones shown
// as such with their successor.
func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request) error {
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return err
	}
	all, err := s.db.Units(r.Context())
	if err != nil {
		return err
	}
	byID := map[string]*unit.Unit{}
	for _, u := range all {
		byID[u.ID] = u
	}
	var d adminUnitsData
	p := s.adminPage(w, r, "admin.units.title")
	for _, u := range units {
		d.Rows = append(d.Rows, adminUnitRow{U: u, Parent: byID[u.ParentID], Successor: byID[u.SuccessorID],
			Own: u.ID == adminOfficer(r).UnitID, Kind: translate(p.Lang, "admin.kind."+string(u.Kind))})
	}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_units", p)
}

type adminUnitFormData struct {
	New      bool
	Unit     *unit.Unit // the unit edited; nil when new
	Parents  []adminOption
	Kinds    []adminOption
	Weekdays []adminOption
}

func (s *Server) adminUnitFormData(r *http.Request, lang string, u *unit.Unit) (adminUnitFormData, error) {
	d := adminUnitFormData{New: u == nil, Unit: u}
	for _, k := range unit.Kinds {
		d.Kinds = append(d.Kinds, adminOption{Value: string(k), Label: translate(lang, "admin.kind."+string(k))})
	}
	for _, wd := range adminWeekOrder() {
		d.Weekdays = append(d.Weekdays, adminOption{Value: strconv.Itoa(int(wd)), Label: adminWeekday(lang, wd)})
	}
	if u == nil {
		units, err := s.adminGovernedUnits(r)
		if err != nil {
			return d, err
		}
		d.Parents = adminUnitOptions(units, true)
	}
	return d, nil
}

// adminUnitValues is the form of a unit, for editing it.
func adminUnitValues(u *unit.Unit) url.Values {
	v := url.Values{
		"code": {u.Code}, "name": {u.Name}, "kind": {string(u.Kind)}, "address": {u.Address},
		"phone": {u.Phone}, "email": {u.Email}, "hours": {adminFormatHours(u.Working.Hours)},
		"lh_parent": {u.Letterhead.ParentBody}, "lh_issuing": {u.Letterhead.IssuingBody},
		"lh_place": {u.Letterhead.Place}, "lh_signer_title": {u.Letterhead.SignerTitle},
		"lh_signer_name": {u.Letterhead.SignerName},
	}
	for _, wd := range u.Working.Weekdays {
		v.Add("weekdays", strconv.Itoa(int(wd)))
	}
	return v
}

func adminFormatHours(spans []unit.Span) string {
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = s.Start + "–" + s.End
	}
	return strings.Join(parts, ", ")
}

var (
	adminSpanRE  = regexp.MustCompile(`^(\d{1,2}:\d{2})\s*[-–—]\s*(\d{1,2}:\d{2})$`)
	adminEmailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// adminParseHours reads "07:00–11:30, 13:30–17:00" (a hyphen or a dash).
func adminParseHours(s string) ([]unit.Span, error) {
	var out []unit.Span
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		m := adminSpanRE.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("khoảng giờ %q không đúng dạng HH:MM–HH:MM", strings.TrimSpace(part))
		}
		pad := func(c string) string {
			if len(c) == 4 {
				return "0" + c
			}
			return c
		}
		out = append(out, unit.Span{Start: pad(m[1]), End: pad(m[2])})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("cần ít nhất một khoảng giờ làm việc, ví dụ 07:00–11:30, 13:30–17:00")
	}
	return out, nil
}

// adminUnitFromForm reads the editable fields of a unit from f into u and
// returns the problems found, by field (the unit's own rules included).
func adminUnitFromForm(f url.Values, u *unit.Unit) map[string]string {
	errs := map[string]string{}
	u.Code, u.Name, u.Kind = f.Get("code"), f.Get("name"), unit.Kind(f.Get("kind"))
	u.Address, u.Phone, u.Email = f.Get("address"), f.Get("phone"), f.Get("email")
	u.Letterhead = unit.Letterhead{ParentBody: f.Get("lh_parent"), IssuingBody: f.Get("lh_issuing"),
		Place: f.Get("lh_place"), SignerTitle: f.Get("lh_signer_title"), SignerName: f.Get("lh_signer_name")}
	u.Working.Weekdays = nil
	for _, v := range f["weekdays"] {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 6 {
			errs["weekdays"] = "Ngày làm việc trong tuần không hợp lệ."
			continue
		}
		u.Working.Weekdays = append(u.Working.Weekdays, time.Weekday(n))
	}
	slices.Sort(u.Working.Weekdays)
	u.Working.Weekdays = slices.Compact(u.Working.Weekdays)
	if len(u.Working.Weekdays) == 0 {
		errs["weekdays"] = "Chọn ít nhất một ngày làm việc trong tuần."
	}
	hours, err := adminParseHours(f.Get("hours"))
	if err != nil {
		errs["hours"] = adminSentence(err.Error())
	}
	u.Working.Hours = hours
	if u.Email != "" && !adminEmailRE.MatchString(u.Email) {
		errs["email"] = fmt.Sprintf("Địa chỉ thư điện tử %q không hợp lệ.", u.Email)
	}
	u.Normalize()
	if err := u.Validate(); err != nil {
		fields, _ := adminFormErrors(err, "code")
		for k, v := range fields {
			if k == "working" {
				k = "hours"
				if errs["weekdays"] != "" {
					continue // the weekdays' own message says it better
				}
			}
			if _, seen := errs[k]; !seen {
				errs[k] = v
			}
		}
	}
	return errs
}

// adminUnitNew is the form for a unit below one the administrator governs
// (?tren=CODE picks the parent).
func (s *Server) adminUnitNew(w http.ResponseWriter, r *http.Request) error {
	p := s.adminPage(w, r, "admin.unit.new")
	parent := r.URL.Query().Get("tren")
	if parent == "" {
		u, err := s.db.Unit(r.Context(), adminOfficer(r).UnitID)
		if err != nil {
			return err
		}
		parent = u.Code
	}
	def := unit.DefaultWorkingTime()
	p.Form = adminUnitValues(&unit.Unit{Kind: unit.Commune, Working: def})
	p.Form.Set("parent", parent)
	d, err := s.adminUnitFormData(r, p.Lang, nil)
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_unit_form", p)
}

// adminUnitCreate stores a new unit below a unit the administrator governs.
func (s *Server) adminUnitCreate(w http.ResponseWriter, r *http.Request) error {
	f := adminForm(r)
	p := s.adminPage(w, r, "admin.unit.new")
	p.Form = f
	d, err := s.adminUnitFormData(r, p.Lang, nil)
	if err != nil {
		return err
	}
	p.Data = d
	parent, err := s.adminGovernedUnit(r, f.Get("parent"))
	if apperr.KindOf(err) == apperr.NotFound && f.Get("parent") != "" {
		return s.renderAdminForm(w, p, "admin_unit_form", http.StatusBadRequest, map[string]string{"parent": "Không tìm thấy đơn vị cấp trên đã chọn."})
	}
	if err != nil {
		return err
	}
	var u unit.Unit
	errs := adminUnitFromForm(f, &u)
	if !parent.Active() {
		errs["parent"] = "Đơn vị cấp trên đã sáp nhập vào đơn vị khác."
	}
	if len(errs) > 0 {
		return s.renderAdminForm(w, p, "admin_unit_form", http.StatusBadRequest, errs)
	}
	u.ParentID = parent.ID
	if err := s.db.CreateUnit(r.Context(), &u, adminOfficer(r).ID); err != nil {
		fields, ok := adminFormErrors(err, "code")
		if !ok {
			return err
		}
		return s.renderAdminForm(w, p, "admin_unit_form", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.unit.created", u.Code))
	http.Redirect(w, r, "/quan-tri/don-vi", http.StatusSeeOther)
	return nil
}

// adminEditableUnit returns the governed, not merged unit of the path.
func (s *Server) adminEditableUnit(r *http.Request) (*unit.Unit, error) {
	u, err := s.adminGovernedUnit(r, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, apperr.New(apperr.Conflict, "đơn vị %s đã sáp nhập vào đơn vị khác, không sửa được nữa", u.Code)
	}
	return u, nil
}

// adminUnitEdit is the form of a unit the administrator governs.
func (s *Server) adminUnitEdit(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminEditableUnit(r)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.unit.edit", u.Code)
	p.Form = adminUnitValues(u)
	d, err := s.adminUnitFormData(r, p.Lang, u)
	if err != nil {
		return err
	}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_unit_form", p)
}

// adminUnitUpdate stores the edited unit; its parent does not change here.
func (s *Server) adminUnitUpdate(w http.ResponseWriter, r *http.Request) error {
	cur, err := s.adminEditableUnit(r)
	if err != nil {
		return err
	}
	f := adminForm(r)
	p := s.adminPage(w, r, "admin.unit.edit", cur.Code)
	p.Form = f
	d, err := s.adminUnitFormData(r, p.Lang, cur)
	if err != nil {
		return err
	}
	p.Data = d
	u := *cur
	if errs := adminUnitFromForm(f, &u); len(errs) > 0 {
		return s.renderAdminForm(w, p, "admin_unit_form", http.StatusBadRequest, errs)
	}
	if err := s.db.UpdateUnit(r.Context(), &u, adminOfficer(r).ID); err != nil {
		fields, ok := adminFormErrors(err, "code")
		if !ok {
			return err
		}
		return s.renderAdminForm(w, p, "admin_unit_form", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.unit.saved", u.Code))
	http.Redirect(w, r, "/quan-tri/don-vi", http.StatusSeeOther)
	return nil
}

type adminMergeData struct {
	Unit       *unit.Unit
	Successor  *unit.Unit // set on the confirmation step
	Successors []adminOption
	Today      string // the default day the successor takes over
}

// adminMergeable returns the unit of the path when the administrator may merge
// it: governed, not merged yet, and not their own unit.
func (s *Server) adminMergeable(r *http.Request) (*unit.Unit, error) {
	u, err := s.adminEditableUnit(r)
	if err != nil {
		return nil, err
	}
	if u.ID == adminOfficer(r).UnitID {
		return nil, apperr.New(apperr.Forbidden, "bạn không thể sáp nhập đơn vị của chính mình; việc này do đơn vị cấp trên thực hiện")
	}
	return u, nil
}

func (s *Server) adminMergeData(r *http.Request, u *unit.Unit) (adminMergeData, error) {
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return adminMergeData{}, err
	}
	units = slices.DeleteFunc(units, func(x *unit.Unit) bool { return x.ID == u.ID })
	return adminMergeData{Unit: u, Successors: adminUnitOptions(units, true), Today: time.Now().In(vnZone).Format("2006-01-02")}, nil
}

// adminUnitMergeForm asks which unit a unit is merged into.
func (s *Server) adminUnitMergeForm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminMergeable(r)
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.merge.title", u.Code)
	d, err := s.adminMergeData(r, u)
	if err != nil {
		return err
	}
	p.Data = d
	p.Form = url.Values{}
	return s.render(w, http.StatusOK, "admin_unit_merge", p)
}

// adminUnitMerge first shows what the merge does and asks to confirm it
// (confirm=yes), then records it.
func (s *Server) adminUnitMerge(w http.ResponseWriter, r *http.Request) error {
	u, err := s.adminMergeable(r)
	if err != nil {
		return err
	}
	f := adminForm(r)
	p := s.adminPage(w, r, "admin.merge.title", u.Code)
	p.Form = f
	d, err := s.adminMergeData(r, u)
	if err != nil {
		return err
	}
	p.Data = d
	code := f.Get("successor")
	if code == "" || !slices.ContainsFunc(d.Successors, func(o adminOption) bool { return o.Value == code }) {
		return s.renderAdminForm(w, p, "admin_unit_merge", http.StatusBadRequest,
			map[string]string{"successor": "Chọn đơn vị kế thừa trong danh sách các đơn vị bạn quản trị."})
	}
	to, err := s.db.UnitByCode(r.Context(), code)
	if err != nil {
		return err
	}
	if f.Get("confirm") != "yes" {
		d.Successor = to
		p.Data = d
		return s.render(w, http.StatusOK, "admin_unit_merge", p)
	}
	res, err := s.db.MergeUnits(r.Context(), mergeRequest(u.ID, to.ID, d.Today, f), adminOfficer(r).ID)
	if err != nil {
		fields, ok := adminFormErrors(err, "successor")
		if !ok {
			return err
		}
		d.Successor = to
		p.Data = d
		return s.renderAdminForm(w, p, "admin_unit_merge", adminStatus(err), fields)
	}
	s.flash(w, p.T("admin.merge.done.moved", u.Code, to.Code, res.Officers, res.Dossiers))
	http.Redirect(w, r, "/quan-tri/don-vi", http.StatusSeeOther)
	return nil
}
