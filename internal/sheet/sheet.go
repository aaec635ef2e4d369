// Package sheet writes the indicators and dossier lists as CSV and XLSX, with
// Vietnamese headers and dates as dd/mm/yyyy (real date cells in XLSX).
package sheet

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

var vn = calendar.Location()

// Neutralise keeps a text cell from being read as a formula by a spreadsheet
// program (CSV or formula injection): a value starting with = + - @, a tab or
// a carriage return gets a leading single quote, as OWASP recommends. Every
// text cell we export goes through it, since any of them may hold what a
// citizen typed (an applicant named "=HYPERLINK(...)").
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// csvWriter writes neutralised rows and keeps the first error.
type csvWriter struct {
	w   *csv.Writer
	err error
}

func newCSV(w io.Writer) (*csvWriter, error) {
	// A UTF-8 byte-order mark lets spreadsheet programs read the diacritics.
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return nil, err
	}
	return &csvWriter{w: csv.NewWriter(w)}, nil
}

func (c *csvWriter) row(cells ...string) {
	if c.err != nil {
		return
	}
	out := make([]string, len(cells))
	for i, v := range cells {
		out[i] = Neutralise(v)
	}
	c.err = c.w.Write(out)
}

func (c *csvWriter) close() error {
	if c.err != nil {
		return c.err
	}
	c.w.Flush()
	return c.w.Error()
}

// book wraps an excelize file: text cells are neutralised and the first
// error of any call is kept and returned by write.
type book struct {
	f   *excelize.File
	err error
}

func (b *book) keep(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

func (b *book) set(sheet, cell string, v any) {
	if s, ok := v.(string); ok {
		v = Neutralise(s)
	}
	b.keep(b.f.SetCellValue(sheet, cell, v))
}

func (b *book) setAt(sheet string, col, row int, v any) string {
	cell, err := excelize.CoordinatesToCellName(col, row)
	b.keep(err)
	if err == nil {
		b.set(sheet, cell, v)
	}
	return cell
}

func (b *book) style(s *excelize.Style) int {
	id, err := b.f.NewStyle(s)
	b.keep(err)
	return id
}

func (b *book) cellStyle(sheet, from, to string, style int) {
	b.keep(b.f.SetCellStyle(sheet, from, to, style))
}

func (b *book) width(sheet, from, to string, w float64) {
	b.keep(b.f.SetColWidth(sheet, from, to, w))
}

func (b *book) rename(from, to string) {
	b.keep(b.f.SetSheetName(from, to))
}

func (b *book) write(w io.Writer) error {
	if b.err != nil {
		return fmt.Errorf("xlsx: %w", b.err)
	}
	if err := b.f.Write(w); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func headers(lang string) (figure, value, period string) {
	if lang == "en" {
		return "Indicator", "Value", "Period"
	}
	return "Chỉ tiêu", "Giá trị", "Kỳ báo cáo"
}

func periodText(r *report.Report) string {
	from, _ := time.Parse("2006-01-02", r.From)
	to, _ := time.Parse("2006-01-02", r.To)
	return from.Format("02/01/2006") + " – " + to.Format("02/01/2006")
}

// IndicatorsCSV writes one row per figure: its label and its published value.
func IndicatorsCSV(w io.Writer, r *report.Report, lang string) error {
	cw, err := newCSV(w)
	if err != nil {
		return err
	}
	fig, val, per := headers(lang)
	cw.row(per, periodText(r))
	if r.UnitName != "" {
		cw.row("Đơn vị", r.UnitName+" ("+r.Unit+")")
	}
	cw.row(fig, val)
	for _, row := range r.Rows() {
		v := row.Text()
		if row.Undefined {
			v = report.NoData(lang)
		}
		cw.row(report.Label(row.Key, lang), v)
	}
	for _, row := range report.ScoreTable(r.Score, lang) {
		cw.row(row[:]...)
	}
	return cw.close()
}

// IndicatorsXLSX writes the figures in a worksheet, numbers as numbers with
// their published decimals.
func IndicatorsXLSX(w io.Writer, r *report.Report, lang string) error {
	bk := &book{f: excelize.NewFile()}
	defer bk.f.Close()
	sheet := "Chỉ số"
	if lang == "en" {
		sheet = "Indicators"
	}
	bk.rename("Sheet1", sheet)
	fig, val, per := headers(lang)
	bold := bk.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	bk.set(sheet, "A1", per)
	bk.set(sheet, "B1", periodText(r))
	if r.UnitName != "" {
		bk.set(sheet, "A2", "Đơn vị")
		bk.set(sheet, "B2", r.UnitName+" ("+r.Unit+")")
	}
	bk.set(sheet, "A4", fig)
	bk.set(sheet, "B4", val)
	bk.cellStyle(sheet, "A4", "B4", bold)
	styles := map[int]int{}
	for _, d := range []int{0, 1, 2} {
		code := "0"
		if d > 0 {
			code = "0." + fmt.Sprintf("%0*d", d, 0)
		}
		styles[d] = bk.style(&excelize.Style{CustomNumFmt: &code})
	}
	rowNum := 5
	for _, row := range r.Rows() {
		bk.setAt(sheet, 1, rowNum, report.Label(row.Key, lang))
		if row.Undefined {
			bk.setAt(sheet, 2, rowNum, report.NoData(lang))
		} else {
			b := bk.setAt(sheet, 2, rowNum, report.Round(row.Value, row.Decimals))
			bk.cellStyle(sheet, b, b, styles[row.Decimals])
		}
		rowNum++
	}
	for _, row := range report.ScoreTable(r.Score, lang) {
		bk.setAt(sheet, 1, rowNum, row[0])
		bk.setAt(sheet, 2, rowNum, row[1])
		rowNum++
	}
	bk.width(sheet, "A", "A", 48)
	bk.width(sheet, "B", "B", 26)
	return bk.write(w)
}

var dossierHeaders = []string{"Mã hồ sơ", "Thủ tục", "Người nộp", "Kênh", "Trạng thái", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày giải quyết", "Ngày trả kết quả"}

func dmy(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vn).Format("02/01/2006")
}

// DossiersCSV writes one row per dossier.
func DossiersCSV(w io.Writer, list []*dossier.Dossier) error {
	cw, err := newCSV(w)
	if err != nil {
		return err
	}
	cw.row(dossierHeaders...)
	for _, d := range list {
		cw.row(d.Code, d.ProcedureName, d.Applicant.DisplayName(), d.Channel.Label(), d.Status.Label(),
			dmy(d.ReceivedAt), dmy(d.Appointment()), dmy(d.EndedAt), dmy(d.ReturnedAt))
	}
	return cw.close()
}

// DossiersXLSX writes one row per dossier with real date cells as dd/mm/yyyy.
func DossiersXLSX(w io.Writer, list []*dossier.Dossier) error {
	bk := &book{f: excelize.NewFile()}
	defer bk.f.Close()
	const sheet = "Hồ sơ"
	bk.rename("Sheet1", sheet)
	dateFmt := "dd/mm/yyyy"
	dateStyle := bk.style(&excelize.Style{CustomNumFmt: &dateFmt})
	bold := bk.style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, h := range dossierHeaders {
		bk.setAt(sheet, i+1, 1, h)
	}
	bk.keep(bk.f.SetRowStyle(sheet, 1, 1, bold))
	for r, d := range list {
		row := r + 2
		vals := []string{d.Code, d.ProcedureName, d.Applicant.DisplayName(), d.Channel.Label(), d.Status.Label()}
		for i, v := range vals {
			bk.setAt(sheet, i+1, row, v)
		}
		for i, t := range []time.Time{d.ReceivedAt, d.Appointment(), d.EndedAt, d.ReturnedAt} {
			if t.IsZero() {
				continue
			}
			// A local date-time, so the cell shows the Vietnamese calendar date.
			local := t.In(vn)
			cell := bk.setAt(sheet, len(vals)+i+1, row, time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, time.UTC))
			bk.cellStyle(sheet, cell, cell, dateStyle)
		}
	}
	bk.width(sheet, "A", "A", 28)
	bk.width(sheet, "B", "B", 50)
	bk.width(sheet, "C", "C", 26)
	bk.width(sheet, "D", "E", 18)
	bk.width(sheet, "F", "I", 16)
	return bk.write(w)
}
