package signerfake

import (
	"crypto/x509"
	"encoding/pem"
)

// PEM encodes a certificate as PEM.
func PEM(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}

func pemCert(c *x509.Certificate) string { return PEM(c) }
