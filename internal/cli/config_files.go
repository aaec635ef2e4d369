package cli

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/store"
)

// filesConfig chooses where digitised papers and signed results are kept,
// and how results are signed (docs/files.md).
type filesConfig struct {
	Store    string        // MOTCUA_FILE_STORE: "disk" (<data>/files), "disk:PATH" or "db"
	Sign     string        // MOTCUA_SIGN: "" (no signing), local, csc or smartca
	PKCS12   string        // MOTCUA_SIGN_PKCS12: the unit's key and certificate (local)
	Password string        // MOTCUA_SIGN_PASSWORD: its password
	URL      string        // MOTCUA_SIGN_URL: the remote signing service (csc, smartca)
	Token    string        // MOTCUA_SIGN_TOKEN: its access token
	User     string        // MOTCUA_SIGN_USER: the SmartCA account
	TSA      string        // MOTCUA_SIGN_TSA: an RFC 3161 timestamp authority (B-T); empty signs B-B
	Title    string        // MOTCUA_SIGN_TITLE: the signer's title in the signature block
	Roots    string        // MOTCUA_SIGN_ROOTS: PEM file of the roots a signature must chain to
	Timeout  time.Duration // MOTCUA_SIGN_TIMEOUT: one call to the signing service
	CRLs     string        // MOTCUA_SIGN_CRLS: revocation lists (URLs or files), comma-separated
	CRLEvery time.Duration // MOTCUA_SIGN_CRL_EVERY: how often the lists are fetched again
}

func (f *filesConfig) bind(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&f.Store, "file-store", env("MOTCUA_FILE_STORE", "disk"),
		"where digitised papers and signed results are kept: disk (<data>/files), disk:PATH, or db for the database, when several servers share it (env MOTCUA_FILE_STORE)")
	fs.StringVar(&f.Sign, "sign", env("MOTCUA_SIGN", ""), "how results are signed: local (a PKCS#12 file), csc (a CSC API service), smartca, or empty for no signing (env MOTCUA_SIGN)")
	fs.StringVar(&f.PKCS12, "sign-pkcs12", env("MOTCUA_SIGN_PKCS12", ""), "local: the unit's PKCS#12 `file` (env MOTCUA_SIGN_PKCS12)")
	f.Password = os.Getenv("MOTCUA_SIGN_PASSWORD")
	fs.StringVar(&f.URL, "sign-url", env("MOTCUA_SIGN_URL", ""), "csc, smartca: the signing service's base `URL` (env MOTCUA_SIGN_URL)")
	f.Token = os.Getenv("MOTCUA_SIGN_TOKEN")
	fs.StringVar(&f.User, "sign-user", env("MOTCUA_SIGN_USER", ""), "smartca: the signer's account (env MOTCUA_SIGN_USER)")
	fs.StringVar(&f.TSA, "sign-tsa", env("MOTCUA_SIGN_TSA", ""), "an RFC 3161 timestamp authority `URL` for PAdES B-T (env MOTCUA_SIGN_TSA)")
	fs.StringVar(&f.Title, "sign-title", env("MOTCUA_SIGN_TITLE", "Chủ tịch Ủy ban nhân dân"), "the signer's title printed in the signature block (env MOTCUA_SIGN_TITLE)")
	fs.StringVar(&f.Roots, "sign-roots", env("MOTCUA_SIGN_ROOTS", ""), "PEM `file` of the roots a signature must chain to when verified (env MOTCUA_SIGN_ROOTS; default: the local PKCS#12's issuer)")
	fs.DurationVar(&f.Timeout, "sign-timeout", c.envDuration("MOTCUA_SIGN_TIMEOUT", 20*time.Second), "how long one call to the signing service may take (env MOTCUA_SIGN_TIMEOUT)")
	fs.StringVar(&f.CRLs, "sign-crls", env("MOTCUA_SIGN_CRLS", ""), "the certificate revocation lists of the signing CAs: `URLs or files`, comma-separated; signatures are then checked for revocation, and a revoked certificate never signs (env MOTCUA_SIGN_CRLS)")
	fs.DurationVar(&f.CRLEvery, "sign-crl-every", c.envDuration("MOTCUA_SIGN_CRL_EVERY", 6*time.Hour), "how often the revocation lists are fetched again (env MOTCUA_SIGN_CRL_EVERY)")
}

// validate checks the combination, naming the variable at fault.
func (f *filesConfig) validate() error {
	switch {
	case f.Store == "db", f.Store == "disk", strings.HasPrefix(f.Store, "disk:") && len(f.Store) > 5:
	default:
		return usageErr("MOTCUA_FILE_STORE / --file-store %q: want disk, disk:PATH or db", f.Store)
	}
	switch f.Sign {
	case "":
	case "local":
		if f.PKCS12 == "" {
			return usageErr("MOTCUA_SIGN=local needs MOTCUA_SIGN_PKCS12 (--sign-pkcs12)")
		}
	case "csc", "smartca":
		if f.URL == "" || f.Token == "" {
			return usageErr("MOTCUA_SIGN=%s needs MOTCUA_SIGN_URL and MOTCUA_SIGN_TOKEN", f.Sign)
		}
		if f.Sign == "smartca" && f.User == "" {
			return usageErr("MOTCUA_SIGN=smartca needs MOTCUA_SIGN_USER")
		}
	default:
		return usageErr("MOTCUA_SIGN / --sign %q: want local, csc, smartca or empty", f.Sign)
	}
	if f.Timeout <= 0 {
		return usageErr("MOTCUA_SIGN_TIMEOUT / --sign-timeout %s: must be positive", f.Timeout)
	}
	if f.CRLEvery < time.Minute {
		return usageErr("MOTCUA_SIGN_CRL_EVERY / --sign-crl-every %s: must be at least 1m", f.CRLEvery)
	}
	return nil
}

// crlSources are the configured revocation lists, each a URL or a file.
func (f *filesConfig) crlSources() []string {
	var out []string
	for _, s := range strings.Split(f.CRLs, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// open returns the configured file store; data is the data directory.
func (f *filesConfig) open(_ context.Context, db *store.DB, data string) (filestore.Store, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	switch {
	case f.Store == "db":
		return db.Blobs(), nil
	case f.Store == "disk":
		if data == "" {
			return nil, usageErr("--file-store disk needs --data (or use disk:PATH or db)")
		}
		return filestore.NewDisk(filepath.Join(data, "files"))
	}
	return filestore.NewDisk(f.Store[5:])
}

// signer returns the configured signer and TSA, nil when signing is off.
func (f *filesConfig) signer() (signing.Signer, signing.TSA, error) {
	var s signing.Signer
	switch f.Sign {
	case "":
		return nil, nil, nil
	case "local":
		l, err := signing.LoadPKCS12(f.PKCS12, f.Password, nil)
		if err != nil {
			return nil, nil, fmt.Errorf("MOTCUA_SIGN_PKCS12: %w", err)
		}
		s = l
	case "csc":
		s = signing.NewCSC(strings.TrimSuffix(f.URL, "/")+"/csc/v1", f.Token, f.Timeout, nil)
	case "smartca":
		s = signing.NewSmartCA(strings.TrimSuffix(f.URL, "/")+"/smartca/v1", f.Token, f.User, f.Timeout, nil)
	}
	if f.TSA == "" {
		return s, nil, nil
	}
	return s, &signing.TSAClient{URL: f.TSA}, nil
}

// roots returns the roots a signature must chain to: MOTCUA_SIGN_ROOTS,
// or the local PKCS#12's issuers; none when neither is set (the signature
// is then checked, and the document looked up, but not its chain).
func (f *filesConfig) roots(s signing.Signer) ([]*x509.Certificate, error) {
	if f.Roots != "" {
		b, err := os.ReadFile(f.Roots)
		if err != nil {
			return nil, fmt.Errorf("MOTCUA_SIGN_ROOTS: %w", err)
		}
		var out []*x509.Certificate
		for {
			var blk *pem.Block
			blk, b = pem.Decode(b)
			if blk == nil {
				break
			}
			c, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				return nil, fmt.Errorf("MOTCUA_SIGN_ROOTS: %w", err)
			}
			out = append(out, c)
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("MOTCUA_SIGN_ROOTS: %s holds no PEM certificate", f.Roots)
		}
		return out, nil
	}
	if l, ok := s.(*signing.Local); ok {
		if chain := l.Certificates(); len(chain) > 1 {
			return chain[1:], nil
		}
	}
	return nil, nil
}

// certPool is a pool of certs; nil for none (no chain is checked).
func certPool(certs []*x509.Certificate) *x509.CertPool {
	if len(certs) == 0 {
		return nil
	}
	pool := x509.NewCertPool()
	for _, c := range certs {
		pool.AddCert(c)
	}
	return pool
}
