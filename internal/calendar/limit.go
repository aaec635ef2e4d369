package calendar

import "fmt"

// LimitKind says how a procedure states its time limit.
type LimitKind string

const (
	// WorkingDays counts N whole working days from the start.
	WorkingDays LimitKind = "days"
	// WorkingHours counts N working hours from the start.
	WorkingHours LimitKind = "hours"
	// SameDay is due at the close of the working day of the start, or of the
	// next working day when the start is at or after the cut-off.
	SameDay LimitKind = "same_day"
)

// Limit is a legal time limit or service norm: "3 working days", "8 working
// hours", or "same day, next working day after 15:00".
type Limit struct {
	Kind LimitKind `json:"kind" yaml:"kind"`
	// N is the number of working days or hours; zero for SameDay.
	N int `json:"n,omitempty" yaml:"n,omitempty"`
	// Cutoff is the local time of day (minutes after midnight) after which a
	// SameDay dossier is due the next working day. Zero for other kinds.
	Cutoff int `json:"cutoff,omitempty" yaml:"cutoff,omitempty"`
}

// DefaultSameDayCutoff is 15:00, from the Law on Civil Status art. 5 and
// Decree 23/2015 art. 7.
const DefaultSameDayCutoff = 15 * 60

// Days returns a limit of n working days.
func Days(n int) Limit { return Limit{Kind: WorkingDays, N: n} }

// Hours returns a limit of n working hours.
func Hours(n int) Limit { return Limit{Kind: WorkingHours, N: n} }

// SameDayBy returns a same-day limit with the given cut-off (minutes after midnight).
func SameDayBy(cutoff int) Limit { return Limit{Kind: SameDay, Cutoff: cutoff} }

// Validate reports whether l is a usable limit.
func (l Limit) Validate() error {
	switch l.Kind {
	case WorkingDays, WorkingHours:
		if l.N <= 0 {
			return fmt.Errorf("time limit of %d %s: must be positive", l.N, l.Kind)
		}
		if l.Cutoff != 0 {
			return fmt.Errorf("cut-off applies only to same-day limits")
		}
	case SameDay:
		if l.N != 0 {
			return fmt.Errorf("same-day limit takes no count")
		}
		if l.Cutoff <= 0 || l.Cutoff >= 24*60 {
			return fmt.Errorf("same-day cut-off %d: must be a time of day", l.Cutoff)
		}
	case "":
		return fmt.Errorf("time limit is missing")
	default:
		return fmt.Errorf("unknown time limit kind %q (want days, hours or same_day)", l.Kind)
	}
	return nil
}

// String renders the limit in Vietnamese, as printed on slips and pages.
func (l Limit) String() string {
	switch l.Kind {
	case WorkingDays:
		return fmt.Sprintf("%d ngày làm việc", l.N)
	case WorkingHours:
		return fmt.Sprintf("%d giờ làm việc", l.N)
	case SameDay:
		return fmt.Sprintf("Trong ngày (tiếp nhận sau %02d:%02d trả trong ngày làm việc tiếp theo)", l.Cutoff/60, l.Cutoff%60)
	}
	return ""
}
