package web

import (
	"fmt"
	"github.com/motcua/motcua/internal/calendar"
	"html/template"
	"strings"
	"time"
)

// vnZone is Vietnam's time zone (UTC+7, no daylight saving).
var vnZone = calendar.Location()

// templateFuncs are the functions every template may call: the common ones
// below and each area's own (portalFuncs, officeFuncs, adminFuncs).
func templateFuncs() template.FuncMap {
	m := commonFuncs()
	for _, area := range []template.FuncMap{portalFuncs(), officeFuncs(), adminFuncs(), feedbackFuncs()} {
		for k, v := range area {
			m[k] = v
		}
	}
	return m
}

func commonFuncs() template.FuncMap {
	return template.FuncMap{
		// date prints dd/mm/yyyy, as Vietnamese forms do.
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.In(vnZone).Format("02/01/2006")
		},
		"datetime": formatDateTime, // as the rows written in Go print it
		// vnd prints an amount with dot thousands separators: 200.000 đ.
		"vnd":  formatVND,
		"join": strings.Join,
		"add":  func(a, b int) int { return a + b },
	}
}

func formatVND(amount int64) string {
	s := fmt.Sprintf("%d", amount)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String() + " đ"
}
