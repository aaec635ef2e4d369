package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestKill9MidNotify is issue 13's "a kill -9 mid-send loses none and sends
// none twice to the same provider request id": `motcua serve` sends a
// backlog of notices to the fake SMS provider, which answers half of its
// requests slowly after sending, so that many are sent but not yet recorded
// when the process is killed with SIGKILL. A second process on the same
// database takes them again once their lease ends. The provider ends holding
// exactly one message per notice (a repeated request id gets the first
// message back), and every delivery is recorded sent with that message's id.
func TestKill9MidNotify(t *testing.T) {
	t.Parallel() // waits on leases more than it computes; touches no package state
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		base := time.Date(2025, 3, 3, 8, 0, 0, 0, store.Zone)
		const n = 40
		for i := range n {
			at := base.Add(time.Duration(i) * 5 * time.Minute)
			d := tw.Drive(t, storetest.Path{Procedure: "1.004873", Channel: dossier.Counter,
				Received: at.Format("2006-01-02 15:04"), Resolved: at.Add(48 * time.Hour).Format("2006-01-02 15:04"), Returned: true})
			if err := tw.DB.SetNotifyConsent(ctx, d.ID, notify.SMS, true, "test"); err != nil {
				t.Fatal(err)
			}
		}
		// The applicant's notices have a phone and consent; the officers'
		// routing notices have no address here and send nothing.
		queued, err := tw.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		citizen := 0
		for _, m := range queued {
			var nt store.Notice
			if err := json.Unmarshal(m.Payload, &nt); err != nil {
				t.Fatal(err)
			}
			if nt.OfficerID == "" {
				citizen++
			}
		}
		if citizen != 3*n {
			t.Fatalf("%d notices to applicants, want 3 per dossier (received, resolved, returned)", citizen)
		}
		fake := smsfake.New("dateh", "sms-pass")
		fake.SetFaults(smsfake.Faults{SlowAfterApply: 0.5, Delay: 400 * time.Millisecond}, 7)
		srv := httptest.NewServer(fake)
		defer srv.Close()
		acct, _ := json.Marshal(notify.SMSConfig{URL: srv.URL, Username: "dateh", Password: "sms-pass", Brandname: "UBND DATEH",
			Unaccented: true, ReportSecret: "s"})
		if err := tw.DB.SetNotifyAccount(ctx, tw.Unit.ID, notify.SMS, acct, "test"); err != nil {
			t.Fatal(err)
		}
		args, _ := json.Marshal([]string{"serve", "--db", tw.DSN, "--data", t.TempDir(), "--addr", "127.0.0.1:0",
			"--portal-pull-every", "0", "--notify-timeout", "2s", "--notify-lease", "3s", "--notify-digest-at", "",
			"--log-level", "warn"})
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
		for deadline := time.Now().Add(60 * time.Second); fake.Calls() < citizen/3; time.Sleep(5 * time.Millisecond) {
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
		sending, err := tw.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify, States: []store.OutboxState{store.OutboxSending}})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: killed after %d provider calls of %d notices, %d in flight", e.Name, fake.Calls(), citizen, len(sending))
		if len(sending) == 0 {
			t.Fatal("the kill did not land mid-send")
		}
		second, out := start()
		defer func() {
			second.Process.Signal(syscall.SIGTERM)
			if err := second.Wait(); err != nil {
				t.Errorf("the second server did not stop cleanly: %v\n%s", err, out)
			}
		}()
		for deadline := time.Now().Add(90 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			st, err := tw.DB.OutboxSummary(ctx, store.TopicNotify, "")
			if err != nil {
				t.Fatal(err)
			}
			if st.Failed > 0 {
				t.Fatalf("%d notices failed: %v", st.Failed, st.FailuresByCause)
			}
			if st.Pending == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("still %d notices pending after the restart:\n%s", st.Pending, out)
			}
		}
		ms := fake.Messages()
		if len(ms) != citizen {
			t.Fatalf("the provider holds %d messages for %d notices", len(ms), citizen)
		}
		byReq := map[string]string{}
		repeats := 0
		for _, m := range ms {
			byReq[m.RequestID] = m.MessageID
			repeats += m.Requests - 1
		}
		ds, err := tw.DB.NotifyDeliveries(ctx, store.DeliveryFilter{UnitID: tw.Unit.ID, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(ds) != citizen {
			t.Fatalf("%d deliveries for %d notices", len(ds), citizen)
		}
		for _, d := range ds {
			if d.State != store.DeliverySent || byReq[d.ID] == "" || d.ProviderID != byReq[d.ID] {
				t.Errorf("delivery %s: %s, provider id %q, the provider's %q", d.ID, d.State, d.ProviderID, byReq[d.ID])
			}
		}
		t.Logf("%s: %d notices, each sent once; %d requests repeated after the kill and answered with the first message", e.Name, len(ms), repeats)
	})
}
