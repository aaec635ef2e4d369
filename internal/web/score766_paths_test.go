package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/cli"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/web"
)

// TestScore766AgreesAcrossPaths: the Decision 766 score of one small seeded
// month, read through `motcua report --format json`, the API's
// /api/v1/report over real HTTP and the dashboard's HTML, is the same
// everywhere and equals the score worked out by hand from the known counts
// with the published weights; the criteria without data show "no data" on
// every path and earn nothing.
func TestScore766AgreesAcrossPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		// Four dossiers of birth registration (three working days), March 2025:
		// A counter, digitised, resolved before its appointment, returned,
		//   "very satisfied" with praise;
		// B online, resolved on its appointment's date, returned, "not
		//   satisfied" with a reason;
		// C counter, resolved a day late;
		// D counter, digitised, still pending (overdue at the end of March).
		for _, p := range []storetest.Path{
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 09:00", Digitised: true,
				Resolved: "2025-03-04 10:00", Returned: true, Rating: dossier.VerySatisfied, Comment: "Cán bộ nhiệt tình, chu đáo"},
			{Procedure: "1.004873", Channel: dossier.Online, Received: "2025-03-03 10:00",
				Resolved: "2025-03-06 15:00", Returned: true, Rating: dossier.NotSatisfied, Comment: "Chờ lâu"},
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-03 11:00", Resolved: "2025-03-07 09:00"},
			{Procedure: "1.004873", Channel: dossier.Counter, Received: "2025-03-10 09:00", Digitised: true},
		} {
			tw.Drive(t, p)
		}
		tw.Clock.Set(t, "2025-04-15 10:00")
		const from, to = "2025-03-01", "2025-03-31"

		// By hand. The catalogue's offer: every shipped procedure, those
		// not counter-only offered online.
		c, err := catalogue.LoadShipped()
		if err != nil {
			t.Fatal(err)
		}
		var procs, online float64
		for _, p := range c.Procedures {
			procs++
			if p.Online != catalogue.OnlineCounter {
				online++
			}
		}
		// Received 4 (1 online, 2 digitised, none synced or reusing);
		// resolved 3 (1 before, 1 on the date, 1 late; no electronic
		// result); pending 1, overdue; no fee; 1 of the 3 not satisfied.
		// Criteria with data (published weights 18/20/22/22/18):
		//   procedures published      6 × 1            (every procedure is published in full)
		//   dossiers synced           6 × 0/4
		//   progress                 20 × (0 + 0 + 1 + 1 + 0)/4
		//   digitised                 8 × 2/4
		//   electronic result         7 × 0/3
		//   reuse                     7 × 0/4
		//   procedures online         6 × online/procs
		//   received online           6 × 1/4
		//   satisfaction              6 × (3 − 1)/3
		// Without data: published in time (6), online payment (10), feedback
		// on time (6) and satisfaction with feedback (6): 72 points available.
		earned := 6*1 + 6*0.0 + 20*2.0/4 + 8*2.0/4 + 0 + 0 + 6*online/procs + 6*1.0/4 + 6*2.0/3
		wantTotal := math.Round(earned/72*100*100) / 100
		wantNoData := []string{"procedures_published_timely", "online_payment", "feedback_on_time", "feedback_satisfaction"}
		t.Logf("by hand: %v of 72 points with data → %.2f / 100 (%v of %v procedures online)", earned, wantTotal, online, procs)

		// 1. The command.
		var out, errb bytes.Buffer
		if code := cli.Main(ctx, []string{"report", "--from", from, "--to", to, "--format", "json", "--db", tw.DSN}, &out, &errb); code != 0 {
			t.Fatalf("motcua report: exit %d: %s", code, errb.String())
		}
		var fromCLI report.Report
		if err := json.Unmarshal(out.Bytes(), &fromCLI); err != nil {
			t.Fatalf("motcua report: %v\n%s", err, out.String())
		}
		got := fromCLI.Indicators
		if got.Received != 4 || got.ReceivedOnline != 1 || got.ReceivedWithDigitised != 2 || got.ReceivedSynced != 0 ||
			got.Resolved != 3 || got.ResolvedBefore != 1 || got.ResolvedOnTime != 1 || got.ResolvedOverdue != 1 ||
			got.ResolvedWithElectronicResult != 0 || got.FeeBearing != 0 || got.UnderCompetence != 3 ||
			got.NotSatisfiedOrComplained != 1 || got.PendingOverdue != 1 || got.PendingTotal != 1 ||
			got.ProceduresTotal != int64(procs) || got.ProceduresOnline != int64(online) {
			t.Fatalf("the seeded counts are not the ones computed by hand from: %+v", got)
		}

		// 2. The API over HTTP, as the town's leader.
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		w, err := web.New(tw.DB, log, web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(server.New(tw.DB, log, metrics.New(), w, api.New(tw.DB, log, api.Options{})).Handler())
		defer srv.Close()
		token, err := tw.DB.CreateToken(ctx, tw.Leader.ID, "test", "test")
		if err != nil {
			t.Fatal(err)
		}
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/report?from="+from+"&to="+to, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/v1/report: %d %s", resp.StatusCode, body)
		}
		var fromAPI report.Report
		if err := json.Unmarshal(body, &fromAPI); err != nil {
			t.Fatalf("API: %v\n%s", err, body)
		}

		// 3. The dashboard, signed in as the leader.
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar}
		page := func(path string, form url.Values) string {
			t.Helper()
			var resp *http.Response
			var err error
			if form == nil {
				resp, err = client.Get(srv.URL + path)
			} else {
				resp, err = client.PostForm(srv.URL+path, form)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
			return string(b)
		}
		m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindStringSubmatch(page("/dang-nhap", nil))
		if m == nil {
			t.Fatal("no CSRF token on the login page")
		}
		page("/dang-nhap", url.Values{"csrf": {m[1]}, "username": {tw.Leader.Username}, "password": {storetest.Password}})
		html := page("/can-bo/thong-ke?from="+from+"&to="+to, nil)
		tm := regexp.MustCompile(`<span id="score-total">([^<]*)</span>`).FindStringSubmatch(html)
		if tm == nil {
			t.Fatalf("the dashboard shows no score total:\n%s", html)
		}
		dashTotal, err := strconv.ParseFloat(strings.Replace(tm[1], ",", ".", 1), 64)
		if err != nil {
			t.Fatalf("dashboard total %q: %v", tm[1], err)
		}
		dashPoints := map[string]string{}
		for _, r := range regexp.MustCompile(`<tr data-key="([a-z_]+)"><th scope="row">[^<]*</th><td>[^<]*</td><td>([^<]*) / [^<]*</td></tr>`).FindAllStringSubmatch(html, -1) {
			dashPoints[r[1]] = r[2]
		}

		// They agree with each other and with the hand.
		for name, total := range map[string]float64{"command": fromCLI.Score.Total, "API": fromAPI.Score.Total, "dashboard": dashTotal} {
			if total != wantTotal {
				t.Errorf("%s: 766 total %v, by hand %v", name, total, wantTotal)
			}
		}
		if fromCLI.Score.Available != 72 || fromAPI.Score.Available != 72 {
			t.Errorf("points with data: command %v, API %v; want 72", fromCLI.Score.Available, fromAPI.Score.Available)
		}
		if !strings.Contains(html, "tính trên 72/100 điểm có dữ liệu") {
			t.Errorf("the dashboard does not say the total is over the 72 points with data")
		}
		for name, nd := range map[string][]string{"command": fromCLI.Score.NoData, "API": fromAPI.Score.NoData} {
			if strings.Join(nd, " ") != strings.Join(wantNoData, " ") {
				t.Errorf("%s: criteria without data %v, want %v", name, nd, wantNoData)
			}
		}
		if len(fromCLI.Score.Criteria) != 13 || len(dashPoints) != 13 {
			t.Fatalf("criteria: command %d, dashboard %d; want 13", len(fromCLI.Score.Criteria), len(dashPoints))
		}
		for i, k := range fromCLI.Score.Criteria {
			a := fromAPI.Score.Criteria[i]
			want := strings.Replace(strconv.FormatFloat(k.Points, 'f', 2, 64), ".", ",", 1)
			if k.Undefined {
				want = "không có dữ liệu"
				if k.Points != 0 {
					t.Errorf("command: %s has no data yet earns %v points", k.Key, k.Points)
				}
			}
			if a != k {
				t.Errorf("criterion %s: API %+v, command %+v", k.Key, a, k)
			}
			if dashPoints[k.Key] != want {
				t.Errorf("criterion %s: dashboard %q, command %q", k.Key, dashPoints[k.Key], want)
			}
		}
		if fromCLI.SatisfactionPct != 66.7 || fromCLI.Complaints != 1 {
			t.Errorf("satisfaction %v %%, complaints %d; want 66.7 (2 of 3) and 1 (the reason for \"not satisfied\", not the praise)",
				fromCLI.SatisfactionPct, fromCLI.Complaints)
		}
	})
}
