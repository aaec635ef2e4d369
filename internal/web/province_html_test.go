package web

import (
	"html/template"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/sheet"
)

// The ranking's rows written in Go are the markup the template wrote, byte
// for byte, names, codes and periods escaped the same way.
func TestProvinceRowsAreTheTemplatesMarkup(t *testing.T) {
	const tmpl = `{{range .Rows}}<tr>
    <td>{{if .Rank}}{{.Rank}}{{else}}—{{end}}</td>
    <td><a href="/can-bo/tinh?xa={{.Code}}&amp;tu={{$.From}}&amp;den={{$.To}}" lang="vi">{{.Name}}</a></td>
    <td>{{.Ind.Received}}</td><td>{{.Ind.Resolved}}</td><td>{{printf "%.2f" .Ind.OnTimeOrEarlyPct}}</td><td>{{printf "%.2f" .Ind.OverduePct}}</td><td>{{.Ind.PendingOverdue}}</td>
    <td>{{printf "%.2f" .Ind.DigitisedPct}}</td><td>{{printf "%.2f" .Ind.OnlinePct}}</td><td>{{printf "%.2f" .Ind.SatisfactionPct}}</td>
    <td>{{if .Score.Undefined}}—{{else}}{{printf "%.2f" .Score.Total}}{{end}}</td></tr>{{end}}`
	ranked := sheet.ProvinceRow{Rank: 1, Code: "000.00.06.H56", Name: "Xã Đạ Tẻh",
		Ind:   report.Indicators{Counts: report.Counts{Received: 1234, Resolved: 1200}, PendingOverdue: 7, OnTimeOrEarlyPct: 98.5, OverduePct: 1.25, DigitisedPct: 100, OnlinePct: 33.333, SatisfactionPct: 0},
		Score: report.Score{Total: 87.456}}
	odd := sheet.ProvinceRow{Code: `X&Y "1"?Đ'`, Name: `Xã <b>Mới</b> & "Cũ" 'x'`, Score: report.Score{Undefined: true}}
	for _, period := range [][2]string{{"2026-01-01", "2026-12-31"}, {"2026-01-01&x=<1>", "a b"}} {
		data := struct {
			Rows     []sheet.ProvinceRow
			From, To string
		}{[]sheet.ProvinceRow{ranked, odd}, period[0], period[1]}
		var want strings.Builder
		if err := template.Must(template.New("rows").Parse(tmpl)).Execute(&want, data); err != nil {
			t.Fatal(err)
		}
		if got := string(provinceRowsHTML(data.Rows, data.From, data.To)); got != want.String() {
			t.Errorf("period %q:\ngot  %s\nwant %s", period, got, want.String())
		}
	}
}
