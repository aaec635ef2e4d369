// Package signerfake is a fake of the outside signing services, over real
// HTTP with their real protocols: a remote signing service speaking the
// Cloud Signature Consortium API, a SmartCA-style asynchronous service
// (sign, then poll), and an RFC 3161 timestamp authority; all with their
// own test certificate authority, key rotation and fault injection. It
// also makes the PKCS#12 files of tests and of the demo.
package signerfake

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"sync"
	"sync/atomic"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// CA is a test certificate authority. It revokes certificates and
// publishes its revocation list (CRL).
type CA struct {
	Cert   *x509.Certificate
	Key    crypto.Signer
	serial atomic.Int64

	mu      sync.Mutex
	revoked []x509.RevocationListEntry
	crlNo   int64
}

// NewCA makes a root certificate authority valid ten years from now.
func NewCA(name string, now time.Time) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name, Organization: []string{"motcua test CA"}, Country: []string{"VN"}},
		NotBefore: now.Add(-24 * time.Hour), NotAfter: now.AddDate(10, 0, 0),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	ca := &CA{Cert: cert, Key: key}
	ca.serial.Store(now.UnixNano())
	return ca, nil
}

// Pool is a pool holding the CA's root.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// Issue makes a key and a certificate for a signer (or, with tsa, for a
// timestamp authority) valid from notBefore to notAfter.
func (ca *CA) Issue(commonName, title string, notBefore, notAfter time.Time, tsa bool) (crypto.Signer, *x509.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(ca.serial.Add(1)),
		Subject:      pkix.Name{CommonName: commonName, Organization: []string{title}, Country: []string{"VN"}},
		NotBefore:    notBefore, NotAfter: notAfter,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment, BasicConstraintsValid: true,
	}
	if tsa {
		tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}
	} else {
		tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection}
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, nil, fmt.Errorf("issue certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	return key, cert, nil
}

// PKCS12 issues a signer's certificate valid from notBefore to notAfter
// and returns it with its key and the CA as a PKCS#12 file.
func (ca *CA) PKCS12(commonName, title, password string, notBefore, notAfter time.Time) ([]byte, error) {
	key, cert, err := ca.Issue(commonName, title, notBefore, notAfter, false)
	if err != nil {
		return nil, err
	}
	return pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.Cert}, password)
}

// Revoke adds the certificate with serial to the CA's revocation list, as
// revoked at.
func (ca *CA) Revoke(serial *big.Int, at time.Time) {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	ca.revoked = append(ca.revoked, x509.RevocationListEntry{SerialNumber: serial, RevocationTime: at.UTC().Truncate(time.Second)})
}

// Revoked reports whether the CA revoked the certificate with serial.
func (ca *CA) Revoked(serial *big.Int) bool {
	ca.mu.Lock()
	defer ca.mu.Unlock()
	for _, e := range ca.revoked {
		if e.SerialNumber.Cmp(serial) == 0 {
			return true
		}
	}
	return false
}

// CRL is the CA's revocation list (DER) issued at now, valid for a day.
func (ca *CA) CRL(now time.Time) ([]byte, error) {
	ca.mu.Lock()
	ca.crlNo++
	tpl := &x509.RevocationList{Number: big.NewInt(ca.crlNo), ThisUpdate: now.UTC().Truncate(time.Second),
		NextUpdate: now.UTC().Add(24 * time.Hour), RevokedCertificateEntries: append([]x509.RevocationListEntry(nil), ca.revoked...)}
	ca.mu.Unlock()
	der, err := x509.CreateRevocationList(rand.Reader, tpl, ca.Cert, ca.Key)
	if err != nil {
		return nil, fmt.Errorf("issue revocation list: %w", err)
	}
	return der, nil
}
