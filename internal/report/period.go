package report

import (
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
)

// MaxPeriodDays bounds a report's period: five years.
const MaxPeriodDays = 5*366 + 1

// Period is a report's span of days, both ends included, Vietnam dates.
type Period struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
}

// ParsePeriod reads two YYYY-MM-DD dates and checks that they make a period
// of at most five years that does not end before it starts.
func ParsePeriod(from, to string) (Period, error) {
	var p Period
	var err error
	if p.From, err = calendar.ParseDate(from); err != nil {
		return p, apperr.Invalidf("from", "ngày bắt đầu %q không hợp lệ (dạng YYYY-MM-DD)", from)
	}
	if p.To, err = calendar.ParseDate(to); err != nil {
		return p, apperr.Invalidf("to", "ngày kết thúc %q không hợp lệ (dạng YYYY-MM-DD)", to)
	}
	return p, p.Validate()
}

// Validate checks the order and the length of the period.
func (p Period) Validate() error {
	if p.To.Compare(p.From) < 0 {
		return apperr.Invalidf("to", "kỳ báo cáo kết thúc (%s) trước khi bắt đầu (%s)", p.To, p.From)
	}
	if days := p.From.DaysUntil(p.To); days > MaxPeriodDays {
		return apperr.Invalidf("to", "kỳ báo cáo dài %d ngày, quá 5 năm", days)
	}
	return nil
}

func (p Period) String() string { return fmt.Sprintf("%s – %s", p.From, p.To) }
