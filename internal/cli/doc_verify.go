package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/internal/signing"
)

// errNotAuthentic makes `motcua doc verify` exit 1 after its report.
var errNotAuthentic = errors.New("the document is not authentic")

// runDocVerify checks a signed PDF: motcua doc verify FILE.
func runDocVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("doc verify", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.Files.bind(fs, &cfg)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua doc verify FILE.pdf [--sign-roots ROOTS.pem] [--sign-crls URL|FILE,...]\n\nChecks the PAdES signature of a signed result: it must cover the whole file, match its bytes,\nwith --sign-roots (MOTCUA_SIGN_ROOTS) chain to one of those roots, and with --sign-crls\n(MOTCUA_SIGN_CRLS) not be revoked. Prints the signer and exits 0, or prints why not and exits 1.\n\nFlags:")
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		fs.Usage()
		return usageErr("want one FILE")
	}
	b, err := os.ReadFile(pos[0])
	if err != nil {
		return err
	}
	roots, err := cfg.Files.roots(nil)
	if err != nil {
		return err
	}
	rt := &filesRuntime{crlSources: cfg.Files.crlSources(), crlTimeout: cfg.Files.Timeout}
	if len(rt.crlSources) > 0 {
		if len(roots) == 0 {
			return usageErr("--sign-crls needs --sign-roots: the CAs whose lists they are")
		}
		rt.crls = signing.NewCRLs(roots)
		if err := rt.loadCRLs(ctx, nil); err != nil {
			return err
		}
	}
	v, err := signing.Verify(b, certPool(roots), rt.crls)
	if err != nil {
		fmt.Fprintf(stdout, "NOT AUTHENTIC: %v\n", err)
		return errNotAuthentic
	}
	fmt.Fprintf(stdout, "OK: signed by %s (issuer %s, serial %s), PAdES %s, at %s", v.Signer, v.Issuer, v.Serial, v.Level, v.SigningAt.Format("2006-01-02 15:04:05 -0700"))
	if !v.Timestamp.IsZero() {
		fmt.Fprintf(stdout, ", timestamp %s", v.Timestamp.Format("2006-01-02 15:04:05 -0700"))
	}
	if roots == nil {
		fmt.Fprint(stdout, " (chain not checked: no --sign-roots)")
	}
	switch v.Revocation {
	case signing.RevocationGood:
		fmt.Fprint(stdout, "; not revoked")
	case signing.RevocationLater:
		fmt.Fprint(stdout, "; its certificate was revoked after the timestamp, which proves it was signed before")
	default:
		fmt.Fprint(stdout, "; revocation not checked (no --sign-crls for its issuer)")
	}
	fmt.Fprintln(stdout)
	return nil
}
