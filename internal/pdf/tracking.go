package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// TrackingBook is the register of dossiers received in a period (sổ theo dõi
// hồ sơ), one row per dossier, rendered as landscape PDF or as XLSX.
type TrackingBook struct {
	Letterhead Letterhead
	// Issued is the date the book is printed. Required.
	Issued time.Time
	// From and To bound the period, both inclusive dates. Required.
	From, To time.Time
	Entries  []TrackingEntry
}

// TrackingEntry is one dossier in the book. Zero times print as blanks.
type TrackingEntry struct {
	Code        string // required
	Applicant   string
	Procedure   string
	Received    time.Time
	Appointment time.Time
	Ended       time.Time // processing ended (resolved, refused, withdrawn...)
	Returned    time.Time // result handed to the applicant
	Status      string    // printed as given, e.g. "Đã trả kết quả"
}

const formTracking = "tracking book"

func (b TrackingBook) validate() error {
	if err := firstErr(
		b.Letterhead.validate(formTracking),
		requiredTime(formTracking, "date of issue", b.Issued),
		requiredTime(formTracking, "period start", b.From),
		requiredTime(formTracking, "period end", b.To),
	); err != nil {
		return err
	}
	if b.To.Before(b.From) {
		return fmt.Errorf("%s: period ends %s before it starts %s: %w", formTracking, formatDate(b.To), formatDate(b.From), ErrInvalid)
	}
	for i, e := range b.Entries {
		if strings.TrimSpace(e.Code) == "" {
			return invalid(formTracking, fmt.Sprintf("entry %d dossier code", i+1))
		}
	}
	return nil
}

func (b TrackingBook) period() string {
	return "Từ ngày " + formatDate(b.From) + " đến ngày " + formatDate(b.To)
}

// trackingHeaders are the book's column titles, shared by PDF and XLSX.
func trackingHeaders() [9]string {
	return [...]string{
		"STT", "Mã hồ sơ", "Người nộp hồ sơ", "Thủ tục hành chính", "Ngày tiếp nhận",
		"Ngày hẹn trả", "Ngày kết thúc xử lý", "Ngày trả kết quả", "Trạng thái",
	}
}

// RenderTrackingBook writes the tracking book as a landscape A4 PDF to w,
// the table continuing over pages with its header repeated. Errors wrap
// ErrInvalid for a missing date, an inverted period or an entry without code.
func RenderTrackingBook(w io.Writer, b TrackingBook) error {
	if err := b.validate(); err != nil {
		return err
	}
	widths := [...]float64{10, 50, 36, 0, 22, 22, 22, 22, 26}
	aligns := [...]string{"C", "L", "L", "L", "C", "C", "C", "C", "L"}
	headers := trackingHeaders()
	cols := make([]column, len(headers))
	for i := range cols {
		cols[i] = column{header: headers[i], width: widths[i], align: aligns[i]}
	}
	rows := make([][]string, len(b.Entries))
	for i, e := range b.Entries {
		rows[i] = []string{
			fmt.Sprintf("%d", i+1), e.Code, e.Applicant, e.Procedure,
			formatShortDateTime(e.Received), formatShortDateTime(e.Appointment),
			formatShortDateTime(e.Ended), formatShortDateTime(e.Returned), e.Status,
		}
	}
	return render(w, formTracking, true, b.Issued, func(d *document) error {
		d.letterhead(b.Letterhead, "", false, b.Issued)
		d.title("Sổ theo dõi hồ sơ", b.period())
		d.field("Số hồ sơ trong sổ:", fmt.Sprintf("%d", len(rows)), regular)
		d.table(cols, rows)
		return nil
	})
}

// WriteTrackingBookXLSX writes the tracking book as an XLSX workbook to w:
// one sheet, title and period above a header row in Vietnamese, one row per
// dossier. Times are real date cells (UTC+7 wall clock) shown as dd/mm/yyyy;
// the cell keeps the hour. Errors wrap ErrInvalid as RenderTrackingBook's do.
func WriteTrackingBookXLSX(w io.Writer, b TrackingBook) error {
	if err := b.validate(); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := fillTrackingSheet(f, b); err != nil {
		return fmt.Errorf("%s: building workbook: %w", formTracking, err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("%s: writing workbook: %w", formTracking, err)
	}
	return nil
}

// trackingSheet is the worksheet's name.
const trackingSheet = "Sổ theo dõi hồ sơ"

// Rows of the sheet layout.
const (
	trackingHeaderRow = 5
	trackingFirstRow  = 6
)

func fillTrackingSheet(f *excelize.File, b TrackingBook) error {
	if err := f.SetSheetName("Sheet1", trackingSheet); err != nil {
		return err
	}
	sh := trackingSheet
	headers := trackingHeaders()
	last, err := excelize.ColumnNumberToName(len(headers))
	if err != nil {
		return err
	}
	titleStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14, Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	})
	if err != nil {
		return err
	}
	plainCentre, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Italic: true, Size: 12, Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Horizontal: "center"},
	})
	if err != nil {
		return err
	}
	border := []excelize.Border{
		{Type: "left", Style: 1}, {Type: "right", Style: 1}, {Type: "top", Style: 1}, {Type: "bottom", Style: 1},
	}
	headerStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 12, Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EBEBEB"}},
		Border:    border,
	})
	if err != nil {
		return err
	}
	textStyle, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Size: 12, Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true},
		Border:    border,
	})
	if err != nil {
		return err
	}
	dateFormat := "dd/mm/yyyy"
	dateStyle, err := f.NewStyle(&excelize.Style{
		Font:         &excelize.Font{Size: 12, Family: "Times New Roman"},
		Alignment:    &excelize.Alignment{Horizontal: "center", Vertical: "top"},
		Border:       border,
		CustomNumFmt: &dateFormat,
	})
	if err != nil {
		return err
	}

	put := func(cell string, v any, style int) error {
		if err := f.SetCellValue(sh, cell, v); err != nil {
			return err
		}
		return f.SetCellStyle(sh, cell, cell, style)
	}
	heading := []struct {
		row   int
		text  string
		style int
	}{
		{1, upper(b.Letterhead.IssuingBody), titleStyle},
		{2, "SỔ THEO DÕI HỒ SƠ", titleStyle},
		{3, b.period(), plainCentre},
	}
	for _, h := range heading {
		a, z := fmt.Sprintf("A%d", h.row), fmt.Sprintf("%s%d", last, h.row)
		if err := f.MergeCell(sh, a, z); err != nil {
			return err
		}
		if err := put(a, h.text, h.style); err != nil {
			return err
		}
	}
	for i, h := range headers {
		cell, err := excelize.CoordinatesToCellName(i+1, trackingHeaderRow)
		if err != nil {
			return err
		}
		if err := put(cell, h, headerStyle); err != nil {
			return err
		}
	}
	for i, e := range b.Entries {
		row := trackingFirstRow + i
		values := []any{
			i + 1, cleanLine(e.Code), cleanLine(e.Applicant), cleanLine(e.Procedure),
			e.Received, e.Appointment, e.Ended, e.Returned, cleanLine(e.Status),
		}
		for j, v := range values {
			cell, err := excelize.CoordinatesToCellName(j+1, row)
			if err != nil {
				return err
			}
			style := textStyle
			if t, ok := v.(time.Time); ok {
				style = dateStyle
				if t.IsZero() {
					v = ""
				} else {
					v = excelWallClock(t)
				}
			}
			if err := put(cell, v, style); err != nil {
				return err
			}
		}
	}
	widths := [...]float64{6, 28, 24, 40, 14, 14, 14, 14, 18}
	for i, wd := range widths {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sh, col, col, wd); err != nil {
			return err
		}
	}
	return f.SetPanes(sh, &excelize.Panes{
		Freeze: true, YSplit: trackingHeaderRow, TopLeftCell: fmt.Sprintf("A%d", trackingFirstRow), ActivePane: "bottomLeft",
	})
}

// excelWallClock returns t's UTC+7 wall clock as a UTC time: spreadsheets have
// no time zones, and excelize converts the instant, so the zone is dropped
// here to keep the printed date the Vietnamese one.
func excelWallClock(t time.Time) time.Time {
	l := local(t)
	return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
}
