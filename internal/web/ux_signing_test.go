package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/store"
)

// approveElectronic takes a counter birth registration to an approved
// electronic result through the pages: the lead generates the result
// notice and proposes, the leader approves (which asks for the signature).
func approveElectronic(t *testing.T, s *testServer) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	d := officeIntake(t, s.DB, officeBirthReg, dossier.Counter)
	lead, err := s.DB.Officer(ctx, d.LeadID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/can-bo/ho-so/" + d.Code
	spec := s.officeLogin(t, lead.Username)
	if resp, _ := spec.act(t, path+"/ket-qua", url.Values{"source": {"generate"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("generate = %d", resp.StatusCode)
	}
	spec.act(t, path+"/propose", url.Values{})
	if resp, _ := s.officeLogin(t, "chutich").act(t, path+"/approve", url.Values{"electronic_result": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d", resp.StatusCode)
	}
	return d
}

// TestResultSignedOnceTheSignerIsBack: the signer is down when the result
// is approved; the sign job tries again by itself with its backoff, the
// citizen is told the service is down and when it is tried again, the
// officers see the next attempt; once the signer answers again the result
// is signed and downloadable with nobody pressing anything. A revoked
// certificate fails for good: the citizen is told the officers were asked,
// and the workspace lists the document to sign again.
func TestResultSignedOnceTheSignerIsBack(t *testing.T) {
	fake, err := signerfake.New("Nguyễn Văn Minh", "Chủ tịch UBND xã", "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := httptest.NewServer(fake)
	defer signer.Close()
	s := newTestServer(t, Options{Signing: true, BaseURL: func() string { return "http://motcua.test" }})
	ctx := context.Background()
	js := &jobs.Signer{DB: s.DB, Files: s.DB.Blobs(), Signer: signing.NewCSC(signer.URL+"/csc/v1", "tok", 5*time.Second, nil),
		Title: "Chủ tịch UBND xã", BaseURL: func() string { return "http://motcua.test" }, Now: time.Now}
	runner := jobs.New(s.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(js)})
	runner.Backoff, runner.MaxBackoff, runner.MaxAttempts = 30*time.Millisecond, 30*time.Millisecond, jobs.SignMaxAttempts
	// runDue waits for the retry to be due, then runs what is due.
	runDue := func() {
		t.Helper()
		time.Sleep(40 * time.Millisecond)
		if _, err := runner.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}

	fake.SetFaults(signerfake.Faults{Hang: true, Target: "csc"}) // down: 504 at once
	d := approveElectronic(t, s)
	docs, err := s.DB.SignedDocs(ctx, d.ID)
	if err != nil || len(docs) != 1 || docs[0].State != store.SignPending {
		t.Fatalf("after approval: %+v %v, want one pending result", docs, err)
	}
	for range 3 {
		runDue()
	}
	job, err := s.DB.JobByKey(ctx, "sign:"+docs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if doc, _ := s.DB.SignedDocByID(ctx, docs[0].ID); doc.State != store.SignPending || job.State != store.JobQueued || job.Attempts != 3 {
		t.Fatalf("the signer down: document %s, job %s after %d attempts; want pending and queued after 3", doc.State, job.State, job.Attempts)
	}

	citizen := s.officeLogin(t, "tiepnhan1").testServer // any browser: the status page is public
	_, page := citizen.get(t, "/tra-cuu")
	lookup := url.Values{"csrf": {csrfFrom(t, page)}, "ma": {d.Code}, "so": {"5678"}}
	_, page = citizen.post(t, "/tra-cuu", lookup)
	if note := officeFieldError(page, "result-signing"); !strings.Contains(note, "tạm gián đoạn") || !strings.Contains(note, "tự động ký lại") {
		t.Errorf("while the signer is down the citizen reads %q", note)
	}
	leader := s.officeLogin(t, "chutich")
	if _, page := leader.get(t, "/can-bo/ho-so/"+d.Code); !strings.Contains(page, `class="sign-retry"`) || !strings.Contains(page, "3 lần ký chưa được") {
		t.Error("the dossier page does not say the signature is being tried again")
	}

	// The signer is back: the next attempt signs; nobody pressed anything.
	fake.SetFaults(signerfake.Faults{})
	runDue()
	_, page = citizen.post(t, "/tra-cuu", lookup)
	if !strings.Contains(page, `id="result-download-button"`) {
		t.Fatal("no download once the signer is back")
	}
	resp, body := citizen.post(t, "/tra-cuu/ket-qua", lookup)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download = %d", resp.StatusCode)
	}
	if v, err := signing.Verify([]byte(body), fake.CA.Pool(), nil); err != nil || v.Signer != "Nguyễn Văn Minh" {
		t.Fatalf("the downloaded result does not verify: %+v %v", v, err)
	}

	// A revoked certificate: failed at once, for the officers to sign again.
	fake.SetFaults(signerfake.Faults{CertStatus: "revoked"})
	d2 := approveElectronic(t, s)
	runDue()
	docs, err = s.DB.SignedDocs(ctx, d2.ID)
	if err != nil || len(docs) != 1 || docs[0].State != store.SignFailed || !strings.Contains(docs[0].Error, "thu hồi") {
		t.Fatalf("a revoked certificate: %+v %v, want failed saying so", docs, err)
	}
	_, page = citizen.post(t, "/tra-cuu", url.Values{"csrf": lookup["csrf"], "ma": {d2.Code}, "so": {"5678"}})
	if note := officeFieldError(page, "result-signing"); !strings.Contains(note, "cán bộ đã được báo") {
		t.Errorf("after a failure for good the citizen reads %q", note)
	}
	_, page = leader.get(t, "/can-bo")
	if sec := between(page, `id="sign-failed"`, "</section>"); !strings.Contains(sec, d2.Code) || !strings.Contains(sec, "thu hồi") || strings.Contains(sec, d.Code) {
		t.Errorf("the workspace lists the failed signatures as %q", sec)
	}
	// Signed again once fixed: off the list.
	fake.SetFaults(signerfake.Faults{})
	if resp, _ := leader.act(t, "/can-bo/ho-so/"+d2.Code+"/ky-so", url.Values{"kind": {"result"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign again = %d", resp.StatusCode)
	}
	runDue()
	if _, page = leader.get(t, "/can-bo"); strings.Contains(page, `id="sign-failed"`) {
		t.Error("a document signed again is still listed as failed")
	}
}
