package cli

import (
	"context"
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
	other, _ := signerfake.NewCA("other", time.Now())
	os.WriteFile(roots, []byte(signerfake.PEM(other.Cert)), 0o600)
	if code, out, _ := runMain(t, "doc", "verify", good, "--sign-roots", roots); code != 1 || !strings.Contains(out, "NOT AUTHENTIC") {
		t.Fatalf("foreign root: exit %d, %q", code, out)
	}
}
