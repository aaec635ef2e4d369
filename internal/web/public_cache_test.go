package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestPublicPagesRevalidateAndCompress: an anonymous reader's public page
// carries an ETag; asking again with it gets 304 and no body; a reader who
// takes gzip gets the same page compressed; an officer's view of the same
// page is rendered for them (their logout form, no shared ETag).
func TestPublicPagesRevalidateAndCompress(t *testing.T) {
	s := newTestServer(t, Options{})
	page := "/thu-tuc/" + adminBirthCode
	// A transport that neither asks for gzip nor undoes it: the test sets
	// Accept-Encoding itself and reads the bytes as sent.
	raw := &http.Transport{DisableCompression: true}
	defer raw.CloseIdleConnections()
	fetch := func(header http.Header) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, s.URL+page, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header = header
		resp, err := raw.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp, b
	}

	first, plain := fetch(http.Header{})
	etag := first.Header.Get("ETag")
	if first.StatusCode != http.StatusOK || !regexp.MustCompile(`^"[0-9a-f]{24}"$`).MatchString(etag) {
		t.Fatalf("first GET: %d, ETag %q", first.StatusCode, etag)
	}
	if !bytes.Contains(plain, []byte("Đăng ký khai sinh")) || first.Header.Get("Content-Encoding") != "" {
		t.Fatalf("first GET is not the plain procedure page (encoding %q)", first.Header.Get("Content-Encoding"))
	}
	if cc := first.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("Cache-Control %q, want no-cache (revalidate with the ETag)", cc)
	}
	if got := first.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("the security headers are missing from a public page: X-Content-Type-Options %q", got)
	}

	again, body := fetch(http.Header{"If-None-Match": {etag}})
	if again.StatusCode != http.StatusNotModified || len(body) != 0 || again.Header.Get("ETag") != etag {
		t.Errorf("GET with If-None-Match: %d, %d bytes, ETag %q; want 304, empty, the same ETag", again.StatusCode, len(body), again.Header.Get("ETag"))
	}
	if stale, _ := fetch(http.Header{"If-None-Match": {`"0000"`}}); stale.StatusCode != http.StatusOK {
		t.Errorf("GET with another ETag: %d, want 200", stale.StatusCode)
	}

	zipped, zbody := fetch(http.Header{"Accept-Encoding": {"br;q=1.0, gzip;q=0.8"}})
	if zipped.Header.Get("Content-Encoding") != "gzip" || len(zbody) >= len(plain)/2 {
		t.Fatalf("gzip asked: encoding %q, %d bytes of %d", zipped.Header.Get("Content-Encoding"), len(zbody), len(plain))
	}
	if zt := zipped.Header.Get("ETag"); zt == "" || zt == etag {
		t.Errorf("the gzip copy's ETag %q, want one of its own (not %q)", zt, etag)
	}
	t.Logf("the procedure page: %d bytes, %d gzipped", len(plain), len(zbody))
	zr, err := gzip.NewReader(bytes.NewReader(zbody))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, plain) {
		t.Errorf("the gzip body is not the page (err %v)", err)
	}
	if refused, _ := fetch(http.Header{"Accept-Encoding": {"gzip;q=0"}}); refused.Header.Get("Content-Encoding") != "" {
		t.Error("gzip;q=0 still got gzip")
	}

	// The style sheets come compressed too.
	css := regexp.MustCompile(`/static/app\.[0-9a-f]+\.css`).Find(plain)
	if css == nil {
		t.Fatal("the page links no app.css")
	}
	page = string(css)
	sheet, zsheet := fetch(http.Header{"Accept-Encoding": {"gzip"}})
	if sheet.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(sheet.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("%s with gzip: encoding %q, Vary %q", css, sheet.Header.Get("Content-Encoding"), sheet.Header.Get("Vary"))
	} else if zr, err := gzip.NewReader(bytes.NewReader(zsheet)); err != nil {
		t.Error(err)
	} else if b, err := io.ReadAll(zr); err != nil || !bytes.Contains(b, []byte("{")) {
		t.Errorf("the gzip style sheet does not read back (err %v)", err)
	}
	page = "/thu-tuc/" + adminBirthCode

	// An officer gets the page rendered for them.
	if resp, _ := s.login(t, "tiepnhan1", "motcua-demo"); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", resp.StatusCode)
	}
	resp, officerPage := s.get(t, page)
	if resp.Header.Get("ETag") != "" || !strings.Contains(officerPage, `action="/dang-xuat"`) {
		t.Errorf("the officer's page came from the public cache (ETag %q)", resp.Header.Get("ETag"))
	}
	if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("the officer's page: Cache-Control %q, want no-store", cc)
	}
}

// TestAdministratorsEditShowsAtOnce: a public page cached a moment ago shows
// an administrator's edit on the next view, not after the cache's lifetime;
// so does a write through the store by any other path of the process (the
// API, a job). Writes to other tables (a login's session) leave it cached.
func TestAdministratorsEditShowsAtOnce(t *testing.T) {
	s := newTestServer(t, Options{})
	page := "/thu-tuc/" + adminBirthCode
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	reader := &testServer{URL: s.URL, DB: s.DB, Client: &http.Client{Jar: jar}}
	_, before := reader.get(t, page)
	const added = "Ghi chú thử, mang theo bản sao sổ hộ khẩu cũ nếu còn."
	if strings.Contains(before, added) {
		t.Fatal("the page has the note before the edit")
	}
	if _, again := reader.get(t, page); again != before {
		t.Fatal("two views a moment apart differ")
	}

	version := s.DB.PublicVersion()
	token := adminLogin(t, s)
	if got := s.DB.PublicVersion(); got != version {
		t.Errorf("a login moved the public pages' version from %d to %d", version, got)
	}
	_, edit := s.get(t, "/quan-tri/thu-tuc/"+adminBirthCode+"/sua")
	yamlText := html.UnescapeString(regexp.MustCompile(`(?s)<textarea[^>]*name="yaml"[^>]*>\n?(.*?)</textarea>`).FindStringSubmatch(edit)[1])
	base := regexp.MustCompile(`name="base" value="(\d+)"`).FindStringSubmatch(edit)[1]
	fee := regexp.MustCompile(`(?m)^  note: .*$`)
	var edited string
	if fee.MatchString(yamlText) {
		edited = fee.ReplaceAllString(yamlText, "  note: "+added)
	} else {
		edited = strings.Replace(yamlText, "\nfee:\n", "\nfee:\n  note: "+added+"\n", 1)
	}
	if edited == yamlText {
		t.Fatalf("could not add a note to the fee in:\n%s", yamlText)
	}
	resp, body := s.post(t, "/quan-tri/thu-tuc/"+adminBirthCode+"/sua", url.Values{"csrf": {token}, "base": {base}, "yaml": {edited}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the edit: %d\n%s", resp.StatusCode, adminFieldError(body, "yaml"))
	}
	if _, after := reader.get(t, page); !strings.Contains(after, added) {
		t.Error("the reader's next view does not show the administrator's edit")
	}

	// The same through the store, as the API's PUT /api/v1/procedures does.
	ctx := context.Background()
	v, err := s.DB.ProcedureByCode(ctx, adminBirthCode)
	if err != nil {
		t.Fatal(err)
	}
	p := v.Procedure
	p.Fee.Note = "Ghi chú thứ hai, ghi qua kho dữ liệu."
	admin := adminMustOfficer(t, s.DB, "admin")
	if _, err := s.DB.SaveProcedure(ctx, p, admin.ID); err != nil {
		t.Fatal(err)
	}
	if _, after := reader.get(t, page); !strings.Contains(after, p.Fee.Note) {
		t.Error("the reader's next view does not show a change written through the store")
	}
}
