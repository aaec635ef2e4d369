package unit

import (
	"regexp"
	"time"
)

// Reorganisation2025 is the day the two-level local government began
// (Resolution 202/2025/QH15): districts ended, communes were merged.
const Reorganisation2025 = "2025-07-01"

// LastDayBefore2025 is the last day of the units the reorganisation replaced.
const LastDayBefore2025 = "2025-06-30"

var nsoPattern = regexp.MustCompile(`^[0-9]{2,5}$`)

// StandInCode is the identifier kept for a unit known only by its NSO code
// (imported from the official lists, no e-government identifier yet). The
// identifiers column must be unique, and an old unit and its successor may
// share an NSO code, hence the ".CU" ("cũ", former) of former units. An
// administrator replaces it with the real identifier (QCVN 102) when known.
func StandInCode(nso string, former bool) string {
	if former {
		return "NSO." + nso + ".CU"
	}
	return "NSO." + nso
}

// Link is one edge of the predecessor/successor map: predecessor became
// (whole or part of) successor on Effective.
type Link struct {
	PredecessorID string
	SuccessorID   string
	Whole         bool
	Effective     string // YYYY-MM-DD
	Note          string // the official note, e.g. "Nhập toàn bộ"
}

func validDay(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
