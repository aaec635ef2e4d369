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
