// Package securitytest is the shared harness of motcua's security tests: a
// real server wired as `motcua serve` wires it, over a database (either
// engine) seeded with two independent units, each with an officer of every
// role and objects of every kind a route can name (dossiers, files, letters,
// news articles, child units, officers), and clients logged in as each role
// with their CSRF tokens. It is imported by tests only.
package securitytest

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore/filestoretest"

	"github.com/motcua/motcua/internal/api"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/feedback"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/metrics"
	"github.com/motcua/motcua/internal/server"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
	"github.com/motcua/motcua/internal/web"
)

// Role is who makes a request: Anonymous or an officer role.
type Role string

const (
	Anonymous  Role = "anonymous"
	Reception  Role = Role(staff.Reception)
	Specialist Role = Role(staff.Specialist)
	Leader     Role = Role(staff.Leader)
	Admin      Role = Role(staff.Admin)
)

// Roles lists every role a matrix tries, anonymous first.
var Roles = []Role{Anonymous, Reception, Specialist, Leader, Admin}

// Procedures the seeded dossiers use (both in the field HT).
const (
	ExtractCopy = "2.000635" // Cấp bản sao trích lục hộ tịch: counter, fixed fee
	BirthReg    = "1.001193" // Đăng ký khai sinh: online, a letter once resolved
)

// OnlineKey is the idempotency key of unit i's online dossier.
func OnlineKey(i int) string { return fmt.Sprintf("matrix-online-key-%014d", i) }

// Unit is one seeded unit and the objects of it that routes can name.
type Unit struct {
	Index    int // 0 (the demo commune) or 1 (the unit beside it)
	Unit     *unit.Unit
	Child    *unit.Unit              // a unit below it, for the unit routes
	Officers map[Role]*staff.Officer // one officer per role, who log in
	Tokens   map[Role]string         // an API token per officer role
	Victim   *staff.Officer          // a specialist the officer routes may change
	Open     *dossier.Dossier        // received at the counter, being processed
	Online   *dossier.Dossier        // submitted online with a file
	Resolved *dossier.Dossier        // a resolved birth registration
	FileID   string                  // the online dossier's file
	LetterID string                  // the resolved birth's letter
	OutboxID string                  // a portal message of the open dossier
	// NotifyOutboxID is a notification of the unit (internal/notify).
	NotifyOutboxID string
	// ReconciliationID is a reconciliation with the national portal.
	ReconciliationID string
	TokenID          string         // an API token of the Victim
	Draft            *store.Article // an unpublished article
	Public           *store.Article // a published article with an image
	// Feedback is an open feedback item about an officer (its handler a
	// leader); FeedbackPublic an answered one, published.
	Feedback, FeedbackPublic *feedback.Item
	Markers                  []string        // text only this unit's officers may see
	Logins                   map[Role]string // officer usernames
}

// World is the running server and its two units.
type World struct {
	URL   string
	DB    *store.DB
	Units [2]*Unit
}

// Other returns the index of the unit that is not i.
func Other(i int) int { return 1 - i }

// Start runs the real server over a fresh database of engine e, seeded with
// two top-level units. It stops when t ends.
func Start(t testing.TB, e storetest.Engine) *World {
	t.Helper()
	log := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	db := e.Open(t, store.Options{Logger: log})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := demo.Seed(ctx, db); err != nil {
		t.Fatalf("seed the demo commune: %v", err)
	}
	w := &World{DB: db}
	a, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	b := &unit.Unit{Code: "000.00.00.H57", Name: "UBND xã Bên Cạnh", Kind: unit.Commune,
		Letterhead: unit.Letterhead{ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", IssuingBody: "ỦY BAN NHÂN DÂN XÃ BÊN CẠNH",
			Place: "Bên Cạnh", SignerTitle: "CHỦ TỊCH", SignerName: "Lý Văn Bê"}}
	if err := db.CreateUnit(ctx, b, "test"); err != nil {
		t.Fatal(err)
	}
	for i, u := range []*unit.Unit{a, b} {
		w.Units[i] = seedUnit(t, ctx, db, i, u)
	}
	// The letters of the resolved births.
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if _, err := jobs.New(db, quiet, jobs.DefaultHandlers(db)).RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	for _, u := range w.Units {
		ls, err := db.Letters(ctx, store.LetterFilter{DossierID: u.Resolved.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) != 1 {
			t.Fatalf("unit %d: %d letters for the resolved birth, want 1", u.Index, len(ls))
		}
		u.LetterID = ls[0].ID
	}

	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	wb, err := web.New(db, log, web.Options{BaseURL: func() string { return base }})
	if err != nil {
		t.Fatal(err)
	}
	ts.Config.Handler = server.New(db, log, metrics.New(), wb, api.New(db, log, api.Options{BaseURL: func() string { return base }})).Handler()
	ts.Start()
	t.Cleanup(ts.Close)
	w.URL = ts.URL
	return w
}

// names are the private markers of each unit: an applicant, a child, a draft
// article and an officer only that unit's officers may see.
var names = [2]struct{ applicant, child, draft, officer string }{
	{"Trần Mật Thị An", "Trần Mật Bảo An", "Bản nháp riêng của xã Đạ Tẻh", "Đỗ Kín Văn An"},
	{"Lý Mật Thị Bê", "Lý Mật Bảo Bê", "Bản nháp riêng của xã Bên Cạnh", "Đỗ Kín Văn Bê"},
}

func seedUnit(t testing.TB, ctx context.Context, db *store.DB, i int, u *unit.Unit) *Unit {
	t.Helper()
	n := names[i]
	su := &Unit{Index: i, Unit: u, Officers: map[Role]*staff.Officer{}, Tokens: map[Role]string{}, Logins: map[Role]string{},
		Markers: []string{n.applicant, n.child, n.draft, n.officer}}
	prefix := []string{"ma", "mb"}[i]
	mk := func(username, name string, r staff.Role, fields ...string) *staff.Officer {
		o := &staff.Officer{UnitID: u.ID, Username: username, FullName: name, Roles: []staff.Role{r}, Fields: fields, Active: true}
		if err := db.CreateOfficer(ctx, o, demo.Password, "test"); err != nil {
			t.Fatalf("officer %s: %v", username, err)
		}
		return o
	}
	if i == 0 {
		// The demo commune's own officers.
		for r, username := range map[Role]string{Reception: "tiepnhan1", Specialist: "hotich", Leader: "chutich", Admin: "admin"} {
			o, err := db.OfficerByUsername(ctx, username)
			if err != nil {
				t.Fatal(err)
			}
			su.Officers[r] = o
		}
	} else {
		su.Officers[Reception] = mk(prefix+"tiepnhan", "Phan Thị Nhận", staff.Reception)
		su.Officers[Specialist] = mk(prefix+"hotich", "Lê Văn Tịch", staff.Specialist, "HT")
		su.Officers[Leader] = mk(prefix+"lanhdao", "Lý Văn Bê", staff.Leader)
		su.Officers[Admin] = mk(prefix+"quantri", "Hoàng Thị Trị", staff.Admin)
	}
	su.Victim = mk(prefix+"nannhan", n.officer, staff.Specialist, "CT")
	for r, o := range su.Officers {
		su.Logins[r] = o.Username
		tok, err := db.CreateToken(ctx, o.ID, "matrix", "test")
		if err != nil {
			t.Fatal(err)
		}
		su.Tokens[r] = tok
	}
	su.Child = &unit.Unit{Code: fmt.Sprintf("000.00.0%d.H5%d", 7+i, 6+i), Name: "Thôn Dưới " + u.Name, Kind: unit.Commune, ParentID: u.ID}
	if err := db.CreateUnit(ctx, su.Child, "test"); err != nil {
		t.Fatalf("child unit: %v", err)
	}

	applicant := dossier.Applicant{FullName: n.applicant, IDNumber: fmt.Sprintf("07920300123%d", i), Phone: "0912345678", Address: "Thôn 1"}
	intake := func(code string, ch dossier.Channel, decl map[string]string, file bool) *dossier.Dossier {
		pv, err := db.ProcedureByCode(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		in := dossier.Intake{Channel: ch, Applicant: applicant, Declaration: decl}
		for _, c := range pv.Procedure.Components {
			if c.Required {
				in.Components = append(in.Components, dossier.Component{Name: c.Name})
			}
		}
		req := store.IntakeRequest{UnitID: u.ID, ProcedureCode: code, Intake: in}
		if ch != dossier.Online {
			req.Actor = su.Officers[Reception]
		}
		var d *dossier.Dossier
		if file {
			in.IdempotencyKey = OnlineKey(i)
			req.Intake = in
			d, err = db.IntakeWithFiles(ctx, req, []store.NewFile{{Component: 0, Name: "to-khai.pdf", Data: filestoretest.MustPDF(1, "to khai")}})
		} else {
			d, err = db.Intake(ctx, req)
		}
		if err != nil {
			t.Fatalf("unit %d: intake %s: %v", i, code, err)
		}
		return d
	}
	born := time.Now().In(calendar.Location()).AddDate(0, 0, -10).Format("2006-01-02")
	birth := map[string]string{"child_name": n.child, "child_birth_date": born, "child_sex": "nữ",
		"father_name": "Trần Văn Bình", "mother_name": n.applicant}
	su.Open = intake(ExtractCopy, dossier.Counter, nil, false)
	su.Online = intake(BirthReg, dossier.Online, birth, true)
	files, err := db.DossierFiles(ctx, su.Online.ID)
	if err != nil || len(files) == 0 {
		t.Fatalf("unit %d: files of the online dossier: %v (%d)", i, err, len(files))
	}
	su.FileID = files[0].ID
	msgs, err := db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicPortal, Key: su.Open.ID, Limit: 1})
	if err != nil || len(msgs) == 0 {
		t.Fatalf("unit %d: portal messages of the open dossier: %v (%d)", i, err, len(msgs))
	}
	su.OutboxID = msgs[0].ID
	notes, err := db.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify, UnitID: su.Unit.ID, Limit: 1})
	if err != nil || len(notes) == 0 {
		t.Fatalf("unit %d: notifications: %v (%d)", i, err, len(notes))
	}
	su.NotifyOutboxID = notes[0].ID
	rec, err := db.StartReconciliation(ctx, su.Unit.ID, su.Open.ReceivedAt.Add(-time.Hour), su.Open.ReceivedAt.Add(time.Hour), "schedule")
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FinishReconciliation(ctx, rec, nil, ""); err != nil {
		t.Fatal(err)
	}
	su.ReconciliationID = rec.ID
	fb := feedback.Submission{Kind: feedback.Feedback, Subject: feedback.AboutOfficer, Title: "Phản ánh của ma trận",
		Content: "Nội dung phản ánh của " + n.applicant, Name: n.applicant, Phone: "0912345678", PublishConsent: true}
	if su.Feedback, err = db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: su.Unit.ID, Submission: fb}); err != nil {
		t.Fatalf("unit %d: feedback: %v", i, err)
	}
	fb.Content = "Nội dung công khai của phản ánh."
	pub, err := db.SubmitFeedback(ctx, store.FeedbackRequest{UnitID: su.Unit.ID, Submission: fb})
	if err != nil {
		t.Fatalf("unit %d: feedback: %v", i, err)
	}
	if su.FeedbackPublic, err = db.AnswerFeedback(ctx, pub.Code, "Câu trả lời công khai.", true, su.Officers[Leader]); err != nil {
		t.Fatalf("unit %d: answer feedback: %v", i, err)
	}
	if _, err := db.CreateToken(ctx, su.Victim.ID, "matrix", "test"); err != nil {
		t.Fatal(err)
	}
	toks, err := db.Tokens(ctx, su.Victim.ID)
	if err != nil || len(toks) == 0 {
		t.Fatalf("unit %d: the victim's tokens: %v (%d)", i, err, len(toks))
	}
	su.TokenID = toks[0].ID
	res := intake(BirthReg, dossier.Counter, birth, false)
	if _, err := db.Act(ctx, res.Code, dossier.Action{Kind: dossier.ActPropose}, su.Officers[Specialist]); err != nil {
		t.Fatalf("unit %d: propose: %v", i, err)
	}
	if su.Resolved, err = db.Act(ctx, res.Code, dossier.Action{Kind: dossier.ActApprove}, su.Officers[Leader]); err != nil {
		t.Fatalf("unit %d: approve: %v", i, err)
	}

	if su.Draft, err = db.CreateArticle(ctx, u.ID, store.ArticleInput{Title: n.draft, Body: "Nội dung nháp."}, false, su.Officers[Leader].ID); err != nil {
		t.Fatal(err)
	}
	img, err := tinyPNG()
	if err != nil {
		t.Fatal(err)
	}
	in := store.ArticleInput{Title: "Thông báo công khai của " + u.Name, Body: "Nội dung công khai.", ImageAlt: "Ảnh minh hoạ",
		Image: &store.NewFile{Name: "anh.png", Data: img}}
	if su.Public, err = db.CreateArticle(ctx, u.ID, in, true, su.Officers[Leader].ID); err != nil {
		t.Fatal(err)
	}
	return su
}

func tinyPNG() ([]byte, error) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for x := 0; x < 8; x++ {
		img.Set(x, x, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	err := png.Encode(&buf, img)
	return buf.Bytes(), err
}
