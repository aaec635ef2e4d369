package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
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

// BenchmarkDelivery measures the outbox delivering portal messages to the
// fake portal over loopback HTTP, with the database holding
// MOTCUA_BENCH_DOSSIERS dossiers, the later half of them with their
// messages already sent. Each iteration is one message; half are a
// dossier's first (TraCuuHoSo, DongBoHoSoMC create, CapNhatTienDoHoSoMC),
// half its second (DongBoHoSoMC update, CapNhatTienDoHoSoMC), which waits
// for the first. It reports messages per second of wall time and per
// second of CPU (the process's: worker, database and fake together).
//
//	MOTCUA_BENCH_DOSSIERS=1000000 go test -run '^$' -bench Delivery -benchtime 20000x ./internal/portal/
func BenchmarkDelivery(b *testing.B) {
	for _, e := range storetest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			ctx := context.Background()
			n := benchDossiers()
			tw := newTown(b, e)
			d := tw.intake(b, dossier.Counter)
			l := &life{code: d.Code, steps: []dossier.ActionKind{dossier.ActPropose}}
			tw.next(b, l) // a second message
			start := time.Now()
			if err := store.BulkCopyDossier(ctx, tw.db, d.Code, n); err != nil {
				b.Fatal(err)
			}
			if err := store.BulkCopyOutbox(ctx, tw.db, d.Code, n/2+1, n, store.OutboxSent); err != nil {
				b.Fatal(err)
			}
			k := (b.N + 1) / 2
			if k > n/2 {
				b.Fatalf("%d messages need %d dossiers without history; MOTCUA_BENCH_DOSSIERS=%d has %d", b.N, k, n, n/2)
			}
			if err := store.BulkCopyOutbox(ctx, tw.db, d.Code, 1, k, store.OutboxQueued); err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d dossiers, %d sent messages and %d to send stored in %s", e.Name, n+1, 2*(n-n/2), 2*k,
				time.Since(start).Round(time.Millisecond))

			fake := portalfake.New("motcua", "bi-mat")
			srv := httptest.NewServer(fake)
			defer srv.Close()
			client, err := portal.New(portal.Config{URL: srv.URL, Username: "motcua", Password: "bi-mat",
				HTTP: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}})
			if err != nil {
				b.Fatal(err)
			}
			w, err := outbox.New(tw.db, client, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
				outbox.Config{Topic: store.TopicPortal, Batch: 64, Poll: time.Millisecond, Now: tw.clk.Now})
			if err != nil {
				b.Fatal(err)
			}
			wctx, stop := context.WithCancel(ctx)
			done := make(chan error)
			b.ResetTimer()
			began, cpu := time.Now(), cpuTime()
			go func() { done <- w.Run(wctx) }()
			for {
				oldest, err := tw.db.OldestPendingOutbox(ctx, store.TopicPortal)
				if err != nil {
					b.Fatal(err)
				}
				if oldest.IsZero() {
					break
				}
				time.Sleep(20 * time.Millisecond)
			}
			wall, used := time.Since(began), cpuTime()-cpu
			b.StopTimer()
			stop()
			if err := <-done; err != nil {
				b.Fatal(err)
			}
			msgs := float64(2*k + 2)
			b.ReportMetric(msgs/wall.Seconds(), "msg/s")
			b.ReportMetric(msgs/used.Seconds(), "msg/CPU-s")
			held := fake.Dossiers()
			if len(held) != k+1 { // and the original's
				b.Fatalf("the fake holds %d dossiers, want %d", len(held), k+1)
			}
			steps := countSteps(b, tw, d.ID)
			for code, h := range held {
				if h.Creates != 1 || h.Updates != 1 || len(h.Steps) != steps {
					b.Fatalf("%s: %d creates, %d updates, %d steps", code, h.Creates, h.Updates, len(h.Steps))
				}
			}
		})
	}
}

func countSteps(b *testing.B, tw *town, id string) int {
	evs, err := tw.db.Events(context.Background(), id)
	if err != nil {
		b.Fatal(err)
	}
	return len(evs)
}
