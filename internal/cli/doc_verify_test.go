package cli

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
)

func TestDocVerify(t *testing.T) {
	dir := t.TempDir()
	ca, err := signerfake.NewCA("test CA", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p12, _ := ca.PKCS12("UBND xã Đông Hưng", "Chủ tịch", "pw", time.Now().Add(-time.Hour), time.Now().AddDate(1, 0, 0))
	s, err := signing.ParsePKCS12(p12, "pw", nil)
	if err != nil {
		t.Fatal(err)
	}
	signed, _, err := signing.Sign(context.Background(), signing.Request{PDF: filestoretest.PDF(t, 1, "ket qua"), Name: "UBND xã Đông Hưng", Time: time.Now()}, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	good, bad, roots := filepath.Join(dir, "good.pdf"), filepath.Join(dir, "bad.pdf"), filepath.Join(dir, "roots.pem")
	os.WriteFile(good, signed, 0o600)
	changed := append([]byte{}, signed...)
	i := strings.Index(string(changed), "/MediaBox")
	changed[i+1] = 'm'
	os.WriteFile(bad, changed, 0o600)
	os.WriteFile(roots, []byte(signerfake.PEM(ca.Cert)), 0o600)

	if code, out, errs := runMain(t, "doc", "verify", good, "--sign-roots", roots); code != 0 || !strings.Contains(out, "OK: signed by UBND xã Đông Hưng") {
		t.Fatalf("good: exit %d, %q %q", code, out, errs)
	}
	if code, out, _ := runMain(t, "doc", "verify", bad, "--sign-roots", roots); code != 1 || !strings.Contains(out, "NOT AUTHENTIC") || !strings.Contains(out, "thay đổi") {
		t.Fatalf("changed byte: exit %d, %q", code, out)
	}
	// With the CA's revocation list, over HTTP as a CA publishes it, and as a file.
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ca.crl" {
			http.NotFound(w, r)
			return
		}
		crl, err := ca.CRL(time.Now())
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Write(crl)
	}))
	defer fake.Close()
	if code, out, errs := runMain(t, "doc", "verify", good, "--sign-roots", roots, "--sign-crls", fake.URL+"/ca.crl"); code != 0 || !strings.Contains(out, "; not revoked") {
		t.Fatalf("good, with the list: exit %d, %q %q", code, out, errs)
	}
	if _, out, _ := runMain(t, "doc", "verify", good, "--sign-roots", roots); !strings.Contains(out, "revocation not checked") {
		t.Errorf("without a list: %q, want it to say revocation was not checked", out)
	}
	ca.Revoke(s.Certificates()[0].SerialNumber, time.Now().Add(-time.Minute))
	if code, out, _ := runMain(t, "doc", "verify", good, "--sign-roots", roots, "--sign-crls", fake.URL+"/ca.crl"); code != 1 || !strings.Contains(out, "NOT AUTHENTIC") || !strings.Contains(out, "thu hồi") {
		t.Fatalf("revoked: exit %d, %q", code, out)
	}
	der, _ := ca.CRL(time.Now())
	crlFile := filepath.Join(dir, "ca.crl")
	os.WriteFile(crlFile, der, 0o600)
	if code, out, _ := runMain(t, "doc", "verify", good, "--sign-roots", roots, "--sign-crls", crlFile); code != 1 || !strings.Contains(out, "thu hồi") {
		t.Fatalf("revoked, list from a file: exit %d, %q", code, out)
	}
	if code, _, errs := runMain(t, "doc", "verify", good, "--sign-roots", roots, "--sign-crls", fake.URL+"/nothing-here", "--sign-timeout", "1s"); code == 0 {
		t.Errorf("a list that cannot be read: exit 0 (%q), want an error", errs)
	} else if !strings.Contains(errs, "revocation list") {
		t.Errorf("a list that cannot be read: %q, want the list named", errs)
	}
	other, _ := signerfake.NewCA("other", time.Now())
	os.WriteFile(roots, []byte(signerfake.PEM(other.Cert)), 0o600)
	if code, out, _ := runMain(t, "doc", "verify", good, "--sign-roots", roots); code != 1 || !strings.Contains(out, "NOT AUTHENTIC") {
		t.Fatalf("foreign root: exit %d, %q", code, out)
	}
}
