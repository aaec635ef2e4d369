package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http/httptest"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/notify/smtpfake"
	"github.com/motcua/motcua/internal/notify/zalofake"
	"github.com/motcua/motcua/internal/store"
)

// demoNotify is the demo's own SMS provider, Zalo OA and SMTP server, on
// loopback, with the demo commune's accounts pointing at them.
type demoNotify struct {
	sms, zalo *httptest.Server
	smsFake   *smsfake.Fake
	zaloFake  *zalofake.Fake
	smtp      *smtpfake.Server
	smtpAddr  string
}

// startDemoNotify starts the fakes and stores the unit's accounts and
// Zalo tokens. The year's officers' routing notices are turned off (a year
// of them would all go at once when the demo starts); the citizens' go to
// those who consented at the counter.
func startDemoNotify(ctx context.Context, db *store.DB, unitID string) (*demoNotify, error) {
	d := &demoNotify{smsFake: smsfake.New("motcua", "motcua-demo"), zaloFake: zalofake.New("motcua-demo", "motcua-demo-secret")}
	d.smsFake.Secret = "motcua-demo-report"
	var err error
	if d.smtp, err = smtpfake.New("motcua", "motcua-demo"); err != nil {
		return nil, err
	}
	if d.smtpAddr, err = d.smtp.Start(); err != nil {
		return nil, err
	}
	d.sms, d.zalo = httptest.NewServer(d.smsFake), httptest.NewServer(d.zaloFake)
	templates := map[string]string{}
	for _, k := range notify.Kinds {
		templates[k] = "demo-" + k
	}
	accounts := map[string]any{
		notify.Email: notify.EmailConfig{Addr: d.smtpAddr, Username: "motcua", Password: "motcua-demo", From: "motcua.dateh@example.gov.vn",
			FromName: "Bộ phận Một cửa", CAPEM: d.smtp.CertPEM},
		notify.SMS: notify.SMSConfig{URL: d.sms.URL, Username: "motcua", Password: "motcua-demo", Brandname: "UBND DATEH",
			Unaccented: true, ReportSecret: "motcua-demo-report"},
		notify.Zalo: notify.ZaloConfig{APIURL: d.zalo.URL, OAuthURL: d.zalo.URL, AppID: "motcua-demo", SecretKey: "motcua-demo-secret",
			Templates: templates},
	}
	for ch, a := range accounts {
		b, _ := json.Marshal(a)
		if err := db.SetNotifyAccount(ctx, unitID, ch, b, "demo"); err != nil {
			d.Close()
			return nil, err
		}
	}
	access, refresh := d.zaloFake.Tokens()
	if err := db.SetZaloToken(ctx, unitID, store.ZaloToken{Access: access, Refresh: refresh, ExpiresAt: db.Now().Add(25 * 3600e9)}, "demo"); err != nil {
		d.Close()
		return nil, err
	}
	st := store.DefaultNotifySettings()
	st.OfficerAssigned = false
	if err := db.SetNotifySettings(ctx, unitID, st, "demo"); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// ready points the delivery reports at the site once it listens, and says
// where the fakes are.
func (d *demoNotify) ready(stdout io.Writer, base string) {
	d.smsFake.SetCallback(base + "/api/v1/notify/reports/sms")
	d.zaloFake.SetCallback(base + "/api/v1/notify/reports/zalo")
	fmt.Fprintf(stdout, "Notifications (to applicants who consent at the counter) go to fakes: SMS %s/_fake/messages, Zalo %s/_fake/messages, SMTP %s; the workspace lists them at %s/can-bo/thong-bao\n\n",
		d.sms.URL, d.zalo.URL, d.smtpAddr, base)
}

// Close stops the fakes.
func (d *demoNotify) Close() {
	if d.sms != nil {
		d.sms.Close()
	}
	if d.zalo != nil {
		d.zalo.Close()
	}
	d.smtp.Close()
}
