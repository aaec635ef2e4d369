package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

// smallDemo makes `motcua demo` generate four weeks of a small town (the
// figures a history of this size can hit exactly) for the test's duration.
func smallDemo(t *testing.T) {
	t.Helper()
	old := demoProfiles
	demoProfiles = func() []demo.Profile {
		p := demo.BriefProfile()
		p.From, p.To = calendar.Date{Year: 2024, Month: 3, Day: 4}, calendar.Date{Year: 2024, Month: 3, Day: 31}
		p.Finished, p.Withdrawn, p.Pending, p.Refused = 300, 2, 6, 3
		p.BeforePct, p.OnTimePct, p.OverduePct = 94.3, 5.3, 0.3
		p.DigitisedPct, p.OnlinePct, p.OnlinePaymentPct, p.SatisfactionPct = 82.0, 87.9, 98.34, 99.3
		p.MinLetters = 20
		p.Seed = 7
		return []demo.Profile{p}
	}
	t.Cleanup(func() { demoProfiles = old })
}

// syncBuffer is the demo's stdout, read by the test while the demo writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runningDemo is `motcua demo` serving in the background.
type runningDemo struct {
	url    string
	out    *syncBuffer
	errs   *syncBuffer
	cancel context.CancelFunc
	exit   chan int
}

var portalLine = regexp.MustCompile(`Citizen portal:\s+(http://\S+)/\n`)

// startDemo runs `motcua demo --data dir` on a free port and waits until
// it prints its address.
func startDemo(t *testing.T, dir string) *runningDemo {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	d := &runningDemo{out: &syncBuffer{}, errs: &syncBuffer{}, cancel: cancel, exit: make(chan int, 1)}
	go func() {
		d.exit <- Main(ctx, []string{"demo", "--data", dir, "--addr", "127.0.0.1:0", "--log-level", "warn"}, d.out, d.errs)
	}()
	t.Cleanup(func() { d.stop(t) })
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := portalLine.FindStringSubmatch(d.out.String()); m != nil {
			d.url = m[1]
			return d
		}
		select {
		case code := <-d.exit:
			t.Fatalf("demo exited %d before serving:\n%s\n%s", code, d.out.String(), d.errs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("demo printed no address:\n%s", d.out.String())
	return nil
}

// stop interrupts the demo as Ctrl+C does and returns its exit code.
func (d *runningDemo) stop(t *testing.T) int {
	t.Helper()
	if d.cancel == nil {
		return 0
	}
	d.cancel()
	d.cancel = nil
	select {
	case code := <-d.exit:
		return code
	case <-time.After(time.Minute):
		t.Fatal("demo did not stop")
		return -1
	}
}

func (d *runningDemo) page(t *testing.T, path string) string {
	t.Helper()
	resp, err := http.Get(d.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, resp.StatusCode)
	}
	return string(b)
}

var fillingBanner = regexp.MustCompile(`Đang tạo dữ liệu mẫu… (\d+) %`)

// TestDemoServesWhileTheYearFills: the first run answers HTTP while the
// year is generated, with the banner giving the progress; the banner goes
// and the marker file is removed when the year is complete; the next run
// reuses the database and serves at once with no banner.
func TestDemoServesWhileTheYearFills(t *testing.T) {
	smallDemo(t)
	dir := t.TempDir()
	marker := filepath.Join(dir, "motcua.db.filling")
	d := startDemo(t, dir)
	if !fillingBanner.MatchString(d.page(t, "/")) {
		t.Fatalf("the first page, served as soon as the demo listens, has no filling banner")
	}
	if _, err := os.Stat(marker); err != nil {
		t.Fatalf("no marker while the year fills: %v", err)
	}
	deadline := time.Now().Add(3 * time.Minute)
	for fillingBanner.MatchString(d.page(t, "/")) {
		if time.Now().After(deadline) {
			t.Fatalf("the year never completed:\n%s", d.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if !strings.Contains(d.out.String(), "the year is complete") {
		t.Errorf("the console does not say the year is complete:\n%s", d.out.String())
	}
	if _, err := os.Stat(marker); !os.IsNotExist(err) {
		t.Errorf("marker still there after the year completed: %v", err)
	}
	if code := d.stop(t); code != 0 {
		t.Fatalf("demo exit %d: %s", code, d.errs.String())
	}

	again := startDemo(t, dir)
	if body := again.page(t, "/"); fillingBanner.MatchString(body) {
		t.Error("the second run shows the filling banner: it should reuse the complete year")
	}
	if strings.Contains(again.out.String(), "Generating") {
		t.Errorf("the second run generates again:\n%s", again.out.String())
	}
}

// TestDemoStartsAnInterruptedYearAgain: a demo stopped while its year fills
// leaves the marker and a partial history; the next run deletes it and
// generates the whole year again (the old behaviour was to find a history,
// skip generating, and fail verification forever).
func TestDemoStartsAnInterruptedYearAgain(t *testing.T) {
	smallDemo(t)
	dir := t.TempDir()
	d := startDemo(t, dir)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m := fillingBanner.FindStringSubmatch(d.page(t, "/")); m != nil && m[1] != "0" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the fill made no progress:\n%s", d.out.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	if code := d.stop(t); code != 0 {
		t.Fatalf("demo exit %d: %s", code, d.errs.String())
	}
	if !strings.Contains(d.out.String(), "stopped before the year was complete") {
		t.Errorf("no word of the interruption:\n%s", d.out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.db.filling")); err != nil {
		t.Fatalf("no marker after an interrupted fill: %v", err)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	has, err := demo.HasHistory(ctx, db, demoProfiles()[0], "")
	db.Close()
	if err != nil || !has {
		t.Fatalf("interrupted mid-fill, yet no partial history (%v): the test proves nothing", err)
	}

	var out, errb bytes.Buffer
	if code := Main(ctx, []string{"demo", "--seed-only", "--data", dir, "--log-level", "warn"}, &out, &errb); code != 0 {
		t.Fatalf("the next run: exit %d:\n%s\n%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"starting again from an empty database", " dossiers ("} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the next run does not say %q:\n%s", want, out.String())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "motcua.db.filling")); !os.IsNotExist(err) {
		t.Errorf("marker still there after the complete year: %v", err)
	}
}
