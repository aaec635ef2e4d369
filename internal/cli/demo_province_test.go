package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestDemoProvince: `motcua demo --province --communes 4` at a small size
// serves at once while the four communes fill, then the province's leader,
// logged in over real HTTP, sees them ranked on the province page, each
// with the figures of the dossiers filed under it (counted here from the
// database), and drills down into one; a commune's officer is refused the
// page.
func TestDemoProvince(t *testing.T) {
	old := provinceSize
	provinceSize = 10
	t.Cleanup(func() { provinceSize = old })
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	d := &runningDemo{out: &syncBuffer{}, errs: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	go func() {
		d.exit <- Main(ctx, []string{"demo", "--province", "--communes", "4", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "warn"}, d.out, d.errs)
	}()
	t.Cleanup(func() { d.stop(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for d.url == "" {
		if m := portalLine.FindStringSubmatch(d.out.String()); m != nil {
			d.url = m[1]
		} else if time.Now().After(deadline) {
			t.Fatalf("the province demo printed no address:\n%s\n%s", d.out.String(), d.errs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, want := range []string{"/can-bo/tinh?den=2025-12-31&tu=2025-07-01", "tinh.lanhdao", "4 communes"} {
		if !strings.Contains(d.out.String(), want) {
			t.Errorf("the console lacks %q:\n%s", want, d.out.String())
		}
	}
	for !strings.Contains(d.out.String(), "the province is complete") {
		if time.Now().After(deadline) {
			t.Fatalf("the communes never completed:\n%s\n%s", d.out.String(), d.errs.String())
		}
		select {
		case code := <-d.exit:
			d.cancel()
			d.cancel = nil
			t.Fatalf("the province demo exited %d while filling:\n%s\n%s", code, d.out.String(), d.errs.String())
		case <-time.After(50 * time.Millisecond):
		}
	}

	// The figures each commune should show, from its own dossiers.
	db, err := store.Open(context.Background(), "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prov, err := demo.SeedProvince(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	received := map[string]int{}
	for _, c := range prov.Communes[:4] {
		ds, err := db.Dossiers(context.Background(), store.DossierFilter{UnitID: c.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ds {
			if x.Status != dossier.Refused {
				received[c.Code]++
			}
		}
		if received[c.Code] < 5 {
			t.Fatalf("%s has %d received dossiers", c.Name, received[c.Code])
		}
	}

	leader := demoLogin(t, d.url, "tinh.lanhdao")
	period := "tu=2025-07-01&den=2025-12-31"
	resp, body := getBody(t, leader, d.url+"/can-bo/tinh/tinh.csv?"+period)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CSV = %d", resp.StatusCode)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+124 {
		t.Errorf("the CSV has %d communes, want the province's 124", len(rows)-1)
	}
	ranked := map[string]bool{}
	for _, r := range rows[1:] {
		want, generated := received[r[1]]
		got, err := strconv.Atoi(r[4])
		if err != nil {
			t.Fatalf("row %q: %v", r, err)
		}
		switch {
		case generated && got != want:
			t.Errorf("%s received %d on the province page, %d dossiers filed under it", r[3], got, want)
		case !generated && got != 0:
			t.Errorf("%s, not generated, received %d", r[3], got)
		case generated && r[0] != "":
			ranked[r[0]] = true
		}
	}
	if len(ranked) != 4 {
		t.Errorf("the four communes' ranks: %v", ranked)
	}
	c := prov.Communes[0]
	resp, page := getBody(t, leader, d.url+"/can-bo/tinh?xa="+url.QueryEscape(c.Code)+"&"+period)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="commune"`) || !strings.Contains(page, c.Name) ||
		!strings.Contains(page, "<td>"+strconv.Itoa(received[c.Code])+"</td>") {
		t.Errorf("drill-down into %s = %d, without its %d received", c.Name, resp.StatusCode, received[c.Code])
	}
	desk := demoLogin(t, d.url, demo.CommuneUsername(c, "tiepnhan"))
	if resp, _ := getBody(t, desk, d.url+"/can-bo/tinh?"+period); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a commune's officer gets the province page: %d", resp.StatusCode)
	}
	if code := d.stop(t); code != 0 {
		t.Fatalf("demo exit %d: %s", code, d.errs.String())
	}
}

var demoCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// demoLogin logs in to the demo at base through its login form.
func demoLogin(t *testing.T, base, username string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	_, page := getBody(t, c, base+"/dang-nhap")
	m := demoCSRF.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no CSRF token on the login page")
	}
	resp, err := c.PostForm(base+"/dang-nhap", url.Values{"csrf": {m[1]}, "username": {username}, "password": {demo.Password}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || strings.HasSuffix(resp.Request.URL.Path, "/dang-nhap") {
		t.Fatalf("login %s = %d at %s", username, resp.StatusCode, resp.Request.URL)
	}
	return c
}

func getBody(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// TestDemoProvinceSeedOnlyPostgres: on PostgreSQL, `--province --seed-only`
// generates the communes before returning (nothing to serve from), and a
// second run finds them and generates nothing.
func TestDemoProvinceSeedOnlyPostgres(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	old := provinceSize
	provinceSize = 8
	t.Cleanup(func() { provinceSize = old })
	args := []string{"demo", "--province", "--seed-only", "--communes", "2", "--db", dsn, "--data", t.TempDir(), "--log-level", "warn"}
	var out, errb bytes.Buffer
	if code := Main(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
	m := regexp.MustCompile(`generated (\d+) dossiers .* in 2 communes`).FindStringSubmatch(out.String())
	if m == nil || !strings.Contains(out.String(), "demo data ready") {
		t.Fatalf("the first run says:\n%s", out.String())
	}
	db, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	prov, err := demo.SeedProvince(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range prov.Communes[:3] {
		ds, err := db.Dossiers(context.Background(), store.DossierFilter{UnitID: c.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if c == prov.Communes[2] && len(ds) != 0 {
			t.Errorf("%s, the third commune, has %d dossiers with --communes 2", c.Name, len(ds))
		}
		n += len(ds)
	}
	if strconv.Itoa(n) != m[1] {
		t.Errorf("the two communes have %d dossiers, the console says %s", n, m[1])
	}
	out.Reset()
	if code := Main(context.Background(), args, &out, &errb); code != 0 || strings.Contains(out.String(), "generated") {
		t.Errorf("the second run: exit %d, generated again:\n%s\n%s", code, out.String(), errb.String())
	}
}

// TestDemoProvinceFlags: the province demo's flags are checked before
// anything is created.
func TestDemoProvinceFlags(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	for args, want := range map[string]string{
		"--communes 3":             "--communes goes with --province",
		"--province --story-2025":  "--province and --story-2025 are two different demos",
		"--province --communes -1": "--communes must not be negative",
	} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), append([]string{"demo", "--data", dir}, strings.Fields(args)...), &out, &errb)
		if code != 2 || !strings.Contains(out.String()+errb.String(), want) {
			t.Errorf("demo %s: exit %d, %q; want 2 and %q", args, code, errb.String(), want)
		}
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("a refused command created %s: %v", dir, err)
	}
}

// TestDemoProvinceStartsAnInterruptedFillAgain: stopped while its communes
// fill, the province demo leaves the marker; the next run starts again from
// an empty database and completes.
func TestDemoProvinceStartsAnInterruptedFillAgain(t *testing.T) {
	old := provinceSize
	provinceSize = 10
	// The fill waits, once the page shows 1 % done, until the demo stops:
	// caught half-way on any machine, where a fast one could finish it
	// between the page showing it and the stop.
	holdProvinceFill = func(ctx context.Context, done float64) {
		if done >= 0.01 {
			<-ctx.Done()
		}
	}
	t.Cleanup(func() { provinceSize, holdProvinceFill = old, nil })
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	d := &runningDemo{out: &syncBuffer{}, errs: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	go func() {
		d.exit <- Main(ctx, []string{"demo", "--province", "--communes", "30", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "warn"}, d.out, d.errs)
	}()
	t.Cleanup(func() { d.stop(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m := portalLine.FindStringSubmatch(d.out.String()); m != nil && d.url == "" {
			d.url = m[1]
		}
		if d.url != "" {
			if m := fillingBanner.FindStringSubmatch(d.page(t, "/")); m != nil && m[1] != "0" {
				break
			}
		}
		if time.Now().After(deadline) || strings.Contains(d.out.String(), "the province is complete") {
			t.Fatalf("the fill was never caught half-way:\n%s", d.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := d.stop(t); code != 0 {
		t.Fatalf("demo exit %d: %s", code, d.errs.String())
	}
	if !strings.Contains(d.out.String(), "stopped before the communes were complete") {
		t.Errorf("no word of the interruption:\n%s", d.out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.db.filling")); err != nil {
		t.Fatalf("no marker after an interrupted fill: %v", err)
	}
	var out, errb bytes.Buffer
	if code := Main(context.Background(), []string{"demo", "--province", "--communes", "30", "--seed-only", "--data", dir, "--log-level", "warn"}, &out, &errb); code != 0 {
		t.Fatalf("the next run: exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"starting again from an empty database", "in 30 communes"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the next run does not say %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.db.filling")); !os.IsNotExist(err) {
		t.Errorf("marker still there after the complete fill: %v", err)
	}
}
