package signerfake

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Faults are injected by the fake; the zero value injects none.
type Faults struct {
	// Hang makes every answer of Target wait Delay, then 504: a service
	// that times out.
	Hang   bool
	Delay  time.Duration
	Target string // "csc", "smartca", "tsa" or "" for all
	// CertStatus is what the services report for the certificate:
	// "valid" (default), "expired" or "revoked".
	CertStatus string
	// Refuse makes the holder refuse to approve (SmartCA: REJECTED; CSC:
	// authorize answers 400 invalid_request).
	Refuse bool
	// ApprovalDelay is how long the SmartCA holder takes to approve;
	// ExpireAfter, when set, expires a transaction not approved by then.
	ApprovalDelay time.Duration
	ExpireAfter   time.Duration
}

// Fake serves the CSC API under /csc/v1/, a SmartCA-style API under
// /smartca/v1/, an RFC 3161 TSA at /tsa, GET /_fake/ca.pem (the root to
// trust), GET /_fake/ca.crl (its revocation list), POST /_fake/rotate (a new
// key and certificate for the signer) and POST /_fake/revoke (the CA
// revokes the signer's current certificate; the services then report it
// revoked).
type Fake struct {
	Token  string // the bearer token the CSC and SmartCA APIs want
	CA     *CA
	Holder string // the signer's name
	Title  string // the signer's title

	mu     sync.Mutex
	now    func() time.Time
	key    crypto.Signer
	cert   *x509.Certificate
	tsa    *TSA
	faults Faults
	sads   map[string]string   // SAD -> base64 hash authorised
	trans  map[string]*smartTx // SmartCA transactions
	calls  map[string]int
}

type smartTx struct {
	Digest  []byte
	Created time.Time
	Sig     []byte
}

// New makes a fake with a fresh CA, a signer certificate for holder valid
// for two years, and a TSA.
func New(holder, title, token string, now func() time.Time) (*Fake, error) {
	if now == nil {
		now = time.Now
	}
	ca, err := NewCA("motcua test CA", now())
	if err != nil {
		return nil, err
	}
	f := &Fake{Token: token, CA: ca, Holder: holder, Title: title, now: now,
		sads: map[string]string{}, trans: map[string]*smartTx{}, calls: map[string]int{}}
	if err := f.Rotate(); err != nil {
		return nil, err
	}
	if f.tsa, err = newTSA(ca, now); err != nil {
		return nil, err
	}
	return f, nil
}

// Rotate gives the signer a new key and certificate; signatures made with
// the old one stay valid.
func (f *Fake) Rotate() error {
	t := f.now()
	key, cert, err := f.CA.Issue(f.Holder, f.Title, t.Add(-time.Hour), t.AddDate(2, 0, 0), false)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.key, f.cert = key, cert
	f.mu.Unlock()
	return nil
}

// Cert is the signer's current certificate.
func (f *Fake) Cert() *x509.Certificate { f.mu.Lock(); defer f.mu.Unlock(); return f.cert }

// SetFaults replaces the injected faults.
func (f *Fake) SetFaults(fl Faults) { f.mu.Lock(); f.faults = fl; f.mu.Unlock() }

// Calls counts the requests per endpoint.
func (f *Fake) Calls() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.calls {
		out[k] = v
	}
	return out
}

func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls[r.URL.Path]++
	f.mu.Unlock()
	switch {
	case r.URL.Path == "/tsa" && r.Method == http.MethodPost:
		f.serveTSA(w, r)
	case r.URL.Path == "/_fake/ca.pem":
		w.Header().Set("Content-Type", "application/x-pem-file")
		fmt.Fprint(w, pemCert(f.CA.Cert))
	case r.URL.Path == "/_fake/rotate" && r.Method == http.MethodPost:
		if err := f.Rotate(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"serial": f.Cert().SerialNumber.Text(16)})
	case r.URL.Path == "/_fake/ca.crl":
		crl, err := f.CA.CRL(f.now())
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/pkix-crl")
		w.Write(crl)
	case r.URL.Path == "/_fake/revoke" && r.Method == http.MethodPost:
		c := f.Cert()
		f.CA.Revoke(c.SerialNumber, f.now())
		writeJSON(w, http.StatusOK, map[string]any{"serial": c.SerialNumber.Text(16)})
	case strings.HasPrefix(r.URL.Path, "/csc/v1/") && r.Method == http.MethodPost:
		if f.authorised(w, r) && f.fault(w, "csc") {
			f.serveCSC(w, r, strings.TrimPrefix(r.URL.Path, "/csc/v1/"))
		}
	case strings.HasPrefix(r.URL.Path, "/smartca/v1/") && r.Method == http.MethodPost:
		if f.authorised(w, r) && f.fault(w, "smartca") {
			f.serveSmartCA(w, r, strings.TrimPrefix(r.URL.Path, "/smartca/v1/"))
		}
	default:
		http.NotFound(w, r)
	}
}

func (f *Fake) authorised(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+f.Token {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token", "error_description": "missing or wrong access token"})
		return false
	}
	return true
}

// fault applies the injected hang to target; false when it answered.
func (f *Fake) fault(w http.ResponseWriter, target string) bool {
	f.mu.Lock()
	fl := f.faults
	f.mu.Unlock()
	if fl.Hang && (fl.Target == "" || fl.Target == target) {
		time.Sleep(fl.Delay)
		http.Error(w, "gateway timeout", http.StatusGatewayTimeout)
		return false
	}
	return true
}

func (f *Fake) certStatus() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.faults.CertStatus != "" {
		return f.faults.CertStatus
	}
	if f.CA.Revoked(f.cert.SerialNumber) {
		return "revoked"
	}
	if f.now().After(f.cert.NotAfter) {
		return "expired"
	}
	return "valid"
}

func (f *Fake) sign(digest []byte) ([]byte, error) {
	f.mu.Lock()
	key := f.key
	f.mu.Unlock()
	return key.Sign(rand.Reader, digest, crypto.SHA256)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
