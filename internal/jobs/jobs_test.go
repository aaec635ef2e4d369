package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/docgen/docgentest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// runDue runs every due job once and returns how many ran.
func runDue(t *testing.T, r *jobs.Runner) int {
	t.Helper()
	n, err := r.RunDue(context.Background())
	if err != nil {
		t.Fatalf("run due jobs: %v", err)
	}
	return n
}

func letters(t *testing.T, db *store.DB, d *dossier.Dossier) []*store.Letter {
	t.Helper()
	ls, err := db.Letters(context.Background(), store.LetterFilter{DossierID: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// TestLetterJobs: resolving a birth, a marriage and a death registration
// produces exactly one letter each, however often the job runs; other
// procedures produce none.
func TestLetterJobs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		r := jobs.New(tw.DB, quiet(), jobs.DefaultHandlers(tw.DB))
		tw.Clock.Set("2025-03-03 09:00")
		cases := []struct {
			proc       string
			decl       map[string]string
			kind       letter.Kind
			salutation string
		}{
			{"1.001193", docgentest.Birth(), letter.CongratulationBirth, "Kính gửi: Ông Trần Văn Ễnh và Bà Lê Thị Bình"},
			{"1.000894", docgentest.Marriage(), letter.CongratulationMarriage, "Kính gửi: Ông Trần Văn Ễnh và Bà Hoàng Thị Cúc"},
			{"1.000656", docgentest.Death(), letter.Condolence, "Kính gửi: Ông/Bà Trần Văn Ễnh và gia đình"},
		}
		var ds []*dossier.Dossier
		for _, c := range cases {
			ds = append(ds, tw.Intake(t, c.proc, dossier.Counter, c.decl, nil))
		}
		if n := runDue(t, r); n != 0 {
			t.Errorf("%d jobs ran before the dossiers were resolved", n)
		}
		for i, d := range ds {
			ds[i] = tw.Resolve(t, d.Code)
		}
		plain := tw.Intake(t, "1.004873", dossier.Counter, nil, nil) // marital-status certificate: no letter
		tw.Resolve(t, plain.Code)

		if n := runDue(t, r); n != 3 {
			t.Errorf("%d jobs ran, want 3 (one letter job per civil-status dossier)", n)
		}
		for i, c := range cases {
			d := ds[i]
			ls := letters(t, tw.DB, d)
			if len(ls) != 1 {
				t.Fatalf("%s: %d letters, want 1", c.proc, len(ls))
			}
			if ls[0].Kind != c.kind || ls[0].Content.Salutation != c.salutation || ls[0].Sender.SignerName != "Nguyễn Văn Minh" {
				t.Errorf("%s: letter %+v", c.proc, ls[0])
			}
			if j, err := tw.DB.JobByKey(ctx, "letter:"+d.ID); err != nil || j.State != store.JobDone || j.Attempts != 1 {
				t.Errorf("%s: job %+v, %v", c.proc, j, err)
			}
			// The handler run again, directly: no second letter.
			h := jobs.LetterHandler(tw.DB)
			job, _ := tw.DB.JobByKey(ctx, "letter:"+d.ID)
			if err := h(ctx, job); err != nil {
				t.Errorf("%s: second run: %v", c.proc, err)
			}
			// Enqueued twice: the same key is ignored; a second key is a
			// second job, which finds the letter already made.
			if added, err := tw.DB.Enqueue(ctx, jobs.KindLetter, "letter:"+d.ID, map[string]string{"dossier_id": d.ID}, time.Time{}); err != nil || added {
				t.Errorf("%s: enqueue under the same key: added %v, %v", c.proc, added, err)
			}
			if _, err := tw.DB.Enqueue(ctx, jobs.KindLetter, "letter-again:"+d.ID, map[string]string{"dossier_id": d.ID, "kind": string(c.kind)}, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if n := runDue(t, r); n != 3 {
			t.Errorf("%d repeated jobs ran, want 3", n)
		}
		for i, c := range cases {
			if ls := letters(t, tw.DB, ds[i]); len(ls) != 1 {
				t.Errorf("%s: %d letters after the job ran twice, want 1", c.proc, len(ls))
			}
		}
		if ls := letters(t, tw.DB, plain); len(ls) != 0 {
			t.Errorf("a procedure without a letter rule produced %d letters", len(ls))
		}
		if _, err := tw.DB.JobByKey(ctx, "letter:"+plain.ID); err == nil {
			t.Error("a letter job was enqueued for a procedure without a letter rule")
		}
		// Even a stray letter job for it produces nothing.
		if _, err := tw.DB.Enqueue(ctx, jobs.KindLetter, "letter:"+plain.ID, map[string]string{"dossier_id": plain.ID}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		runDue(t, r)
		if ls := letters(t, tw.DB, plain); len(ls) != 0 {
			t.Errorf("a stray job produced %d letters", len(ls))
		}
		all, _ := tw.DB.Letters(ctx, store.LetterFilter{UnitID: tw.Unit.ID})
		if len(all) != 3 {
			t.Errorf("the register holds %d letters, want 3", len(all))
		}
	})
}

// TestLetterJobEdgeCases: a late registration gets no letter; a unit
// without a signer gets its job retried; an unknown dossier fails at once.
func TestLetterJobEdgeCases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		r := jobs.New(tw.DB, quiet(), jobs.DefaultHandlers(tw.DB))
		tw.Clock.Set("2025-03-03 09:00")
		old := docgentest.Death()
		old["death_date"] = "2024-06-01" // more than 90 days before
		d := tw.Intake(t, "1.000656", dossier.Counter, old, nil)
		tw.Resolve(t, d.Code)
		runDue(t, r)
		if ls := letters(t, tw.DB, d); len(ls) != 0 {
			t.Errorf("a death registered 9 months late got %d letters", len(ls))
		}
		if j, _ := tw.DB.JobByKey(ctx, "letter:"+d.ID); j.State != store.JobDone {
			t.Errorf("job of a letter not due: %s", j.State)
		}

		if _, err := tw.DB.Enqueue(ctx, jobs.KindLetter, "letter:missing", map[string]string{"dossier_id": "missing"}, time.Time{}); err != nil {
			t.Fatal(err)
		}
		runDue(t, r)
		if j, _ := tw.DB.JobByKey(ctx, "letter:missing"); j.State != store.JobFailed || j.Attempts != 1 || j.LastError == "" {
			t.Errorf("job of an unknown dossier: %+v", j)
		}

		u := *tw.Unit
		u.Letterhead.SignerName = ""
		if err := tw.DB.UpdateUnit(ctx, &u, "test"); err != nil {
			t.Fatal(err)
		}
		b := tw.Intake(t, "1.001193", dossier.Counter, docgentest.Birth(), nil)
		tw.Resolve(t, b.Code)
		runDue(t, r)
		j, _ := tw.DB.JobByKey(ctx, "letter:"+b.ID)
		if j.State != store.JobQueued || j.Attempts != 1 || j.LastError == "" {
			t.Fatalf("job without a signer: %+v", j)
		}
		u.Letterhead.SignerName = "Nguyễn Văn Minh"
		if err := tw.DB.UpdateUnit(ctx, &u, "test"); err != nil {
			t.Fatal(err)
		}
		tw.Clock.Advance(r.Delay(1))
		runDue(t, r)
		if ls := letters(t, tw.DB, b); len(ls) != 1 {
			t.Errorf("after the signer was set and the job retried: %d letters", len(ls))
		}
	})
}

// TestRetryThenFail: a failing handler is retried after a growing delay and
// ends failed after MaxAttempts, with its last error kept.
func TestRetryThenFail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := docgentest.New(t, e)
		ctx := context.Background()
		calls := 0
		r := jobs.New(tw.DB, quiet(), jobs.Handlers{"flaky": func(ctx context.Context, j *store.Job) error {
			calls++
			return errors.New("portal timeout")
		}})
		r.MaxAttempts, r.Backoff, r.MaxBackoff = 3, time.Minute, time.Hour
		if d := []time.Duration{r.Delay(1), r.Delay(2), r.Delay(3), r.Delay(10)}; d[0] != time.Minute || d[1] != 2*time.Minute || d[2] != 4*time.Minute || d[3] != time.Hour {
			t.Errorf("delays %v", d)
		}
		if _, err := tw.DB.Enqueue(ctx, "flaky", "flaky:1", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 3; attempt++ {
			if n := runDue(t, r); n != 1 {
				t.Fatalf("attempt %d: %d jobs ran", attempt, n)
			}
			if n := runDue(t, r); n != 0 {
				t.Errorf("attempt %d: the job ran again before its delay", attempt)
			}
			j, _ := tw.DB.JobByKey(ctx, "flaky:1")
			want := store.JobQueued
			if attempt == 3 {
				want = store.JobFailed
			}
			if j.State != want || j.Attempts != attempt || j.LastError != "portal timeout" {
				t.Errorf("after attempt %d: state %s attempts %d error %q", attempt, j.State, j.Attempts, j.LastError)
			}
			tw.Clock.Advance(r.Delay(attempt))
		}
		tw.Clock.Advance(24 * time.Hour)
		if n := runDue(t, r); n != 0 || calls != 3 {
			t.Errorf("a failed job ran again: %d, calls %d", n, calls)
		}
	})
}

// TestRunStopsAndDrains: Run returns when its context ends, after the job in
// hand has finished and been recorded.
func TestRunStopsAndDrains(t *testing.T) {
	tw := docgentest.New(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	ctx, cancel := context.WithCancel(context.Background())
	started, release := make(chan struct{}), make(chan struct{})
	r := jobs.New(tw.DB, quiet(), jobs.Handlers{"slow": func(hctx context.Context, j *store.Job) error {
		close(started)
		<-release
		return hctx.Err() // nil unless the runner cancelled the job in hand
	}})
	r.Poll = time.Millisecond
	if _, err := tw.DB.Enqueue(context.Background(), "slow", "slow:1", nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.DB.Enqueue(context.Background(), "slow", "slow:2", nil, tw.Clock.Now().Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	<-started
	cancel()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	if j, _ := tw.DB.JobByKey(context.Background(), "slow:1"); j.State != store.JobDone {
		t.Errorf("the job in hand when the runner stopped: %s, want done", j.State)
	}
	if j, _ := tw.DB.JobByKey(context.Background(), "slow:2"); j.State != store.JobQueued || j.Attempts != 0 {
		t.Errorf("a job not started: %+v", j)
	}
}

// TestPanickingHandler: a panic fails the attempt, not the runner.
func TestPanickingHandler(t *testing.T) {
	tw := docgentest.New(t, storetest.Engine{Name: "sqlite", Open: storetest.OpenSQLite})
	r := jobs.New(tw.DB, quiet(), jobs.Handlers{"bad": func(context.Context, *store.Job) error { panic("boom") }})
	if _, err := tw.DB.Enqueue(context.Background(), "bad", "bad:1", nil, time.Time{}); err != nil {
		t.Fatal(err)
	}
	runDue(t, r)
	if j, _ := tw.DB.JobByKey(context.Background(), "bad:1"); j.State != store.JobQueued || j.LastError == "" {
		t.Errorf("after a panic: %+v", j)
	}
}
