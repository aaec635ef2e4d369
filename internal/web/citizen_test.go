package web

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/identity/idpfake"
	"github.com/motcua/motcua/internal/identity/vneid"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// Plain HTTP tests of the e-ID sign-in and "Hồ sơ của tôi", against the fake
// provider over real HTTP. The browser test is in citizen_browser_test.go.

// eidWorld is the server with sign-in through a fake provider.
type eidWorld struct {
	*testServer
	idp *idpfake.Provider
}

func newEIDWorld(t *testing.T, level2 ...string) *eidWorld {
	t.Helper()
	f := idpfake.New(idpfake.Client{ID: "motcua", Secret: "s3cret", RedirectURIs: []string{"http://127.0.0.1/dang-nhap/vneid/ve"},
		LogoutURIs: []string{"http://127.0.0.1/"}, AnyLoopbackPort: true})
	idp := httptest.NewServer(f)
	t.Cleanup(idp.Close)
	f.SetIssuer(idp.URL)
	var base string
	client := vneid.New(vneid.Config{Issuer: idp.URL, ClientID: "motcua", ClientSecret: "s3cret",
		RedirectURL:   func() string { return base + "/dang-nhap/vneid/ve" },
		PostLogoutURL: func() string { return base + "/" }, Claims: identity.DefaultClaimNames()})
	s := newTestServer(t, Options{EID: &EID{Client: client, Level2: level2}, BaseURL: func() string { return base }})
	base = s.URL
	return &eidWorld{testServer: s, idp: f}
}

// browser is a new cookie jar on the world's server: another person's browser.
func (w *eidWorld) browser(t *testing.T) *testServer {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &testServer{URL: w.URL, DB: w.DB, Client: c}
}

// startSignIn follows our sign-in to the provider and returns the callback
// address the provider sends the browser back to, having picked the test
// citizen at index who and the level.
func (w *eidWorld) startSignIn(t *testing.T, b *testServer, who, level int) string {
	t.Helper()
	resp, _ := b.get(t, "/dang-nhap/vneid?next=/ca-nhan/ho-so")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in start: %d", resp.StatusCode)
	}
	au, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(au.String(), w.idp.Issuer()+"/authorize") {
		t.Fatalf("sign-in start sent the browser to %q", resp.Header.Get("Location"))
	}
	form := au.Query()
	form.Set("citizen", string(rune('0'+who)))
	form.Set("level", string(rune('0'+level)))
	form.Set("decision", "allow")
	pr, err := http.DefaultTransport.RoundTrip(postRequest(t, w.idp.Issuer()+"/authorize", form))
	if err != nil {
		t.Fatal(err)
	}
	pr.Body.Close()
	back := pr.Header.Get("Location")
	if !strings.HasPrefix(back, w.URL+"/dang-nhap/vneid/ve?") {
		t.Fatalf("the provider sent the browser to %q", back)
	}
	return strings.TrimPrefix(back, w.URL)
}

func postRequest(t *testing.T, u string, form url.Values) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// signIn signs browser b in as the test citizen at index who.
func (w *eidWorld) signIn(t *testing.T, b *testServer, who, level int) {
	t.Helper()
	resp, body := b.get(t, w.startSignIn(t, b, who, level))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/ca-nhan/ho-so" {
		t.Fatalf("callback: %d to %q: %s", resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func (w *eidWorld) counts(t *testing.T) [2]int {
	t.Helper()
	c, s, err := w.DB.CountCitizens(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return [2]int{c, s}
}

// fileFor files a counter dossier for the person with this number.
func fileFor(t *testing.T, db *store.DB, name, number string) *dossier.Dossier {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	o, err := db.OfficerByUsername(ctx, "tiepnhan1")
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Counter, Applicant: dossier.Applicant{FullName: name, IDNumber: number, Phone: "0912000111", Address: "Thôn 1"},
		Declaration: map[string]string{"child_name": "Bé " + name, "child_birth_date": "2025-02-20"},
		Components: []dossier.Component{{Name: "Tờ khai đăng ký khai sinh"}, {Name: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"},
			{Name: "Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)"}}}
	d, err := db.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: portalBirth, Intake: in, Actor: o})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const (
	lanNumber  = "068190001234" // the fake's first test citizen
	binhNumber = "068085004321" // its second
)

func TestCitizenSignsInAndSeesTheirDossiers(t *testing.T) {
	w := newEIDWorld(t)
	online := submitOnline(t, w.DB, "k-lan-online-000000000000000000000")
	counter := fileFor(t, w.DB, "Nguyễn Thị Lan", lanNumber)
	binhs := fileFor(t, w.DB, "Trần Văn Bình", binhNumber)

	b := w.browser(t)
	w.signIn(t, b, 0, 2)
	first := cookieOf(t, b, citizenCookie)
	resp, page := b.get(t, "/ca-nhan/ho-so")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("my dossiers: %d", resp.StatusCode)
	}
	for _, code := range []string{online.Code, counter.Code} {
		if !strings.Contains(page, code) {
			t.Errorf("my dossiers lack %s", code)
		}
	}
	if strings.Contains(page, binhs.Code) {
		t.Errorf("Lan's list shows Bình's dossier %s", binhs.Code)
	}
	if !strings.Contains(page, "mức 2") && !strings.Contains(page, "level 2") {
		t.Error("the page does not say the sign-in's level")
	}
	// The citizen's pages allow the provider's origin as a form target: the
	// sign-out form is redirected there.
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "form-action 'self' "+w.idp.Issuer()) {
		t.Errorf("CSP %q does not let the sign-out reach the provider", csp)
	}

	// Signing in again in the same browser starts a new session id and ends the old one.
	w.signIn(t, b, 0, 1)
	second := cookieOf(t, b, citizenCookie)
	if first == second || second == "" {
		t.Errorf("session id not rotated at sign-in: %q then %q", first, second)
	}
	if _, err := w.DB.CitizenSessionByID(context.Background(), first); err == nil {
		t.Error("the session before the second sign-in still works")
	}

	// Sign-out ends our session and goes to the provider's sign-out.
	_, page = b.get(t, "/ca-nhan/ho-so")
	resp, _ = b.post(t, "/ca-nhan/dang-xuat", url.Values{"csrf": {csrfFrom(t, page)}})
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, w.idp.Issuer()+"/logout?") || !strings.Contains(loc, "id_token_hint=") {
		t.Errorf("sign-out: %d to %q, want the provider's sign-out with the id_token hint", resp.StatusCode, loc)
	}
	if _, err := w.DB.CitizenSessionByID(context.Background(), second); err == nil {
		t.Error("the session still works after sign-out")
	}
	resp, _ = b.get(t, "/ca-nhan/ho-so")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap/vneid") {
		t.Errorf("my dossiers after sign-out: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func cookieOf(t *testing.T, b *testServer, name string) string {
	t.Helper()
	u, _ := url.Parse(b.URL)
	for _, c := range b.Client.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// TestCitizenSignInRefusals: a replayed state, a callback in another
// browser, a refused code, a provider down, and bad claims each get a clear
// page and create no citizen and no session.
func TestCitizenSignInRefusals(t *testing.T) {
	w := newEIDWorld(t)
	b := w.browser(t)
	back := w.startSignIn(t, b, 0, 2)
	thief := w.browser(t)
	resp, body := thief.get(t, back)
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "eid-problem") {
		t.Errorf("callback in another browser: %d", resp.StatusCode)
	}
	// The thief's try spent the state: the rightful browser must start again.
	resp, _ = b.get(t, back)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a spent state: %d, want 401", resp.StatusCode)
	}
	if got := w.counts(t); got != [2]int{0, 0} {
		t.Errorf("after refusals: %d citizens, %d sessions; want none", got[0], got[1])
	}

	// A good sign-in, then its callback replayed: refused, nothing more made.
	back = w.startSignIn(t, b, 0, 2)
	if resp, _ := b.get(t, back); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", resp.StatusCode)
	}
	resp, _ = b.get(t, back)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("replayed callback: %d, want 401", resp.StatusCode)
	}
	if got := w.counts(t); got != [2]int{1, 1} {
		t.Errorf("after a sign-in and its replay: %v, want 1 citizen, 1 session", got)
	}

	for _, tc := range []struct {
		name   string
		setup  func()
		status int
		says   string
	}{
		{"no subject", func() {
			w.idp.SetCitizens([]idpfake.Citizen{{Label: "x", Claims: map[string]any{"LoaiTaiKhoan": 1, "SoDinhDanh": "068190007777", "HoVaTen": "Vô Danh"}}})
		}, http.StatusBadRequest, "TechID"},
		{"malformed personal number", func() {
			w.idp.SetCitizens([]idpfake.Citizen{{Label: "x", Claims: map[string]any{"TechID": "t-bad", "LoaiTaiKhoan": 1, "SoDinhDanh": "0681-9000", "HoVaTen": "Số Sai"}}})
		}, http.StatusBadRequest, "SoDinhDanh"},
		{"forged token", func() { w.idp.SetCitizens(idpfake.DemoCitizens()); w.idp.Forge(true) }, http.StatusUnauthorized, "không hợp lệ"},
		{"wrong audience", func() {
			w.idp.Forge(false)
			w.idp.Tamper(func(c map[string]any) { c["aud"] = "someone-else" })
		}, http.StatusUnauthorized, "không hợp lệ"},
		{"provider down", func() {
			w.idp.Tamper(nil)
			w.idp.SetFaults(idpfake.Faults{Token5xx: 1}, 1)
		}, http.StatusServiceUnavailable, "không trả lời"},
	} {
		b := w.browser(t)
		tc.setup()
		resp, body := b.get(t, w.startSignIn(t, b, 0, 2))
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.says) {
			t.Errorf("%s: %d, want %d saying %q", tc.name, resp.StatusCode, tc.status, tc.says)
		}
		if cookieOf(t, b, citizenCookie) != "" {
			t.Errorf("%s: a session cookie was set", tc.name)
		}
		if got := w.counts(t); got != [2]int{1, 1} {
			t.Errorf("%s: %v citizens and sessions, want the first sign-in's only", tc.name, got)
		}
	}
}

// TestCitizenRoutesNeverLeak signs two citizens in and tries every citizen
// route with a dossier code of each on both: a citizen's own open, the
// other's are 404 and never show the other's name or code.
func TestCitizenRoutesNeverLeak(t *testing.T) {
	w := newEIDWorld(t)
	lanD := fileFor(t, w.DB, "Nguyễn Thị Lan", lanNumber)
	binhD := fileFor(t, w.DB, "Trần Văn Bình", binhNumber)
	finishCounterDossier(t, w.DB, binhD.Code) // a rating and a law sheet become possible
	binhD, err := w.DB.Dossier(context.Background(), binhD.Code)
	if err != nil {
		t.Fatal(err)
	}
	lan, binh := w.browser(t), w.browser(t)
	w.signIn(t, lan, 0, 2)
	w.signIn(t, binh, 1, 2)
	type person struct {
		b          *testServer
		own, other *dossier.Dossier
		otherName  string
	}
	leaks, tries := 0, 0
	for _, p := range []person{{lan, lanD, binhD, "Trần Văn Bình"}, {binh, binhD, lanD, "Nguyễn Thị Lan"}} {
		for _, rt := range (&Server{}).citizenRoutes() {
			method, pattern, _ := strings.Cut(rt.pattern, " ")
			if !strings.Contains(pattern, "{code}") {
				continue
			}
			docs := []string{""}
			if strings.Contains(pattern, "{doc}") {
				docs = nil
				for _, k := range citizenDocs {
					docs = append(docs, string(k)+".pdf")
				}
				docs = append(docs, "control.pdf", "handover.pdf", "receipt")
			}
			for _, pair := range crossDocs([]*dossier.Dossier{p.own, p.other}, docs) {
				d := pair.d
				path := strings.ReplaceAll(pattern, "{code}", d.Code)
				path = strings.ReplaceAll(path, "{doc}", pair.doc)
				var resp *http.Response
				var body string
				if method == http.MethodGet {
					resp, body = p.b.get(t, path)
				} else {
					_, page := p.b.get(t, "/ca-nhan/ho-so")
					resp, body = p.b.post(t, path, url.Values{"csrf": {csrfFrom(t, page)}, "rating": {"satisfied"}})
				}
				tries++
				mine := d == p.own
				switch {
				case !mine && (resp.StatusCode != http.StatusNotFound || strings.Contains(body, p.otherName) || strings.Contains(body, d.Applicant.IDNumber[8:]+"<")):
					leaks++
					t.Errorf("%s %s on another's dossier: %d", method, path, resp.StatusCode)
				case mine && strings.HasSuffix(path, ".pdf") && docApplies(d, docgenKind(pair.doc)) && (resp.StatusCode != http.StatusOK || !strings.HasPrefix(body, "%PDF")):
					t.Errorf("%s %s: %d, want the PDF", method, path, resp.StatusCode)
				case mine && pair.doc != "" && !docApplies(d, docgenKind(pair.doc)):
					if resp.StatusCode != http.StatusNotFound {
						t.Errorf("%s %s, a document that does not apply: %d, want 404", method, path, resp.StatusCode)
					}
				case mine && resp.StatusCode >= 400 && resp.StatusCode != http.StatusConflict:
					t.Errorf("%s %s on one's own dossier: %d: %.300s", method, path, resp.StatusCode, body[max(0, strings.Index(body, "<main"))+0:])
				}
			}
		}
		// The list and its search never show the other's dossier.
		_, page := p.b.get(t, "/ca-nhan/ho-so?q="+url.QueryEscape(p.other.Code))
		if strings.Contains(page, `"dossier-code">`+p.other.Code) || strings.Contains(page, p.otherName) {
			leaks++
			t.Errorf("searching another's code lists it")
		}
	}
	t.Logf("%d tries over the citizen routes with two accounts, %d leaks", tries, leaks)
}

// TestOfficerOpeningIsShownToTheCitizen: officers who open a dossier, by
// page or API, are listed on the citizen's page of it.
func TestOfficerOpeningIsShownToTheCitizen(t *testing.T) {
	w := newEIDWorld(t)
	d := fileFor(t, w.DB, "Nguyễn Thị Lan", lanNumber)
	lan := w.browser(t)
	w.signIn(t, lan, 0, 2)
	_, page := lan.get(t, "/ca-nhan/ho-so/"+d.Code)
	if !strings.Contains(page, `id="access-none"`) {
		t.Error("a dossier nobody opened shows openings")
	}
	officer := w.browser(t)
	officer.login(t, "hotich", demo.Password)
	if resp, _ := officer.get(t, "/can-bo/ho-so/"+d.Code); resp.StatusCode != http.StatusOK {
		t.Fatalf("officer opens the dossier: %d", resp.StatusCode)
	}
	o, err := w.DB.OfficerByUsername(context.Background(), "hotich")
	if err != nil {
		t.Fatal(err)
	}
	_, page = lan.get(t, "/ca-nhan/ho-so/"+d.Code)
	if !strings.Contains(page, `id="access-log"`) || !strings.Contains(page, o.FullName) {
		t.Errorf("the citizen's page does not show that %s opened the dossier", o.FullName)
	}

	// A read through the API by another officer is listed too.
	leader, err := w.DB.OfficerByUsername(context.Background(), "chutich")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := w.DB.CreateToken(context.Background(), leader.ID, "test", "test")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, w.URL+"/api/v1/dossiers/"+d.Code, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("API read: %d", resp.StatusCode)
	}
	log, err := w.DB.PersonalAccessLog(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range log {
		got = append(got, a.OfficerName+"/"+a.Via)
	}
	if want := []string{leader.FullName + "/api", o.FullName + "/web"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("access log %v, want %v", got, want)
	}
	_, page = lan.get(t, "/ca-nhan/ho-so/"+d.Code)
	if !strings.Contains(page, leader.FullName) || !strings.Contains(page, "qua phần mềm kết nối (API)") {
		t.Errorf("the citizen's page does not show the API read by %s", leader.FullName)
	}
}

// TestSubmissionWithTheEID: the form is prefilled from the claims, the
// number is the account's whatever is posted, and the dossier records the
// level; a procedure that needs level 2 refuses a level 1 sign-in.
func TestSubmissionWithTheEID(t *testing.T) {
	w := newEIDWorld(t, portalBirth)
	b := w.browser(t)
	resp, body := b.get(t, "/nop-ho-so/"+portalBirth)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "eid-retry") {
		t.Errorf("a level 2 procedure without sign-in: %d, want the page asking for a level 2 sign-in", resp.StatusCode)
	}
	w.signIn(t, b, 0, 1)
	if resp, body := b.get(t, "/nop-ho-so/"+portalBirth); !strings.Contains(body, "eid-retry") {
		t.Errorf("a level 2 procedure at level 1: %d, want the page asking for level 2", resp.StatusCode)
	}
	w.signIn(t, b, 0, 2)
	_, body = b.get(t, "/nop-ho-so/"+portalBirth)
	for _, want := range []string{`value="Nguyễn Thị Lan"`, `value="` + lanNumber + `"`, `value="0912345678"`, `id="eid-prefilled"`, "readonly"} {
		if !strings.Contains(body, want) {
			t.Errorf("the prefilled form lacks %s", want)
		}
	}
	fields, files := goodSubmission()
	fields.Set("id_number", binhNumber) // tampered: the account's number wins
	fields.Set("idem", idemInput.FindStringSubmatch(body)[1])
	resp, body = b.postMultipart(t, "/nop-ho-so/"+portalBirth, csrfFrom(t, body), fields, files)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission: %d: %s", resp.StatusCode, fieldError(body, "id_number"))
	}
	_, page := b.get(t, "/ca-nhan/ho-so")
	ds, err := w.DB.CitizenDossiers(context.Background(), &store.Citizen{Profile: identity.Profile{Kind: dossier.Person, IDNumber: lanNumber}}, store.CitizenFilter{})
	if err != nil || len(ds) != 1 {
		t.Fatalf("Lan's dossiers: %d, %v", len(ds), err)
	}
	if d := ds[0]; d.EIDLevel != 2 || d.Applicant.IDNumber != lanNumber || !strings.Contains(page, d.Code) {
		t.Errorf("submitted dossier: level %d, number %s, listed %v", d.EIDLevel, d.Applicant.IDNumber, strings.Contains(page, d.Code))
	}
}

func TestConsentPerChannelPage(t *testing.T) {
	w := newEIDWorld(t)
	b := w.browser(t)
	w.signIn(t, b, 0, 2)
	_, page := b.get(t, "/ca-nhan/dong-y")
	resp, page := b.post(t, "/ca-nhan/dong-y", url.Values{"csrf": {csrfFrom(t, page)}, "sms": {"1"}, "email": {"1"}})
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "consent-saved") {
		t.Fatalf("saving consent: %d", resp.StatusCode)
	}
	for ch, want := range map[string]bool{store.ConsentSMS: true, store.ConsentZalo: false, store.ConsentEmail: true} {
		c, err := w.DB.ConsentFor(context.Background(), lanNumber, ch)
		if err != nil || !c.Asked || c.Granted != want {
			t.Errorf("consent %s: %+v, %v; want asked, granted %v", ch, c, err, want)
		}
	}
	resp, _ = b.post(t, "/ca-nhan/dong-y", url.Values{"csrf": {csrfFrom(t, page)}, "sms": {"yes please"}})
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad value: %d, want 400", resp.StatusCode)
	}
	if c, _ := w.DB.ConsentFor(context.Background(), lanNumber, store.ConsentSMS); !c.Granted {
		t.Error("a refused form changed the consent")
	}
}

// finishCounterDossier takes a counter dossier (received at once) through
// the specialist, the leader and the return.
func finishCounterDossier(t *testing.T, db *store.DB, code string) {
	t.Helper()
	ctx := context.Background()
	for _, step := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActPropose, "hotich"}, {dossier.ActApprove, "chutich"}, {dossier.ActReturn, "tiepnhan1"}} {
		o, err := db.OfficerByUsername(ctx, step.by)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Act(ctx, code, dossier.Action{Kind: step.kind}, o); err != nil {
			t.Fatalf("%s by %s: %v", step.kind, step.by, err)
		}
	}
}

// fileWithMarriagePaper files an online birth registration for the person
// with this number whose marriage certificate (a copy will do) was uploaded,
// and returns the dossier and that file's id.
func fileWithMarriagePaper(t *testing.T, db *store.DB, name, number, key string) (*dossier.Dossier, string) {
	t.Helper()
	ctx := context.Background()
	u, err := db.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	in := dossier.Intake{Channel: dossier.Online, IdempotencyKey: key,
		Applicant:   dossier.Applicant{FullName: name, IDNumber: number, Phone: "0912345678", Address: "Thôn 3"},
		Declaration: map[string]string{"child_name": "Bé " + name, "child_birth_date": "2025-02-20"},
		Components: []dossier.Component{{Name: "Tờ khai đăng ký khai sinh"}, {Name: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"},
			{Name: "Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)"}, {Name: "Giấy chứng nhận kết hôn của cha mẹ (xuất trình nếu có)"}}}
	d, err := db.IntakeWithFiles(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: portalBirth, Intake: in},
		[]store.NewFile{{Component: 3, Name: "ket-hon.pdf", Data: portalPDF}})
	if err != nil {
		t.Fatal(err)
	}
	files, err := db.DossierFiles(ctx, d.ID)
	if err != nil || len(files) != 1 {
		t.Fatalf("files: %v, %v", files, err)
	}
	return d, files[0].ID
}

// TestSubmissionReusesAnEarlierPaper: a signed-in citizen picks the marriage
// certificate she gave in an earlier dossier instead of uploading it; the
// new dossier holds a copy and records where it came from. Another person's
// paper cannot be picked.
func TestSubmissionReusesAnEarlierPaper(t *testing.T) {
	w := newEIDWorld(t)
	earlier, lanFile := fileWithMarriagePaper(t, w.DB, "Nguyễn Thị Lan", lanNumber, "k-lan-earlier-0000000000000000000")
	_, binhFile := fileWithMarriagePaper(t, w.DB, "Trần Văn Bình", binhNumber, "k-binh-earlier-000000000000000000")
	b := w.browser(t)
	w.signIn(t, b, 0, 2)
	_, body := b.get(t, "/nop-ho-so/"+portalBirth)
	field := "component-3-reuse"
	if !strings.Contains(body, `name="`+field+`" value="upload:`+lanFile+`"`) {
		t.Fatalf("the form does not offer Lan's earlier marriage certificate")
	}
	if strings.Contains(body, binhFile) {
		t.Error("the form offers Bình's paper to Lan")
	}
	if strings.Contains(body, `name="component-2-reuse"`) {
		t.Error("an original (the ID paper) is offered for reuse")
	}
	csrf, key := csrfFrom(t, body), idemInput.FindStringSubmatch(body)[1]
	fields, files := goodSubmission()
	fields.Set("idem", key)
	fields.Set(field, "upload:"+binhFile)
	before := stored(t, w.DB)
	resp, page := b.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusBadRequest || fieldError(page, "component-3") == "" {
		t.Errorf("reusing another's paper: %d, field error %q", resp.StatusCode, fieldError(page, "component-3"))
	}
	if got := stored(t, w.DB); got != before {
		t.Errorf("a refused reuse stored something: %v then %v", before, got)
	}
	fields.Set(field, "upload:"+lanFile)
	resp, page = b.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submission reusing a paper: %d: %s", resp.StatusCode, fieldError(page, "component-3"))
	}
	d, err := w.DB.DossierByIdempotencyKey(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	var reused *dossier.Component
	for i := range d.Components {
		if d.Components[i].Origin != "" {
			reused = &d.Components[i]
		}
	}
	if reused == nil || reused.Digitisation != dossier.ReusedStore || reused.Origin != earlier.Code || !strings.HasPrefix(reused.Name, "Giấy chứng nhận kết hôn") {
		t.Fatalf("reused component: %+v", reused)
	}
	nf, err := w.DB.DossierFiles(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	copied := false
	for _, f := range nf {
		copied = copied || f.Name == "ket-hon.pdf"
	}
	if !copied {
		t.Errorf("the new dossier's files %v lack the reused paper", nf)
	}
}

// TestSubmissionReusesASignedResultAndAScan: the parents' marriage
// certificate was issued by the commune as a signed electronic result, and
// a copy of it was digitised at reception in an earlier birth registration:
// both are offered to the signed-in citizen for the new birth
// registration's marriage paper, and the new dossier records which dossier
// the one she picks came from, a result as a reused result. A scan never
// stands for an original, nor a result for a component it does not name.
func TestSubmissionReusesASignedResultAndAScan(t *testing.T) {
	w := newEIDWorld(t)
	ctx := context.Background()
	officer := func(name string) *staff.Officer {
		o, err := w.DB.OfficerByUsername(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	u, err := w.DB.UnitByCode(ctx, demo.UnitCode)
	if err != nil {
		t.Fatal(err)
	}
	lanApplicant := dossier.Applicant{FullName: "Nguyễn Thị Lan", IDNumber: lanNumber, Phone: "0912345678", Address: "Thôn 3"}
	// The marriage, registered and its certificate signed.
	marriage, err := w.DB.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: "1.000894", Actor: officer("tiepnhan1"), Intake: dossier.Intake{
		Channel: dossier.Counter, Applicant: lanApplicant,
		Declaration: map[string]string{"husband_name": "Trần Văn Bình", "wife_name": "Nguyễn Thị Lan"},
		Components:  []dossier.Component{{Name: "Tờ khai đăng ký kết hôn"}, {Name: "Giấy tờ tùy thân của hai bên nam nữ (xuất trình)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		kind dossier.ActionKind
		by   string
	}{{dossier.ActPropose, "hotich"}, {dossier.ActApprove, "chutich"}} {
		if _, err := w.DB.Act(ctx, marriage.Code, dossier.Action{Kind: step.kind}, officer(step.by)); err != nil {
			t.Fatalf("%s: %v", step.kind, err)
		}
	}
	sd, err := w.DB.RequestSignature(ctx, marriage.Code, store.SignResult, officer("chutich"))
	if err != nil {
		t.Fatal(err)
	}
	certificate := filestoretest.PDF(t, 1, "Giay chung nhan ket hon")
	cf, err := filestore.Check(certificate, filestore.Limits{}, "file")
	if err != nil {
		t.Fatal(err)
	}
	sd.Signer, sd.SignedAt = "UBND xã Đạ Tẻh", w.DB.Now()
	if err := w.DB.SignatureDone(ctx, sd, cf, w.DB.Blobs()); err != nil {
		t.Fatal(err)
	}
	// A birth registration at the counter where reception digitised the
	// parents' marriage paper.
	earlier, err := w.DB.Intake(ctx, store.IntakeRequest{UnitID: u.ID, ProcedureCode: portalBirth, Actor: officer("tiepnhan1"), Intake: dossier.Intake{
		Channel: dossier.Counter, Applicant: lanApplicant,
		Declaration: map[string]string{"child_name": "Bé Lan", "child_birth_date": "2025-02-20"},
		Components: []dossier.Component{{Name: "Tờ khai đăng ký khai sinh"}, {Name: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh"},
			{Name: "Giấy tờ tùy thân của người đi đăng ký (xuất trình: căn cước, hộ chiếu)"}, {Name: "Giấy chứng nhận kết hôn của cha mẹ (xuất trình nếu có)"}}}})
	if err != nil {
		t.Fatal(err)
	}
	scan := filestoretest.PDF(t, 1, "Ban sao giay chung nhan ket hon")
	sf, err := filestore.Check(scan, filestore.Limits{}, "file")
	if err != nil {
		t.Fatal(err)
	}
	paper, err := w.DB.Digitise(ctx, earlier.Code, 3, sf, w.DB.Blobs(), officer("tiepnhan1"))
	if err != nil {
		t.Fatal(err)
	}

	b := w.browser(t)
	w.signIn(t, b, 0, 2)
	field, resultKey, scanKey := "component-3-reuse", "result:"+sd.ID, "scan:"+paper.ID
	_, body := b.get(t, "/nop-ho-so/"+portalBirth)
	if !strings.Contains(body, `name="`+field+`" value="`+resultKey+`"`) || !strings.Contains(body, "Kết quả điện tử đã ký số “Giấy chứng nhận kết hôn (02 bản chính)” của hồ sơ "+marriage.Code) {
		t.Fatal("the form does not offer the signed marriage certificate for the parents' marriage paper")
	}
	if !strings.Contains(body, `name="`+field+`" value="`+scanKey+`"`) || !strings.Contains(body, "Bản số hoá “Giấy chứng nhận kết hôn của cha mẹ (xuất trình nếu có)” trong hồ sơ "+earlier.Code) {
		t.Fatal("the form does not offer the digitised marriage paper")
	}
	csrf, key := csrfFrom(t, body), idemInput.FindStringSubmatch(body)[1]
	fields, files := goodSubmission()
	fields.Set("idem", key)
	// Neither may stand for another component: the scan for the ID paper
	// (an original), the result for the birth certificate, which it does
	// not name.
	fields.Set("component-2-reuse", scanKey)
	fields.Set("component-1-reuse", resultKey)
	before := stored(t, w.DB)
	resp, page := b.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, nil)
	if resp.StatusCode != http.StatusBadRequest || fieldError(page, "component-2") == "" || fieldError(page, "component-1") == "" {
		t.Errorf("reusing papers that cannot stand for the components: %d, errors %q, %q",
			resp.StatusCode, fieldError(page, "component-2"), fieldError(page, "component-1"))
	}
	if got := stored(t, w.DB); got != before {
		t.Errorf("a refused reuse stored something: %v then %v", before, got)
	}
	fields.Del("component-2-reuse")
	fields.Del("component-1-reuse")

	for _, c := range []struct {
		key, origin string
		how         dossier.Digitisation
		file        string
		data        []byte
	}{
		{resultKey, marriage.Code, dossier.ReusedResult, "ket-qua-", certificate},
		{scanKey, earlier.Code, dossier.ReusedStore, "ban-so-hoa-", scan},
	} {
		_, body := b.get(t, "/nop-ho-so/"+portalBirth)
		csrf, key := csrfFrom(t, body), idemInput.FindStringSubmatch(body)[1]
		fields.Set("idem", key)
		fields.Set(field, c.key)
		resp, page := b.postMultipart(t, "/nop-ho-so/"+portalBirth, csrf, fields, files)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("submission reusing %s: %d: %q", c.key, resp.StatusCode, fieldError(page, "component-3"))
		}
		d, err := w.DB.DossierByIdempotencyKey(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, comp := range d.Components {
			if comp.Origin != "" {
				got = append(got, comp.Name+" | "+string(comp.Digitisation)+" | "+comp.Origin)
			}
		}
		want := []string{"Giấy chứng nhận kết hôn của cha mẹ (xuất trình nếu có) | " + string(c.how) + " | " + c.origin}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("reusing %s, the reused components (-want +got):\n%s", c.key, diff)
		}
		nf, err := w.DB.DossierFiles(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		copied := false
		for _, f := range nf {
			if strings.HasPrefix(f.Name, c.file) && strings.HasSuffix(f.Name, ".pdf") {
				_, data, err := w.DB.FileData(ctx, f.ID)
				copied = err == nil && string(data) == string(c.data)
			}
		}
		if !copied {
			t.Errorf("reusing %s, the new dossier's files %v lack a copy of it", c.key, nf)
		}
	}
}

type docTry struct {
	d   *dossier.Dossier
	doc string
}

func crossDocs(ds []*dossier.Dossier, docs []string) []docTry {
	var out []docTry
	for _, d := range ds {
		for _, doc := range docs {
			out = append(out, docTry{d, doc})
		}
	}
	return out
}

// docgenKind is the kind of a document path element ("receipt.pdf"), or ""
// for one that names none.
func docgenKind(doc string) docgen.Kind {
	name, ok := strings.CutSuffix(doc, ".pdf")
	if !ok {
		return ""
	}
	k, err := docgen.ParseKind(name)
	if err != nil {
		return ""
	}
	if !slices.Contains(citizenDocs, k) {
		return "" // an officer's document: never the citizen's
	}
	return k
}
