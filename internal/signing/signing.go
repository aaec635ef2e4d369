// Package signing signs PDF results as PAdES (ETSI EN 319 142: B-B, and
// B-T when a timestamp authority is configured) with the unit's
// certificate, held locally in a PKCS#12 file (a commune) or by a remote
// signing service (a province: the Cloud Signature Consortium API, or a
// SmartCA-style service that signs asynchronously), and verifies them.
//
// The PDF side (an incremental update adding a signature field) is ours;
// the CMS SignedData is built and checked by github.com/smallstep/pkcs7.
package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/smallstep/pkcs7"
	"software.sslmate.com/src/go-pkcs12"

	"github.com/motcua/motcua/internal/calendar"
)

// Signer holds a signing key and its certificate.
type Signer interface {
	// Chain returns the signing certificate first, then its issuers. It
	// fails for a certificate the service reports expired or revoked.
	Chain(ctx context.Context) ([]*x509.Certificate, error)
	// SignDigest signs a SHA-256 digest and returns the raw signature
	// (PKCS#1 v1.5 for RSA, ASN.1 for ECDSA).
	SignDigest(ctx context.Context, digest []byte) ([]byte, error)
	// Method names the kind of signer: local, csc, smartca.
	Method() string
}

// Errors a caller shows as they are (wrapped with detail).
var (
	ErrCertificate = errors.New("chứng thư số không dùng được")
	ErrService     = errors.New("dịch vụ ký số không trả lời")
	ErrRefused     = errors.New("yêu cầu ký bị từ chối")
)

// Local is a signer whose key is in a PKCS#12 file.
type Local struct {
	key   crypto.Signer
	chain []*x509.Certificate
	now   func() time.Time
}

// LoadPKCS12 reads a PKCS#12 file with its password.
func LoadPKCS12(path, password string, now func() time.Time) (*Local, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	return ParsePKCS12(b, password, now)
}

// ParsePKCS12 decodes a PKCS#12 with its password.
func ParsePKCS12(b []byte, password string, now func() time.Time) (*Local, error) {
	key, cert, cas, err := pkcs12.DecodeChain(b, password)
	if err != nil {
		return nil, fmt.Errorf("signing key: %w", err)
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("signing key: a %T cannot sign", key)
	}
	if now == nil {
		now = time.Now
	}
	return &Local{key: s, chain: append([]*x509.Certificate{cert}, cas...), now: now}, nil
}

// NewLocal makes a signer of a key and its chain (signing certificate first).
func NewLocal(key crypto.Signer, chain []*x509.Certificate, now func() time.Time) *Local {
	if now == nil {
		now = time.Now
	}
	return &Local{key: key, chain: chain, now: now}
}

func (l *Local) Method() string { return "local" }

// Chain returns the chain, refusing a certificate outside its validity.
func (l *Local) Chain(context.Context) ([]*x509.Certificate, error) {
	if err := CheckValidity(l.chain[0], l.now()); err != nil {
		return nil, err
	}
	return l.chain, nil
}

// Certificates is the chain as the file holds it, signing certificate
// first, whatever their validity.
func (l *Local) Certificates() []*x509.Certificate { return l.chain }

func (l *Local) SignDigest(_ context.Context, digest []byte) ([]byte, error) {
	return l.key.Sign(nil, digest, crypto.SHA256)
}

// CheckValidity refuses a certificate not valid at t.
func CheckValidity(c *x509.Certificate, t time.Time) error {
	switch {
	case t.After(c.NotAfter):
		return fmt.Errorf("%w: chứng thư của %s đã hết hạn ngày %s", ErrCertificate, c.Subject.CommonName, c.NotAfter.In(calendar.Location()).Format("02/01/2006"))
	case t.Before(c.NotBefore):
		return fmt.Errorf("%w: chứng thư của %s chưa có hiệu lực (từ %s)", ErrCertificate, c.Subject.CommonName, c.NotBefore.In(calendar.Location()).Format("02/01/2006"))
	}
	return nil
}

// Request is what to sign.
type Request struct {
	PDF      []byte
	Name     string // the signer, shown by readers
	Reason   string
	Location string
	Time     time.Time
	// Rect places the signature field on the last page, in points from
	// its lower left corner; the visible block is drawn by the document.
	Rect [4]float64
}

// TSA gets RFC 3161 timestamps; nil signs B-B only.
type TSA interface {
	Timestamp(ctx context.Context, digest []byte) ([]byte, error)
}

// Levels of PAdES signatures.
const (
	LevelBB = "B-B"
	LevelBT = "B-T"
)

var (
	oidSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidTimeStampToken       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

type essCertIDv2 struct {
	CertHash []byte // SHA-256, the default hash algorithm, so not named
}

type signingCertificateV2 struct {
	Certs []essCertIDv2
}

// Sign signs req.PDF and returns the signed PDF and its PAdES level.
func Sign(ctx context.Context, req Request, s Signer, tsa TSA) ([]byte, string, error) {
	chain, err := s.Chain(ctx)
	if err != nil {
		return nil, "", err
	}
	p, err := prepare(req.PDF, field{Name: req.Name, Reason: req.Reason, Location: req.Location, Time: req.Time, Rect: req.Rect})
	if err != nil {
		return nil, "", err
	}
	sd, err := pkcs7.NewSignedData(p.signedBytes())
	if err != nil {
		return nil, "", fmt.Errorf("cms: %w", err)
	}
	sd.SetDigestAlgorithm(pkcs7.OIDDigestAlgorithmSHA256)
	certHash := sha256.Sum256(chain[0].Raw)
	essAttr := pkcs7.Attribute{Type: oidSigningCertificateV2, Value: signingCertificateV2{Certs: []essCertIDv2{{CertHash: certHash[:]}}}}
	key := &remoteKey{ctx: ctx, s: s, pub: chain[0].PublicKey}
	if err := sd.AddSignerChain(chain[0], key, chain[1:], pkcs7.SignerInfoConfig{ExtraSignedAttributes: []pkcs7.Attribute{essAttr}}); err != nil {
		if key.err != nil {
			return nil, "", key.err
		}
		return nil, "", fmt.Errorf("cms: %w", err)
	}
	level := LevelBB
	if tsa != nil {
		si := &sd.GetSignedData().SignerInfos[0]
		d := sha256.Sum256(si.EncryptedDigest)
		token, err := tsa.Timestamp(ctx, d[:])
		if err != nil {
			return nil, "", err
		}
		if err := si.SetUnauthenticatedAttributes([]pkcs7.Attribute{{Type: oidTimeStampToken, Value: asn1.RawValue{FullBytes: token}}}); err != nil {
			return nil, "", fmt.Errorf("cms: %w", err)
		}
		level = LevelBT
	}
	sd.Detach()
	der, err := sd.Finish()
	if err != nil {
		return nil, "", fmt.Errorf("cms: %w", err)
	}
	if 2*len(der) > p.hole[1]-p.hole[0]-2 {
		return nil, "", fmt.Errorf("cms: the signature (%d bytes) does not fit the %d reserved", len(der), contentsSize)
	}
	hex.Encode(p.data[p.hole[0]+1:], der)
	return p.data, level, nil
}

// remoteKey adapts a Signer to crypto.Signer for the CMS library, keeping
// the context and the signer's own error (which the library would wrap).
type remoteKey struct {
	ctx context.Context
	s   Signer
	pub crypto.PublicKey
	err error
}

func (k *remoteKey) Public() crypto.PublicKey { return k.pub }

func (k *remoteKey) Sign(_ io.Reader, digest []byte, _ crypto.SignerOpts) ([]byte, error) {
	sig, err := k.s.SignDigest(k.ctx, digest)
	if err != nil {
		k.err = err
		return nil, err
	}
	return sig, nil
}

// equalCert reports whether two certificates are the same.
func equalCert(a, b *x509.Certificate) bool { return bytes.Equal(a.Raw, b.Raw) }
