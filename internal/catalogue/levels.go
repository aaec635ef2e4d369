package catalogue

import (
	"fmt"

	"github.com/motcua/motcua/internal/calendar"
)

// LevelChange says which level resolves a procedure from a day on. The 2025
// reorganisation moved many procedures from the districts (abolished on
// 1 July 2025) to the communes, e.g. household-business registration.
type LevelChange struct {
	Level Level `json:"level" yaml:"level"`
	// From is the first day (YYYY-MM-DD) this level resolves it; "" for the
	// first entry means "since before motcua knew".
	From string `json:"from,omitempty" yaml:"from,omitempty"`
	// Basis is the legal text that moved it, e.g. "120/2025/NĐ-CP".
	Basis string `json:"basis,omitempty" yaml:"basis,omitempty"`
}

// LevelOn returns the level that resolves the procedure on day (YYYY-MM-DD):
// the last change from that day or before, or Level when there is no history
// or the day precedes every dated change but an undated first one.
func (p *Procedure) LevelOn(day string) Level {
	lvl := p.Level
	for i, c := range p.Levels {
		switch {
		case c.From == "" && i == 0:
			lvl = c.Level
		case c.From != "" && c.From <= day:
			lvl = c.Level
		case i == 0:
			return p.Level
		}
	}
	return lvl
}

// levelIssues checks a procedure's level history: known levels, valid
// ascending dates (only the first may be undated), and the last entry the
// procedure's current Level.
func levelIssues(p *Procedure) []string {
	var out []string
	prev := ""
	for i, c := range p.Levels {
		switch c.Level {
		case LevelCommune, LevelDistrict, LevelProvince:
		default:
			out = append(out, fmt.Sprintf("levels[%d].level: unknown %q (want commune, district or province)", i, c.Level))
		}
		if c.From == "" {
			if i > 0 {
				out = append(out, fmt.Sprintf("levels[%d].from: missing (only the first level may be undated)", i))
			}
			continue
		}
		if _, err := calendar.ParseDate(c.From); err != nil {
			out = append(out, fmt.Sprintf("levels[%d].from: %q is not a date (want YYYY-MM-DD)", i, c.From))
			continue
		}
		if c.From <= prev {
			out = append(out, fmt.Sprintf("levels[%d].from: %s is not after the previous change", i, c.From))
		}
		prev = c.From
	}
	if n := len(p.Levels); n > 0 && p.Levels[n-1].Level != p.Level {
		out = append(out, fmt.Sprintf("levels: the last level %q is not the procedure's level %q", p.Levels[n-1].Level, p.Level))
	}
	return out
}
