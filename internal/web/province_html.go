package web

import (
	"html"
	"html/template"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/sheet"
)

// provinceRowsHTML writes the ranking's rows, every text escaped, as the
// dashboard's repeated markup is (dashboard_html.go): 124 communes of eleven
// cells were a few thousand template actions, 38 % of the page's CPU at
// 10,000,000 dossiers (docs/performance.md). from and to keep the period in
// each commune's link.
func provinceRowsHTML(rows []sheet.ProvinceRow, from, to string) template.HTML {
	var b strings.Builder
	pct := func(v float64) { b.WriteString(`<td>` + strconv.FormatFloat(v, 'f', 2, 64) + `</td>`) }
	count := func(v int64) { b.WriteString(`<td>` + strconv.FormatInt(v, 10) + `</td>`) }
	period := "&amp;tu=" + queryValue(from) + "&amp;den=" + queryValue(to)
	for _, r := range rows {
		b.WriteString("<tr>\n    <td>")
		if r.Rank > 0 {
			b.WriteString(strconv.Itoa(r.Rank))
		} else {
			b.WriteString("—")
		}
		b.WriteString(`</td>` + "\n" + `    <td><a href="/can-bo/tinh?xa=` + queryValue(r.Code) + period +
			`" lang="vi">` + html.EscapeString(r.Name) + "</a></td>\n    ")
		count(r.Ind.Received)
		count(r.Ind.Resolved)
		pct(r.Ind.OnTimeOrEarlyPct)
		pct(r.Ind.OverduePct)
		count(r.Ind.PendingOverdue)
		b.WriteString("\n    ")
		pct(r.Ind.DigitisedPct)
		pct(r.Ind.OnlinePct)
		pct(r.Ind.SatisfactionPct)
		b.WriteString("\n    <td>")
		if r.Score.Undefined {
			b.WriteString("—")
		} else {
			b.WriteString(strconv.FormatFloat(r.Score.Total, 'f', 2, 64))
		}
		b.WriteString("</td></tr>")
	}
	return template.HTML(b.String())
}

// queryValue escapes s as a value in a URL's query the way html/template
// does in an href: the unreserved characters of RFC 3986 as they are, every
// other byte as %xx in lower case (so the rows are the template's markup).
func queryValue(s string) string { return urlBytes(s, false) }

// urlPath normalises s as html/template does in a URL's path: the bytes a
// URL may hold as they are (a % only before two hex digits), every other
// one as %xx in lower case. Its result is then escaped as an attribute's value.
func urlPath(s string) string { return urlBytes(s, true) }

// urlBytes is html/template's escaping of a URL's part (its processURLOnto):
// the unreserved characters kept, and with norm the reserved ones and the %
// of an escape too.
func urlBytes(s string, norm bool) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		keep := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0
		if norm && !keep {
			keep = strings.IndexByte("!#$&*+,/:;=?@[]", c) >= 0 ||
				c == '%' && i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2])
		}
		if keep {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
