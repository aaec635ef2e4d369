package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/chart"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/sheet"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// dashboardScope is what a dashboard request covers: a period of the
// officer's unit (and the units below it), narrowed by field, procedure,
// officer or channel.
type dashboardScope struct {
	Period    report.Period
	Unit      *unit.Unit
	UnitIDs   []string
	Field     string
	Procedure string
	Officer   string
	Channel   int
}

func (sc dashboardScope) request() store.ReportRequest {
	return store.ReportRequest{Period: sc.Period, UnitCode: sc.Unit.Code, Field: sc.Field, Procedure: sc.Procedure,
		Officer: sc.Officer, Channel: sc.Channel, Config: report.DefaultConfig()}
}

func (sc dashboardScope) store() store.ReportScope {
	return store.ReportScope{UnitIDs: sc.UnitIDs, Field: sc.Field, Procedure: sc.Procedure, Officer: sc.Officer, Channel: sc.Channel}
}

// dashboardChoices are the options of the dashboard's filters.
type dashboardChoices struct {
	Fields     []catalogue.Field
	Procedures []store.ProcedureSummary
	Officers   []store.OfficerName
}

// parseDashboard reads the dashboard's query (from, to as YYYY-MM-DD; field,
// procedure, officer id, channel 1–3), defaulting to this year up to today.
// Bad input comes back as messages by field; err is for failures.
func (s *Server) parseDashboard(ctx context.Context, o *staff.Officer, q url.Values, now time.Time) (dashboardScope, dashboardChoices, map[string]string, error) {
	var sc dashboardScope
	var ch dashboardChoices
	errs := map[string]string{}
	var err error
	if sc.Unit, err = s.db.Unit(ctx, o.UnitID); err != nil {
		return sc, ch, nil, err
	}
	if sc.UnitIDs, err = s.db.UnitTree(ctx, sc.Unit.ID); err != nil {
		return sc, ch, nil, err
	}
	if ch.Fields, err = s.db.Fields(ctx); err != nil {
		return sc, ch, nil, err
	}
	if ch.Procedures, err = s.db.Procedures(ctx, store.ProcedureFilter{}); err != nil {
		return sc, ch, nil, err
	}
	if ch.Officers, err = s.db.OfficerNames(ctx, o.UnitID); err != nil {
		return sc, ch, nil, err
	}
	today := calendar.DateOf(now)
	from, to := strings.TrimSpace(q.Get("from")), strings.TrimSpace(q.Get("to"))
	if from == "" {
		from = fmt.Sprintf("%04d-01-01", today.Year)
	}
	if to == "" {
		to = today.String()
	}
	if sc.Period.From, err = calendar.ParseDate(from); err != nil {
		errs["from"] = fmt.Sprintf("ngày bắt đầu %q không hợp lệ (dạng YYYY-MM-DD)", from)
	}
	if sc.Period.To, err = calendar.ParseDate(to); err != nil {
		errs["to"] = fmt.Sprintf("ngày kết thúc %q không hợp lệ (dạng YYYY-MM-DD)", to)
	}
	if len(errs) == 0 {
		if err := sc.Period.Validate(); err != nil {
			errs[apperr.FieldOf(err)] = apperr.PublicMessage(err)
		}
	}
	if sc.Field = q.Get("field"); sc.Field != "" && !slices.ContainsFunc(ch.Fields, func(f catalogue.Field) bool { return f.Code == sc.Field }) {
		errs["field"] = fmt.Sprintf("lĩnh vực %q không có trong danh mục", sc.Field)
	}
	if sc.Procedure = q.Get("procedure"); sc.Procedure != "" && !slices.ContainsFunc(ch.Procedures, func(p store.ProcedureSummary) bool { return p.Code == sc.Procedure }) {
		errs["procedure"] = fmt.Sprintf("thủ tục %q không có trong danh mục", sc.Procedure)
	}
	if sc.Officer = q.Get("officer"); sc.Officer != "" && !slices.ContainsFunc(ch.Officers, func(x store.OfficerName) bool { return x.ID == sc.Officer }) {
		errs["officer"] = "cán bộ được chọn không thuộc đơn vị"
	}
	if c := q.Get("channel"); c != "" {
		n, err := strconv.Atoi(c)
		if err != nil || !dossier.Channel(n).Valid() {
			errs["channel"] = fmt.Sprintf("kênh %q không hợp lệ (1 trực tiếp, 2 trực tuyến, 3 bưu chính)", c)
		}
		sc.Channel = n
	}
	return sc, ch, errs, nil
}

// tile is one headline figure.
type tile struct {
	Key       string
	Label     string
	Value     string // as shown: localised decimals, "%" for shares
	Raw       string // as published (report.Row.Text): the same as the API and the command line
	Undefined bool
	Percent   bool
}

// tileKeys are the dashboard's headline figures, in order.
var tileKeys = []string{"received", "resolved", "before_deadline_pct", "on_time_pct", "overdue_pct", "on_time_or_early_pct",
	"digitised_pct", "online_pct", "assisted_online_pct", "online_payment_pct", "satisfaction_pct", "letters",
	"pending_in_time", "pending_overdue"}

type breakdownRow struct {
	Key       string
	Label     string
	VI        bool
	Received  int64
	Resolved  int64
	Before    string
	OnTime    string
	Overdue   string
	Online    string
	Digitised string
}

type scoreRow struct {
	Key    string // the criterion's key, e.g. "online_payment"
	Label  string
	Share  string
	Points string
	Max    string
}

type dashboardData struct {
	From, To                  string
	Field, Procedure, Officer string
	Channel                   string
	Choices                   dashboardChoices
	Channels                  []choice
	// The filters' options, written by optionsHTML.
	FieldOptions, ProcedureOptions, OfficerOptions, ChannelOptions template.HTML
	Report                                                         *report.Report
	UnitName                                                       string
	Tiles                                                          []tile
	TrendSVG, TrendTable                                           template.HTML
	OnlineSVG, OnlineTable                                         template.HTML
	ByField, ByOfficer                                             []breakdownRow
	Overdue                                                        []queueRow
	Score                                                          []scoreRow
	ScoreTotal                                                     string
	ScoreBasis                                                     string // what the total is computed over, when some criteria have no data
	Query                                                          string // the filters, for the export links
	PendingAt                                                      time.Time
	HasMonths                                                      bool
	IndicatorsXLSX, IndicatorsCSV                                  string
	DossiersXLSX, DossiersCSV                                      string
	ShareURL                                                       string
}

// dashboard shows the indicators of a period for the officer's unit: the
// tiles (the same figures as db.Report, hence the API and the command line),
// the monthly trends as SVG charts with their data as tables, breakdowns by
// field and by officer, the overdue dossiers, the Decision 766 score and
// the exports. The filters live in the URL, so a view can be shared.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	q := r.URL.Query()
	p := s.newPage(w, r, "")
	p.Title = p.T("office.dashboard.title")
	p.Nav = "dashboard"
	now := s.db.Now()
	sc, ch, errs, err := s.parseDashboard(ctx, o, q, now)
	if err != nil {
		return err
	}
	d := &dashboardData{From: sc.Period.From.String(), To: sc.Period.To.String(), Field: q.Get("field"), Procedure: q.Get("procedure"),
		Officer: q.Get("officer"), Channel: q.Get("channel"), Choices: ch, UnitName: sc.Unit.Name}
	if q.Get("from") != "" {
		d.From = q.Get("from")
	}
	if q.Get("to") != "" {
		d.To = q.Get("to")
	}
	for _, c := range []dossier.Channel{dossier.Counter, dossier.Online, dossier.Post} {
		d.Channels = append(d.Channels, choice{strconv.Itoa(int(c)), channelLabel(p.Lang, c)})
	}
	d.filterOptions(p.Lang)
	p.Data = d
	if len(errs) > 0 {
		p.Errors = errs
		p.FormError = p.T("form.has_errors")
		return s.render(w, http.StatusBadRequest, "dashboard", p)
	}
	rep, err := s.db.Report(ctx, sc.request())
	if err != nil {
		return err
	}
	d.Report, d.PendingAt = rep, rep.PendingAt
	rows := map[string]report.Row{}
	for _, row := range rep.Rows() {
		rows[row.Key] = row
	}
	for _, k := range tileKeys {
		row := rows[k]
		t := tile{Key: k, Label: report.Label(k, p.Lang), Raw: row.Text(), Undefined: row.Undefined, Percent: row.Percent}
		t.Label = strings.TrimSuffix(t.Label, " (%)")
		if t.Undefined {
			t.Value = report.NoData(p.Lang)
		} else {
			t.Value = localNumber(p.Lang, t.Raw)
		}
		d.Tiles = append(d.Tiles, t)
	}
	// A criterion without data earns no points and leaves the total, which
	// is computed over the points with data and says so (ScoreBasis).
	d.ScoreTotal = localNumber(p.Lang, strconv.FormatFloat(rep.Score.Total, 'f', report.ScoreDecimals, 64))
	if rep.Score.Undefined {
		d.ScoreTotal = report.NoData(p.Lang)
	}
	d.ScoreBasis = report.ScoreBasis(rep.Score, p.Lang)
	for _, c := range rep.Score.Criteria {
		share, points := report.NoData(p.Lang), report.NoData(p.Lang)
		if !c.Undefined {
			points = localNumber(p.Lang, strconv.FormatFloat(c.Points, 'f', report.ScoreDecimals, 64))
			decimals := report.PctDecimals
			if c.Key == "online_payment" {
				decimals = report.OnlinePaymentDecimals
			}
			share = localNumber(p.Lang, strconv.FormatFloat(c.Pct, 'f', decimals, 64)) + " %"
		}
		d.Score = append(d.Score, scoreRow{Key: c.Key, Label: report.CriterionLabel(c.Key, p.Lang), Share: share,
			Points: points, Max: localNumber(p.Lang, strconv.FormatFloat(c.Max, 'f', 0, 64))})
	}

	if err := s.dashboardTrends(ctx, p.Lang, sc, d); err != nil {
		return err
	}
	fieldNames := map[string]string{}
	for _, f := range ch.Fields {
		fieldNames[f.Code] = f.Name
		if p.Lang == "en" && f.NameEN != "" {
			fieldNames[f.Code] = f.NameEN
		}
	}
	if d.ByField, err = s.breakdown(ctx, p.Lang, sc, "field", func(k string) (string, bool) {
		if n, ok := fieldNames[k]; ok {
			return n, p.Lang != "en"
		}
		return k, false
	}); err != nil {
		return err
	}
	byOfficer := map[string]string{}
	for _, x := range ch.Officers {
		byOfficer[x.ID] = x.FullName
	}
	if d.ByOfficer, err = s.breakdown(ctx, p.Lang, sc, "officer", func(k string) (string, bool) {
		if k == "" {
			return p.T("office.dashboard.no_officer"), false
		}
		if n, ok := byOfficer[k]; ok {
			return n, true
		}
		return k, false
	}); err != nil {
		return err
	}

	// The unit's officers are already loaded for the filter: name the
	// overdue list's officers from them rather than load them again.
	names := &officerNames{s: s, names: byOfficer}
	overdue, err := s.db.OverdueList(ctx, store.OverdueFilter{UnitID: sc.Unit.ID, FieldCode: sc.Field, LeadID: sc.Officer,
		Procedure: sc.Procedure, Channel: dossier.Channel(sc.Channel),
		Statuses: []dossier.Status{dossier.Received, dossier.Processing, dossier.AwaitingPayment}, Before: now, Limit: 200})
	if err != nil {
		return err
	}
	for i := range overdue {
		d.Overdue = append(d.Overdue, s.queueRow(ctx, p.Lang, &overdue[i], names, now))
	}

	query := url.Values{"from": {d.From}, "to": {d.To}}
	for k, v := range map[string]string{"field": sc.Field, "procedure": sc.Procedure, "officer": sc.Officer, "channel": d.Channel} {
		if v != "" {
			query.Set(k, v)
		}
	}
	d.Query = query.Encode()
	d.ShareURL = s.opt.BaseURL() + "/can-bo/thong-ke?" + d.Query
	for _, f := range []struct {
		dst  *string
		name string
	}{{&d.IndicatorsXLSX, "chi-so.xlsx"}, {&d.IndicatorsCSV, "chi-so.csv"}, {&d.DossiersXLSX, "ho-so.xlsx"}, {&d.DossiersCSV, "ho-so.csv"}} {
		*f.dst = "/can-bo/thong-ke/" + f.name + "?" + d.Query
	}
	return s.render(w, http.StatusOK, "dashboard", p)
}

// dashboardTrends draws the monthly charts: dossiers resolved before, on
// and after their deadline (stacked bars), and the share received online (a line).
func (s *Server) dashboardTrends(ctx context.Context, lang string, sc dashboardScope, d *dashboardData) error {
	months, err := s.db.ReportBreakdown(ctx, sc.Period.From, sc.Period.To, sc.store(), "month")
	if err != nil {
		return err
	}
	byMonth := map[string]report.Counts{}
	for _, m := range months {
		byMonth[m.Key] = m.Counts
	}
	var cats []string
	var before, onTime, overdue, online []float64
	for y, m := sc.Period.From.Year, sc.Period.From.Month; y < sc.Period.To.Year || (y == sc.Period.To.Year && m <= sc.Period.To.Month); {
		c := byMonth[fmt.Sprintf("%04d-%02d", y, m)]
		cats = append(cats, fmt.Sprintf("%02d/%04d", m, y))
		before = append(before, float64(c.ResolvedBefore))
		onTime = append(onTime, float64(c.ResolvedOnTime))
		overdue = append(overdue, float64(c.ResolvedOverdue))
		pct, ok := report.OnlinePct(c)
		if !ok {
			pct = math.NaN()
		}
		online = append(online, report.Round(pct, report.PctDecimals))
		if m++; m > time.December {
			m, y = time.January, y+1
		}
	}
	d.HasMonths = len(cats) > 0
	// The charts are drawn from these numbers and the language alone: the
	// same numbers draw the same charts, kept by s.charts.
	key := fmt.Sprint(lang, cats, before, onTime, overdue, online)
	if c, ok := s.charts.get(key); ok {
		d.TrendSVG, d.TrendTable, d.OnlineSVG, d.OnlineTable = c[0], c[1], c[2], c[3]
		return nil
	}
	trend := chart.Chart{ID: "trend", Title: translate(lang, "office.dashboard.trend.title"), Description: translate(lang, "office.dashboard.trend.desc"),
		Categories: cats, Stacked: true, DecimalComma: lang != "en",
		Series: []chart.Series{
			{Name: report.Label("resolved_before", lang), Values: before, Color: "#1d6b34"},
			{Name: report.Label("resolved_on_time", lang), Values: onTime, Color: "#0b4f8a"},
			{Name: report.Label("resolved_overdue", lang), Values: overdue, Color: "#a11a1a"},
		}}
	share := chart.Chart{ID: "online", Title: translate(lang, "office.dashboard.online.title"), Description: translate(lang, "office.dashboard.online.desc"),
		Categories: cats, Unit: "%", Max: 100, Decimals: report.PctDecimals, DecimalComma: lang != "en",
		Series: []chart.Series{{Name: strings.TrimSuffix(report.Label("online_pct", lang), " (%)"), Values: online, Color: "#0b4f8a"}}}
	month := translate(lang, "office.dashboard.month")
	// The chart package escapes every text it writes.
	d.TrendSVG, d.TrendTable = template.HTML(trend.BarsSVG()), template.HTML(trend.Table("visually-hidden", month))
	d.OnlineSVG, d.OnlineTable = template.HTML(share.LineSVG()), template.HTML(share.Table("visually-hidden", month))
	s.charts.put(key, [4]template.HTML{d.TrendSVG, d.TrendTable, d.OnlineSVG, d.OnlineTable})
	return nil
}

// chartCache keeps the dashboard's drawn charts by what they are drawn
// from (their numbers and language), so a dashboard viewed again is not
// drawn again; when full it starts again empty.
type chartCache struct {
	mu sync.Mutex
	m  map[string][4]template.HTML
}

const maxCachedCharts = 256

func (c *chartCache) get(key string) ([4]template.HTML, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[key]
	return v, ok
}

func (c *chartCache) put(key string, v [4]template.HTML) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedCharts {
		c.m = map[string][4]template.HTML{}
	}
	c.m[key] = v
}

// breakdown sums the period by one dimension; label names a key and says
// whether the name is Vietnamese text.
func (s *Server) breakdown(ctx context.Context, lang string, sc dashboardScope, by string, label func(string) (string, bool)) ([]breakdownRow, error) {
	list, err := s.db.ReportBreakdown(ctx, sc.Period.From, sc.Period.To, sc.store(), by)
	if err != nil {
		return nil, err
	}
	return s.breakdownRows(lang, list, label)
}

// breakdownRows turns the sums of a breakdown into its table's rows,
// leaving out the keys with nothing counted.
func (s *Server) breakdownRows(lang string, list []store.Breakdown, label func(string) (string, bool)) ([]breakdownRow, error) {
	var out []breakdownRow
	for _, b := range list {
		if b.Counts == (report.Counts{}) {
			continue
		}
		name, vi := label(b.Key)
		row := breakdownRow{Key: b.Key, Label: name, VI: vi, Received: b.Counts.Received, Resolved: b.Counts.Resolved}
		// The five shares of the row, by the report's formulas, rounded and
		// written as the report publishes them.
		share := func(formula func(report.Counts) (float64, bool)) string {
			v, ok := formula(b.Counts)
			if !ok {
				return "—"
			}
			return localNumber(lang, report.Row{Value: v, Decimals: report.PctDecimals, Percent: true}.Text())
		}
		row.Before, row.OnTime, row.Overdue = share(report.BeforeDeadlinePct), share(report.OnTimePct), share(report.OverduePct)
		row.Online, row.Digitised = share(report.OnlinePct), share(report.DigitisedPct)
		out = append(out, row)
	}
	return out, nil
}

// dashboardExport writes the dashboard's indicators or its dossier list
// (the dossiers received in the period) as XLSX or CSV, with the filters of
// the dashboard's URL and Vietnamese headers.
func (s *Server) dashboardExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	o := officerOf(r)
	name := r.PathValue("file")
	sc, _, errs, err := s.parseDashboard(ctx, o, r.URL.Query(), s.db.Now())
	if err != nil {
		return err
	}
	for _, k := range []string{"from", "to", "field", "procedure", "officer", "channel"} {
		if msg, bad := errs[k]; bad {
			return apperr.Invalidf(k, "%s", msg)
		}
	}
	lang := languageOf(w, r)
	h := w.Header()
	period := sc.Period.From.String() + "_" + sc.Period.To.String()
	switch name {
	case "chi-so.xlsx", "chi-so.csv":
		rep, err := s.db.Report(ctx, sc.request())
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if strings.HasSuffix(name, ".csv") {
			if err := sheet.IndicatorsCSV(&buf, rep, lang); err != nil {
				return err
			}
			h.Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			if err := sheet.IndicatorsXLSX(&buf, rep, lang); err != nil {
				return err
			}
			h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		}
		h.Set("Content-Disposition", `attachment; filename="chi-so_`+period+name[len("chi-so"):]+`"`)
		_, err = buf.WriteTo(w)
		return err
	case "ho-so.xlsx", "ho-so.csv":
		list, err := s.periodDossiers(ctx, sc)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if strings.HasSuffix(name, ".csv") {
			if err := sheet.DossiersCSV(&buf, list); err != nil {
				return err
			}
			h.Set("Content-Type", "text/csv; charset=utf-8")
		} else {
			if err := sheet.DossiersXLSX(&buf, list); err != nil {
				return err
			}
			h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		}
		h.Set("Content-Disposition", `attachment; filename="ho-so_`+period+name[len("ho-so"):]+`"`)
		_, err = buf.WriteTo(w)
		return err
	}
	return apperr.New(apperr.NotFound, "không có tệp xuất %q", name)
}

// maxExportRows bounds a dossier export: a province's year fits.
const maxExportRows = 200_000

// errExportFull stops periodDossiers' iteration at maxExportRows.
var errExportFull = errors.New("export full")

// periodDossiers lists the dossiers received in the period by the unit (or
// resolved by it), narrowed like the dashboard.
func (s *Server) periodDossiers(ctx context.Context, sc dashboardScope) ([]*dossier.Dossier, error) {
	f := store.DossierFilter{UnitID: sc.Unit.ID, FieldCode: sc.Field, LeadID: sc.Officer,
		Procedure: sc.Procedure, Channel: dossier.Channel(sc.Channel),
		ReceivedFrom: sc.Period.From.At(0), ReceivedTo: sc.Period.To.AddDays(1).At(0)}
	var out []*dossier.Dossier
	err := s.db.EachDossier(ctx, f, func(d *dossier.Dossier) error {
		if len(out) == maxExportRows {
			return errExportFull
		}
		out = append(out, d)
		return nil
	})
	if err != nil && !errors.Is(err, errExportFull) {
		return nil, err
	}
	return out, nil
}
