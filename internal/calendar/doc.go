// Package calendar is the Vietnamese working calendar: the lunar calendar
// (computed for UTC+7), public holidays and official yearly schedules, the
// working hours of a unit, and the legal deadlines computed from them.
//
// It is a pure domain package: no I/O at run time. The official schedules
// ship as embedded JSON files; per-unit additions (extra days off or working
// days) come from the caller.
//
// All instants are interpreted in Vietnam's time zone, a fixed UTC+7 (see
// [Location]); Vietnam has no daylight saving time.
package calendar

import "time"

// ict is Indochina Time, UTC+7. It is never modified; Location hands it out.
var ict = time.FixedZone("ICT", 7*3600)

// Location returns the fixed UTC+7 zone in which every date and clock time of
// this package is read and written.
func Location() *time.Location { return ict }
