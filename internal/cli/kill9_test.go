package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/portal/portalfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestKill9Helper is `motcua` itself when TestKill9MidSync starts this test
// binary with MOTCUA_KILL9_ARGS (the command line, as JSON): the same
// main as cmd/motcua, so the process killed is the real server. Otherwise
// it does nothing.
func TestKill9Helper(t *testing.T) {
	raw := os.Getenv("MOTCUA_KILL9_ARGS")
	if raw == "" {
		return
	}
	var args []string
	if err := json.Unmarshal([]byte(raw), &args); err != nil {
		t.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// TestKill9MidSync is issue 10's "a kill -9 of motcua serve mid-sync loses
// no message and duplicates none on the portal": `motcua serve` delivers a
// backlog of dossier changes to the fake portal, which answers half of its
// requests slowly after applying them, so that many are applied but not yet
// recorded as sent when the process is killed with SIGKILL. A second
// process, started on the same database, takes the killed one's messages
// again once their lease ends. The fake ends holding every dossier created
// once, with every step once and in order, and every status equal to ours.
func TestKill9MidSync(t *testing.T) {
	t.Parallel() // waits on leases more than it computes; touches no package state
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		base := time.Date(2025, 3, 3, 8, 0, 0, 0, store.Zone)
		const n = 80
		for i := range n {
			at := base.Add(time.Duration(i) * 5 * time.Minute)
			tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Channel(1 + i%2),
				Received: at.Format("2006-01-02 15:04"), Resolved: at.Add(48 * time.Hour).Format("2006-01-02 15:04"),
				Returned: i%3 != 0})
		}
		total, err := tw.DB.OutboxSummary(ctx, store.TopicPortal, "")
		if err != nil {
			t.Fatal(err)
		}

		fake := portalfake.New("motcua", "bi-mat")
		fake.SetFaults(portalfake.Faults{SlowAfterApply: 0.5, Delay: 400 * time.Millisecond}, 11)
		srv := httptest.NewServer(fake)
		defer srv.Close()
		args, _ := json.Marshal([]string{"serve", "--db", tw.DSN, "--data", t.TempDir(), "--addr", "127.0.0.1:0",
			"--portal-url", srv.URL, "--portal-username", "motcua", "--portal-password", "bi-mat",
			"--portal-pull-every", "0", "--portal-timeout", "2s", "--portal-lease", "3s", "--log-level", "warn"})
		start := func() (*exec.Cmd, *bytes.Buffer) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Helper$", "-test.count=1")
			cmd.Env = append(os.Environ(), "MOTCUA_KILL9_ARGS="+string(args))
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			return cmd, &out
		}

		first, out := start()
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if calls, _ := fake.Calls(); calls[portal.ServiceSync] >= total.Pending/3 {
				break
			}
			if time.Now().After(deadline) {
				first.Process.Kill()
				first.Wait()
				t.Fatalf("the first server sent too little in a minute:\n%s", out)
			}
		}
		if err := first.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		first.Wait()
		atKill, err := tw.DB.OutboxSummary(ctx, store.TopicPortal, "")
		if err != nil {
			t.Fatal(err)
		}
		sending, err := tw.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, States: []store.OutboxState{store.OutboxSending}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: killed with %d of %d messages sent, %d in flight", e.Name, atKill.Sent, total.Pending, len(sending))
		if len(sending) == 0 || atKill.Sent == 0 || atKill.Pending == 0 {
			t.Fatalf("the kill did not land mid-sync: %d sent, %d pending, %d in flight", atKill.Sent, atKill.Pending, len(sending))
		}

		second, out := start()
		defer func() {
			second.Process.Signal(syscall.SIGTERM)
			if err := second.Wait(); err != nil {
				t.Errorf("the second server did not stop cleanly: %v\n%s", err, out)
			}
		}()
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			st, err := tw.DB.OutboxSummary(ctx, store.TopicPortal, "")
			if err != nil {
				t.Fatal(err)
			}
			if st.Failed > 0 {
				t.Fatalf("%d messages failed: %v", st.Failed, st.FailuresByCause)
			}
			if st.Pending == 0 {
				if st.Sent != total.Pending {
					t.Fatalf("%d messages sent, want %d", st.Sent, total.Pending)
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("still %d messages pending after the restart:\n%s", st.Pending, out)
			}
		}

		held := fake.Dossiers()
		ours, err := tw.DB.Dossiers(ctx, store.DossierFilter{Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(ours) != n || len(held) != n {
			t.Fatalf("we have %d dossiers, the portal %d, want %d", len(ours), len(held), n)
		}
		for _, d := range ours {
			h := held[d.Code]
			if h.Creates != 1 {
				t.Errorf("%s: created %d times on the portal", d.Code, h.Creates)
			}
			if want := fmt.Sprint(int(d.Status)); h.Record.TrangThaiHoSo != want {
				t.Errorf("%s: portal status %s, ours %s", d.Code, h.Record.TrangThaiHoSo, want)
			}
			events, err := tw.DB.Events(ctx, d.ID)
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, e := range events {
				want = append(want, fmt.Sprint(e.Seq))
			}
			for _, s := range h.Steps {
				got = append(got, fmt.Sprint(s.SoThuTu))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%s: steps on the portal %v, ours %v", d.Code, got, want)
			}
		}
	})
}
