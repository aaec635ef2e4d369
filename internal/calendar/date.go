package calendar

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil date in the proleptic Gregorian calendar, without a time of
// day or zone. The zero value is not a valid date.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// MakeDate returns the date y-m-d, or an error naming it when no such day
// exists (e.g. 2025-02-30).
func MakeDate(y int, m time.Month, d int) (Date, error) {
	dt := Date{y, m, d}
	if !dt.valid() {
		return Date{}, fmt.Errorf("impossible date %q", dt.String())
	}
	return dt, nil
}

// ParseDate reads a date written YYYY-MM-DD. It returns an error naming the
// text when it is malformed or when the day does not exist.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("malformed date %q (want YYYY-MM-DD)", s)
	}
	y, err1 := strconv.Atoi(s[0:4])
	m, err2 := strconv.Atoi(s[5:7])
	d, err3 := strconv.Atoi(s[8:10])
	if err1 != nil || err2 != nil || err3 != nil || y < 0 || m < 0 || d < 0 {
		return Date{}, fmt.Errorf("malformed date %q (want YYYY-MM-DD)", s)
	}
	dt := Date{y, time.Month(m), d}
	if !dt.valid() {
		return Date{}, fmt.Errorf("impossible date %q", s)
	}
	return dt, nil
}

// DateOf returns the date of t in Vietnam (UTC+7).
func DateOf(t time.Time) Date {
	y, m, d := t.In(ict).Date()
	return Date{y, m, d}
}

func (d Date) valid() bool {
	return d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String renders d as YYYY-MM-DD.
func (d Date) String() string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText renders d as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD, with the errors of ParseDate.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(d.unixDay()+4, 7))
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return dateOfUnixDay(d.unixDay() + n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.unixDay(), e.unixDay()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// At returns the instant at the given minutes after midnight of d, in Vietnam.
func (d Date) At(minutes int) time.Time {
	return time.Unix(int64(d.unixDay())*86400-7*3600+int64(minutes)*60, 0).In(ict)
}

// unixDay returns the number of days from 1970-01-01 to d
// (Howard Hinnant's days_from_civil).
func (d Date) unixDay() int {
	y, m := d.Year, int(d.Month)
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d.Day - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// dateOfUnixDay is the inverse of Date.unixDay (Hinnant's civil_from_days).
func dateOfUnixDay(z int) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{y, time.Month(m), d}
}

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// DaysUntil returns the number of days from d to e (negative when e is earlier).
func (d Date) DaysUntil(e Date) int { return e.unixDay() - d.unixDay() }
