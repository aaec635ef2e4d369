package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
)

var fakePortalLine = regexp.MustCompile(`Fake portal:\s+(http://\S+)/_fake/dossiers`)

// TestDemoSyncsToItsFakePortal: `motcua demo` starts a fake national portal,
// prints its address, and once the year is generated delivers every
// dossier's messages to it (none fails for the age of its simulated date):
// the fake ends holding every dossier, and the outbox has nothing pending.
// The two dossiers citizens submitted on the fake are pulled in.
func TestDemoSyncsToItsFakePortal(t *testing.T) {
	smallDemo(t)
	dir := t.TempDir()
	d := startDemo(t, dir)
	m := fakePortalLine.FindStringSubmatch(d.out.String())
	if m == nil {
		t.Fatalf("the demo prints no fake portal:\n%s", d.out.String())
	}
	held := func() int {
		resp, err := http.Get(m[1] + "/_fake/dossiers")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var v struct {
			Dossiers map[string]json.RawMessage `json:"dossiers"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil {
			t.Fatal(err)
		}
		return len(v.Dossiers)
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "motcua.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(5 * time.Minute)
	for {
		st, err := db.OutboxSummary(ctx, store.TopicPortal, "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Failed > 0 {
			t.Fatalf("%d portal messages failed: %v", st.Failed, st.FailuresByCause)
		}
		_, err1 := db.PortalDossier(ctx, "G22.99-DEMO-0001")
		_, err2 := db.PortalDossier(ctx, "G22.99-DEMO-0002")
		if st.Pending == 0 && st.Sent > 0 && err1 == nil && err2 == nil && !fillingBanner.MatchString(d.page(t, "/")) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d portal messages pending (%d sent); the fake holds %d dossiers", st.Pending, st.Sent, held())
		}
		time.Sleep(200 * time.Millisecond)
	}
	ours, err := db.Dossiers(ctx, store.DossierFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	if n := held(); n != len(ours) || n == 0 {
		t.Errorf("the fake holds %d dossiers, the demo has %d", n, len(ours))
	}
}
