package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// TestBrowserNotifyConsentToTimeline: at the counter, consent to SMS without
// a phone number is refused on its field; with one, the dossier is received
// and the applicant's consent recorded; the notice goes to the (fake) SMS
// provider, unaccented; the dossier page says what the applicant was told,
// the notifications page lists it, and the template page previews the SMS;
// axe-core on each page.
func TestBrowserNotifyConsentToTimeline(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	ctx := context.Background()
	fake := smsfake.New("dateh", "sms-pass")
	provider := httptest.NewServer(fake)
	defer provider.Close()
	acct, _ := json.Marshal(notify.SMSConfig{URL: provider.URL, Username: "dateh", Password: "sms-pass", Brandname: "UBND DATEH",
		Unaccented: true, ReportSecret: "s"})
	if err := srv.DB.SetNotifyAccount(ctx, srv.Town.Unit.ID, notify.SMS, acct, "test"); err != nil {
		t.Fatal(err)
	}

	officeLogin(t, b, srv, "tiepnhan1")
	if got := b.Navigate(srv.URL + "/can-bo/tiep-nhan?thu-tuc=2.000815"); got != http.StatusOK {
		t.Fatalf("intake form = %d", got)
	}
	b.Fill("#f-applicant-full_name", "Võ Thị Hạnh")
	b.Fill("#f-applicant-id_number", "079203009876")
	b.Fill("#f-pages", "3")
	b.Click("#f-notify-sms")
	if got := b.PressEnterAndWait("#f-pages"); got != http.StatusBadRequest {
		t.Fatalf("consent to SMS without a phone = %d, want 400", got)
	}
	if msg := b.Text("#f-notify-sms-error"); !strings.Contains(msg, "số điện thoại") {
		t.Errorf("consent error %q", msg)
	}
	b.ExpectAccessible("the intake form with a consent error")
	b.Fill("#f-applicant-phone", "0912 345 678")
	tickRequiredComponents(b) // nothing is ticked in advance (ux_next_browser_test.go)
	if got := b.PressEnterAndWait("#f-pages"); got != http.StatusOK {
		t.Fatalf("intake = %d", got)
	}
	code := b.Text("#dossier-code")
	d, err := srv.DB.Dossier(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := srv.DB.NotifyConsents(ctx, d.ID); err != nil || !c["sms"] || c["zalo"] || c["email"] {
		t.Fatalf("consents %v %v, want sms only", c, err)
	}

	w, err := outbox.New(srv.DB, &notify.Dispatcher{DB: srv.DB}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil,
		outbox.Config{Topic: store.TopicNotify, Batch: 1000, Now: srv.DB.Now})
	if err != nil {
		t.Fatal(err)
	}
	for {
		n, err := w.RunOnce(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
	}
	ms := fake.Messages()
	if len(ms) != 1 || ms[0].Phone != "84912345678" || !strings.Contains(ms[0].Text, code) || !strings.Contains(ms[0].Text, "da tiep nhan") {
		t.Fatalf("the provider got %+v", ms)
	}

	if got := b.Navigate(srv.URL + "/can-bo/ho-so/" + code); got != http.StatusOK {
		t.Fatalf("dossier page = %d", got)
	}
	if n := b.Count(`#dossier-notices li[data-kind="received"][data-state="sent"]`); n != 1 {
		t.Errorf("the dossier page lists %d received notices sent, want 1", n)
	}
	b.ExpectAccessible("a dossier page with its notices")
	if got := b.Navigate(srv.URL + "/can-bo/thong-bao?kenh=sms"); got != http.StatusOK {
		t.Fatalf("notifications page = %d", got)
	}
	if got := b.Text(`#notify-list tr[data-channel="sms"] a.code`); got != code {
		t.Errorf("the notifications page's first SMS names %q, want %s", got, code)
	}
	b.ExpectAccessible("the notifications page")
	if got := b.Navigate(srv.URL + "/can-bo/thong-bao/mau?loai=received&kenh=sms"); got != http.StatusOK {
		t.Fatalf("template page = %d", got)
	}
	if got := b.Text("#preview-sms"); !strings.Contains(got, "da tiep nhan ho so") {
		t.Errorf("SMS preview %q", got)
	}
	b.ExpectAccessible("the template preview")
}
