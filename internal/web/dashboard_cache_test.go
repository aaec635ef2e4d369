package web

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/store"
)

// TestDashboardFollowsEveryChange: the dashboard keeps the roll-ups' sums
// and its drawn charts between views (store/stats_cache.go, chartCache), yet
// a dossier received and one resolved show in the very next view, in the
// tiles, the monthly charts and the breakdowns; the charts are drawn in the
// language asked for.
func TestDashboardFollowsEveryChange(t *testing.T) {
	s := newTestServer(t, Options{})
	s.login(t, "chutich", demo.Password)
	view := func(lang string) (tiles map[string]string, trend, byField string) {
		t.Helper()
		resp, page := s.get(t, "/can-bo/thong-ke?lang="+lang)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("dashboard: %d", resp.StatusCode)
		}
		tiles = map[string]string{}
		for _, m := range regexp.MustCompile(`data-key="([a-z_0-9]+)" data-value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
			tiles[m[1]] = m[2]
		}
		section := func(id string) string {
			i := strings.Index(page, `id="`+id+`"`)
			if i < 0 {
				t.Fatalf("no %s in the dashboard", id)
			}
			return page[i : i+strings.Index(page[i:], "</section>")]
		}
		return tiles, section("trend-h"), section("byfield-h")
	}
	tiles0, trend0, field0 := view("vi")
	if again, trend, field := view("vi"); again["received"] != tiles0["received"] || trend != trend0 || field != field0 {
		t.Fatal("two views with nothing changed differ")
	}
	_, trendEN, _ := view("en")
	if trendEN == trend0 || !strings.Contains(trendEN, "Resolved") {
		t.Errorf("the English view's chart is not drawn in English: %.300q", trendEN)
	}

	d := submitOnline(t, s.DB, "")
	returnDossier(t, s.DB, d.Code)
	tiles1, trend1, field1 := view("vi")
	if tiles1["received"] == tiles0["received"] || tiles1["resolved"] == tiles0["resolved"] {
		t.Errorf("received %s → %s, resolved %s → %s: the new dossier does not show", tiles0["received"], tiles1["received"],
			tiles0["resolved"], tiles1["resolved"])
	}
	if trend1 == trend0 {
		t.Error("the monthly chart did not change with a dossier resolved this month")
	}
	if field1 == field0 {
		t.Error("the breakdown by field did not change with a dossier received this month")
	}
}

// TestOptionsAreEscaped: the filters' options, written outside the template,
// escape every value and label as the template would.
func TestOptionsAreEscaped(t *testing.T) {
	got := string(optionsHTML([]option{
		{Value: `a"><script>x</script>`, Label: `Ông <b>"Tư"</b> & cộng sự`, VI: true, Selected: true},
		{Value: "2", Label: "Online"},
	}))
	want := `<option value="a&#34;&gt;&lt;script&gt;x&lt;/script&gt;" lang="vi" selected>Ông &lt;b&gt;&#34;Tư&#34;&lt;/b&gt; &amp; cộng sự</option>` +
		`<option value="2">Online</option>`
	if got != want {
		t.Errorf("options:\n got %s\nwant %s", got, want)
	}
}

// TestBreakdownRowsAreEscaped: the breakdowns' rows, written outside the
// template, escape a name as the template would and mark Vietnamese ones.
func TestBreakdownRowsAreEscaped(t *testing.T) {
	got := string(breakdownRowsHTML([]breakdownRow{{Label: `Lê <i>"Văn"</i> & Co`, VI: true, Received: 12, Resolved: 10,
		Before: "90,0", OnTime: "10,0", Overdue: "0,0", Online: "—", Digitised: "100,0"}}))
	want := `<tr><th scope="row" lang="vi">Lê &lt;i&gt;&#34;Văn&#34;&lt;/i&gt; &amp; Co</th><td>12</td><td>10</td><td>90,0</td>` +
		`<td>10,0</td><td>0,0</td><td>—</td><td>100,0</td></tr>`
	if got != want {
		t.Errorf("rows:\n got %s\nwant %s", got, want)
	}
}

// TestTilesAndScoreRowsAreEscaped: the tiles and the score table, written
// outside the template, escape their texts and mark a figure without data.
func TestTilesAndScoreRowsAreEscaped(t *testing.T) {
	got := string(tilesHTML([]tile{
		{Key: "online_pct", Label: "Trực <tuyến>", Value: "87,7", Raw: "87.7", Percent: true},
		{Key: "satisfaction_pct", Label: "Hài lòng", Value: "không có dữ liệu", Undefined: true, Percent: true},
	}))
	want := `<li class="tile" data-key="online_pct" data-value="87.7"><span class="tile-label">Trực &lt;tuyến&gt;</span> <span class="tile-value">87,7 %</span></li>` +
		`<li class="tile undefined" data-key="satisfaction_pct" data-value=""><span class="tile-label">Hài lòng</span> <span class="tile-value">không có dữ liệu</span></li>`
	if got != want {
		t.Errorf("tiles:\n got %s\nwant %s", got, want)
	}
	got = string(scoreRowsHTML([]scoreRow{{Key: "online", Label: `A & "B"`, Share: "87,7 %", Points: "8,77", Max: "10"}}))
	want = `<tr data-key="online"><th scope="row">A &amp; &#34;B&#34;</th><td>87,7 %</td><td>8,77 / 10</td></tr>`
	if got != want {
		t.Errorf("score rows:\n got %s\nwant %s", got, want)
	}
}

// TestBreakdownSharesAreTheReportsShares: the breakdowns' five shares,
// computed from their formulas alone, are the report's figures for the same
// counts, as published, in both languages; a share without data is "—".
func TestBreakdownSharesAreTheReportsShares(t *testing.T) {
	for _, c := range []report.Counts{
		{},
		{Received: 3, ReceivedOnline: 1, ReceivedWithDigitised: 2},
		{Received: 7, ReceivedOnline: 7, Resolved: 6, ResolvedBefore: 4, ResolvedOnTime: 1, ResolvedOverdue: 1, Withdrawn: 1},
		{Received: 2000, ReceivedOnline: 1753, ReceivedWithDigitised: 1641, Resolved: 1999, ResolvedBefore: 1889,
			ResolvedOnTime: 108, ResolvedOverdue: 2},
	} {
		for _, lang := range []string{"vi", "en"} {
			rows, err := (&Server{}).breakdownRows(lang, []store.Breakdown{{Key: "x", Counts: c}}, func(k string) (string, bool) { return k, false })
			if err != nil {
				t.Fatal(err)
			}
			if c == (report.Counts{}) {
				if len(rows) != 0 {
					t.Errorf("empty counts give a row: %+v", rows)
				}
				continue
			}
			want := map[string]string{}
			for _, r := range report.Compute(report.Facts{Counts: c}).Rows() {
				want[r.Key] = "—"
				if !r.Undefined {
					want[r.Key] = localNumber(lang, r.Text())
				}
			}
			got := rows[0]
			for k, v := range map[string]string{"before_deadline_pct": got.Before, "on_time_pct": got.OnTime,
				"overdue_pct": got.Overdue, "online_pct": got.Online, "digitised_pct": got.Digitised} {
				if v != want[k] {
					t.Errorf("%s, %+v: %s = %q, the report says %q", lang, c, k, v, want[k])
				}
			}
		}
	}
}
