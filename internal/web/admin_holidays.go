package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// Day origins, as the holidays page labels them.
const (
	adminOriginComputed = "computed" // from the Labor Code's rules
	adminOriginOfficial = "official" // the year's official schedule
	adminOriginUnit     = "unit"     // the unit's own addition
)

type adminDayRow struct {
	Date    calendar.Date
	Name    string
	Origin  string
	Label   string // the origin in words
	Weekday string
	Shown   string // dd/mm/yyyy
}

type adminOwnDay struct {
	store.UnitDay
	Shown   string // dd/mm/yyyy
	Weekday string
}

type adminHolidaysData struct {
	Unit     *unit.Unit
	Units    []adminOption
	Year     int
	Years    []adminOption
	Official *calendar.Schedule // the year's official schedule, if any
	DaysOff  []adminDayRow
	MakeUp   []adminDayRow
	Own      []adminOwnDay
	Kinds    []adminOption
	// The effect: a dossier with a limit of Days working days received at
	// 08:00 on From is due at Due.
	From     calendar.Date
	FromText string
	Days     int
	Due      time.Time
	DueDay   string
	// MinDate and MaxDate bound the unit's own days, as YYYY-MM-DD.
	MinDate, MaxDate string
}

// adminShowDate prints a date as Vietnamese forms do: dd/mm/yyyy.
func adminShowDate(d calendar.Date) string {
	return fmt.Sprintf("%02d/%02d/%04d", d.Day, int(d.Month), d.Year)
}

// adminOwnDayRange is the span the unit's own days may be set in: from the
// start of last year (to correct a recent mistake) to five years ahead.
func adminOwnDayRange(today calendar.Date) (from, to calendar.Date) {
	from, _ = calendar.MakeDate(today.Year-1, time.January, 1)
	to, _ = calendar.MakeDate(today.Year+5, time.December, 31)
	return from, to
}

// adminHolidaysPage builds the holidays page of unit u for year, with the effect
// of the calendar on a dossier received on from with a limit of days.
func (s *Server) adminHolidaysPage(r *http.Request, p *Page, u *unit.Unit, year int, from calendar.Date, days int) (adminHolidaysData, error) {
	ctx := r.Context()
	d := adminHolidaysData{Unit: u, Year: year, From: from, FromText: adminShowDate(from), Days: days}
	units, err := s.adminGovernedUnits(r)
	if err != nil {
		return d, err
	}
	d.Units = adminUnitOptions(units, true)
	today := calendar.DateOf(s.db.Now())
	for y := today.Year - 1; y <= today.Year+5; y++ {
		d.Years = append(d.Years, adminOption{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	if year < today.Year-1 || year > today.Year+5 {
		d.Years = append([]adminOption{{Value: strconv.Itoa(year), Label: strconv.Itoa(year)}}, d.Years...)
	}
	lo, hi := adminOwnDayRange(today)
	d.MinDate, d.MaxDate = lo.String(), hi.String()
	d.Kinds = []adminOption{{Value: "off", Label: p.T("admin.holidays.kind.off")}, {Value: "working", Label: p.T("admin.holidays.kind.working")}}

	cal, err := s.db.Calendar(ctx, u.ID)
	if err != nil {
		return d, err
	}
	schedules, err := calendar.ShippedSchedules()
	if err != nil {
		return d, err
	}
	for i := range schedules {
		if schedules[i].Year == year {
			d.Official = &schedules[i]
		}
	}
	own, err := s.db.UnitDays(ctx, u.ID)
	if err != nil {
		return d, err
	}
	ownByDate := map[string]store.UnitDay{}
	for _, x := range own {
		ownByDate[x.Date] = x
		od := adminOwnDay{UnitDay: x, Shown: x.Date}
		if cd, err := calendar.ParseDate(x.Date); err == nil {
			od.Shown, od.Weekday = adminShowDate(cd), adminWeekday(p.Lang, cd.Weekday())
		}
		d.Own = append(d.Own, od)
	}
	row := func(h calendar.Holiday, working bool) adminDayRow {
		origin := adminOriginComputed
		if x, ok := ownByDate[h.Date.String()]; ok && x.Working == working {
			origin = adminOriginUnit
		} else if d.Official != nil {
			origin = adminOriginOfficial
		}
		return adminDayRow{Date: h.Date, Name: h.Name, Origin: origin, Label: p.T("admin.holidays.origin." + origin),
			Weekday: adminWeekday(p.Lang, h.Date.Weekday()), Shown: adminShowDate(h.Date)}
	}
	off, err := cal.DaysOff(year)
	if err != nil {
		return d, apperr.Wrap(apperr.Invalid, err, "năm %d nằm ngoài phạm vi của lịch", year)
	}
	for _, h := range off {
		d.DaysOff = append(d.DaysOff, row(h, false))
	}
	makeUp, err := cal.MakeUpDays(year)
	if err != nil {
		return d, err
	}
	for _, h := range makeUp {
		d.MakeUp = append(d.MakeUp, row(h, true))
	}
	due, err := cal.Due(from.At(8*60), calendar.Days(days))
	if err != nil {
		return d, apperr.Wrap(apperr.Invalid, err, "không tính được ngày hẹn trả từ ngày %s", adminShowDate(from))
	}
	d.Due = due
	d.DueDay = adminWeekday(p.Lang, due.Weekday())
	return d, nil
}

// adminHolidayQuery reads the page's query: the unit (?don-vi=, the
// administrator's own by default), the year (?nam=, this year), and the
// effect's start date (?tu=, today) and limit (?ngay=, 3 working days).
func (s *Server) adminHolidayQuery(r *http.Request, q url.Values) (u *unit.Unit, year int, from calendar.Date, days int, err error) {
	code := q.Get("don-vi")
	if code == "" {
		if u, err = s.db.Unit(r.Context(), adminOfficer(r).UnitID); err != nil {
			return
		}
	} else if u, err = s.adminGovernedUnit(r, code); err != nil {
		return
	}
	today := calendar.DateOf(s.db.Now())
	year, from, days = today.Year, today, 3
	if v := q.Get("nam"); v != "" {
		if year, err = strconv.Atoi(v); err != nil || year < calendar.MinYear+1 || year > calendar.MaxYear-1 {
			err = apperr.Invalidf("nam", "năm %q không hợp lệ", v)
			return
		}
	}
	if v := q.Get("tu"); v != "" {
		if from, err = calendar.ParseDate(v); err != nil || from.Year < calendar.MinYear+1 || from.Year > calendar.MaxYear-1 {
			err = apperr.Invalidf("tu", "ngày %q không hợp lệ", v)
			return
		}
	}
	if v := q.Get("ngay"); v != "" {
		if days, err = strconv.Atoi(v); err != nil || days < 1 || days > 60 {
			err = apperr.Invalidf("ngay", "số ngày làm việc %q phải từ 1 đến 60", v)
			return
		}
	}
	return u, year, from, days, nil
}

// adminHolidays shows a unit's days off and make-up working days of a
// year, each labelled by origin, the unit's own days with forms to add and
// remove them, and the effect on a dossier's appointment.
func (s *Server) adminHolidays(w http.ResponseWriter, r *http.Request) error {
	u, year, from, days, err := s.adminHolidayQuery(r, r.URL.Query())
	if err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.holidays.title")
	d, err := s.adminHolidaysPage(r, p, u, year, from, days)
	if err != nil {
		return err
	}
	p.Form = url.Values{"kind": {"off"}, "tu": {from.String()}, "ngay": {strconv.Itoa(days)},
		"don-vi": {u.Code}, "nam": {strconv.Itoa(year)}}
	p.Data = d
	return s.render(w, http.StatusOK, "admin_holidays", p)
}

// adminHolidayUnit returns the governed, not merged unit a holidays POST names.
func (s *Server) adminHolidayUnit(r *http.Request, f url.Values) (*unit.Unit, error) {
	u, err := s.adminGovernedUnit(r, f.Get("unit"))
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, apperr.New(apperr.Conflict, "đơn vị %s đã sáp nhập vào đơn vị khác", u.Code)
	}
	return u, nil
}

// adminHolidayAdd adds (or replaces) one of the unit's own days: an extra
// day off or an extra working day, dated within ownDayRange and named.
func (s *Server) adminHolidayAdd(w http.ResponseWriter, r *http.Request) error {
	f := adminForm(r)
	u, err := s.adminHolidayUnit(r, f)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := calendar.DateOf(s.db.Now())
	errs := map[string]string{}
	working := f.Get("kind") == "working"
	if k := f.Get("kind"); k != "off" && k != "working" {
		errs["kind"] = "Chọn ngày nghỉ thêm hoặc ngày làm việc thêm."
	}
	name := f.Get("name")
	switch {
	case name == "":
		errs["name"] = "Nhập tên của ngày, ví dụ “Nghỉ Tết Đoan ngọ của xã”."
	case len([]rune(name)) > 200:
		errs["name"] = "Tên ngày dài tối đa 200 ký tự."
	}
	date, err := calendar.ParseDate(f.Get("date"))
	lo, hi := adminOwnDayRange(today)
	switch {
	case f.Get("date") == "":
		errs["date"] = "Chọn ngày."
	case err != nil:
		errs["date"] = fmt.Sprintf("Ngày %q không hợp lệ; nhập theo dạng năm-tháng-ngày, ví dụ %s.", f.Get("date"), today.String())
	case date.Compare(lo) < 0 || date.Compare(hi) > 0:
		errs["date"] = fmt.Sprintf("Ngày %s nằm ngoài khoảng cho phép, từ %s đến %s.", adminShowDate(date), adminShowDate(lo), adminShowDate(hi))
	}
	if len(errs) == 0 {
		own, err := s.db.UnitDays(ctx, u.ID)
		if err != nil {
			return err
		}
		replaces := false
		for _, x := range own {
			replaces = replaces || x.Date == date.String()
		}
		if !replaces {
			cal, err := s.db.Calendar(ctx, u.ID)
			if err != nil {
				return err
			}
			isWork, err := cal.IsWorkingDay(date)
			if err != nil {
				return err
			}
			switch {
			case working && isWork:
				errs["date"] = fmt.Sprintf("Ngày %s đã là ngày làm việc của đơn vị.", adminShowDate(date))
			case !working && !isWork:
				errs["date"] = fmt.Sprintf("Ngày %s đã là ngày nghỉ của đơn vị.", adminShowDate(date))
			}
		}
	}
	if len(errs) > 0 {
		p := s.adminPage(w, r, "admin.holidays.title")
		year := today.Year
		if err == nil && date.Year > calendar.MinYear && date.Year < calendar.MaxYear {
			year = date.Year
		}
		d, err := s.adminHolidaysPage(r, p, u, year, today, 3)
		if err != nil {
			return err
		}
		p.Form = f
		p.Form.Set("tu", today.String())
		p.Form.Set("ngay", "3")
		p.Form.Set("don-vi", u.Code)
		p.Form.Set("nam", strconv.Itoa(year))
		p.Data = d
		return s.renderAdminForm(w, p, "admin_holidays", http.StatusBadRequest, errs)
	}
	if err := s.db.SetUnitDay(ctx, u.ID, store.UnitDay{Date: date.String(), Working: working, Name: name}, adminOfficer(r).ID); err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.holidays.title")
	key := "admin.holidays.added_off"
	if working {
		key = "admin.holidays.added_working"
	}
	s.flash(w, p.T(key, adminShowDate(date), name))
	q := url.Values{"don-vi": {u.Code}, "nam": {strconv.Itoa(date.Year)}, "tu": {date.AddDays(-1).String()}}
	http.Redirect(w, r, "/quan-tri/ngay-nghi?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// adminHolidayRemove removes one of the unit's own days.
func (s *Server) adminHolidayRemove(w http.ResponseWriter, r *http.Request) error {
	f := adminForm(r)
	u, err := s.adminHolidayUnit(r, f)
	if err != nil {
		return err
	}
	date, err := calendar.ParseDate(f.Get("date"))
	if err != nil {
		return apperr.Invalidf("date", "ngày %q không hợp lệ", f.Get("date"))
	}
	own, err := s.db.UnitDays(r.Context(), u.ID)
	if err != nil {
		return err
	}
	found := false
	for _, x := range own {
		found = found || x.Date == date.String()
	}
	if !found {
		return apperr.New(apperr.NotFound, "đơn vị %s không có ngày riêng %s", u.Code, adminShowDate(date))
	}
	if err := s.db.DeleteUnitDay(r.Context(), u.ID, date.String(), adminOfficer(r).ID); err != nil {
		return err
	}
	p := s.adminPage(w, r, "admin.holidays.title")
	s.flash(w, p.T("admin.holidays.removed", adminShowDate(date)))
	q := url.Values{"don-vi": {u.Code}, "nam": {strconv.Itoa(date.Year)}}
	http.Redirect(w, r, "/quan-tri/ngay-nghi?"+q.Encode(), http.StatusSeeOther)
	return nil
}
