package signing_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/signing/signerfake"
	"github.com/motcua/motcua/internal/testenv"
)

func newFake(t *testing.T) (*signerfake.Fake, *httptest.Server) { return newFakeB(t) }

func newFakeB(t testing.TB) (*signerfake.Fake, *httptest.Server) {
	t.Helper()
	f, err := signerfake.New("Nguyễn Văn Chủ Tịch", "Chủ tịch UBND xã", "tok", nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func localSigner(t testing.TB, f *signerfake.Fake, notBefore, notAfter time.Time) *signing.Local {
	t.Helper()
	p12, err := f.CA.PKCS12("UBND xã Đông Hưng", "Chủ tịch", "secret", notBefore, notAfter)
	if err != nil {
		t.Fatal(err)
	}
	s, err := signing.ParsePKCS12(p12, "secret", nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func onePage(t testing.TB) []byte { return filestoretest.PDF(t, 1, "Giay chung nhan") }

func request(t testing.TB) signing.Request {
	return signing.Request{PDF: filestoretest.PDF(t, 2, "Giay khai sinh"), Name: "Nguyễn Văn Chủ Tịch", Reason: "Ký kết quả giải quyết",
		Location: "UBND xã Đông Hưng", Time: time.Now(), Rect: [4]float64{300, 100, 560, 180}}
}

// pdfsig runs poppler's pdfsig on b and returns its report.
func pdfsig(t *testing.T, b []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig", "poppler-utils")
	p := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(tool, p).CombinedOutput()
	return string(out)
}

func TestSignedPDFsAreValidForPdfsig(t *testing.T) {
	ctx := context.Background()
	f, srv := newFake(t)
	tsa := &signing.TSAClient{URL: srv.URL + "/tsa"}
	now := time.Now()
	csc := signing.NewCSC(srv.URL+"/csc/v1", "tok", 5*time.Second, nil)
	smart := signing.NewSmartCA(srv.URL+"/smartca/v1", "tok", "chutich", 5*time.Second, nil)
	smart.Poll = 10 * time.Millisecond
	for _, c := range []struct {
		name   string
		signer signing.Signer
		tsa    signing.TSA
		level  string
	}{
		{"local B-B", localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0)), nil, signing.LevelBB},
		{"local B-T", localSigner(t, f, now.Add(-time.Hour), now.AddDate(1, 0, 0)), tsa, signing.LevelBT},
		{"csc B-T", csc, tsa, signing.LevelBT},
		{"smartca B-B", smart, nil, signing.LevelBB},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, level, err := signing.Sign(ctx, request(t), c.signer, c.tsa)
			if err != nil {
				t.Fatal(err)
			}
			if level != c.level {
				t.Errorf("level %s, want %s", level, c.level)
			}
			rep := pdfsig(t, out)
			for _, want := range []string{"Signature Validation: Signature is Valid.", "Total document signed", "Signature Type: ETSI.CAdES.detached"} {
				if !strings.Contains(rep, want) {
					t.Fatalf("pdfsig does not say %q:\n%s", want, rep)
				}
			}
			v, err := signing.Verify(out, f.CA.Pool(), nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.Level != c.level || (c.level == signing.LevelBT) == v.Timestamp.IsZero() {
				t.Errorf("verified %+v, want level %s", v, c.level)
			}
			// One byte changed in the signed part (the page's text).
			bad := append([]byte{}, out...)
			i := strings.Index(string(bad), "/MediaBox")
			bad[i+1] = 'm'
			if rep := pdfsig(t, bad); !strings.Contains(rep, "Digest Mismatch") {
				t.Errorf("pdfsig of a changed document:\n%s", rep)
			}
			if _, err := signing.Verify(bad, f.CA.Pool(), nil); !errors.Is(err, signing.ErrModified) {
				t.Errorf("verify of a changed document: %v, want ErrModified", err)
			}
			// Bytes appended after signing.
			if _, err := signing.Verify(append(append([]byte{}, out...), "\n% more\n"...), f.CA.Pool(), nil); !errors.Is(err, signing.ErrModified) {
				t.Errorf("verify of a document with bytes appended: %v, want ErrModified", err)
			}
		})
	}
}
