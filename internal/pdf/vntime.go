package pdf

import (
	"fmt"
	"github.com/motcua/motcua/internal/calendar"
	"time"
)

// vietnamZone is UTC+7, the zone every printed time is shown in (the
// calendar's).
func vietnamZone() *time.Location { return calendar.Location() }

// local returns t in UTC+7.
func local(t time.Time) time.Time { return t.In(vietnamZone()) }

// formatDate prints "05/02/2025", or "" for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = local(t)
	return fmt.Sprintf("%02d/%02d/%04d", t.Day(), int(t.Month()), t.Year())
}

// formatDateTime prints "10 giờ 00 phút, ngày 05/02/2025", or "" for the zero
// time.
func formatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := local(t)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", l.Hour(), l.Minute(), formatDate(t))
}

// formatShortDateTime prints "10:00 05/02/2025" for table cells, or "".
func formatShortDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	l := local(t)
	return fmt.Sprintf("%02d:%02d %s", l.Hour(), l.Minute(), formatDate(t))
}

// formatIssueDate prints the date of issue as Decree 30/2020 writes it:
// "ngày 05 tháng 02 năm 2025", "ngày 15 tháng 3 năm 2025". Days below 10 and
// the months 1 and 2 take a leading zero, other months do not.
func formatIssueDate(t time.Time) string {
	l := local(t)
	m := fmt.Sprintf("%d", int(l.Month()))
	if l.Month() <= time.February {
		m = fmt.Sprintf("%02d", int(l.Month()))
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %04d", l.Day(), m, l.Year())
}
