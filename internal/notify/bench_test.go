package notify_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// benchDossiers is how many dossiers the database holds before measuring:
// MOTCUA_BENCH_DOSSIERS (the figure is for 1,000,000), 20,000 by default.
func benchDossiers() int {
	if n, err := strconv.Atoi(os.Getenv("MOTCUA_BENCH_DOSSIERS")); err == nil && n >= 2 {
		return n
	}
	return 20000
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkDispatch measures the notify worker rendering "received" notices
// (the unit's template, unaccented) and handing them to the fake SMS
// provider over loopback HTTP, each recorded as a delivery, with the
// database holding MOTCUA_BENCH_DOSSIERS dossiers. Each iteration is one
// notice of one dossier whose applicant consented to SMS. It reports
// messages per second of wall time and per second of CPU (the process's:
// worker, database and fake together).
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench Dispatch -benchtime 20000x ./internal/notify/
func BenchmarkDispatch(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			n := benchDossiers()
			if b.N > n {
				b.Fatalf("%d notices need %d dossiers; MOTCUA_BENCH_DOSSIERS=%d", b.N, b.N, n)
			}
			tw := newTown(b, e)
			d := tw.intake(b, "0912345678", "", "sms")
			start := time.Now()
			if err := store.BulkCopyDossier(ctx, tw.db, d.Code, n); err != nil {
				b.Fatal(err)
			}
			if err := store.BulkCopyOutbox(ctx, tw.db, d.Code, 1, b.N, store.OutboxQueued); err != nil {
				b.Fatal(err)
			}
			if err := store.BulkCopyConsent(ctx, tw.db, 1, b.N, notify.SMS); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d dossiers and %d notices stored in %s", e.Name, n+1, b.N, time.Since(start).Round(time.Millisecond))
			fake := smsfake.New("dateh", "sms-pass")
			srv := httptest.NewServer(fake)
			defer srv.Close()
			acct, _ := json.Marshal(notify.SMSConfig{URL: srv.URL, Username: "dateh", Password: "sms-pass", Brandname: "UBND DATEH",
				Unaccented: true, ReportSecret: "s"})
			if err := tw.db.SetNotifyAccount(ctx, tw.unit.ID, notify.SMS, acct, "bench"); err != nil {
				b.Fatal(err)
			}
			disp := &notify.Dispatcher{DB: tw.db, Log: quiet, HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}}
			w, err := outbox.New(tw.db, disp, quiet, nil, outbox.Config{Topic: store.TopicNotify, Batch: 64, Poll: time.Millisecond, Now: tw.clk.Now})
			if err != nil {
				b.Fatal(err)
			}
			wctx, stop := context.WithCancel(ctx)
			done := make(chan error)
			b.ResetTimer()
			began, cpu := time.Now(), cpuTime()
			go func() { done <- w.Run(wctx) }()
			for {
				oldest, err := tw.db.OldestPendingOutbox(ctx, store.TopicNotify)
				if err != nil {
					b.Fatal(err)
				}
				if oldest.IsZero() {
					break
				}
				time.Sleep(50 * time.Millisecond) // the check itself reads the outbox: rarely, not to weigh on the measure
			}
			wall, used := time.Since(began), cpuTime()-cpu
			b.StopTimer()
			stop()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			msgs := float64(b.N + 2) // and the original's notices (the applicant's; the officer's has no address)
			b.ReportMetric(msgs/wall.Seconds(), "msg/s")
			b.ReportMetric(msgs/used.Seconds(), "msg/CPU-s")
			if got := len(fake.Messages()); got != b.N+1 {
				b.Fatalf("the provider holds %d messages, want %d", got, b.N+1)
			}
		})
	}
}
