package calendar

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
)

// Status says how sure an entry of an official schedule is.
type Status string

const (
	// StatusLaw: the day follows from the Labor Code itself (a fixed-date
	// holiday, or a lunar one computed by this package).
	StatusLaw Status = "law"
	// StatusReported: taken from press reports of the Government's
	// announcement; the official text was not read.
	StatusReported Status = "reported"
	// StatusVerified: read in the official text of the announcement.
	StatusVerified Status = "verified"
)

// ScheduleDay is one entry of an official schedule.
type ScheduleDay struct {
	Date   Date   `json:"date"`
	Name   string `json:"name"`
	Status Status `json:"status"`
	Note   string `json:"note,omitempty"`
}

// Schedule is the Government's announced calendar of days off for civil
// servants in one year. It replaces the holidays computed from HolidayRules
// for that year: DaysOff are all the days off of the year beyond the weekly
// ones (a listed weekly day off is harmless), WorkingDays the days worked in
// exchange for a swapped day (make-up Saturdays).
type Schedule struct {
	Year        int           `json:"year"`
	Sources     []string      `json:"sources,omitempty"`
	Note        string        `json:"note,omitempty"`
	DaysOff     []ScheduleDay `json:"days_off"`
	WorkingDays []ScheduleDay `json:"working_days"`
}

// ParseSchedule reads and validates a schedule in JSON. Unknown fields are
// rejected. The errors name the offending value: a malformed or impossible
// date, a date outside the schedule's year, a date listed twice (in either
// list), an empty name, an unknown status, a year outside MinYear..MaxYear.
func ParseSchedule(data []byte) (Schedule, error) {
	var s Schedule
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return Schedule{}, fmt.Errorf("schedule: %w", err)
	}
	if dec.More() {
		return Schedule{}, fmt.Errorf("schedule: trailing data after the JSON object")
	}
	if err := s.Validate(); err != nil {
		return Schedule{}, err
	}
	return s, nil
}

// Validate reports whether s is usable, with the errors of ParseSchedule.
func (s Schedule) Validate() error {
	if s.Year < MinYear || s.Year > MaxYear {
		return fmt.Errorf("schedule year %d is outside the supported range %d to %d", s.Year, MinYear, MaxYear)
	}
	seen := make(map[Date]bool)
	check := func(list string, days []ScheduleDay) error {
		for _, d := range days {
			if !d.Date.valid() {
				return fmt.Errorf("schedule %d: %s: impossible date %q", s.Year, list, d.Date.String())
			}
			if d.Date.Year != s.Year {
				return fmt.Errorf("schedule %d: %s: date %q is outside the year %d", s.Year, list, d.Date.String(), s.Year)
			}
			if seen[d.Date] {
				return fmt.Errorf("schedule %d: %s: duplicate date %q", s.Year, list, d.Date.String())
			}
			seen[d.Date] = true
			if d.Name == "" {
				return fmt.Errorf("schedule %d: %s: date %q has no name", s.Year, list, d.Date.String())
			}
			switch d.Status {
			case StatusLaw, StatusReported, StatusVerified:
			default:
				return fmt.Errorf("schedule %d: %s: date %q: unknown status %q (want law, reported or verified)", s.Year, list, d.Date.String(), d.Status)
			}
		}
		return nil
	}
	if err := check("days_off", s.DaysOff); err != nil {
		return err
	}
	return check("working_days", s.WorkingDays)
}

//go:embed schedules/*.json
var shippedFS embed.FS

// ShippedSchedules returns the official schedules embedded in the binary
// (schedules/YYYY.json), in year order. See each file for its sources and
// which entries are reported rather than verified.
func ShippedSchedules() ([]Schedule, error) {
	names, err := fs.Glob(shippedFS, "schedules/*.json")
	if err != nil {
		return nil, err
	}
	var out []Schedule
	for _, name := range names {
		data, err := shippedFS.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s, err := ParseSchedule(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}
