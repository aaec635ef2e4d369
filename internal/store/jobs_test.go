package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestEnqueueIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		for i, want := range []bool{true, false} {
			added, err := tw.db.Enqueue(ctx, "notify", "notify:1", map[string]int{"n": i}, time.Time{})
			if err != nil || added != want {
				t.Errorf("enqueue #%d: added %v, %v; want %v", i+1, added, err, want)
			}
		}
		j, err := tw.db.JobByKey(ctx, "notify:1")
		if err != nil {
			t.Fatal(err)
		}
		if j.State != store.JobQueued || string(j.Payload) != `{"n":0}` || !j.RunAt.Equal(tw.clk.Now()) {
			t.Errorf("job %+v", j)
		}
	})
}

// TestClaimJobsConcurrently: workers claiming at once never get the same job.
func TestClaimJobsConcurrently(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		const n = 60
		for i := range n {
			if _, err := tw.db.Enqueue(ctx, "notify", fmt.Sprintf("notify:%d", i), nil, time.Time{}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := tw.db.Enqueue(ctx, "other", "other:1", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		claimed := map[string]int{}
		var wg sync.WaitGroup
		for range 6 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					js, err := tw.db.ClaimJobs(ctx, []string{"notify"}, 3, time.Minute)
					if err != nil {
						t.Errorf("claim: %v", err)
						return
					}
					if len(js) == 0 {
						return
					}
					mu.Lock()
					for _, j := range js {
						claimed[j.Key]++
						if j.State != store.JobRunning || j.Attempts != 1 {
							t.Errorf("claimed job %s: state %s attempts %d", j.Key, j.State, j.Attempts)
						}
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(claimed) != n {
			t.Errorf("%d jobs claimed, want %d", len(claimed), n)
		}
		for k, c := range claimed {
			if c != 1 {
				t.Errorf("job %s claimed %d times", k, c)
			}
		}
		if j, _ := tw.db.JobByKey(ctx, "other:1"); j.State != store.JobQueued {
			t.Errorf("a job of another kind was claimed: %s", j.State)
		}
	})
}

// TestJobLeaseRetryFail: an expired lease makes a job claimable again and
// fences off the first claim; a retry waits its delay; a failure is final.
func TestJobLeaseRetryFail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		if _, err := tw.db.Enqueue(ctx, "notify", "notify:1", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		claim := func() []*store.Job {
			t.Helper()
			js, err := tw.db.ClaimJobs(ctx, []string{"notify"}, 5, 5*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return js
		}
		first := claim()
		if len(first) != 1 || !first[0].LockedUntil.Equal(tw.clk.Now().Add(5*time.Minute)) {
			t.Fatalf("first claim: %+v", first)
		}
		if again := claim(); len(again) != 0 {
			t.Errorf("a leased job was claimed again: %+v", again)
		}
		// The worker dies; once the lease expires another worker takes the job.
		tw.clk.Advance(5 * time.Minute)
		second := claim()
		if len(second) != 1 || second[0].Attempts != 2 {
			t.Fatalf("claim after the lease expired: %+v", second)
		}
		if err := tw.db.CompleteJob(ctx, first[0]); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("the dead worker's late completion: %v, want Conflict", err)
		}
		if err := tw.db.RetryJob(ctx, second[0], 30*time.Second, "portal unavailable"); err != nil {
			t.Fatal(err)
		}
		j, _ := tw.db.JobByKey(ctx, "notify:1")
		if j.State != store.JobQueued || j.LastError != "portal unavailable" || !j.RunAt.Equal(tw.clk.Now().Add(30*time.Second)) {
			t.Errorf("after retry: %+v", j)
		}
		if early := claim(); len(early) != 0 {
			t.Errorf("claimed before its retry time: %+v", early)
		}
		tw.clk.Advance(30 * time.Second)
		third := claim()
		if len(third) != 1 || third[0].Attempts != 3 {
			t.Fatalf("claim after the delay: %+v", third)
		}
		if err := tw.db.FailJob(ctx, third[0], "gave up"); err != nil {
			t.Fatal(err)
		}
		j, _ = tw.db.JobByKey(ctx, "notify:1")
		if j.State != store.JobFailed || j.LastError != "gave up" || j.DoneAt.IsZero() {
			t.Errorf("after failure: %+v", j)
		}
		tw.clk.Advance(time.Hour)
		if late := claim(); len(late) != 0 {
			t.Errorf("a failed job was claimed: %+v", late)
		}
		failed, err := tw.db.Jobs(ctx, store.JobFilter{States: []store.JobState{store.JobFailed}})
		if err != nil || len(failed) != 1 || failed[0].Key != "notify:1" {
			t.Errorf("failed jobs: %v, %v", failed, err)
		}

		// A job completed under its current claim is done.
		if _, err := tw.db.Enqueue(ctx, "notify", "notify:2", nil, time.Time{}); err != nil {
			t.Fatal(err)
		}
		js := claim()
		if len(js) != 1 {
			t.Fatalf("claim notify:2: %+v", js)
		}
		if err := tw.db.CompleteJob(ctx, js[0]); err != nil {
			t.Fatal(err)
		}
		if j, _ := tw.db.JobByKey(ctx, "notify:2"); j.State != store.JobDone || j.DoneAt.IsZero() {
			t.Errorf("completed job: %+v", j)
		}
	})
}

// TestAbandonedJobsFail: a job whose worker dies on every attempt is failed
// after the last one instead of being claimed forever.
func TestAbandonedJobsFail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		clk := &clock{}
		clk.Set("2025-03-03 09:00")
		db := e.Open(t, store.Options{Now: clk.Now})
		ctx := context.Background()
		if _, err := db.Enqueue(ctx, "letter", "crashy", map[string]string{}, clk.Now()); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 3; i++ { // claimed, and the worker dies: the lease runs out
			if js, err := db.ClaimJobs(ctx, []string{"letter"}, 1, time.Minute); err != nil || len(js) != 1 {
				t.Fatalf("claim %d: %v %v", i, js, err)
			}
			clk.Advance(2 * time.Minute)
		}
		// Another kind's runner leaves it to the runner of its kind.
		if n, err := db.FailAbandonedJobs(ctx, []string{"sign"}, 3); err != nil || n != 0 {
			t.Fatalf("FailAbandonedJobs of another kind = %d, %v", n, err)
		}
		n, err := db.FailAbandonedJobs(ctx, []string{"letter"}, 3)
		if err != nil || n != 1 {
			t.Fatalf("FailAbandonedJobs = %d, %v", n, err)
		}
		if js, _ := db.ClaimJobs(ctx, []string{"letter"}, 1, time.Minute); len(js) != 0 {
			t.Errorf("a failed job was claimed again")
		}
		j, err := db.JobByKey(ctx, "crashy")
		if err != nil || j.State != store.JobFailed {
			t.Errorf("job = %+v, %v", j, err)
		}
	})
}
