package calendar

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func at(t testing.TB, s string) time.Time {
	t.Helper()
	for _, layout := range []string{"2006-01-02T15:04", time.RFC3339} {
		if v, err := time.ParseInLocation(layout, s, Location()); err == nil {
			return v
		}
	}
	t.Fatalf("bad instant %q", s)
	return time.Time{}
}

func TestDue(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		name  string
		start string
		limit Limit
		want  string
	}{
		{"3 days across Tết 2025", "2025-01-24T10:00", Days(3), "2025-02-05T10:00:00+07:00"},
		{"1 day, same clock time", "2025-03-04T10:15", Days(1), "2025-03-05T10:15:00+07:00"},
		{"days over a weekend", "2025-03-07T14:00", Days(1), "2025-03-10T14:00:00+07:00"},
		{"start at opening counts the whole day", "2025-03-03T07:00", Days(1), "2025-03-03T17:00:00+07:00"},
		{"before opening starts at opening", "2025-03-03T06:00", Days(2), "2025-03-04T17:00:00+07:00"},
		{"after closing starts next opening", "2025-03-03T18:00", Days(1), "2025-03-04T17:00:00+07:00"},
		{"Friday evening starts Monday", "2025-03-07T17:30", Days(3), "2025-03-12T17:00:00+07:00"},
		{"lunch break starts at 13:30", "2025-03-03T12:00", Days(1), "2025-03-04T13:30:00+07:00"},
		{"at 11:30 starts at 13:30", "2025-03-03T11:30", Days(2), "2025-03-05T13:30:00+07:00"},
		{"Saturday starts Monday", "2025-03-08T10:00", Days(1), "2025-03-10T17:00:00+07:00"},
		{"make-up Saturday is a working day", "2025-04-26T09:00", Days(1), "2025-04-28T09:00:00+07:00"},
		{"5 days across 30/4–1/5 2025", "2025-04-28T09:00", Days(5), "2025-05-08T09:00:00+07:00"},
		{"computed year: Tết 2027", "2027-02-04T08:00", Days(2), "2027-02-15T08:00:00+07:00"},
		{"hours within a morning", "2025-03-03T08:00", Hours(2), "2025-03-03T10:00:00+07:00"},
		{"hours across lunch", "2025-03-03T10:00", Hours(3), "2025-03-03T15:00:00+07:00"},
		{"hours end at the morning close", "2025-03-03T07:00", Hours(4), "2025-03-03T11:00:00+07:00"},
		{"8 hours from opening end at close", "2025-03-03T07:00", Hours(8), "2025-03-03T17:00:00+07:00"},
		{"hours across a night", "2025-03-03T16:00", Hours(2), "2025-03-04T08:00:00+07:00"},
		{"hours across a weekend", "2025-03-07T16:00", Hours(8), "2025-03-10T16:00:00+07:00"},
		{"hours from lunch", "2025-03-03T12:15", Hours(1), "2025-03-03T14:30:00+07:00"},
		{"same day before cut-off", "2025-03-03T14:59", SameDayBy(DefaultSameDayCutoff), "2025-03-03T17:00:00+07:00"},
		{"same day at cut-off", "2025-03-03T15:00", SameDayBy(DefaultSameDayCutoff), "2025-03-04T17:00:00+07:00"},
		{"same day before opening", "2025-03-03T06:30", SameDayBy(DefaultSameDayCutoff), "2025-03-03T17:00:00+07:00"},
		{"same day after close", "2025-03-03T17:30", SameDayBy(DefaultSameDayCutoff), "2025-03-04T17:00:00+07:00"},
		{"same day on Saturday", "2025-03-08T09:00", SameDayBy(DefaultSameDayCutoff), "2025-03-10T17:00:00+07:00"},
		{"same day Friday after 15:00, Monday a holiday (2026)", "2026-04-24T15:30", SameDayBy(DefaultSameDayCutoff), "2026-04-28T17:00:00+07:00"},
		{"same day Friday after 15:00, Mon–Tue holidays (2025)", "2025-08-29T16:00", SameDayBy(DefaultSameDayCutoff), "2025-09-03T17:00:00+07:00"},
		{"same day with a 16:00 cut-off", "2025-03-03T15:30", SameDayBy(16 * 60), "2025-03-03T17:00:00+07:00"},
		{"receipt given in UTC", "2025-01-24T03:00:00Z", Days(3), "2025-02-05T10:00:00+07:00"},
	} {
		got, err := c.Due(at(t, tc.start), tc.limit)
		if err != nil {
			t.Errorf("%s: Due(%s, %v): %v", tc.name, tc.start, tc.limit, err)
			continue
		}
		if s := got.Format(time.RFC3339); s != tc.want {
			t.Errorf("%s: Due(%s, %v) = %s, want %s", tc.name, tc.start, tc.limit, s, tc.want)
		}
	}
}

func TestDueBadInput(t *testing.T) {
	c := mustDefault(t)
	start := at(t, "2025-03-03T10:00")
	for _, tc := range []struct {
		limit Limit
		want  string
	}{
		{Days(-2), "time limit of -2 days"},
		{Days(0), "time limit of 0 days"},
		{Hours(-1), "time limit of -1 hours"},
		{Limit{Kind: "weeks", N: 2}, `unknown time limit kind "weeks"`},
		{Limit{}, "time limit is missing"},
		{SameDayBy(0), "same-day cut-off 0"},
		{Days(100000), "supported range"},
	} {
		_, err := c.Due(start, tc.limit)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Due(%+v) = %v, want an error containing %q", tc.limit, err, tc.want)
		}
	}
	_, err := c.Due(at(t, "2101-01-02T10:00"), Days(1))
	if !errors.Is(err, ErrOutOfRange) || !strings.Contains(err.Error(), "2101-01-02T10:00:00+07:00") {
		t.Errorf("Due in 2101 = %v, want ErrOutOfRange naming the instant", err)
	}
	if _, err := c.AddWorkingTime(start, -time.Hour); err == nil || !strings.Contains(err.Error(), "working time -1h0m0s") {
		t.Errorf("AddWorkingTime(-1h) = %v, want an error naming -1h0m0s", err)
	}
	if _, err := c.Extend(start, SameDayBy(DefaultSameDayCutoff)); err == nil {
		t.Errorf("Extend by same day: want an error")
	}
	if _, err := c.Resume(start, at(t, "2025-03-05T10:00"), at(t, "2025-03-04T10:00")); err == nil || !strings.Contains(err.Error(), "before the pause") {
		t.Errorf("Resume before pause = %v, want an error", err)
	}
}

func TestWorkingTime(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		from, to string
		want     time.Duration
	}{
		{"2025-03-03T07:00", "2025-03-03T17:00", 8 * time.Hour},
		{"2025-03-03T10:00", "2025-03-03T14:00", 2 * time.Hour},
		{"2025-03-07T16:00", "2025-03-10T08:00", 2 * time.Hour},
		{"2025-03-08T09:00", "2025-03-08T12:00", 0},
		{"2025-01-24T10:00", "2025-02-05T10:00", 24 * time.Hour},
		{"2025-03-03T14:00", "2025-03-03T10:00", -2 * time.Hour},
	} {
		got, err := c.WorkingTime(at(t, tc.from), at(t, tc.to))
		if err != nil || got != tc.want {
			t.Errorf("WorkingTime(%s, %s) = %v, %v; want %v", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func TestPauseAndResume(t *testing.T) {
	c := mustDefault(t)
	appt := at(t, "2025-03-07T10:00") // Friday
	paused := at(t, "2025-03-05T10:00")
	rem, err := c.Remaining(appt, paused)
	if err != nil || rem != 16*time.Hour {
		t.Fatalf("Remaining = %v, %v; want 16h", rem, err)
	}
	for _, tc := range []struct {
		name, paused, resumed, want string
	}{
		{"paused two working days", "2025-03-05T10:00", "2025-03-07T10:00", "2025-03-11T10:00:00+07:00"},
		{"paused one hour", "2025-03-05T10:00", "2025-03-05T11:00", "2025-03-07T11:00:00+07:00"},
		{"paused over a weekend only", "2025-03-01T09:00", "2025-03-02T18:00", "2025-03-07T10:00:00+07:00"},
		{"paused over lunch only", "2025-03-05T11:45", "2025-03-05T13:15", "2025-03-07T10:00:00+07:00"},
		{"paused from Thursday evening to Friday dawn", "2025-03-06T17:30", "2025-03-07T06:00", "2025-03-07T10:00:00+07:00"},
		{"overdue, paused Friday evening to Tuesday 08:00", "2025-03-07T17:30", "2025-03-11T08:00", "2025-03-10T11:00:00+07:00"},
		{"overdue when paused stays overdue by as much", "2025-03-07T11:00", "2025-03-10T11:00", "2025-03-10T10:00:00+07:00"},
	} {
		got, err := c.Resume(appt, at(t, tc.paused), at(t, tc.resumed))
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("%s: Resume = %s, %v; want %s", tc.name, got.Format(time.RFC3339), err, tc.want)
		}
	}
	// An appointment at 13:30 moved by a whole working day stays at 13:30.
	got, err := c.Resume(at(t, "2025-03-04T13:30"), at(t, "2025-03-03T09:00"), at(t, "2025-03-04T09:00"))
	if err != nil || got.Format(time.RFC3339) != "2025-03-05T13:30:00+07:00" {
		t.Errorf("Resume of a 13:30 appointment = %s, %v; want 2025-03-05T13:30", got.Format(time.RFC3339), err)
	}
	// The Fri 2025-08-29 receipt after the cut-off, paused Wednesday for an
	// hour: due Wednesday 17:00, then Thursday 08:00.
	due, err := c.Due(at(t, "2025-08-29T16:00"), SameDayBy(DefaultSameDayCutoff))
	if err != nil {
		t.Fatal(err)
	}
	got, err = c.Resume(due, at(t, "2025-09-03T09:00"), at(t, "2025-09-03T10:00"))
	if err != nil || got.Format(time.RFC3339) != "2025-09-04T08:00:00+07:00" {
		t.Errorf("Resume of a same-day appointment = %s, %v; want 2025-09-04T08:00", got.Format(time.RFC3339), err)
	}
}

func TestExtend(t *testing.T) {
	c := mustDefault(t)
	for _, tc := range []struct {
		appt  string
		limit Limit
		want  string
	}{
		{"2025-03-07T10:00", Days(2), "2025-03-11T10:00:00+07:00"},
		{"2025-03-07T17:00", Days(1), "2025-03-10T17:00:00+07:00"},
		{"2025-03-07T16:00", Hours(4), "2025-03-10T10:00:00+07:00"},
	} {
		got, err := c.Extend(at(t, tc.appt), tc.limit)
		if err != nil || got.Format(time.RFC3339) != tc.want {
			t.Errorf("Extend(%s, %v) = %s, %v; want %s", tc.appt, tc.limit, got.Format(time.RFC3339), err, tc.want)
		}
	}
}

func TestClassify(t *testing.T) {
	appt := at(t, "2025-03-07T10:00")
	for _, tc := range []struct {
		ended string
		want  Outcome
	}{
		{"2025-03-06T16:59", FinishedBefore},
		{"2025-03-07T07:00", FinishedOnTime},
		{"2025-03-07T16:30", FinishedOnTime}, // after the appointment's hour, same date
		{"2025-03-08T00:00", FinishedOverdue},
		{"2025-03-06T17:30:00Z", FinishedOnTime}, // 00:30 on 7 March in Vietnam
	} {
		if got := ClassifyFinished(appt, at(t, tc.ended)); got != tc.want {
			t.Errorf("ClassifyFinished(%s) = %s, want %s", tc.ended, got, tc.want)
		}
	}
	for _, tc := range []struct {
		now  string
		want Standing
	}{
		{"2025-03-06T09:59", PendingInTime},
		{"2025-03-06T10:00", PendingDueSoon},
		{"2025-03-07T10:00", PendingDueSoon},
		{"2025-03-07T10:01", PendingOverdue},
	} {
		if got := ClassifyPending(appt, at(t, tc.now)); got != tc.want {
			t.Errorf("ClassifyPending(%s) = %s, want %s", tc.now, got, tc.want)
		}
	}
}

// randomInstant returns an instant in 2024–2030, on a minute, or on an
// interval boundary one time in four.
func randomInstant(r *rand.Rand) time.Time {
	day := Date{2024, 1, 1}.AddDays(r.IntN(7 * 365))
	minutes := r.IntN(24 * 60)
	if r.IntN(4) == 0 {
		minutes = []int{7 * 60, 11*60 + 30, 13*60 + 30, 17 * 60, 15 * 60}[r.IntN(5)]
	}
	return day.At(minutes)
}

func randomLimit(r *rand.Rand) Limit {
	switch r.IntN(3) {
	case 0:
		return Days(1 + r.IntN(30))
	case 1:
		return Hours(1 + r.IntN(100))
	}
	return SameDayBy([]int{DefaultSameDayCutoff, 16 * 60, 11 * 60}[r.IntN(3)])
}

// TestProperties checks, on random receipts and limits: an appointment is
// never before its start; a pause never brings it earlier; adding a holiday
// never brings it earlier; WorkingTime from the start reaches the limit.
func TestProperties(t *testing.T) {
	c := mustDefault(t)
	s, err := ShippedSchedules()
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		start, l := randomInstant(r), randomLimit(r)
		due, err := c.Due(start, l)
		if err != nil {
			t.Fatalf("Due(%s, %v): %v", start, l, err)
		}
		if due.Before(start) {
			t.Fatalf("Due(%s, %v) = %s, before the start", start, l, due)
		}
		if l.Kind == WorkingHours {
			if w, _ := c.WorkingTime(start, due); w != time.Duration(l.N)*time.Hour {
				t.Fatalf("WorkingTime(%s, Due = %s) = %v, want %dh", start, due, w, l.N)
			}
		}

		paused := start.Add(time.Duration(r.IntN(20*24)) * time.Hour / 2)
		resumed := paused.Add(time.Duration(r.IntN(10*24*60)) * time.Minute)
		moved, err := c.Resume(due, paused, resumed)
		if err != nil {
			t.Fatalf("Resume: %v", err)
		}
		if moved.Before(due) {
			t.Fatalf("Resume(%s, %s, %s) = %s, earlier", due, paused, resumed, moved)
		}

		if i%4 != 0 {
			continue
		}
		extra := DateOf(start).AddDays(r.IntN(20))
		c2, err := New(Config{Schedules: s, ExtraDaysOff: []Holiday{{extra, "extra"}}})
		if err != nil {
			t.Fatal(err)
		}
		due2, err := c2.Due(start, l)
		if err != nil {
			t.Fatalf("Due with a holiday on %s: %v", extra, err)
		}
		if due2.Before(due) {
			t.Fatalf("Due(%s, %v) = %s, with a holiday on %s = %s, earlier", start, l, due, extra, due2)
		}
		if i%400 == 0 { // also on an arbitrary unit: Mon–Sat, one long interval
			c3, err := New(Config{
				Weekdays: []time.Weekday{1, 2, 3, 4, 5, 6},
				Hours:    []Interval{{8 * 60, 16 * 60}},
			})
			if err != nil {
				t.Fatal(err)
			}
			d3, err := c3.Due(start, l)
			if err != nil || d3.Before(start) {
				t.Fatalf("Mon–Sat unit: Due(%s, %v) = %s, %v", start, l, d3, err)
			}
		}
	}
}

func BenchmarkDue(b *testing.B) {
	c := mustDefault(b)
	r := rand.New(rand.NewPCG(3, 4))
	starts := make([]time.Time, 1024)
	limits := make([]Limit, len(starts))
	for i := range starts {
		starts[i], limits[i] = randomInstant(r), randomLimit(r)
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := c.Due(starts[i&1023], limits[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "deadlines/s")
}
