package web

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/demo"
)

// multipartLeft lists the multipart temporary files in dir.
func multipartLeft(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "multipart-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A refused multipart request leaves no temporary file behind: the server
// cleaned only its own request, not the copy the middleware parsed. And a
// form without files is read with a small bound, in memory.
func TestRefusedMultipartLeavesNoTemporaryFile(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // os.TempDir, where multipart spools its files
	s := newTestServer(t, Options{MaxUpload: 10 << 20})
	_, page := s.get(t, "/dang-nhap") // the anonymous CSRF cookie
	goodCSRF := csrfFrom(t, page)
	big := bytes.Repeat([]byte("A"), 5<<20)

	// The login form takes no file: 5 MB is refused, nothing is spooled.
	resp, _ := s.postMultipart(t, "/dang-nhap", "x", url.Values{"username": {"a"}, "password": {"b"}}, []portalFile{{"f", "50MB.bin", big}})
	if resp.StatusCode < 400 || resp.StatusCode >= 500 {
		t.Errorf("5 MB to the login form: %d, want a 4xx", resp.StatusCode)
	}
	if left := multipartLeft(t, tmp); len(left) > 0 {
		t.Errorf("refused login left %v", left)
	}
	// Even with the right token and under the small bound, a file is refused there.
	resp, body := s.postMultipart(t, "/dang-nhap", goodCSRF, url.Values{"username": {"a"}, "password": {"b"}}, []portalFile{{"f", "a.pdf", portalPDF}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "không nhận tệp") {
		t.Errorf("a file to the login form: %d", resp.StatusCode)
	}
	// A submission form takes files; refused for its token after reading the
	// body, its files are removed all the same.
	resp, _ = s.postMultipart(t, "/nop-ho-so/"+portalBirth, "sai", url.Values{}, []portalFile{{"component-0", "to-khai.pdf", append(append([]byte{}, portalPDF...), big...)}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("submission with a wrong token: %d, want 403", resp.StatusCode)
	}
	if left := multipartLeft(t, tmp); len(left) > 0 {
		t.Errorf("refused submission left %v", left)
	}
	// An officer's accepted upload (an article's image) leaves nothing either.
	s.login(t, "chutich", demo.Password)
	_, page = s.get(t, "/can-bo/tin-tuc/moi")
	img := append(append([]byte{}, portalPNG...), big[:3<<20]...)
	resp, _ = s.postMultipart(t, "/can-bo/tin-tuc", csrfFrom(t, page), url.Values{"title": {"Ảnh lớn"}, "body": {"Nội dung"}}, []portalFile{{"image", "anh.png", img}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Errorf("article with a 3 MB image: %d, want 303", resp.StatusCode)
	}
	if left := multipartLeft(t, tmp); len(left) > 0 {
		t.Errorf("accepted upload left %v", left)
	}
	if entries, _ := os.ReadDir(tmp); len(entries) > 5 {
		t.Logf("temporary directory holds %d entries", len(entries))
	}
}

// Anonymous uploads are throttled by address: after uploadsPerHour forms in
// an hour, the next is refused before its body is read.
func TestAnonymousUploadsAreThrottledByAddress(t *testing.T) {
	s := newTestServer(t, Options{})
	for i := range uploadsPerHour {
		if resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, "sai", url.Values{}, nil); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("upload %d: %d, want 403 (wrong token, not yet throttled)", i+1, resp.StatusCode)
		}
	}
	resp, _ := s.postMultipart(t, "/nop-ho-so/"+portalBirth, "sai", url.Values{}, nil)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("upload %d: %d, want 429", uploadsPerHour+1, resp.StatusCode)
	}
	// The address's other forms are not affected.
	if resp, _ := s.get(t, "/dang-nhap"); resp.StatusCode != http.StatusOK {
		t.Errorf("login page: %d", resp.StatusCode)
	}
}
