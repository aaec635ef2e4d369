package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/report"
)

// The tracking book (sổ theo dõi hồ sơ): the dossiers the officer's unit
// received in a period, downloaded as PDF or XLSX (docgen.TrackingBook).
// The page is a small form for the period; the files are at
// /can-bo/so-theo-doi/so-theo-doi.pdf and .xlsx with the same query.

type trackingData struct {
	UnitName string
	// From and To are the days as typed (or the defaults), YYYY-MM-DD.
	From, To string
	// PDF and XLSX are the download links, set when the period is valid;
	// Period is then the period as printed, dd/mm/yyyy – dd/mm/yyyy.
	PDF, XLSX string
	Period    string
}

// parseTrackingPeriod reads tu and den (YYYY-MM-DD, both inclusive),
// defaulting to the current month up to today, and validates them as the
// dashboard does (real days, in order, at most five years). Bad input comes
// back as messages by field.
func parseTrackingPeriod(q url.Values, now time.Time) (report.Period, trackingData, map[string]string) {
	var p report.Period
	today := calendar.DateOf(now)
	d := trackingData{From: strings.TrimSpace(q.Get("tu")), To: strings.TrimSpace(q.Get("den"))}
	if d.From == "" {
		d.From = fmt.Sprintf("%04d-%02d-01", today.Year, today.Month)
	}
	if d.To == "" {
		d.To = today.String()
	}
	errs := map[string]string{}
	var err error
	if p.From, err = calendar.ParseDate(d.From); err != nil {
		errs["tu"] = fmt.Sprintf("ngày bắt đầu %q không hợp lệ (dạng YYYY-MM-DD)", d.From)
	}
	if p.To, err = calendar.ParseDate(d.To); err != nil {
		errs["den"] = fmt.Sprintf("ngày kết thúc %q không hợp lệ (dạng YYYY-MM-DD)", d.To)
	}
	// The dashboard's rules (report.Period.Validate), in the book's words.
	switch {
	case len(errs) > 0:
	case p.To.Compare(p.From) < 0:
		errs["den"] = fmt.Sprintf("kỳ theo dõi kết thúc (%s) trước khi bắt đầu (%s)", printDate(p.To), printDate(p.From))
	case p.From.DaysUntil(p.To) > report.MaxPeriodDays:
		errs["den"] = fmt.Sprintf("kỳ theo dõi dài %d ngày, quá 5 năm", p.From.DaysUntil(p.To))
	}
	if len(errs) == 0 {
		query := url.Values{"tu": {p.From.String()}, "den": {p.To.String()}}.Encode()
		d.PDF = "/can-bo/so-theo-doi/so-theo-doi.pdf?" + query
		d.XLSX = "/can-bo/so-theo-doi/so-theo-doi.xlsx?" + query
		d.Period = printDate(p.From) + " – " + printDate(p.To)
	}
	return p, d, errs
}

// printDate prints a day as Vietnamese forms do, dd/mm/yyyy.
func printDate(d calendar.Date) string { return d.At(0).Format("02/01/2006") }

// tracking shows the tracking book's form: the period and, once it is
// valid, the links to the PDF and the workbook. A bad date is refused
// beside its field.
func (s *Server) tracking(w http.ResponseWriter, r *http.Request) error {
	_, d, errs := parseTrackingPeriod(r.URL.Query(), s.db.Now())
	return s.renderTracking(w, r, d, errs)
}

func (s *Server) renderTracking(w http.ResponseWriter, r *http.Request, d trackingData, errs map[string]string) error {
	u, err := s.db.Unit(r.Context(), officerOf(r).UnitID)
	if err != nil {
		return err
	}
	d.UnitName = u.Name
	p := s.newPage(w, r, "")
	p.Title = p.T("office.tracking.title")
	p.Nav = "dashboard"
	p.Data = d
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusBadRequest
		p.Errors, p.FormError = errs, p.T("form.has_errors")
	}
	return s.render(w, status, "office_tracking", p)
}

// trackingDownload writes the unit's tracking book for the period as a PDF
// (so-theo-doi.pdf) or a workbook (so-theo-doi.xlsx). A bad period shows
// the form again with the message beside the field.
func (s *Server) trackingDownload(w http.ResponseWriter, r *http.Request) error {
	var format docgen.Format
	switch r.PathValue("file") {
	case "so-theo-doi.pdf":
		format = docgen.PDF
	case "so-theo-doi.xlsx":
		format = docgen.XLSX
	default:
		return apperr.New(apperr.NotFound, "không có tệp %q", r.PathValue("file"))
	}
	period, d, errs := parseTrackingPeriod(r.URL.Query(), s.db.Now())
	if len(errs) > 0 {
		return s.renderTracking(w, r, d, errs)
	}
	var buf bytes.Buffer
	err := docgen.TrackingBook(r.Context(), s.db, officerOf(r).UnitID, period.From.At(0), period.To.At(0), format,
		docgen.Options{BaseURL: s.opt.BaseURL()}, &buf)
	if err != nil {
		return err
	}
	h := w.Header()
	if format == docgen.PDF {
		h.Set("Content-Type", "application/pdf")
	} else {
		h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	h.Set("Content-Disposition", `attachment; filename="so-theo-doi_`+period.From.String()+"_"+period.To.String()+"."+string(format)+`"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = buf.WriteTo(w)
	return err
}
