package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// Browser test of the letter register, the template editor and the
// tracking book's form: a leader finds the register from the workspace,
// previews a template and saves it as a new version; axe-core on each page
// and state, screenshots kept as artifacts.

// letterOfResolvedBirth drives a birth registration (the child born ten
// days ago) to resolved and runs the due jobs, which produce its letter.
func letterOfResolvedBirth(t *testing.T, srv *browsertest.Server) (*dossier.Dossier, *store.Letter) {
	t.Helper()
	ctx := context.Background()
	officer := func(username string) *staff.Officer {
		t.Helper()
		o, err := srv.DB.OfficerByUsername(ctx, username)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	pv, err := srv.DB.ProcedureByCode(ctx, "1.001193")
	if err != nil {
		t.Fatal(err)
	}
	born := time.Now().AddDate(0, 0, -10).Format("2006-01-02")
	in := dossier.Intake{Channel: dossier.Counter,
		Applicant: dossier.Applicant{FullName: "Hoàng Văn Nam", IDNumber: "068190004321", Phone: "0987654321", Address: "Thôn 3, xã Đạ Tẻh"},
		Declaration: map[string]string{"child_name": "Hoàng Gia Bảo", "child_birth_date": born, "child_sex": "nam",
			"father_name": "Hoàng Văn Nam", "mother_name": "Vũ Thị Mai"}}
	for _, c := range pv.Procedure.Components {
		if c.Required {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	d, err := srv.DB.Intake(ctx, store.IntakeRequest{UnitID: srv.Town.Unit.ID, ProcedureCode: "1.001193", Intake: in, Actor: officer("tiepnhan1")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActPropose}, officer("hotich")); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActApprove}, officer("chutich")); err != nil {
		t.Fatal(err)
	}
	if _, err := jobs.New(srv.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.DefaultHandlers(srv.DB)).RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	ls, err := srv.DB.Letters(ctx, store.LetterFilter{DossierID: d.ID})
	if err != nil || len(ls) != 1 {
		t.Fatalf("letters of the resolved birth registration: %d, %v", len(ls), err)
	}
	return d, ls[0]
}

func TestBrowserOfficeLetterRegisterAndTemplate(t *testing.T) {
	testenv.Long(t, "a browser flow whose pages the quick suite tests over HTTP; the suite's 3 minutes")
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	d, l := letterOfResolvedBirth(t, srv)

	// The leader finds the register from the workspace, with its counts.
	officeLogin(t, b, srv, "chutich")
	if got := b.Text(`#letter-counts [data-count="unprinted"]`); got != "1" {
		t.Errorf("the workspace counts %q letters not printed, want 1", got)
	}
	b.ExpectAccessible("the leader's workspace with the register's counts")
	b.Screenshot("workspace-letter-counts")
	if got := b.ClickAndWait("#letters-link"); got != http.StatusOK {
		t.Fatalf("register = %d", got)
	}
	row := `tr[data-letter="` + l.ID + `"]`
	if got := b.Text(row + ` a.code`); got != d.Code {
		t.Errorf("the register's row links %q, want %s", got, d.Code)
	}
	if got := b.Text(row + ` td.printed`); got != "Chưa in" {
		t.Errorf("printed column %q", got)
	}
	b.ExpectAccessible("the letter register")
	b.Screenshot("letter-register")

	// The birth template: in force is the default.
	if got := b.ClickAndWait(`a[href="/can-bo/thu/mau/congratulation_birth"]`); got != http.StatusOK {
		t.Fatalf("template page = %d", got)
	}
	if got := b.Text("#in-force"); !strings.Contains(got, "mẫu mặc định") {
		t.Errorf("in force: %q", got)
	}
	if n := b.Count("#placeholders tbody tr"); n != 10 {
		t.Errorf("%d placeholders listed for births, want 10", n)
	}
	b.ExpectAccessible("the letter template page")
	b.Screenshot("letter-template")

	// An unknown placeholder: refused beside the text, named, kept, nothing stored.
	bad := "THƯ CHÚC MỪNG\n\nKính gửi: {{nguoi_nhan}}\n\nChúc mừng cháu {{ten_con}}.\n\nTrân trọng!"
	b.Fill("#f-body", bad)
	if got := b.ClickAndWait("#save"); got != http.StatusBadRequest {
		t.Fatalf("save with {{ten_con}} = %d, want 400", got)
	}
	if msg := b.Text("#f-body-error"); !strings.Contains(msg, "{{ten_con}}") {
		t.Errorf("the message beside the text %q does not name {{ten_con}}", msg)
	}
	if got := b.Value("#f-body"); got != bad {
		t.Errorf("the text typed became %q", got)
	}
	b.ExpectAccessible("the letter template page with an error")
	b.Screenshot("letter-template-error")

	// Preview a draft with the dossier's values: shown, not stored.
	draft := "THƯ CHÚC MỪNG\n\nKính gửi: {{nguoi_nhan}}\n\n{{don_vi}} mừng cháu {{ten_tre}} chào đời ngày {{ngay_sinh}}.\n\nTrân trọng!"
	b.Fill("#f-body", draft)
	b.Fill("#f-dossier_code", d.Code)
	if got := b.ClickAndWait("#preview"); got != http.StatusOK {
		t.Fatalf("preview = %d", got)
	}
	if got := b.Text(".letter-paper"); !strings.Contains(got, "mừng cháu Hoàng Gia Bảo chào đời") || !strings.Contains(got, "Kính gửi: Ông Hoàng Văn Nam và Bà Vũ Thị Mai") {
		t.Errorf("the preview reads %q", got)
	}
	if cur, err := srv.DB.LetterTemplate(context.Background(), srv.Town.Unit.ID, letter.CongratulationBirth); err != nil || cur.Version != 0 {
		t.Fatalf("after the preview the template in force is %v (%v), want the default", cur, err)
	}
	b.ExpectAccessible("the letter template page with a preview")
	b.Screenshot("letter-template-preview")

	// Save it as version 1.
	if got := b.ClickAndWait("#save"); got != http.StatusOK {
		t.Fatalf("save = %d", got)
	}
	if flash := b.Text(".flash"); !strings.Contains(flash, "phiên bản 1") {
		t.Errorf("after the save the page says %q", flash)
	}
	if got := b.Text("#in-force"); !strings.Contains(got, "phiên bản 1") || !strings.Contains(got, "Nguyễn Văn Minh") {
		t.Errorf("in force after the save: %q", got)
	}
	cur, err := srv.DB.LetterTemplate(context.Background(), srv.Town.Unit.ID, letter.CongratulationBirth)
	if err != nil || cur.Version != 1 || cur.Body != draft {
		t.Fatalf("stored after the save: %+v, %v", cur, err)
	}
	if n := b.Count("#versions tbody tr"); n != 2 {
		t.Errorf("%d versions listed, want 2 (1 and the default)", n)
	}
	b.ExpectAccessible("the letter template page after a save")
	b.Screenshot("letter-template-saved")
}

func TestBrowserOfficeTrackingBookForm(t *testing.T) {
	t.Parallel()
	srv := browsertest.StartServer(t)
	b := browsertest.Start(t)
	officeLogin(t, b, srv, "tiepnhan1")
	if got := b.ClickAndWait("#tracking-link"); got != http.StatusOK {
		t.Fatalf("tracking book = %d", got)
	}
	if b.Count("#tracking-pdf") != 1 || b.Count("#tracking-xlsx") != 1 {
		t.Error("no download links for the default period")
	}
	b.ExpectAccessible("the tracking book form")
	b.Screenshot("tracking-form")

	b.Navigate(srv.URL + "/can-bo/so-theo-doi?tu=2025-05-01&den=2025-04-01")
	if msg := b.Text("#f-den-error"); !strings.Contains(msg, "trước khi bắt đầu") {
		t.Errorf("period error %q", msg)
	}
	if b.Count("#tracking-pdf") != 0 {
		t.Error("a download is offered for a bad period")
	}
	b.ExpectAccessible("the tracking book form with a bad period")
	b.Screenshot("tracking-form-error")

	// The links download the files.
	b.Navigate(srv.URL + "/can-bo/so-theo-doi?tu=2025-01-01&den=2025-12-31")
	for sel, want := range map[string]string{"#tracking-pdf": "%PDF", "#tracking-xlsx": "PK\x03\x04"} {
		ctx, cancel := context.WithTimeout(b.Context(), 30*time.Second)
		head, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(document.querySelector('`+sel+`').href).then(async r =>
			r.status + ' ' + new TextDecoder('latin1').decode((await r.arrayBuffer()).slice(0, 4)))`, chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if head != "200 "+want {
			t.Errorf("%s downloads %q, want 200 and %q", sel, head, want)
		}
	}
}
