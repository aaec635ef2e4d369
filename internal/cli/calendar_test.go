package cli

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runCal(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := runCalendar(context.Background(), args, &stdout, &stderr)
	return stdout.String(), err
}

func TestCalendarCommand(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lunar", "2025-07-25"}, "1/6/2025 nhuận\n"},
		{[]string{"lunar", "2025-01-29"}, "1/1/2025\n"},
		{[]string{"lunar", "2025-07-25", "--json"}, `{"day":1,"month":6,"year":2025,"leap":true}` + "\n"},
		{[]string{"lunar", "--json", "2025-01-29"}, `{"day":1,"month":1,"year":2025,"leap":false}` + "\n"},
		{[]string{"solar", "10/3/2027"}, "2027-04-16\n"},
		{[]string{"solar", "1/6/2025", "--leap"}, "2025-07-25\n"},
		{[]string{"solar", "--leap", "1/6/2025"}, "2025-07-25\n"},
		{[]string{"solar", "1/6/2025"}, "2025-06-25\n"},
		{[]string{"due", "--from", "2025-01-24T10:00", "--days", "3"}, "2025-02-05T10:00:00+07:00\n"},
		{[]string{"due", "--days", "3", "--from", "2025-01-24T10:00"}, "2025-02-05T10:00:00+07:00\n"},
		{[]string{"due", "--from=2025-03-03T10:00", "--hours=3"}, "2025-03-03T15:00:00+07:00\n"},
		{[]string{"due", "--from", "2026-04-24T15:30", "--same-day"}, "2026-04-28T17:00:00+07:00\n"},
		{[]string{"due", "--from", "2025-03-03T15:30", "--same-day", "--cutoff", "16:00"}, "2025-03-03T17:00:00+07:00\n"},
		{[]string{"due", "--from", "2025-01-24T03:00:00Z", "--days", "3"}, "2025-02-05T10:00:00+07:00\n"},
	} {
		got, err := runCal(t, tc.args...)
		if err != nil || got != tc.want {
			t.Errorf("calendar %s = %q, %v; want %q", strings.Join(tc.args, " "), got, err, tc.want)
		}
	}
}

func TestCalendarHolidays(t *testing.T) {
	got, err := runCal(t, "holidays", "2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, "2026-02-16 Tết Nguyên đán\n") || !strings.Contains(got, "2026-04-27 Nghỉ bù Giỗ Tổ Hùng Vương\n") {
		t.Errorf("holidays 2026:\n%s", got)
	}
	if lines := strings.Count(got, "\n"); lines != 15 {
		t.Errorf("holidays 2026: %d lines, want 15:\n%s", lines, got)
	}
	js, err := runCal(t, "holidays", "--json", "2026")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(js, `[{"date":"2026-01-01","name":"Tết Dương lịch"},`) {
		t.Errorf("holidays --json 2026 = %s", js)
	}
}

func TestCalendarHelp(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"lunar", "-h"}, {"solar", "--help"}, {"holidays", "-h"}, {"due", "--help"}, {"due", "--from", "x", "-h"}} {
		got, err := runCal(t, args...)
		if err != nil || !strings.HasPrefix(got, "usage: motcua calendar") {
			t.Errorf("calendar %s = %q, %v; want usage and nil", strings.Join(args, " "), got, err)
		}
	}
}

func TestCalendarBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"lunar", "2025-02-30"}, `impossible date "2025-02-30"`},
		{[]string{"lunar", "25/07/2025"}, `malformed date "25/07/2025"`},
		{[]string{"lunar"}, "want one date"},
		{[]string{"solar", "1/5/2026", "--leap"}, "lunar month 5 of 2026 is not a leap month"},
		{[]string{"solar", "30/2/2026"}, `lunar date "30/2/2026" does not exist`},
		{[]string{"solar", "10-3-2027"}, `malformed lunar date "10-3-2027"`},
		{[]string{"holidays", "20x6"}, `malformed year "20x6"`},
		{[]string{"holidays", "2300"}, "year 2300 is outside"},
		{[]string{"due", "--from", "2025-02-30T10:00", "--days", "3"}, `impossible date "2025-02-30"`},
		{[]string{"due", "--from", "yesterday", "--days", "3"}, `malformed instant "yesterday"`},
		{[]string{"due", "--from", "2025-03-03T10:00", "--days", "-3"}, "time limit of -3 days"},
		{[]string{"due", "--from", "2025-03-03T10:00", "--hours", "0"}, "time limit of 0 hours"},
		{[]string{"due", "--from", "2025-03-03T10:00", "--days", "x"}, `invalid value "x" for flag -days`},
		{[]string{"due", "--from", "2025-03-03T10:00", "--same-day", "--cutoff", "25:00"}, `malformed time of day "25:00"`},
		{[]string{"due", "--from", "2025-03-03T10:00"}, "exactly one of"},
		{[]string{"due", "--from", "2025-03-03T10:00", "--days", "1", "--hours", "2"}, "exactly one of"},
		{[]string{"due", "--days", "1"}, "--from is required"},
		{[]string{"due", "--from", "2025-03-03T10:00", "--days", "1", "extra"}, `unexpected argument "extra"`},
		{[]string{"moon"}, `unknown command "moon"`},
		{nil, "missing command"},
	} {
		_, err := runCal(t, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("calendar %s = %v, want an error containing %q", strings.Join(tc.args, " "), err, tc.want)
		}
	}
}
