package notify_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestZaloRefreshOnceAndRotates: when Zalo refuses the access token, two
// dispatchers (as two processes) sending at once refresh it once: the
// refresh token is spent once, the new pair is stored with the next
// generation, and both messages go.
func TestZaloRefreshOnceAndRotates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		before, err := tw.db.ZaloToken(ctx, tw.unit.ID)
		if err != nil {
			t.Fatal(err)
		}
		a := tw.intake(t, "0912345678", "", "zalo")
		b := tw.intake(t, "0987654321", "", "zalo")
		tw.zalo.ExpireAccess()
		ms, err := tw.db.ClaimOutbox(ctx, store.TopicNotify, 10, 60e9)
		if err != nil {
			t.Fatal(err)
		}
		var citizen []*store.OutboxMessage
		for _, m := range ms {
			if m.Key == a.ID || m.Key == b.ID {
				citizen = append(citizen, m)
			}
		}
		if len(citizen) != 2 {
			t.Fatalf("claimed %d citizen notices", len(citizen))
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, m := range citizen {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := &notify.Dispatcher{DB: tw.db, Log: quiet} // its own lock, as another process
				errs[i] = d.Send(ctx, m)
			}()
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		ok, stale := tw.zalo.Refreshes()
		if ok != 1 || stale != 0 {
			t.Errorf("%d refreshes, %d with a spent token; want 1 and 0", ok, stale)
		}
		after, _ := tw.db.ZaloToken(ctx, tw.unit.ID)
		access, refresh := tw.zalo.Tokens()
		if after.Access != access || after.Refresh != refresh || after.Generation != before.Generation+1 {
			t.Errorf("stored %+v, zalo holds %s/%s", after, access, refresh)
		}
		if n := len(tw.zalo.Messages()); n != 2 {
			t.Errorf("%d messages sent, want 2", n)
		}
	})
}

// TestProviderAnsweringTwice: the SMS provider sends the message, then the
// connection drops before its answer; the retry repeats the same request id,
// the provider answers with the first message's id, and the delivery is
// sent once. A delivery report arriving twice changes it once. (The
// provider's report is held back: arriving first, it would settle the
// delivery before the retry, which is the other good ending.)
func TestProviderAnsweringTwice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := newTown(t, e)
		tw.sms.Callback = ""
		tw.sms.SetFaults(smsfake.Faults{ResetAfterApply: 1}, 3)
		d := tw.intake(t, "0912345678", "", "sms")
		tw.worker.RunOnce(ctx) // applied, answer lost
		tw.sms.SetFaults(smsfake.Faults{}, 3)
		tw.drain(t, 10)
		tw.sms.Wait()
		ms := tw.sms.Messages()
		if len(ms) != 1 || ms[0].Requests != 2 {
			t.Fatalf("provider holds %+v, want one message asked twice", ms)
		}
		ds := tw.deliveries(t, store.DeliveryFilter{DossierID: d.ID, Citizens: true})
		if len(ds) != 1 || ds[0].State != store.DeliverySent || ds[0].ProviderID != ms[0].MessageID || ds[0].Attempts != 2 {
			t.Fatalf("deliveries: %+v", ds[0])
		}
		for i, want := range []bool{true, false} {
			changed, err := tw.db.NotifyReport(ctx, ds[0].ID, ds[0].ProviderID, true, "")
			if err != nil || changed != want {
				t.Errorf("report %d: changed %v, want %v (%v)", i+1, changed, want, err)
			}
		}
	})
}

// TestBadInputRefusedByName: a template with an unknown placeholder names
// it and its field; an SMS template over 160 characters is refused; an
// invalid phone or e-mail is refused naming the field; a phone the provider
// would refuse is a permanent failure, never retried.
func TestBadInputRefusedByName(t *testing.T) {
	err := notify.Template{Kind: notify.KindReceived, Channel: notify.Email, Subject: "Hồ sơ {{ma_ho_so}}",
		Body: "Kính gửi {{ten_nguoi_nhan}}, hẹn {{ngay_hen}}, phí {{so_tien}}, {{ma_hs}}"}.Check()
	if apperr.FieldOf(err) != "body" || !strings.Contains(err.Error(), "{{so_tien}}") || !strings.Contains(err.Error(), "{{ma_hs}}") {
		t.Errorf("unknown placeholders: %v (field %q)", err, apperr.FieldOf(err))
	}
	err = notify.Template{Kind: notify.KindReceived, Channel: notify.Email, Subject: "Hồ sơ {{ma_ho_so}", Body: "x"}.Check()
	if apperr.FieldOf(err) != "subject" {
		t.Errorf("malformed subject: %v", err)
	}
	long := notify.Template{Kind: notify.KindReceived, Channel: notify.SMS, Body: strings.Repeat("Hồ sơ {{ma_ho_so}} đã tiếp nhận. ", 4)}
	if err := long.Check(); apperr.FieldOf(err) != "body" || !strings.Contains(err.Error(), "160") {
		t.Errorf("long sms: %v", err)
	}
	for _, k := range notify.Kinds {
		for _, ch := range notify.Channels {
			if err := notify.Default(k, ch).Check(); err != nil {
				t.Errorf("built-in %s/%s: %v", k, ch, err)
			}
		}
	}
	if _, err := notify.NormalizePhone("phone", "0123"); apperr.FieldOf(err) != "phone" {
		t.Errorf("short phone: %v", err)
	}
	if p, err := notify.NormalizePhone("phone", "+84 912 345 678"); err != nil || p != "84912345678" {
		t.Errorf("phone: %q %v", p, err)
	}
	if _, err := notify.CheckEmail("email", "lan@"); apperr.FieldOf(err) != "email" {
		t.Errorf("bad email: %v", err)
	}
	s, _ := notify.NewSMS(notify.SMSConfig{URL: "http://127.0.0.1:1", Brandname: "X", Unaccented: true}, nil)
	if _, err := s.Send(context.Background(), notify.Message{To: "12345", Body: "x"}); !outbox.IsPermanent(err) {
		t.Errorf("invalid phone not permanent: %v", err)
	}
	if _, err := s.Send(context.Background(), notify.Message{To: "0912345678", Body: strings.Repeat("x", 161)}); !outbox.IsPermanent(err) {
		t.Errorf("sms over length not permanent: %v", err)
	}
}
