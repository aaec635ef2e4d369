package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/jobs"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/testenv"
)

// pdfText is the text of a PDF as pdftotext reads it, spaces collapsed.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	cmd := exec.Command(testenv.Tool(t, "pdftotext", "poppler-utils"), "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = strings.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestResultFromSpecialistToCitizen: over real HTTP, the lead specialist
// of an online birth registration (a fully online procedure) has an image
// and a disguised executable refused (nothing kept), uploads the result PDF
// and sees it; the leader sees it on the approval form and approves the
// electronic result; the citizen downloads it from the status page behind
// the four digits (a wrong pair gets nothing) and from "Hồ sơ của tôi"
// (another citizen gets 404), is never told to come to the counter, and is
// notified with the electronic result's text.
func TestResultFromSpecialistToCitizen(t *testing.T) {
	w := newEIDWorld(t)
	ctx := context.Background()
	d := submitOnline(t, w.DB, "k-result-online-0000000000000000000")
	if _, err := w.DB.Act(ctx, d.Code, dossier.Action{Kind: dossier.ActReceive}, officeOfficer(t, w.DB, "tiepnhan1")); err != nil {
		t.Fatal(err)
	}
	d = officeDossierOf(t, w.DB, d.Code)
	lead, err := w.DB.Officer(ctx, d.LeadID)
	if err != nil {
		t.Fatalf("the dossier has no lead: %v", err)
	}
	path := "/can-bo/ho-so/" + d.Code
	blobs := func() int {
		n := 0
		w.DB.Blobs().Walk(ctx, func(string) error { n++; return nil })
		return n
	}
	papers := func() int {
		ps, err := w.DB.ResultPapers(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	before := blobs()

	spec := w.officeLogin(t, lead.Username)
	if _, page := spec.get(t, path); !strings.Contains(page, `id="result-upload"`) || !strings.Contains(page, `id="result-none"`) {
		t.Fatal("the lead specialist is offered no result upload")
	} else if next := between(page, `id="next-step"`, "</p>"); !strings.Contains(next, `href="#result-h"`) || !strings.Contains(next, "Đính kèm văn bản kết quả") {
		t.Errorf("without a result paper the next step is %q, want to attach it first", next)
	}
	upload := func(o *officeSession, name string, data []byte) (*http.Response, string) {
		return o.postMultipart(t, path+"/ket-qua", o.csrf, url.Values{"source": {"upload"}}, []portalFile{{"result", name, data}})
	}
	for _, bad := range []struct {
		name string
		data []byte
		says string
	}{
		{"ket-qua.png", portalPNG, "phải là tệp PDF"},
		{"ket-qua.pdf", []byte("MZ\x90\x00\x03 not a pdf"), "không phải PDF"},
	} {
		resp, page := upload(spec, bad.name, bad.data)
		if msg := officeFieldError(page, "result-file-error"); resp.StatusCode != http.StatusBadRequest || !strings.Contains(msg, bad.says) {
			t.Errorf("upload %s = %d %q, want 400 saying %q", bad.name, resp.StatusCode, msg, bad.says)
		}
	}
	reception := w.officeLogin(t, "tiepnhan1")
	result := filestoretest.PDF(t, 1, "GIAY KHAI SINH SO 0042 NGUYEN VAN AN")
	if resp, _ := upload(reception, "ket-qua.pdf", result); resp.StatusCode != http.StatusForbidden {
		t.Errorf("reception uploads a result = %d, want 403", resp.StatusCode)
	}
	if resp, _ := upload(spec, "", nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("an upload without a file = %d, want 400", resp.StatusCode)
	}
	if n, p := blobs(), papers(); n != before || p != 0 {
		t.Fatalf("after refusals: %d new blobs, %d result papers", n-before, p)
	}
	if resp, _ := upload(spec, "Kết quả.pdf", result); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload the result = %d", resp.StatusCode)
	}
	resp, body := spec.get(t, path+"/ket-qua")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.Contains(pdfText(t, body), "GIAY KHAI SINH SO 0042") {
		t.Fatalf("the specialist's view of the result: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if _, page := spec.get(t, path); strings.Contains(between(page, `id="next-step"`, "</p>"), `href="#result-h"`) {
		t.Error("with a result paper the next step still asks for one")
	}
	if resp, _ := spec.act(t, path+"/propose", url.Values{"note": {"Đủ điều kiện"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("propose = %d", resp.StatusCode)
	}

	// The citizen before approval: nothing to download.
	citizen := w.browser(t)
	_, page := citizen.get(t, "/tra-cuu")
	csrf := csrfFrom(t, page)
	lookup := url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"5678"}}
	if _, page := citizen.post(t, "/tra-cuu", lookup); strings.Contains(page, `id="result-download-button"`) {
		t.Error("a result to download before approval")
	}
	if resp, _ := citizen.post(t, "/tra-cuu/ket-qua", lookup); resp.StatusCode != http.StatusConflict {
		t.Errorf("download before approval = %d, want 409", resp.StatusCode)
	}

	leader := w.officeLogin(t, "chutich")
	if _, page := leader.get(t, path); !strings.Contains(page, `id="approve-result-link"`) {
		t.Fatal("the approval form does not link to the result paper")
	}
	if resp, _ := leader.act(t, path+"/approve", url.Values{"electronic_result": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d", resp.StatusCode)
	}
	if _, page := spec.get(t, path); strings.Contains(page, `id="result-upload"`) {
		t.Error("the result can still be replaced after approval")
	}

	// The status page: the download, and no counter.
	_, page = citizen.post(t, "/tra-cuu", lookup)
	if !strings.Contains(page, `id="result-download-button"`) {
		t.Fatal("the status page offers no download")
	}
	for _, never := range []string{"Mời bạn đến", "Khi đến nhận kết quả", `id="return"`} {
		if strings.Contains(page, never) {
			t.Errorf("the fully online dossier's status page says %q", never)
		}
	}
	wrong := url.Values{"csrf": {csrf}, "ma": {d.Code}, "so": {"0000"}}
	if resp, body := citizen.post(t, "/tra-cuu/ket-qua", wrong); resp.StatusCode != http.StatusNotFound || strings.HasPrefix(body, "%PDF") {
		t.Errorf("download with wrong digits = %d", resp.StatusCode)
	}
	resp, body = citizen.post(t, "/tra-cuu/ket-qua", lookup)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("download = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename=ket-qua-`+strings.ReplaceAll(d.Code, ".", "_")+`.pdf` {
		t.Errorf("download named %q", cd)
	}
	if text := pdfText(t, body); !strings.Contains(text, "GIAY KHAI SINH SO 0042 NGUYEN VAN AN") {
		t.Errorf("the downloaded result reads %q", text)
	}

	// "Hồ sơ của tôi": the owner downloads; another citizen gets 404.
	w.signIn(t, citizen, 0, 2)
	if _, page := citizen.get(t, "/ca-nhan/ho-so/"+d.Code); !strings.Contains(page, `href="/ca-nhan/ho-so/`+d.Code+`/ket-qua"`) {
		t.Error("“Hồ sơ của tôi” offers no download")
	}
	if resp, body := citizen.get(t, "/ca-nhan/ho-so/"+d.Code+"/ket-qua"); resp.StatusCode != http.StatusOK || body != string(result) {
		t.Errorf("the owner's download = %d (%d bytes, want the %d uploaded)", resp.StatusCode, len(body), len(result))
	}
	other := w.browser(t)
	w.signIn(t, other, 1, 2)
	if resp, body := other.get(t, "/ca-nhan/ho-so/"+d.Code+"/ket-qua"); resp.StatusCode != http.StatusNotFound || strings.HasPrefix(body, "%PDF") {
		t.Errorf("another citizen's download = %d", resp.StatusCode)
	}

	// The notice of the result says to download it, not to come.
	msgs, err := w.DB.OutboxMessages(ctx, store.OutboxFilter{Topic: store.TopicNotify, Key: d.ID})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, m := range msgs {
		var n store.Notice
		if err := json.Unmarshal(m.Payload, &n); err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, n.Kind)
	}
	if !strings.Contains(strings.Join(kinds, ","), notify.KindResolvedElectronic) || strings.Contains(","+strings.Join(kinds, ",")+",", ",resolved,") {
		t.Errorf("notices %v, want %s and not resolved", kinds, notify.KindResolvedElectronic)
	}
	for _, ch := range notify.Channels {
		tpl := notify.Default(notify.KindResolvedElectronic, ch)
		if text := strings.ToLower(tpl.Subject + tpl.Body); strings.Contains(text, "mời") || strings.Contains(text, "moi ong") || !strings.Contains(text, "tra cứu") && !strings.Contains(text, "tra cuu") {
			t.Errorf("the %s notice of an electronic result reads %q", ch, tpl.Body)
		}
	}
}

// TestResultWaitsForItsSignature: where signing is configured, approving
// an electronic result asks for its signature; until the job has signed
// it the citizen is told it is being signed and gets nothing; then the
// download is the signed document, which verifies.
func TestResultWaitsForItsSignature(t *testing.T) {
	fake, err := signerfake.New("Nguyễn Văn Minh", "Chủ tịch UBND xã", "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	signer := httptest.NewServer(fake)
	defer signer.Close()
	s := newTestServer(t, Options{Signing: true, BaseURL: func() string { return "http://motcua.test" }})
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
	// A double click: the same paper, one event.
	if resp, _ := spec.act(t, path+"/ket-qua", url.Values{"source": {"generate"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("generate again = %d", resp.StatusCode)
	}
	if ps, _ := s.DB.ResultPapers(ctx, d.ID); len(ps) != 1 {
		t.Errorf("%d result papers after a double click, want 1", len(ps))
	}
	resp, body := spec.get(t, path+"/ket-qua")
	if text := pdfText(t, body); resp.StatusCode != http.StatusOK || !strings.Contains(text, "chưa có chữ ký số") || !strings.Contains(text, d.Code) {
		t.Errorf("the generated preview = %d: %q", resp.StatusCode, text)
	}
	spec.act(t, path+"/propose", url.Values{})
	leader := s.officeLogin(t, "chutich")
	if resp, _ := leader.act(t, path+"/approve", url.Values{"electronic_result": {"1"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve = %d", resp.StatusCode)
	}
	docs, err := s.DB.SignedDocs(ctx, d.ID)
	if err != nil || len(docs) != 1 || docs[0].Kind != store.SignResult || docs[0].State != store.SignPending {
		t.Fatalf("signatures after approval: %+v %v, want one pending result", docs, err)
	}

	citizen := s.officeLogin(t, "tiepnhan1").testServer // any browser: the status page is public
	_, page := citizen.get(t, "/tra-cuu")
	lookup := url.Values{"csrf": {csrfFrom(t, page)}, "ma": {d.Code}, "so": {"5678"}}
	if _, page := citizen.post(t, "/tra-cuu", lookup); !strings.Contains(page, `id="result-signing"`) || strings.Contains(page, `id="result-download-button"`) {
		t.Error("the status page does not say the result is being signed")
	}
	if resp, body := citizen.post(t, "/tra-cuu/ket-qua", lookup); resp.StatusCode != http.StatusConflict || strings.HasPrefix(body, "%PDF") {
		t.Errorf("download while signing = %d", resp.StatusCode)
	}

	js := &jobs.Signer{DB: s.DB, Files: s.DB.Blobs(), Signer: signing.NewCSC(signer.URL+"/csc/v1", "tok", 5*time.Second, nil),
		Title: "Chủ tịch UBND xã", BaseURL: func() string { return "http://motcua.test" }, Now: time.Now}
	runner := jobs.New(s.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Handlers{jobs.KindSign: jobs.SignHandler(js)})
	if _, err := runner.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	if _, page := citizen.post(t, "/tra-cuu", lookup); !strings.Contains(page, `id="result-download-button"`) {
		t.Fatal("no download once signed")
	}
	resp, body = citizen.post(t, "/tra-cuu/ket-qua", lookup)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("download = %d", resp.StatusCode)
	}
	v, err := signing.Verify([]byte(body), fake.CA.Pool(), nil)
	if err != nil || v.Signer != "Nguyễn Văn Minh" {
		t.Fatalf("the downloaded result does not verify: %+v %v", v, err)
	}
	if text := pdfText(t, body); !strings.Contains(text, "Ký bởi: Nguyễn Văn Minh") || !strings.Contains(text, d.Code) {
		t.Errorf("the signed result reads %q", text)
	}
}

// TestFullyOnlineResultOnPaperSendsNobodyToTheCounter: a fully online
// dossier approved with a result on paper only offers no download, and
// its status page points to the return choice instead of the counter.
func TestFullyOnlineResultOnPaperSendsNobodyToTheCounter(t *testing.T) {
	s := newTestServer(t, Options{})
	ctx := context.Background()
	d := submitOnline(t, s.DB, "k-result-paper-only-000000000000000")
	for _, a := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActReceive, "tiepnhan1"}, {dossier.ActPropose, ""}, {dossier.ActApprove, "chutich"}} {
		o := officeOfficer(t, s.DB, "tiepnhan1")
		if a.by == "" {
			cur := officeDossierOf(t, s.DB, d.Code)
			var err error
			if o, err = s.DB.Officer(ctx, cur.LeadID); err != nil {
				t.Fatal(err)
			}
		} else {
			o = officeOfficer(t, s.DB, a.by)
		}
		if _, err := s.DB.Act(ctx, d.Code, dossier.Action{Kind: a.kind}, o); err != nil {
			t.Fatalf("%s: %v", a.kind, err)
		}
	}
	_, page := s.get(t, "/tra-cuu")
	_, page = s.post(t, "/tra-cuu", url.Values{"csrf": {csrfFrom(t, page)}, "ma": {d.Code}, "so": {"5678"}})
	if !strings.Contains(page, "theo hình thức bạn chọn") || !strings.Contains(page, `id="return"`) {
		t.Error("the status page does not point to the return choice")
	}
	for _, never := range []string{"Mời bạn đến", "Khi đến nhận kết quả", `id="result-download"`} {
		if strings.Contains(page, never) {
			t.Errorf("the status page says %q", never)
		}
	}
}

// between is the text of s after the first from, up to the next to.
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
