package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/internal/signing/signerfake"
)

// demoFiles sets up the demo's files and signing: its digitised papers are
// kept in its database (where the generated year puts them), and, unless
// MOTCUA_SIGN is set, results are signed through an in-process fake signer
// (the CSC API with a timestamp), whose test CA is written beside the
// database as the root to trust, and whose revocation list the server
// fetches.
func demoFiles(ctx context.Context, cfg *Config, stdout io.Writer) error {
	if os.Getenv("MOTCUA_FILE_STORE") == "" {
		cfg.Files.Store = "db"
	}
	if cfg.Files.Sign != "" {
		return nil
	}
	f, err := signerfake.New("Nguyễn Văn Minh", "Chủ tịch UBND xã", "motcua-demo", nil)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo signer: %w", err)
	}
	srv := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	roots := filepath.Join(cfg.Data, "signer-ca.pem")
	if cfg.Data == "" {
		roots = filepath.Join(os.TempDir(), "motcua-demo-signer-ca.pem")
	}
	if err := os.MkdirAll(filepath.Dir(roots), 0o750); err != nil {
		return err
	}
	if err := os.WriteFile(roots, []byte(signerfake.PEM(f.CA.Cert)), 0o644); err != nil {
		return fmt.Errorf("demo signer: %w", err)
	}
	base := "http://" + ln.Addr().String()
	cfg.Files.Sign, cfg.Files.URL, cfg.Files.Token, cfg.Files.TSA, cfg.Files.Roots = "csc", base, "motcua-demo", base+"/tsa", roots
	if cfg.Files.CRLs == "" {
		cfg.Files.CRLs = base + "/_fake/ca.crl"
	}
	fmt.Fprintf(stdout, "Results are signed through a fake signing service at %s (motcua doc verify FILE --sign-roots %s --sign-crls %s/_fake/ca.crl; POST %s/_fake/revoke revokes its certificate).\n",
		base, roots, base, base)
	return nil
}
