package web

import (
	"html/template"
	"strings"
)

// queueRowsHTML writes a queue's rows as the workspace's table rows. A queue
// lists up to queueLimit dossiers of eighteen template actions each; through
// html/template (reflection, an escaper per action) that was most of the
// queue page's rendering. TestQueueRowsAreTheTemplatesMarkup holds these rows
// to the template's markup byte for byte.
func queueRowsHTML(rows []queueRow, lang string) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 700)
	text := htmlText.WriteString
	for i := range rows {
		r := &rows[i]
		b.WriteString("\n      <tr class=\"row-")
		text(&b, r.Standing.Key)
		b.WriteString(`" data-code="`)
		text(&b, r.Code)
		b.WriteString("\">\n        <td><a class=\"code\" href=\"/can-bo/ho-so/")
		text(&b, urlPath(r.Code))
		b.WriteString(`">`)
		text(&b, r.Code)
		b.WriteString("</a></td>\n        <td lang=\"vi\">")
		text(&b, r.Procedure)
		b.WriteString("</td>\n        <td lang=\"vi\">")
		text(&b, r.Applicant)
		b.WriteString("</td>\n        <td>")
		text(&b, r.Status)
		b.WriteString("</td>\n        <td lang=\"vi\">")
		text(&b, r.Assignee)
		b.WriteString("</td>\n        <td>")
		switch {
		case !r.ReceivedAt.IsZero():
			b.WriteString(formatDateTime(r.ReceivedAt))
		case !r.SubmittedAt.IsZero():
			b.WriteString(`<span class="muted">`)
			text(&b, translate(lang, "office.queue.submitted"))
			b.WriteString(" " + formatDateTime(r.SubmittedAt) + "</span>")
		}
		b.WriteString("</td>\n        <td>")
		if !r.Appointment.IsZero() {
			b.WriteString(formatDateTime(r.Appointment))
			if !r.Original.IsZero() {
				b.WriteString(`<br><span class="muted">`)
				text(&b, translate(lang, "office.dossier.original_appointment"))
				b.WriteString(": " + formatDateTime(r.Original) + "</span>")
			}
		}
		b.WriteString("</td>\n        <td>")
		if r.Standing.Key != "" {
			b.WriteString(`<span class="standing standing-`)
			text(&b, r.Standing.Key)
			b.WriteString(`">`)
			text(&b, r.Standing.Label)
			b.WriteString("</span>")
		}
		b.WriteString("</td>\n      </tr>\n    ")
	}
	return template.HTML(b.String())
}

// urlPath normalises s as html/template does in a URL's path: the bytes a URL
// may hold as they are (a % only before two hex digits), every other one as
// %xx in lower case. Its result is then escaped as an attribute's value.
func urlPath(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		escape := c == '%' && !(i+2 < len(s) && isHexDigit(s[i+1]) && isHexDigit(s[i+2]))
		if !escape && ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~!#$&*+,/:;=?@[]%", c) >= 0) {
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
