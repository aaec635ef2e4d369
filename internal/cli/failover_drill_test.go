package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// TestFailoverDrill is the province's failover drill. It starts
// scripts/ha-cluster.sh (3 etcd, 3 PostgreSQL under Patroni with a
// synchronous standby, HAProxy), serves motcua through HAProxy, and while
// officers' API clients take in dossiers (each with its Idempotency-Key,
// retried until acknowledged) kills the primary three times (kill -9 of its
// Patroni and PostgreSQL: a dead server), letting Patroni promote a standby
// and bringing the dead node back as a standby each time. Then every
// acknowledged dossier must be in the database, none twice, and the seconds
// during which writes were refused are reported.
//
// It needs root or the postgres user, Debian's postgresql-15, patroni,
// etcd-server, etcd-client and haproxy, and a minute or two: it runs only
// with MOTCUA_HA_DRILL=1.
//
//	MOTCUA_HA_DRILL=1 go test -count=1 -v -run TestFailoverDrill ./internal/cli/
func TestFailoverDrill(t *testing.T) {
	if os.Getenv("MOTCUA_HA_DRILL") == "" {
		t.Skip("the failover drill starts etcd, Patroni and HAProxy: run it with MOTCUA_HA_DRILL=1 (docs/operations.md)")
	}
	script, err := filepath.Abs("../../scripts/ha-cluster.sh")
	if err != nil {
		t.Fatal(err)
	}
	// Not t.TempDir: the postgres user must be able to reach it.
	haDir := filepath.Join(os.TempDir(), "motcua-ha-drill")
	const port = 5450
	ha := func(args ...string) (string, error) {
		cmd := exec.Command("sh", append([]string{script}, args...)...)
		cmd.Env = append(os.Environ(), "HA_DIR="+haDir, fmt.Sprintf("HA_PORT=%d", port))
		out, err := cmd.CombinedOutput()
		return strings.TrimSpace(string(out)), err
	}
	ha("clean")
	if out, err := ha("up"); err != nil {
		t.Fatalf("ha-cluster.sh up: %v\n%s", err, out)
	}
	t.Cleanup(func() {
		if t.Failed() {
			out, _ := ha("status")
			t.Logf("cluster at the end:\n%s\nits logs stay in %s", out, haDir)
			ha("down")
			return
		}
		ha("clean")
	})
	dsn := fmt.Sprintf("postgres://motcua:motcua@127.0.0.1:%d/motcua?sslmode=disable", port)

	// The town: migrated, the catalogue, a commune, a reception officer and its API token.
	ctx := context.Background()
	db, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "drill"); err != nil {
		t.Fatal(err)
	}
	u := &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}
	if err := db.CreateUnit(ctx, u, "drill"); err != nil {
		t.Fatal(err)
	}
	o := &staff.Officer{UnitID: u.ID, Username: "tiepnhan", FullName: "Tiếp Nhận", Roles: []staff.Role{staff.Reception}, Active: true}
	if err := db.CreateOfficer(ctx, o, "mat-khau-thu-nghiem", "drill"); err != nil {
		t.Fatal(err)
	}
	token, err := db.CreateToken(ctx, o.ID, "drill", "drill")
	if err != nil {
		t.Fatal(err)
	}
	base, _ := startOpsServe(t, "--db", dsn, "--log-level", "error")

	// The load: workers take in dossiers, each retried with its key until acknowledged.
	type ack struct {
		key, code  string
		sent, done time.Time
	}
	var (
		mu       sync.Mutex
		acks     []ack
		attempts int
		refused  int
	)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 60 * time.Second}
	post := func(key string) (string, error) {
		body := []byte(`{"unit_code": "000.21.37.H56", "procedure_code": "1.004873", "intake": {"channel": 1,
			"applicant": {"full_name": "Nguyễn Văn An", "id_number": "068090001122", "phone": "0987654321"},
			"components": [{"name": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"}, {"name": "Giấy tờ tùy thân của người yêu cầu (xuất trình)"}]}}`)
		req, _ := http.NewRequest("POST", base+"/api/v1/dossiers", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", key)
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var v struct {
			Code string `json:"code"`
		}
		if resp.StatusCode != http.StatusCreated && resp.StatusCode != http.StatusOK {
			return "", fmt.Errorf("status %d", resp.StatusCode)
		}
		if err := json.NewDecoder(resp.Body).Decode(&v); err != nil || v.Code == "" {
			return "", fmt.Errorf("answer without a code: %v", err)
		}
		return v.Code, nil
	}
	const workers = 4
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				key := fmt.Sprintf("drill-%d-%d", w, i)
				sent := time.Now()
				for {
					code, err := post(key)
					mu.Lock()
					attempts++
					if err == nil {
						acks = append(acks, ack{key, code, sent, time.Now()})
					} else {
						refused++
					}
					mu.Unlock()
					if err == nil {
						break
					}
					if time.Since(sent) > 3*time.Minute {
						t.Errorf("%s: not acknowledged after 3 minutes: %v", key, err)
						return
					}
					time.Sleep(200 * time.Millisecond)
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	acked := func() int { mu.Lock(); defer mu.Unlock(); return len(acks) }
	waitUntil := func(what string, limit time.Duration, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(limit)
		for !ok() {
			if time.Now().After(deadline) {
				close(stop)
				wg.Wait()
				t.Fatalf("timed out after %s waiting for %s", limit, what)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	type round struct {
		victim, promoted string
		refused          time.Duration // from the kill to the first acknowledgement of an intake sent after it
		rejoined         time.Duration
	}
	var rounds []round
	for r := range 3 {
		n := acked()
		waitUntil("intakes before the kill", time.Minute, func() bool { return acked() >= n+30 })
		victim, err := ha("kill-primary")
		if err != nil {
			t.Fatalf("kill-primary: %v %s", err, victim)
		}
		// From here no write can reach the dead primary.
		killed := time.Now()
		var promoted string
		waitUntil("a new primary", 90*time.Second, func() bool {
			p, err := ha("primary")
			if err == nil && p != victim {
				promoted = p
				return true
			}
			return false
		})
		var resumed time.Time
		waitUntil("writes to resume", 90*time.Second, func() bool {
			mu.Lock()
			defer mu.Unlock()
			for _, a := range acks {
				if a.sent.After(killed) && (resumed.IsZero() || a.done.Before(resumed)) {
					resumed = a.done
				}
			}
			return !resumed.IsZero()
		})
		if out, err := ha("start", victim); err != nil {
			t.Fatalf("start %s: %v %s", victim, err, out)
		}
		waitUntil(victim+" to rejoin as a standby", 2*time.Minute, func() bool {
			_, err := ha("healthy")
			return err == nil
		})
		rounds = append(rounds, round{victim, promoted, resumed.Sub(killed), time.Since(killed)})
		t.Logf("failover %d: %s killed, %s promoted, writes refused for %.1fs, %s back as a standby after %.1fs",
			r+1, victim, promoted, resumed.Sub(killed).Seconds(), victim, time.Since(killed).Seconds())
	}
	n := acked()
	waitUntil("intakes after the last failover", time.Minute, func() bool { return acked() >= n+30 })
	close(stop)
	wg.Wait()

	// Every acknowledged dossier is there, with the code it was acknowledged
	// with; no key made two dossiers; the unit holds exactly those.
	mu.Lock()
	defer mu.Unlock()
	byKey := map[string]string{}
	for _, a := range acks {
		if prev, ok := byKey[a.key]; ok && prev != a.code {
			t.Errorf("key %s acknowledged twice with two codes: %s and %s", a.key, prev, a.code)
		}
		byKey[a.key] = a.code
	}
	codes := map[string]bool{}
	for _, code := range byKey {
		codes[code] = true
	}
	lost := 0
	for code := range codes {
		if _, err := db.Dossier(ctx, code); err != nil {
			lost++
			t.Errorf("acknowledged dossier %s: %v", code, err)
		}
	}
	present, err := db.CountDossiers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	duplicated := present - len(codes)
	if duplicated != 0 {
		t.Errorf("%d dossiers in the database for %d acknowledged intakes", present, len(codes))
	}
	t.Logf("drill: %d intakes acknowledged (%d attempts, %d refused and retried), %d present, %d lost, %d duplicated; writes refused per failover: %.1fs, %.1fs, %.1fs",
		len(codes), attempts, refused, present, lost, duplicated, rounds[0].refused.Seconds(), rounds[1].refused.Seconds(), rounds[2].refused.Seconds())
}
