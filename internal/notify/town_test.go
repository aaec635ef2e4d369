package notify_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/notify/smsfake"
	"github.com/motcua/motcua/internal/notify/smtpfake"
	"github.com/motcua/motcua/internal/notify/zalofake"
	"github.com/motcua/motcua/internal/outbox"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// town is a commune with its three providers faked over real sockets and
// its delivery reports served on a real HTTP server.
type town struct {
	db                        *store.DB
	clk                       *clock
	unit                      *unit.Unit
	reception, hotich, leader *staff.Officer
	smtp                      *smtpfake.Server
	sms                       *smsfake.Fake
	zalo                      *zalofake.Fake
	disp                      *notify.Dispatcher
	worker                    *outbox.Worker
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func newTown(t testing.TB, e storetest.Engine) *town {
	t.Helper()
	ctx := context.Background()
	clk := &clock{t: time.Date(2025, 3, 3, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))}
	db := e.Open(t, store.Options{Now: clk.Now})
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "test"); err != nil {
		t.Fatal(err)
	}
	tw := &town{db: db, clk: clk, unit: &unit.Unit{Code: "000.21.37.H56", Name: "UBND xã Đạ Tẻh", Kind: unit.Commune}}
	if err := db.CreateUnit(ctx, tw.unit, "test"); err != nil {
		t.Fatal(err)
	}
	mk := func(name, email string, role staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: tw.unit.ID, Username: name, FullName: name, Email: email, Roles: []staff.Role{role}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, "mat-khau-thu", "test"); err != nil {
			t.Fatal(err)
		}
		return o
	}
	tw.reception = mk("tiepnhan", "", staff.Reception)
	tw.hotich = mk("hotich", "hotich@dateh.gov.vn", staff.Specialist, "HT")
	tw.leader = mk("chutich", "", staff.Leader)

	// The delivery reports come to a real server.
	rp := &notify.Reports{DB: db, Log: quiet}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/v1/notify/reports/sms", rp.Handler(notify.SMS))
	mux.HandleFunc("/api/v1/notify/reports/zalo", rp.Handler(notify.Zalo))
	api := httptest.NewServer(mux)
	t.Cleanup(api.Close)

	if tw.smtp, err = smtpfake.New("motcua", "smtp-pass"); err != nil {
		t.Fatal(err)
	}
	smtpAddr, err := tw.smtp.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tw.smtp.Close() })
	tw.sms = smsfake.New("dateh", "sms-pass")
	tw.sms.Callback, tw.sms.Secret = api.URL+"/api/v1/notify/reports/sms", "sms-report-secret"
	smsSrv := httptest.NewServer(tw.sms)
	t.Cleanup(func() { tw.sms.Wait(); smsSrv.Close() })
	tw.zalo = zalofake.New("app-1", "zalo-secret")
	tw.zalo.Callback = api.URL + "/api/v1/notify/reports/zalo"
	zaloSrv := httptest.NewServer(tw.zalo)
	t.Cleanup(func() { tw.zalo.Wait(); zaloSrv.Close() })

	tw.account(t, notify.Email, notify.EmailConfig{Addr: smtpAddr, Username: "motcua", Password: "smtp-pass",
		From: "motcua@dateh.gov.vn", FromName: "UBND xã Đạ Tẻh", CAPEM: tw.smtp.CertPEM})
	tw.account(t, notify.SMS, notify.SMSConfig{URL: smsSrv.URL, Username: "dateh", Password: "sms-pass", Brandname: "UBND DATEH",
		Unaccented: true, ReportSecret: "sms-report-secret"})
	templates := map[string]string{}
	for _, k := range notify.Kinds {
		templates[k] = "zns-" + k
	}
	tw.account(t, notify.Zalo, notify.ZaloConfig{APIURL: zaloSrv.URL, OAuthURL: zaloSrv.URL, AppID: "app-1", SecretKey: "zalo-secret",
		Templates: templates})
	access, refresh := tw.zalo.Tokens()
	if err := db.SetZaloToken(ctx, tw.unit.ID, store.ZaloToken{Access: access, Refresh: refresh, ExpiresAt: clk.Now().Add(24 * time.Hour)}, "test"); err != nil {
		t.Fatal(err)
	}
	tw.disp = &notify.Dispatcher{DB: db, Log: quiet}
	if tw.worker, err = outbox.New(db, tw.disp, quiet, nil, outbox.Config{Topic: store.TopicNotify, MaxAttempts: 50,
		MaxAge: 1000 * time.Hour, BaseDelay: time.Minute, MaxDelay: time.Minute, Now: clk.Now}); err != nil {
		t.Fatal(err)
	}
	return tw
}

func (tw *town) account(t testing.TB, ch string, cfg any) {
	t.Helper()
	b, _ := json.Marshal(cfg)
	if err := tw.db.SetNotifyAccount(context.Background(), tw.unit.ID, ch, b, "test"); err != nil {
		t.Fatal(err)
	}
}

// intake receives a birth registration at the counter for an applicant
// who consented to the given channels.
func (tw *town) intake(t testing.TB, phone, email string, consent ...string) *dossier.Dossier {
	t.Helper()
	pv, err := tw.db.ProcedureByCode(context.Background(), "1.004873")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: "068190001234",
		Phone: phone, Email: email}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := tw.db.Intake(context.Background(), store.IntakeRequest{UnitID: tw.unit.ID, ProcedureCode: "1.004873", Intake: in,
		Actor: tw.reception, Consent: consent})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (tw *town) act(t *testing.T, code string, a dossier.Action, by *staff.Officer) *dossier.Dossier {
	t.Helper()
	d, err := tw.db.Act(context.Background(), code, a, by)
	if err != nil {
		t.Fatalf("%s: %v", a.Kind, err)
	}
	return d
}

// drain runs the notify worker until nothing is due, advancing the clock
// past each backoff, at most rounds times.
func (tw *town) drain(t *testing.T, rounds int) {
	t.Helper()
	for range rounds {
		n, _ := tw.worker.RunOnce(context.Background())
		if n == 0 {
			tw.clk.Advance(2 * time.Minute)
			if n, _ = tw.worker.RunOnce(context.Background()); n == 0 {
				return
			}
		}
	}
}

func (tw *town) deliveries(t *testing.T, f store.DeliveryFilter) []*store.NotifyDelivery {
	t.Helper()
	ds, err := tw.db.NotifyDeliveries(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}
