package calendar

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func mustDefault(t testing.TB) *Calendar {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func holidayList(t testing.TB, pairs ...string) []Holiday {
	t.Helper()
	var out []Holiday
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, Holiday{mustDate(t, pairs[i]), pairs[i+1]})
	}
	return out
}

// TestComputedHolidays checks a year without an official schedule: Tết on a
// weekend gives compensatory days after it (Labor Code art. 111), 1 May on a
// Saturday gives Monday 3 May, National Day on a Thursday takes Friday 3 Sep.
func TestComputedHolidays(t *testing.T) {
	c := mustDefault(t)
	got, err := c.DaysOff(2027)
	if err != nil {
		t.Fatal(err)
	}
	want := holidayList(t,
		"2027-01-01", "Tết Dương lịch",
		"2027-02-05", "Tết Nguyên đán", // 30 Chạp, the last day of the lunar year
		"2027-02-06", "Tết Nguyên đán", // 1/1 lunar, a Saturday
		"2027-02-07", "Tết Nguyên đán",
		"2027-02-08", "Tết Nguyên đán",
		"2027-02-09", "Tết Nguyên đán",
		"2027-02-10", "Nghỉ bù Tết Nguyên đán",
		"2027-02-11", "Nghỉ bù Tết Nguyên đán",
		"2027-04-16", "Giỗ Tổ Hùng Vương",
		"2027-04-30", "Ngày Giải phóng miền Nam, thống nhất đất nước",
		"2027-05-01", "Ngày Quốc tế Lao động",
		"2027-05-03", "Nghỉ bù Ngày Quốc tế Lao động",
		"2027-09-02", "Quốc khánh",
		"2027-09-03", "Quốc khánh",
		"2027-11-24", "Ngày Văn hóa Việt Nam",
	)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DaysOff(2027) (-want +got):\n%s", diff)
	}
}

func TestNationalDayRule(t *testing.T) {
	// The adjacent day the Government chose: 2021 Thu→3, 2022 Fri→1,
	// 2023 Sat→1, 2024 Mon→3, 2025 Tue→1, 2026 Wed→1.
	for year, want := range map[int]string{2021: "09-03", 2022: "09-01", 2023: "09-01", 2024: "09-03", 2025: "09-01", 2026: "09-01"} {
		hs, err := DefaultHolidayRules().Holidays(year)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hs {
			if h.Name == nameNationalDay && h.Date.Day != 2 {
				got = append(got, h.Date.String()[5:])
			}
		}
		if len(got) != 1 || got[0] != want {
			t.Errorf("%d: adjacent National Day %v, want %s", year, got, want)
		}
	}
	r := DefaultHolidayRules()
	r.NationalDay = NationalDayAfter
	r.CultureDayFrom = 0
	hs, err := r.Holidays(2025)
	if err != nil {
		t.Fatal(err)
	}
	last := hs[len(hs)-1]
	if last.Date.String() != "2025-09-03" {
		t.Errorf("with rule after and no Culture Day, the last holiday of 2025 is %v, want 2025-09-03", last)
	}
}

func TestShippedSchedules(t *testing.T) {
	s, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	var years []int
	for _, x := range s {
		years = append(years, x.Year)
		for _, d := range append(append([]ScheduleDay{}, x.DaysOff...), x.WorkingDays...) {
			if d.Status == StatusLaw {
				continue
			}
			if d.Status != StatusReported && d.Status != StatusVerified {
				t.Errorf("%d: %s has status %q", x.Year, d.Date, d.Status)
			}
		}
	}
	if diff := cmp.Diff([]int{2024, 2025, 2026}, years); diff != "" {
		t.Errorf("shipped years (-want +got):\n%s", diff)
	}
	c := mustDefault(t)
	// What DOMAIN.md reports: 2025 Tết 25 Jan – 2 Feb; 30 Apr – 4 May with a
	// make-up Saturday; 30 Aug – 2 Sep. 2026 Tết 14–22 Feb; Hùng Kings off
	// Monday 27 Apr.
	for _, tc := range []struct {
		from, to string
	}{
		{"2025-01-25", "2025-02-02"}, {"2025-04-30", "2025-05-04"}, {"2025-08-30", "2025-09-02"},
		{"2026-02-14", "2026-02-22"}, {"2026-04-25", "2026-04-27"}, {"2024-02-08", "2024-02-14"},
	} {
		from, to := mustDate(t, tc.from), mustDate(t, tc.to)
		for d := from; d.Compare(to) <= 0; d = d.AddDays(1) {
			if w, _ := c.IsWorkingDay(d); w {
				t.Errorf("%s (%s) is a working day, want off (%s to %s)", d, d.Weekday(), tc.from, tc.to)
			}
		}
		for _, d := range []Date{from.AddDays(-1), to.AddDays(1)} {
			if w, _ := c.IsWorkingDay(d); !w {
				t.Errorf("%s (%s), next to %s–%s, is off, want a working day", d, d.Weekday(), tc.from, tc.to)
			}
		}
	}
	for _, d := range []string{"2024-05-04", "2025-04-26", "2026-01-10", "2026-08-22"} {
		if w, _ := c.IsWorkingDay(mustDate(t, d)); !w {
			t.Errorf("make-up Saturday %s is off, want a working day", d)
		}
	}
	mk, err := c.MakeUpDays(2025)
	if err != nil || len(mk) != 1 || mk[0].Date.String() != "2025-04-26" {
		t.Errorf("MakeUpDays(2025) = %v, %v; want 2025-04-26", mk, err)
	}
}

func TestParseScheduleErrors(t *testing.T) {
	for _, tc := range []struct{ name, json, want string }{
		{"outside year", `{"year":2025,"days_off":[{"date":"2024-12-31","name":"x","status":"reported"}],"working_days":[]}`, `date "2024-12-31" is outside the year 2025`},
		{"duplicate", `{"year":2025,"days_off":[{"date":"2025-01-01","name":"x","status":"law"},{"date":"2025-01-01","name":"y","status":"law"}],"working_days":[]}`, `duplicate date "2025-01-01"`},
		{"duplicate across lists", `{"year":2025,"days_off":[{"date":"2025-04-26","name":"x","status":"law"}],"working_days":[{"date":"2025-04-26","name":"y","status":"reported"}]}`, `duplicate date "2025-04-26"`},
		{"impossible", `{"year":2025,"days_off":[{"date":"2025-02-30","name":"x","status":"law"}],"working_days":[]}`, `impossible date "2025-02-30"`},
		{"malformed", `{"year":2025,"days_off":[{"date":"1/1/2025","name":"x","status":"law"}],"working_days":[]}`, `malformed date "1/1/2025"`},
		{"status", `{"year":2025,"days_off":[{"date":"2025-01-01","name":"x","status":"rumour"}],"working_days":[]}`, `unknown status "rumour"`},
		{"name", `{"year":2025,"days_off":[{"date":"2025-01-01","name":"","status":"law"}],"working_days":[]}`, `date "2025-01-01" has no name`},
		{"year", `{"year":2200,"days_off":[],"working_days":[]}`, `schedule year 2200`},
		{"unknown field", `{"year":2025,"holidays":[]}`, `unknown field "holidays"`},
	} {
		_, err := ParseSchedule([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: ParseSchedule = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestNewErrors(t *testing.T) {
	s2025, err := ParseSchedule([]byte(`{"year":2025,"days_off":[],"working_days":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	bad := HolidayRules{TetBefore: 1, TetAfter: 4, NationalDay: "sideways"}
	for _, tc := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"interval", Config{Hours: []Interval{{13 * 60, 12 * 60}}}, "working hours 13:00–12:00"},
		{"overlap", Config{Hours: []Interval{{7 * 60, 12 * 60}, {11 * 60, 17 * 60}}}, "working hours 11:00–17:00"},
		{"weekday", Config{Weekdays: []time.Weekday{9}}, "weekday 9"},
		{"rule", Config{Holidays: &bad}, `unknown National Day rule "sideways"`},
		{"two schedules", Config{Schedules: []Schedule{s2025, s2025}}, "two schedules for the year 2025"},
		{"conflict", Config{ExtraDaysOff: []Holiday{{Date{2025, 3, 3}, "a"}}, ExtraWorkingDays: []Holiday{{Date{2025, 3, 3}, "b"}}}, `date "2025-03-03" is both`},
		{"extra range", Config{ExtraDaysOff: []Holiday{{Date{2101, 1, 1}, "a"}}}, `extra day off "2101-01-01" is outside`},
	} {
		_, err := New(tc.cfg)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New = %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
}

func TestExtraDays(t *testing.T) {
	s, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{
		Schedules:        s,
		ExtraDaysOff:     []Holiday{{Date{2025, 3, 3}, "Lễ hội địa phương"}},
		ExtraWorkingDays: []Holiday{{Date{2025, 3, 8}, "Làm thêm thứ Bảy"}, {Date{2025, 9, 1}, "Trực Quốc khánh"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for d, want := range map[Date]bool{{2025, 3, 3}: false, {2025, 3, 8}: true, {2025, 9, 1}: true, {2025, 9, 2}: false} {
		if got, _ := c.IsWorkingDay(d); got != want {
			t.Errorf("IsWorkingDay(%s) = %v, want %v", d, got, want)
		}
	}
}
