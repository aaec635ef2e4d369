package calendar

import (
	"fmt"
	"sort"
	"time"
)

// Holiday is a named day off (or, in a list of working days, a named day
// worked in place of another).
type Holiday struct {
	Date Date   `json:"date"`
	Name string `json:"name"`
}

// Names of the holidays as printed for users.
const (
	nameNewYear        = "Tết Dương lịch"
	nameTet            = "Tết Nguyên đán"
	nameHungKings      = "Giỗ Tổ Hùng Vương"
	nameReunification  = "Ngày Giải phóng miền Nam, thống nhất đất nước"
	nameLabour         = "Ngày Quốc tế Lao động"
	nameNationalDay    = "Quốc khánh"
	nameCultureDay     = "Ngày Văn hóa Việt Nam"
	compensatoryPrefix = "Nghỉ bù "
)

// NationalDayRule chooses the day next to National Day (2 September) that is
// also a holiday (Labor Code 2019 art. 112: "2 September and one day before or
// after it").
type NationalDayRule string

const (
	// NationalDayBridge picks the adjacent day that joins the weekend, as the
	// Government did in recent years: 3 September when 2 September falls on
	// a Monday (2024) or Thursday (2021), and 1 September otherwise: Tuesday
	// (2025), Wednesday (2026), Friday (2022), Saturday (2023). For a Sunday
	// it picks 3 September (no precedent since the 2019 Code; unverified).
	NationalDayBridge NationalDayRule = "bridge"
	// NationalDayBefore always takes 1 September.
	NationalDayBefore NationalDayRule = "before"
	// NationalDayAfter always takes 3 September.
	NationalDayAfter NationalDayRule = "after"
)

// HolidayRules are the options of the holidays computed for a year without an
// official schedule (Labor Code 2019 art. 112). The compensatory days of
// art. 111 are added by the Calendar, which knows the weekly days off.
type HolidayRules struct {
	// TetBefore is the number of days off before the lunar new year's day.
	// Default 1: the last day of the lunar year (29 or 30 of month 12).
	TetBefore int
	// TetAfter is the number of days off from the lunar new year's day on.
	// Default 4: days 1 to 4 of month 1. TetBefore+TetAfter is the 5 days of
	// the law; the Prime Minister may choose another split each year.
	TetAfter int
	// NationalDay chooses the day next to 2 September. Default bridge.
	NationalDay NationalDayRule
	// CultureDayFrom is the first year in which Vietnam Culture Day,
	// 24 November, is a holiday; 0 turns it off. Default 2026 [reported].
	CultureDayFrom int
}

// DefaultHolidayRules returns the rules described on HolidayRules' fields.
func DefaultHolidayRules() HolidayRules {
	return HolidayRules{TetBefore: 1, TetAfter: 4, NationalDay: NationalDayBridge, CultureDayFrom: 2026}
}

// Validate reports whether r is usable.
func (r HolidayRules) Validate() error {
	if r.TetBefore < 0 || r.TetAfter < 1 || r.TetBefore+r.TetAfter > 10 {
		return fmt.Errorf("Tết of %d days before and %d after the new year's day: want 0 or more before, 1 or more after, at most 10 in all", r.TetBefore, r.TetAfter)
	}
	switch r.NationalDay {
	case NationalDayBridge, NationalDayBefore, NationalDayAfter:
	default:
		return fmt.Errorf("unknown National Day rule %q (want bridge, before or after)", r.NationalDay)
	}
	if r.CultureDayFrom < 0 {
		return fmt.Errorf("Culture Day from year %d: must be a year, or 0 for never", r.CultureDayFrom)
	}
	return nil
}

// Holidays returns the statutory holidays of year computed from r, in date
// order, without the compensatory days. It returns an error when r is
// invalid or year is outside MinYear..MaxYear.
func (r HolidayRules) Holidays(year int) ([]Holiday, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if year < MinYear || year > MaxYear {
		return nil, fmt.Errorf("year %d is outside the supported range %d to %d", year, MinYear, MaxYear)
	}
	tet, err := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: year})
	if err != nil {
		return nil, err
	}
	hung, err := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: year})
	if err != nil {
		return nil, err
	}
	hs := []Holiday{{Date{year, time.January, 1}, nameNewYear}}
	for i := -r.TetBefore; i < r.TetAfter; i++ {
		hs = append(hs, Holiday{tet.AddDays(i), nameTet})
	}
	hs = append(hs,
		Holiday{hung, nameHungKings},
		Holiday{Date{year, time.April, 30}, nameReunification},
		Holiday{Date{year, time.May, 1}, nameLabour},
	)
	nd := Date{year, time.September, 2}
	hs = append(hs, Holiday{nd, nameNationalDay}, Holiday{nd.AddDays(r.nationalDayOffset(nd.Weekday())), nameNationalDay})
	if r.CultureDayFrom != 0 && year >= r.CultureDayFrom {
		hs = append(hs, Holiday{Date{year, time.November, 24}, nameCultureDay})
	}
	sort.SliceStable(hs, func(i, j int) bool { return hs[i].Date.Compare(hs[j].Date) < 0 })
	return hs, nil
}

// nationalDayOffset returns -1 (1 September) or +1 (3 September).
func (r HolidayRules) nationalDayOffset(wd time.Weekday) int {
	switch r.NationalDay {
	case NationalDayBefore:
		return -1
	case NationalDayAfter:
		return 1
	}
	switch wd {
	case time.Monday, time.Thursday, time.Sunday:
		return 1
	}
	return -1
}
