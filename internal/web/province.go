package web

// The province's view (/can-bo/tinh): every commune's indicators side by
// side, ranked by the Decision 766 score, the overdue dossiers, a drill-down
// to one commune, and a CSV export. For officers of a province unit (its
// public administrative service centre). docs/units-2025.md.

import (
	"bytes"
	"cmp"
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/sheet"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// provinceOverdueLimit is how many overdue dossiers the page lists.
const provinceOverdueLimit = 50

type provinceOverdue struct {
	store.OverdueDossier
	Unit string
}

type provinceData struct {
	Province *unit.Unit
	From, To string // YYYY-MM-DD, for the form and the links
	Period   string // dd/mm/yyyy – dd/mm/yyyy
	Rows     []sheet.ProvinceRow
	RowsHTML template.HTML // Rows as the ranking's table rows (province_html.go)
	Totals   report.Indicators
	Overdue  []provinceOverdue
	// Commune is the commune drilled into (?xa=CODE), with its report
	// including its predecessors' history.
	Commune *unit.Unit
	Report  *report.Report
	CSV     string
}

// provinceOf returns the province unit the officer works for; Forbidden
// for an officer of a commune.
func (s *Server) provinceOf(ctx context.Context, o *staff.Officer) (*unit.Unit, error) {
	u, err := s.db.Unit(ctx, o.UnitID)
	if err != nil {
		return nil, err
	}
	if u.Kind != unit.Province {
		return nil, apperr.New(apperr.Forbidden, "trang của tỉnh dành cho cán bộ của tỉnh")
	}
	return u, nil
}

// isProvinceOfficer says whether the page's officer works for a province,
// for the navigation link.
func (s *Server) isProvinceOfficer(r *http.Request) bool {
	o := officerOf(r)
	if o == nil {
		return false
	}
	u, err := s.db.Unit(r.Context(), o.UnitID)
	return err == nil && u.Kind == unit.Province
}

// provinceView gathers the page's data for the period of the query (tu,
// den; default this year up to today, or the last year with roll-ups when
// this one has none yet). Bad dates come back by field.
func (s *Server) provinceView(ctx context.Context, o *staff.Officer, q url.Values) (provinceData, map[string]string, error) {
	var d provinceData
	prov, err := s.provinceOf(ctx, o)
	if err != nil {
		return d, nil, err
	}
	d.Province = prov
	now := s.db.Now()
	today := calendar.DateOf(now)
	ids, err := s.db.UnitTree(ctx, prov.ID)
	if err != nil {
		return d, nil, err
	}
	from, to := q.Get("tu"), q.Get("den")
	if from == "" && to == "" {
		// The current year up to today, or, when it has nothing yet, the
		// last year that has (a new deployment's imported history).
		from, to = today.String()[:4]+"-01-01", today.String()
		latest, err := s.db.LatestStatsDay(ctx, ids)
		if err != nil {
			return d, nil, err
		}
		if latest != "" && latest < from {
			from, to = latest[:4]+"-01-01", latest[:4]+"-12-31"
		}
	}
	if from == "" {
		from = today.String()[:4] + "-01-01"
	}
	if to == "" {
		to = today.String()
	}
	d.From, d.To = from, to
	period, err := report.ParsePeriod(from, to)
	if err != nil {
		f := apperr.FieldOf(err)
		if f == "" || f == "from" {
			f = "tu"
		} else if f == "to" {
			f = "den"
		}
		return d, map[string]string{f: apperr.PublicMessage(err)}, nil
	}
	d.Period = printDate(period.From) + " – " + printDate(period.To)
	d.CSV = "/can-bo/tinh/tinh.csv?" + url.Values{"tu": {from}, "den": {to}}.Encode()
	all, err := s.db.Units(ctx)
	if err != nil {
		return d, nil, err
	}
	byID := map[string]*unit.Unit{}
	for _, u := range all {
		byID[u.ID] = u
	}
	pendingAt := period.PendingInstant(now)
	facts, err := s.db.ProvinceFacts(ctx, period.From, period.To, ids, pendingAt)
	if err != nil {
		return d, nil, err
	}
	var total report.Facts
	cfg := report.DefaultConfig()
	for _, id := range ids {
		u, f := byID[id], facts[id]
		total.Counts = total.Counts.Add(f.Counts)
		total.Pending = total.Pending.Add(f.Pending)
		total.Offer = f.Offer
		if u.ID == prov.ID || (!u.Active() && f.Counts.Received == 0 && f.Pending.Total() == 0) {
			continue // the centre itself, and former units with nothing in the period
		}
		d.Rows = append(d.Rows, sheet.ProvinceRow{Code: u.Code, NSOCode: u.NSOCode, Name: u.Name,
			Ind: report.Compute(*f).Rounded(), Score: report.ScoreOf(*f, cfg).Rounded()})
	}
	d.Totals = report.Compute(total).Rounded()
	// Sorted by index: a row holds every indicator and criterion, and a
	// stable sort moves rows many times over.
	order := make([]int, len(d.Rows))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(i, j int) int {
		a, b := &d.Rows[i], &d.Rows[j]
		if a.Score.Undefined != b.Score.Undefined {
			if a.Score.Undefined {
				return 1
			}
			return -1
		}
		if c := cmp.Compare(b.Score.Total, a.Score.Total); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	rows := make([]sheet.ProvinceRow, len(order))
	for k, i := range order {
		rows[k] = d.Rows[i]
	}
	d.Rows = rows
	for i := range d.Rows {
		if !d.Rows[i].Score.Undefined {
			d.Rows[i].Rank = i + 1
		}
	}
	scope := ids
	if code := q.Get("xa"); code != "" {
		c, err := s.db.UnitByCode(ctx, code)
		if err != nil || !slices.Contains(ids, c.ID) {
			return d, nil, apperr.New(apperr.NotFound, "không tìm thấy xã %s trong tỉnh", code)
		}
		d.Commune = c
		if d.Report, err = s.db.Report(ctx, store.ReportRequest{Period: period, UnitCode: c.Code, WithHistory: true, Config: cfg}); err != nil {
			return d, nil, err
		}
		if scope, err = s.db.UnitTree(ctx, c.ID); err != nil {
			return d, nil, err
		}
	}
	overdue, err := s.db.OverdueDossiers(ctx, scope, now, provinceOverdueLimit)
	if err != nil {
		return d, nil, err
	}
	for _, od := range overdue {
		name := ""
		if u := byID[od.UnitID]; u != nil {
			name = u.Name
		}
		d.Overdue = append(d.Overdue, provinceOverdue{OverdueDossier: od, Unit: name})
	}
	return d, nil, nil
}

// province shows the province's page.
func (s *Server) province(w http.ResponseWriter, r *http.Request) error {
	d, errs, err := s.provinceView(r.Context(), officerOf(r), r.URL.Query())
	if err != nil {
		return err
	}
	d.RowsHTML = provinceRowsHTML(d.Rows, d.From, d.To)
	p := s.newPage(w, r, "")
	p.Title = p.T("province.title", d.Province.Name)
	p.Nav = "province"
	p.Data = d
	p.Form = r.URL.Query()
	status := http.StatusOK
	if len(errs) > 0 {
		status = http.StatusBadRequest
		p.Errors, p.FormError = errs, p.T("form.has_errors")
	}
	return s.render(w, status, "province", p)
}

// provinceCSV exports the ranking as CSV.
func (s *Server) provinceCSV(w http.ResponseWriter, r *http.Request) error {
	d, errs, err := s.provinceView(r.Context(), officerOf(r), r.URL.Query())
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		for _, m := range errs {
			return apperr.Invalidf("tu", "%s", m)
		}
	}
	var buf bytes.Buffer
	if err := sheet.ProvinceCSV(&buf, d.Rows); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="tinh_`+d.From+`_`+d.To+`.csv"`)
	_, err = buf.WriteTo(w)
	return err
}
