package web

import (
	"html/template"
	"strings"
	"testing"
	"time"
)

// The queue's rows written in Go are the markup the template wrote, byte for
// byte: every kind of row, in both languages, with text that needs escaping.
func TestQueueRowsAreTheTemplatesMarkup(t *testing.T) {
	const tmpl = `    {{range .Rows}}
      <tr class="row-{{.Standing.Key}}" data-code="{{.Code}}">
        <td><a class="code" href="/can-bo/ho-so/{{.Code}}">{{.Code}}</a></td>
        <td lang="vi">{{.Procedure}}</td>
        <td lang="vi">{{.Applicant}}</td>
        <td>{{.Status}}</td>
        <td lang="vi">{{.Assignee}}</td>
        <td>{{if .ReceivedAt.IsZero}}{{if not .SubmittedAt.IsZero}}<span class="muted">{{$.T "office.queue.submitted"}} {{datetime .SubmittedAt}}</span>{{end}}{{else}}{{datetime .ReceivedAt}}{{end}}</td>
        <td>{{if not .Appointment.IsZero}}{{datetime .Appointment}}{{if not .Original.IsZero}}<br><span class="muted">{{$.T "office.dossier.original_appointment"}}: {{datetime .Original}}</span>{{end}}{{end}}</td>
        <td>{{if .Standing.Key}}<span class="standing standing-{{.Standing.Key}}">{{.Standing.Label}}</span>{{end}}</td>
      </tr>
    {{end}}`
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	rows := []queueRow{
		{Code: "000.00.06.H56-261204-0001", Procedure: "Đăng ký khai sinh", Applicant: "Nguyễn Văn A", Status: "Đang xử lý",
			Assignee: "Lê Thị Hoà", ReceivedAt: at("2026-12-04T01:02:03Z"), Appointment: at("2026-12-09T09:00:00Z"),
			Standing: standing{Key: "in_time", Label: "Còn hạn"}},
		// submitted online, not received; a moved appointment; overdue
		{Code: "H56-2", Procedure: "Cấp bản sao", Applicant: "Trần B", Status: "Chờ tiếp nhận", SubmittedAt: at("2026-12-03T23:59:00Z"),
			Appointment: at("2026-12-10T02:00:00Z"), Original: at("2026-12-08T02:00:00Z"), Standing: standing{Key: "overdue", Label: "Quá hạn"}},
		// nothing but a code; then every field needing escaping
		{Code: "X"},
		{Code: `A/B c%41%zz?&"'<>+é`, Procedure: `<b>Thủ tục</b> & "x" 'y' +1`, Applicant: `Ông "A" <a@b>`, Status: `S&T`,
			Assignee: `'Q'`, ReceivedAt: at("2026-01-01T00:00:00Z"), Standing: standing{Key: `k"<`, Label: `L&<>`}},
	}
	for _, lang := range []string{"vi", "en"} {
		data := struct {
			*Page
			Rows []queueRow
		}{&Page{Lang: lang}, rows}
		var want strings.Builder
		if err := template.Must(template.New("rows").Funcs(templateFuncs()).Parse(tmpl)).Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		if got := "    " + string(queueRowsHTML(rows, lang)); got != want.String() {
			t.Errorf("%s:\ngot  %s\nwant %s", lang, got, want.String())
		}
	}
}
