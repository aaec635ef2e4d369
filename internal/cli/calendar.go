package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/calendar"
)

const calendarUsage = `usage: motcua calendar <command> [arguments]

The Vietnamese working calendar.

commands:
  lunar YYYY-MM-DD [--json]        the lunar date of a solar date
  solar D/M/YYYY [--leap]          the solar date of a lunar date
  holidays YYYY [--json]           the days off of a year
  due --from YYYY-MM-DDTHH:MM (--days N | --hours N | --same-day [--cutoff HH:MM])
                                   the appointment of a dossier

Run "motcua calendar <command> --help" for details.
`

// runCalendar runs "motcua calendar"; args are the words after "calendar".
// Results go to stdout in the formats documented in each command's usage
// (other tools read them); -h or --help prints the usage to stdout and
// returns nil. Bad input returns an error whose message names the value.
func runCalendar(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(args) == 0 {
		return errors.New("missing command (want lunar, solar, holidays or due)")
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		_, err := io.WriteString(stdout, calendarUsage)
		return err
	case "lunar":
		return calendarLunar(args[1:], stdout)
	case "solar":
		return calendarSolar(args[1:], stdout)
	case "holidays":
		return calendarHolidays(args[1:], stdout)
	case "due":
		return calendarDue(args[1:], stdout)
	}
	return fmt.Errorf("unknown command %q (want lunar, solar, holidays or due)", args[0])
}

const lunarUsage = `usage: motcua calendar lunar YYYY-MM-DD [--json]

Prints the Vietnamese lunar date of a solar date (1900-2100) as day/month/year,
followed by " nhuận" for a leap month, e.g. "1/6/2025 nhuận".
With --json: {"day":1,"month":6,"year":2025,"leap":true}.
`

func calendarLunar(args []string, stdout io.Writer) error {
	fs := calendarFlags("lunar")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, help, err := calendarArgs(fs, args)
	if help || err != nil {
		return calendarHelpOrError(stdout, lunarUsage, "lunar", err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("lunar: want one date YYYY-MM-DD, got %d arguments", len(pos))
	}
	d, err := calendar.ParseDate(pos[0])
	if err != nil {
		return fmt.Errorf("lunar: %w", err)
	}
	l, err := calendar.SolarToLunar(d)
	if err != nil {
		return fmt.Errorf("lunar: %w", err)
	}
	if *asJSON {
		return calendarJSON(stdout, l)
	}
	_, err = fmt.Fprintln(stdout, l.String())
	return err
}

const solarUsage = `usage: motcua calendar solar D/M/YYYY [--leap]

Prints the solar date YYYY-MM-DD of a Vietnamese lunar date, e.g.
"solar 10/3/2027" prints 2027-04-16. --leap asks for the leap month of that
number, an error where the year has none.
`

func calendarSolar(args []string, stdout io.Writer) error {
	fs := calendarFlags("solar")
	leap := fs.Bool("leap", false, "the leap month")
	pos, help, err := calendarArgs(fs, args)
	if help || err != nil {
		return calendarHelpOrError(stdout, solarUsage, "solar", err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("solar: want one lunar date D/M/YYYY, got %d arguments", len(pos))
	}
	l, err := calendarLunarDate(pos[0])
	if err != nil {
		return fmt.Errorf("solar: %w", err)
	}
	l.Leap = *leap
	d, err := calendar.LunarToSolar(l)
	if err != nil {
		return fmt.Errorf("solar: %w", err)
	}
	_, err = fmt.Fprintln(stdout, d.String())
	return err
}

// calendarLunarDate reads D/M/YYYY.
func calendarLunarDate(s string) (calendar.LunarDate, error) {
	parts := strings.Split(s, "/")
	if len(parts) == 3 {
		d, err1 := strconv.Atoi(parts[0])
		m, err2 := strconv.Atoi(parts[1])
		y, err3 := strconv.Atoi(parts[2])
		if err1 == nil && err2 == nil && err3 == nil {
			return calendar.LunarDate{Day: d, Month: m, Year: y}, nil
		}
	}
	return calendar.LunarDate{}, fmt.Errorf("malformed lunar date %q (want D/M/YYYY)", s)
}

const holidaysUsage = `usage: motcua calendar holidays YYYY [--json]

Prints the days off of a year, one per line as "YYYY-MM-DD name": the
statutory holidays (also those on a weekend), compensatory and swapped days.
Years 2024-2026 follow the Government's announced schedules, other years the
Labor Code's rules. With --json: an array of {"date","name"}.
`

func calendarHolidays(args []string, stdout io.Writer) error {
	fs := calendarFlags("holidays")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, help, err := calendarArgs(fs, args)
	if help || err != nil {
		return calendarHelpOrError(stdout, holidaysUsage, "holidays", err)
	}
	if len(pos) != 1 {
		return fmt.Errorf("holidays: want one year, got %d arguments", len(pos))
	}
	year, err := strconv.Atoi(pos[0])
	if err != nil {
		return fmt.Errorf("holidays: malformed year %q", pos[0])
	}
	cal, err := calendar.Default()
	if err != nil {
		return fmt.Errorf("holidays: %w", err)
	}
	days, err := cal.DaysOff(year)
	if err != nil {
		return fmt.Errorf("holidays: %w", err)
	}
	if *asJSON {
		if days == nil {
			days = []calendar.Holiday{}
		}
		return calendarJSON(stdout, days)
	}
	var b strings.Builder
	for _, h := range days {
		fmt.Fprintf(&b, "%s %s\n", h.Date, h.Name)
	}
	_, err = io.WriteString(stdout, b.String())
	return err
}

const dueUsage = `usage: motcua calendar due --from YYYY-MM-DDTHH:MM (--days N | --hours N | --same-day [--cutoff HH:MM])

Prints the appointment, in RFC 3339 with +07:00, of a dossier received at
--from (Vietnam time unless an offset is given), with the shipped schedules
and the default hours 07:00-11:30 and 13:30-17:00, Monday to Friday.
  --days N       N working days: the same clock time N working days later
  --hours N      N working hours
  --same-day     the close of the working day; the next one when received at or
                 after the cut-off
  --cutoff HH:MM the same-day cut-off (default 15:00)
`

func calendarDue(args []string, stdout io.Writer) error {
	fs := calendarFlags("due")
	from := fs.String("from", "", "receipt instant")
	days := fs.Int("days", 0, "working days")
	hours := fs.Int("hours", 0, "working hours")
	sameDay := fs.Bool("same-day", false, "same-day limit")
	cutoff := fs.String("cutoff", "15:00", "same-day cut-off")
	pos, help, err := calendarArgs(fs, args)
	if help || err != nil {
		return calendarHelpOrError(stdout, dueUsage, "due", err)
	}
	if len(pos) != 0 {
		return fmt.Errorf("due: unexpected argument %q", pos[0])
	}
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["from"] {
		return errors.New("due: --from is required")
	}
	start, err := calendarInstant(*from)
	if err != nil {
		return fmt.Errorf("due: %w", err)
	}
	var limit calendar.Limit
	kinds := 0
	if set["days"] {
		kinds++
		limit = calendar.Days(*days)
	}
	if set["hours"] {
		kinds++
		limit = calendar.Hours(*hours)
	}
	if *sameDay {
		kinds++
		c, err := calendarClock(*cutoff)
		if err != nil {
			return fmt.Errorf("due: %w", err)
		}
		limit = calendar.SameDayBy(c)
	} else if set["cutoff"] {
		return errors.New("due: --cutoff applies only with --same-day")
	}
	if kinds != 1 {
		return errors.New("due: give exactly one of --days, --hours or --same-day")
	}
	cal, err := calendar.Default()
	if err != nil {
		return fmt.Errorf("due: %w", err)
	}
	due, err := cal.Due(start, limit)
	if err != nil {
		return fmt.Errorf("due: %w", err)
	}
	_, err = fmt.Fprintln(stdout, due.Format(time.RFC3339))
	return err
}

// calendarInstant reads YYYY-MM-DDTHH:MM[:SS] in Vietnam time, or RFC 3339.
func calendarInstant(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339, "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, calendar.Location()); err == nil {
			return t, nil
		}
	}
	if len(s) >= 10 {
		if _, err := calendar.ParseDate(s[:10]); err != nil {
			return time.Time{}, err // names an impossible date such as 2025-02-30
		}
	}
	return time.Time{}, fmt.Errorf("malformed instant %q (want YYYY-MM-DDTHH:MM)", s)
}

// calendarClock reads HH:MM as minutes after midnight.
func calendarClock(s string) (int, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("malformed time of day %q (want HH:MM)", s)
	}
	return t.Hour()*60 + t.Minute(), nil
}

func calendarFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are returned, usage printed by calendarHelpOrError
	fs.Usage = func() {}
	return fs
}

// calendarArgs parses flags that may come before, between or after the
// positional arguments (the flag package alone stops at the first
// positional). Everything after "--" is positional. It reports whether help
// was asked for. (Like parseInterleaved in cli.go, plus the help report.)
func calendarArgs(fs *flag.FlagSet, args []string) (pos []string, help bool, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, true, nil
			}
			return nil, false, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, false, nil
		}
		if consumed := len(args) - len(rest); consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), false, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

func calendarHelpOrError(stdout io.Writer, usage, cmd string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	_, werr := io.WriteString(stdout, usage)
	return werr
}

func calendarJSON(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
