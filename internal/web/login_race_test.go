package web

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// 150 logins at once from one address: at most the address's allowance (50)
// reach the password check, the rest are refused with 429, and no more than
// the hashing slots run argon2 at the same time.
func TestConcurrentLoginsAreThrottledAndBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
		db := e.Open(t, store.Options{Logger: log})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := demo.Seed(ctx, db); err != nil {
			t.Fatal(err)
		}
		w, err := New(db, log, Options{})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(server.New(db, log, metrics.New(), w, api.New(db, log, api.Options{})).Handler())
		defer ts.Close()
		jar, _ := cookiejar.New(nil)
		client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Get(ts.URL + "/dang-nhap")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		csrf := csrfFrom(t, string(b))

		const logins = 150
		codes := map[int]int{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range logins {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				// Different usernames, so only the address's allowance binds.
				resp, err := client.PostForm(ts.URL+"/dang-nhap", url.Values{"csrf": {csrf},
					"username": {fmt.Sprintf("khach%03d", i)}, "password": {"sai-mat-khau"}})
				if err != nil {
					t.Error(err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				mu.Lock()
				codes[resp.StatusCode]++
				mu.Unlock()
			}()
		}
		close(start)
		wg.Wait()
		checked := w.hashing.entered.Load()
		t.Logf("responses %v; %d password checks, at most %d at once (%d slots)", codes, checked, w.hashing.peak.Load(), cap(w.hashing.slots))
		if checked > maxIPFailures || codes[http.StatusUnauthorized] > maxIPFailures {
			t.Errorf("%d password checks, %d refused as wrong: the address's allowance is %d", checked, codes[http.StatusUnauthorized], maxIPFailures)
		}
		if codes[http.StatusUnauthorized]+codes[http.StatusTooManyRequests]+codes[http.StatusServiceUnavailable] != logins {
			t.Errorf("unexpected statuses: %v", codes)
		}
		if p := w.hashing.peak.Load(); p > int64(cap(w.hashing.slots)) {
			t.Errorf("%d password checks ran at once, over the %d slots", p, cap(w.hashing.slots))
		}
		// Every wrong password is counted, nothing else: a login refused as
		// busy (503) never reached the check and is not held against anyone.
		if n, err := db.Attempts(ctx, "ip:127.0.0.1", time.Now().Add(-time.Hour)); err != nil || n != codes[http.StatusUnauthorized] {
			t.Errorf("%d attempts recorded for the address, want %d (%v)", n, codes[http.StatusUnauthorized], err)
		}
	})
}

// A successful login does not use up the allowance: an officer who logs in
// more times than the failure limit is never locked out.
func TestSuccessfulLoginsDoNotCountAsFailures(t *testing.T) {
	s := newTestServer(t, Options{})
	for i := range maxFailures + 2 {
		s.Client.Jar, _ = adminNewJar()
		if resp, _ := s.login(t, "chutich", demo.Password); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login %d: %d, want 303", i+1, resp.StatusCode)
		}
	}
}
