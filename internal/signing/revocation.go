package signing

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/calendar"
)

// ErrRevoked is wrapped by the error for a certificate its authority
// revoked.
var ErrRevoked = errors.New("chứng thư số đã bị thu hồi")

// Revocation says what the revocation lists said of a signature's
// certificate.
type Revocation string

const (
	// RevocationUnchecked: no list of the certificate's issuer is held.
	RevocationUnchecked Revocation = "unchecked"
	// RevocationGood: the issuer's list does not name the certificate.
	RevocationGood Revocation = "good"
	// RevocationLater: revoked after the signature's trusted timestamp,
	// which proves the document was signed while the certificate was good.
	RevocationLater Revocation = "revoked_later"
)

// CRLs holds the certificate revocation lists (RFC 5280) that signatures
// are checked against, one per issuer, each checked against its issuer's
// certificate when put. It is safe for concurrent use: a refresher (the
// "crl" job) replaces a list while pages verify documents.
type CRLs struct {
	issuers []*x509.Certificate
	mu      sync.RWMutex
	lists   map[string]*x509.RevocationList // by the issuer's raw subject
}

// NewCRLs holds lists issued by issuers (the roots and intermediates a
// signature chains to); a list from anyone else is refused.
func NewCRLs(issuers []*x509.Certificate) *CRLs {
	return &CRLs{issuers: issuers, lists: map[string]*x509.RevocationList{}}
}

// Put parses a list (DER or PEM), checks it is signed by one of the
// issuers, and keeps it in place of an older list of that issuer. A list
// older than the one held is ignored, so a stale mirror never undoes a
// revocation.
func (c *CRLs) Put(b []byte) (*x509.RevocationList, error) {
	if blk, _ := pem.Decode(b); blk != nil && blk.Type == "X509 CRL" {
		b = blk.Bytes
	}
	l, err := x509.ParseRevocationList(b)
	if err != nil {
		return nil, fmt.Errorf("revocation list: %w", err)
	}
	var issuer *x509.Certificate
	for _, i := range c.issuers {
		if bytes.Equal(i.RawSubject, l.RawIssuer) {
			issuer = i
			break
		}
	}
	if issuer == nil {
		return nil, fmt.Errorf("revocation list of %q: not an issuer we trust", l.Issuer.CommonName)
	}
	if err := l.CheckSignatureFrom(issuer); err != nil {
		return nil, fmt.Errorf("revocation list of %q: %w", l.Issuer.CommonName, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := string(l.RawIssuer)
	if old := c.lists[key]; old != nil && old.ThisUpdate.After(l.ThisUpdate) {
		return old, nil
	}
	c.lists[key] = l
	return l, nil
}

// Check says whether cert was revoked: an error wrapping ErrRevoked when it
// was revoked before at (the signing time; signedAtProven when a trusted
// timestamp proves it), else what the lists say.
func (c *CRLs) Check(cert *x509.Certificate, at time.Time, signedAtProven bool) (Revocation, error) {
	if c == nil {
		return RevocationUnchecked, nil
	}
	c.mu.RLock()
	l := c.lists[string(cert.RawIssuer)]
	c.mu.RUnlock()
	if l == nil {
		return RevocationUnchecked, nil
	}
	for _, e := range l.RevokedCertificateEntries {
		if e.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			continue
		}
		if signedAtProven && at.Before(e.RevocationTime) {
			return RevocationLater, nil
		}
		return "", fmt.Errorf("%w: chứng thư của %s (số %s) bị thu hồi ngày %s", ErrRevoked, cert.Subject.CommonName,
			cert.SerialNumber.Text(16), e.RevocationTime.In(calendar.Location()).Format("02/01/2006 15:04"))
	}
	return RevocationGood, nil
}

// Lists returns the lists held, for a status page.
func (c *CRLs) Lists() []*x509.RevocationList {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]*x509.RevocationList, 0, len(c.lists))
	for _, l := range c.lists {
		out = append(out, l)
	}
	return out
}
