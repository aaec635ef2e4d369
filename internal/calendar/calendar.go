package calendar

import (
	"fmt"
	"sort"
	"time"
)

// Interval is a span of working time within a day, in minutes after local
// midnight: [From, To).
type Interval struct {
	From int `json:"from"`
	To   int `json:"to"`
}

// DefaultHours returns 07:00–11:30 and 13:30–17:00: 8 hours, one working day.
func DefaultHours() []Interval { return []Interval{{7 * 60, 11*60 + 30}, {13*60 + 30, 17 * 60}} }

// DefaultWeekdays returns Monday to Friday.
func DefaultWeekdays() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
}

// Config describes the working calendar of one unit.
type Config struct {
	// Weekdays are the working days of the week; empty means Monday–Friday.
	Weekdays []time.Weekday
	// Hours are the working intervals of every working day, in order and not
	// overlapping; empty means DefaultHours. One working day is their total.
	Hours []Interval
	// Holidays are the rules for years without an official schedule; nil
	// means DefaultHolidayRules.
	Holidays *HolidayRules
	// Schedules are official yearly schedules; each replaces the computed
	// holidays of its year. At most one per year.
	Schedules []Schedule
	// ExtraDaysOff are the unit's own additional days off.
	ExtraDaysOff []Holiday
	// ExtraWorkingDays are days the unit works although they would be off
	// (weekly day off, holiday or extra day off); they win over everything.
	ExtraWorkingDays []Holiday
}

// Calendar is the working calendar of a unit over MinYear..MaxYear. It is
// immutable and safe for concurrent use.
type Calendar struct {
	weekdays [7]bool
	spans    []span // working intervals in nanoseconds after midnight
	open     int64  // first opening of a working day
	close    int64  // last closing of a working day
	dayWork  int64  // working nanoseconds in a working day

	first int // unix day of MinYear-01-01
	// ord[i] is the number of working days among the days first..first+i-1;
	// day first+i is a working day when ord[i+1] > ord[i].
	ord []int32
	// work lists the working days (unix days) in order: work[ord[i]] is the
	// first working day on or after day first+i.
	work []int32

	off    map[int32]string // named days off: holidays, compensatory, extra
	makeUp map[int32]string // named working days that would otherwise be off
}

type span struct{ from, to int64 }

// New builds the calendar described by cfg. It returns an error naming the
// offending value when a weekday, an interval, a rule, a schedule or an
// extra day is invalid, when two schedules share a year, or when a day is
// both an extra day off and an extra working day.
func New(cfg Config) (*Calendar, error) {
	c := &Calendar{}
	weekdays := cfg.Weekdays
	if len(weekdays) == 0 {
		weekdays = DefaultWeekdays()
	}
	for _, wd := range weekdays {
		if wd < time.Sunday || wd > time.Saturday {
			return nil, fmt.Errorf("weekday %d: want 0 (Sunday) to 6 (Saturday)", int(wd))
		}
		c.weekdays[wd] = true
	}
	hours := cfg.Hours
	if len(hours) == 0 {
		hours = DefaultHours()
	}
	prevTo := 0
	for i, iv := range hours {
		if iv.From < 0 || iv.To > 24*60 || iv.From >= iv.To {
			return nil, fmt.Errorf("working hours %s: want a non-empty interval within the day", iv)
		}
		if i > 0 && iv.From < prevTo {
			return nil, fmt.Errorf("working hours %s: must start after the interval before it ends", iv)
		}
		prevTo = iv.To
		s := span{int64(iv.From) * int64(time.Minute), int64(iv.To) * int64(time.Minute)}
		c.spans = append(c.spans, s)
		c.dayWork += s.to - s.from
	}
	c.open, c.close = c.spans[0].from, c.spans[len(c.spans)-1].to

	rules := DefaultHolidayRules()
	if cfg.Holidays != nil {
		rules = *cfg.Holidays
	}
	if err := rules.Validate(); err != nil {
		return nil, err
	}
	byYear := make(map[int]Schedule)
	for _, s := range cfg.Schedules {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		if _, dup := byYear[s.Year]; dup {
			return nil, fmt.Errorf("two schedules for the year %d", s.Year)
		}
		byYear[s.Year] = s
	}

	c.first = minDate().unixDay()
	last := maxDate().unixDay()
	c.off = make(map[int32]string)
	c.makeUp = make(map[int32]string)
	for y := MinYear; y <= MaxYear; y++ {
		if s, ok := byYear[y]; ok {
			for _, d := range s.DaysOff {
				c.off[int32(d.Date.unixDay())] = d.Name
			}
			for _, d := range s.WorkingDays {
				c.makeUp[int32(d.Date.unixDay())] = d.Name
			}
			continue
		}
		if err := c.addComputedYear(rules, y, last); err != nil {
			return nil, err
		}
	}

	extraOff := make(map[Date]bool)
	for _, h := range cfg.ExtraDaysOff {
		if err := c.checkExtra("extra day off", h); err != nil {
			return nil, err
		}
		extraOff[h.Date] = true
		key := int32(h.Date.unixDay())
		delete(c.makeUp, key)
		c.off[key] = h.Name
	}
	for _, h := range cfg.ExtraWorkingDays {
		if err := c.checkExtra("extra working day", h); err != nil {
			return nil, err
		}
		if extraOff[h.Date] {
			return nil, fmt.Errorf("date %q is both an extra day off and an extra working day", h.Date.String())
		}
		key := int32(h.Date.unixDay())
		delete(c.off, key)
		c.makeUp[key] = h.Name
	}

	n := last - c.first + 1
	c.ord = make([]int32, n+1)
	c.work = make([]int32, 0, n*5/7+n/50)
	for i := 0; i < n; i++ {
		if c.isWorkingUnixDay(int32(c.first + i)) {
			c.work = append(c.work, int32(c.first+i))
		}
		c.ord[i+1] = int32(len(c.work))
	}
	if len(c.work) == 0 {
		return nil, fmt.Errorf("the calendar has no working day")
	}
	return c, nil
}

// Default returns the calendar of a unit with the default working week and
// hours, the default holiday rules and the shipped official schedules.
func Default() (*Calendar, error) {
	s, err := ShippedSchedules()
	if err != nil {
		return nil, err
	}
	return New(Config{Schedules: s})
}

// addComputedYear adds the holidays of year computed from rules, and the
// compensatory day of each one that falls on a weekly day off: the next day
// that is a working weekday and neither a holiday nor already a compensatory
// day (Labor Code art. 111.3).
func (c *Calendar) addComputedYear(rules HolidayRules, year, last int) error {
	hs, err := rules.Holidays(year)
	if err != nil {
		return err
	}
	for _, h := range hs {
		c.off[int32(h.Date.unixDay())] = h.Name
	}
	for _, h := range hs {
		if c.weekdays[h.Date.Weekday()] {
			continue
		}
		for d := h.Date.unixDay() + 1; d <= last; d++ {
			_, taken := c.off[int32(d)]
			if !taken && c.weekdays[weekdayOfUnixDay(d)] {
				c.off[int32(d)] = compensatoryPrefix + h.Name
				break
			}
		}
	}
	return nil
}

func (c *Calendar) checkExtra(what string, h Holiday) error {
	if !h.Date.valid() {
		return fmt.Errorf("%s: impossible date %q", what, h.Date.String())
	}
	if h.Date.Year < MinYear || h.Date.Year > MaxYear {
		return fmt.Errorf("%s %q is outside the supported range %d to %d", what, h.Date.String(), MinYear, MaxYear)
	}
	return nil
}

func (c *Calendar) isWorkingUnixDay(d int32) bool {
	if _, ok := c.makeUp[d]; ok {
		return true
	}
	if _, ok := c.off[d]; ok {
		return false
	}
	return c.weekdays[weekdayOfUnixDay(int(d))]
}

// IsWorkingDay reports whether d is a working day of the calendar. It
// returns an error when d is invalid or outside MinYear..MaxYear.
func (c *Calendar) IsWorkingDay(d Date) (bool, error) {
	if err := c.checkExtra("date", Holiday{Date: d}); err != nil {
		return false, err
	}
	i := d.unixDay() - c.first
	return c.ord[i+1] > c.ord[i], nil
}

// DaysOff returns the named days off of year in date order: the statutory
// holidays (also those on a weekly day off), compensatory and swapped days,
// and the unit's extra days off. Plain weekly days off are not listed. It
// returns an error when year is outside MinYear..MaxYear.
func (c *Calendar) DaysOff(year int) ([]Holiday, error) {
	return c.named(year, c.off)
}

// MakeUpDays returns the named working days of year that would otherwise be
// off (make-up Saturdays, the unit's extra working days), in date order.
func (c *Calendar) MakeUpDays(year int) ([]Holiday, error) {
	return c.named(year, c.makeUp)
}

func (c *Calendar) named(year int, m map[int32]string) ([]Holiday, error) {
	if year < MinYear || year > MaxYear {
		return nil, fmt.Errorf("year %d is outside the supported range %d to %d", year, MinYear, MaxYear)
	}
	from, to := Date{year, 1, 1}.unixDay(), Date{year, 12, 31}.unixDay()
	var out []Holiday
	for d, name := range m {
		if int(d) >= from && int(d) <= to {
			out = append(out, Holiday{dateOfUnixDay(int(d)), name})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Compare(out[j].Date) < 0 })
	return out, nil
}

// String renders the interval as HH:MM–HH:MM.
func (iv Interval) String() string {
	return fmt.Sprintf("%02d:%02d–%02d:%02d", iv.From/60, iv.From%60, iv.To/60, iv.To%60)
}

func weekdayOfUnixDay(d int) time.Weekday { return time.Weekday(floorMod(d+4, 7)) }
