package pdf

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/sheet"

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

// TrackingEntry is one dossier in the book (the columns of form 06 of
// Circular 01/2018/TT-VPCP). Zero times print as blanks.
type TrackingEntry struct {
	Code      string // required
	Procedure string
	Sets      int // number of sets; 0 prints blank
	Applicant string
	Address   string
	Phone     string
	// LeadAgency is the agency that resolves the dossier (cơ quan chủ trì).
	LeadAgency  string
	Received    time.Time
	Appointment time.Time
	// SentAt is when the one-stop desk handed the dossier to the resolving
	// agency; BackAt when the result came back to the desk from it.
	SentAt   time.Time
	BackAt   time.Time
	Returned time.Time // result handed to the applicant
	// ResultMethod is how the result is collected, e.g. "Tại Bộ phận Một cửa".
	ResultMethod string
	Status       string // printed as given in the notes, e.g. "Đã trả kết quả"
	Notes        string
}

// notes is the notes cell: the status, then any note.
func (e TrackingEntry) notes() string {
	st, n := cleanLine(e.Status), cleanLine(e.Notes)
	switch {
	case st == "":
		return n
	case n == "":
		return st
	}
	return st + ". " + n
}

// addressPhone is the address and phone cell, one to a line.
func (e TrackingEntry) addressPhone() string {
	parts := []string{}
	if a := cleanLine(e.Address); a != "" {
		parts = append(parts, a)
	}
	if p := cleanLine(e.Phone); p != "" {
		parts = append(parts, "ĐT: "+p)
	}
	return strings.Join(parts, "\n")
}

func (e TrackingEntry) sets() string {
	if e.Sets < 1 {
		return ""
	}
	return fmt.Sprintf("%02d", e.Sets)
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

// trackingColumn is one column of the book: its title, its PDF width (0
// shares what is left) and alignment, its XLSX width, and its value.
type trackingColumn struct {
	header string
	width  float64
	align  string
	xlsx   float64
	value  func(i int, e TrackingEntry) any // string, int or time.Time
}

// trackingColumns are the book's columns, shared by PDF and XLSX, after form
// 06 of Circular 01/2018/TT-VPCP: the last, for the applicant's signature
// on collecting the result, is left blank.
func trackingColumns() []trackingColumn {
	str := func(f func(TrackingEntry) string) func(int, TrackingEntry) any {
		return func(_ int, e TrackingEntry) any { return f(e) }
	}
	at := func(f func(TrackingEntry) time.Time) func(int, TrackingEntry) any {
		return func(_ int, e TrackingEntry) any { return f(e) }
	}
	return []trackingColumn{
		{"STT", 9, "C", 6, func(i int, _ TrackingEntry) any { return i + 1 }},
		{"Mã hồ sơ", 21, "L", 28, str(func(e TrackingEntry) string { return e.Code })},
		{"Tên thủ tục hành chính", 0, "L", 40, str(func(e TrackingEntry) string { return e.Procedure })},
		{"Số lượng hồ sơ (bộ)", 12, "C", 10, str(TrackingEntry.sets)},
		{"Tên cá nhân, tổ chức", 19, "L", 24, str(func(e TrackingEntry) string { return e.Applicant })},
		{"Địa chỉ, số điện thoại", 24, "L", 30, str(TrackingEntry.addressPhone)},
		{"Cơ quan chủ trì giải quyết", 19, "L", 24, str(func(e TrackingEntry) string { return e.LeadAgency })},
		{"Nhận hồ sơ", 16, "C", 14, at(func(e TrackingEntry) time.Time { return e.Received })},
		{"Hẹn trả kết quả", 16, "C", 14, at(func(e TrackingEntry) time.Time { return e.Appointment })},
		{"Chuyển hồ sơ đến cơ quan giải quyết", 16, "C", 14, at(func(e TrackingEntry) time.Time { return e.SentAt })},
		{"Nhận kết quả từ cơ quan giải quyết", 16, "C", 14, at(func(e TrackingEntry) time.Time { return e.BackAt })},
		{"Trả kết quả", 16, "C", 14, at(func(e TrackingEntry) time.Time { return e.Returned })},
		{"Hình thức nhận kết quả", 16, "L", 18, str(func(e TrackingEntry) string { return e.ResultMethod })},
		{"Ghi chú", 17, "L", 22, str(TrackingEntry.notes)},
		{"Ký nhận", 12, "C", 12, str(func(TrackingEntry) string { return "" })},
	}
}

// RenderTrackingBook writes the tracking book as a landscape A4 PDF to w,
// the table continuing over pages with its header repeated. Errors wrap
// ErrInvalid for a missing date, an inverted period or an entry without code.
func RenderTrackingBook(w io.Writer, b TrackingBook) error {
	if err := b.validate(); err != nil {
		return err
	}
	tc := trackingColumns()
	cols := make([]column, len(tc))
	for i, c := range tc {
		cols[i] = column{header: c.header, width: c.width, align: c.align}
	}
	rows := make([][]string, len(b.Entries))
	for i, e := range b.Entries {
		row := make([]string, len(tc))
		for j, c := range tc {
			switch v := c.value(i, e).(type) {
			case time.Time:
				row[j] = formatShortDateTime(v)
			case int:
				row[j] = fmt.Sprintf("%d", v)
			case string:
				row[j] = v
			}
		}
		rows[i] = row
	}
	return render(w, formTracking, true, b.Issued, func(d *document) error {
		d.letterhead(b.Letterhead, "", false, b.Issued)
		d.title("Sổ theo dõi hồ sơ", b.period())
		d.field("Số hồ sơ trong sổ:", fmt.Sprintf("%d", len(rows)), regular)
		d.smallTable = true
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
	tc := trackingColumns()
	last, err := excelize.ColumnNumberToName(len(tc))
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
		if s, ok := v.(string); ok {
			v = sheet.Neutralise(s) // an applicant named "=HYPERLINK(...)" stays text
		}
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
	for i, c := range tc {
		cell, err := excelize.CoordinatesToCellName(i+1, trackingHeaderRow)
		if err != nil {
			return err
		}
		if err := put(cell, c.header, headerStyle); err != nil {
			return err
		}
	}
	for i, e := range b.Entries {
		row := trackingFirstRow + i
		for j, c := range tc {
			v := c.value(i, e)
			if s, ok := v.(string); ok {
				v = clean(s)
			}
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
	for i, c := range tc {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(sh, col, col, c.xlsx); err != nil {
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
