package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/motcua/motcua/internal/signing/signerfake"
)

func init() {
	registerFake("signer", "remote signing (CSC API, SmartCA-style) and an RFC 3161 TSA", runFakeSigner)
}

func runFakeSigner(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fake signer", flag.ContinueOnError)
	fs.SetOutput(stdout)
	addr := fs.String("addr", "127.0.0.1:9200", "`host:port` to listen on")
	token := fs.String("token", "motcua-demo", "the bearer token the APIs accept")
	holder := fs.String("holder", "Nguyễn Văn An", "the certificate holder's name")
	title := fs.String("title", "Chủ tịch UBND xã", "the holder's title")
	caOut := fs.String("ca-out", "", "write the test CA's root certificate (PEM) to this `file`, for MOTCUA_SIGN_ROOTS")
	var fl signerfake.Faults
	fs.BoolVar(&fl.Hang, "fail-hang", false, "every answer of --fail-target waits --delay, then 504 (a service that times out)")
	fs.DurationVar(&fl.Delay, "delay", 30*time.Second, "how long a hang lasts")
	fs.StringVar(&fl.Target, "fail-target", "", "csc, smartca, tsa, or empty for all")
	fs.StringVar(&fl.CertStatus, "cert-status", "", "what the services say of the certificate: valid, expired or revoked")
	fs.BoolVar(&fl.Refuse, "refuse", false, "the holder refuses every signature")
	fs.DurationVar(&fl.ApprovalDelay, "approval-delay", 2*time.Second, "SmartCA: how long the holder takes to approve")
	fs.DurationVar(&fl.ExpireAfter, "expire-after", 5*time.Minute, "SmartCA: a transaction not approved by then expires")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: motcua fake signer [flags]\n\nA fake remote signing service over HTTP with its own test CA: the CSC API v1 under /csc/v1\n(credentials/list, credentials/info, credentials/authorize, signatures/signHash), a SmartCA-style\nAPI under /smartca/v1 (credentials/get_certificate, signatures/sign, signatures/status), an RFC 3161\nTSA at POST /tsa, GET /_fake/ca.pem, GET /_fake/ca.crl (its revocation list), POST /_fake/rotate\n(a new key and certificate) and POST /_fake/revoke (revoke the current certificate).\n\nFlags:")
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	switch fl.CertStatus {
	case "", "valid", "expired", "revoked":
	default:
		return usageErr("--cert-status %q: want valid, expired or revoked", fl.CertStatus)
	}
	f, err := signerfake.New(*holder, *title, *token, nil)
	if err != nil {
		return err
	}
	f.SetFaults(fl)
	if *caOut != "" {
		if err := os.WriteFile(*caOut, []byte(signerfake.PEM(f.CA.Cert)), 0o644); err != nil {
			return fmt.Errorf("--ca-out: %w", err)
		}
	}
	return serveFake(ctx, "signer", *addr, f, stdout, func(a net.Addr) string {
		return fmt.Sprintf("fake signer on http://%s (token %s): MOTCUA_SIGN=csc MOTCUA_SIGN_URL=http://%s MOTCUA_SIGN_TOKEN=%s MOTCUA_SIGN_TSA=http://%s/tsa MOTCUA_SIGN_CRLS=http://%s/_fake/ca.crl", a, *token, a, *token, a, a)
	})
}
