// Package sheet writes the indicators and dossier lists as CSV and XLSX, with
// Vietnamese headers and dates as dd/mm/yyyy (real date cells in XLSX).
package sheet

import (
	"encoding/csv"
	"fmt"
	"github.com/motcua/motcua/internal/calendar"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
)

var vn = calendar.Location()

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
// A UTF-8 byte-order mark lets spreadsheet programs read the diacritics.
func IndicatorsCSV(w io.Writer, r *report.Report, lang string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	fig, val, per := headers(lang)
	cw.Write([]string{per, periodText(r)})
	if r.UnitName != "" {
		cw.Write([]string{"Đơn vị", r.UnitName + " (" + r.Unit + ")"})
	}
	cw.Write([]string{fig, val})
	for _, row := range r.Rows() {
		v := row.Text()
		if row.Undefined {
			v = report.NoData(lang)
		}
		cw.Write([]string{report.Label(row.Key, lang), v})
	}
	for _, row := range report.ScoreTable(r.Score, lang) {
		cw.Write(row[:])
	}
	cw.Flush()
	return cw.Error()
}

// IndicatorsXLSX writes the figures in a worksheet, numbers as numbers with
// their published decimals.
func IndicatorsXLSX(w io.Writer, r *report.Report, lang string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Chỉ số"
	if lang == "en" {
		sheet = "Indicators"
	}
	f.SetSheetName("Sheet1", sheet)
	fig, val, per := headers(lang)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	f.SetCellValue(sheet, "A1", per)
	f.SetCellValue(sheet, "B1", periodText(r))
	if r.UnitName != "" {
		f.SetCellValue(sheet, "A2", "Đơn vị")
		f.SetCellValue(sheet, "B2", r.UnitName+" ("+r.Unit+")")
	}
	f.SetCellValue(sheet, "A4", fig)
	f.SetCellValue(sheet, "B4", val)
	f.SetCellStyle(sheet, "A4", "B4", bold)
	styles := map[int]int{}
	for _, d := range []int{0, 1, 2} {
		code := "0"
		if d > 0 {
			code = "0." + fmt.Sprintf("%0*d", d, 0)
		}
		styles[d], _ = f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	}
	rowNum := 5
	for _, row := range r.Rows() {
		a := fmt.Sprintf("A%d", rowNum)
		b := fmt.Sprintf("B%d", rowNum)
		f.SetCellValue(sheet, a, report.Label(row.Key, lang))
		if row.Undefined {
			f.SetCellValue(sheet, b, report.NoData(lang))
		} else {
			f.SetCellValue(sheet, b, report.Round(row.Value, row.Decimals))
			f.SetCellStyle(sheet, b, b, styles[row.Decimals])
		}
		rowNum++
	}
	for _, row := range report.ScoreTable(r.Score, lang) {
		f.SetCellValue(sheet, fmt.Sprintf("A%d", rowNum), row[0])
		f.SetCellValue(sheet, fmt.Sprintf("B%d", rowNum), row[1])
		rowNum++
	}
	f.SetColWidth(sheet, "A", "A", 48)
	f.SetColWidth(sheet, "B", "B", 26)
	return f.Write(w)
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
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(dossierHeaders)
	for _, d := range list {
		cw.Write([]string{d.Code, d.ProcedureName, d.Applicant.DisplayName(), d.Channel.Label(), d.Status.Label(),
			dmy(d.ReceivedAt), dmy(d.Appointment()), dmy(d.EndedAt), dmy(d.ReturnedAt)})
	}
	cw.Flush()
	return cw.Error()
}

// DossiersXLSX writes one row per dossier with real date cells as dd/mm/yyyy.
func DossiersXLSX(w io.Writer, list []*dossier.Dossier) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Hồ sơ"
	f.SetSheetName("Sheet1", sheet)
	dateFmt := "dd/mm/yyyy"
	dateStyle, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	for i, h := range dossierHeaders {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sheet, cell, h)
	}
	f.SetRowStyle(sheet, 1, 1, bold)
	for r, d := range list {
		row := r + 2
		vals := []any{d.Code, d.ProcedureName, d.Applicant.DisplayName(), d.Channel.Label(), d.Status.Label()}
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellValue(sheet, cell, v)
		}
		for i, t := range []time.Time{d.ReceivedAt, d.Appointment(), d.EndedAt, d.ReturnedAt} {
			if t.IsZero() {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(len(vals)+i+1, row)
			// A local date-time, so the cell shows the Vietnamese calendar date.
			local := t.In(vn)
			f.SetCellValue(sheet, cell, time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, time.UTC))
			f.SetCellStyle(sheet, cell, cell, dateStyle)
		}
	}
	f.SetColWidth(sheet, "A", "A", 28)
	f.SetColWidth(sheet, "B", "B", 50)
	f.SetColWidth(sheet, "C", "C", 26)
	f.SetColWidth(sheet, "D", "E", 18)
	f.SetColWidth(sheet, "F", "I", 16)
	return f.Write(w)
}
