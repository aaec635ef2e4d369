package signerfake

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
)

// credentialID is the one credential the fake holds.
const credentialID = "motcua-unit-seal"

func readJSON(r *http.Request, v any) error {
	return json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20)).Decode(v)
}

func cscError(w http.ResponseWriter, code int, err, desc string) {
	writeJSON(w, code, map[string]string{"error": err, "error_description": desc})
}

func randomID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serveCSC answers the Cloud Signature Consortium API v1 calls motcua makes.
func (f *Fake) serveCSC(w http.ResponseWriter, r *http.Request, call string) {
	var in struct {
		CredentialID  string   `json:"credentialID"`
		NumSignatures int      `json:"numSignatures"`
		Hash          []string `json:"hash"`
		SAD           string   `json:"SAD"`
		HashAlgo      string   `json:"hashAlgo"`
		SignAlgo      string   `json:"signAlgo"`
		Certificates  string   `json:"certificates"`
	}
	if err := readJSON(r, &in); err != nil {
		cscError(w, http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return
	}
	if call != "credentials/list" && in.CredentialID != credentialID {
		cscError(w, http.StatusBadRequest, "invalid_request", "invalid parameter credentialID")
		return
	}
	switch call {
	case "credentials/list":
		writeJSON(w, http.StatusOK, map[string]any{"credentialIDs": []string{credentialID}})
	case "credentials/info":
		f.mu.Lock()
		cert, ca := f.cert, f.CA.Cert
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{
			"key":      map[string]any{"status": "enabled", "algo": []string{"1.2.840.10045.4.3.2"}, "len": 256},
			"cert":     map[string]any{"status": f.certStatus(), "certificates": []string{b64(cert.Raw), b64(ca.Raw)}, "subjectDN": cert.Subject.String(), "validFrom": cert.NotBefore.UTC().Format("20060102150405Z"), "validTo": cert.NotAfter.UTC().Format("20060102150405Z")},
			"authMode": "explicit", "multisign": 1,
		})
	case "credentials/authorize":
		f.mu.Lock()
		refuse := f.faults.Refuse
		f.mu.Unlock()
		if refuse {
			cscError(w, http.StatusBadRequest, "invalid_request", "the holder refused the authorization")
			return
		}
		if in.NumSignatures != 1 || len(in.Hash) != 1 {
			cscError(w, http.StatusBadRequest, "invalid_request", "numSignatures must be 1 with one hash")
			return
		}
		if st := f.certStatus(); st != "valid" {
			cscError(w, http.StatusBadRequest, "invalid_request", "certificate "+st)
			return
		}
		sad := randomID()
		f.mu.Lock()
		f.sads[sad] = in.Hash[0]
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"SAD": sad, "expiresIn": 300})
	case "signatures/signHash":
		f.mu.Lock()
		authorised, ok := f.sads[in.SAD]
		delete(f.sads, in.SAD)
		f.mu.Unlock()
		if !ok || len(in.Hash) != 1 || in.Hash[0] != authorised {
			cscError(w, http.StatusBadRequest, "invalid_request", "invalid or expired SAD for this hash")
			return
		}
		if in.HashAlgo != "2.16.840.1.101.3.4.2.1" {
			cscError(w, http.StatusBadRequest, "invalid_request", "unsupported hashAlgo")
			return
		}
		digest, err := base64.StdEncoding.DecodeString(in.Hash[0])
		if err != nil || len(digest) != 32 {
			cscError(w, http.StatusBadRequest, "invalid_request", "hash must be a base64 SHA-256 digest")
			return
		}
		sig, err := f.sign(digest)
		if err != nil {
			cscError(w, http.StatusInternalServerError, "server_error", err.Error())
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"signatures": []string{b64(sig)}})
	default:
		cscError(w, http.StatusNotFound, "invalid_request", "unknown method")
	}
}

// serveSmartCA answers a SmartCA-style asynchronous API: the holder's
// certificate, a signing transaction the holder approves on their phone,
// and the transaction's status, polled until SUCCESS, REJECTED or EXPIRED.
func (f *Fake) serveSmartCA(w http.ResponseWriter, r *http.Request, call string) {
	var in struct {
		UserID        string `json:"user_id"`
		TransactionID string `json:"transaction_id"`
		SignFiles     []struct {
			DataToBeSigned string `json:"data_to_be_signed"`
			DocID          string `json:"doc_id"`
		} `json:"sign_files"`
	}
	if err := readJSON(r, &in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"status_code": 400, "message": "malformed JSON body"})
		return
	}
	switch call {
	case "credentials/get_certificate":
		f.mu.Lock()
		cert, ca := f.cert, f.CA.Cert
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"status_code": 200, "data": map[string]any{"user_certificates": []map[string]any{{
			"serial_number": cert.SerialNumber.Text(16), "cert_data": b64(cert.Raw), "cert_status": f.certStatus(),
			"chain_data": map[string]any{"ca_cert": b64(ca.Raw)}}}}})
	case "signatures/sign":
		if len(in.SignFiles) != 1 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status_code": 400, "message": "one file to sign"})
			return
		}
		digest, err := hex.DecodeString(in.SignFiles[0].DataToBeSigned)
		if err != nil || len(digest) != 32 {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status_code": 400, "message": "data_to_be_signed must be a hex SHA-256 digest"})
			return
		}
		if st := f.certStatus(); st != "valid" {
			writeJSON(w, http.StatusBadRequest, map[string]any{"status_code": 400, "message": "certificate " + st})
			return
		}
		id := randomID()
		f.mu.Lock()
		f.trans[id] = &smartTx{Digest: digest, Created: f.now()}
		f.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"status_code": 200, "data": map[string]any{"transaction_id": in.TransactionID, "tran_code": id}})
	case "signatures/status":
		f.mu.Lock()
		tx, ok := f.trans[in.TransactionID]
		fl := f.faults
		now := f.now()
		f.mu.Unlock()
		if !ok {
			writeJSON(w, http.StatusNotFound, map[string]any{"status_code": 404, "message": "no such transaction"})
			return
		}
		age := now.Sub(tx.Created)
		status := "PENDING"
		switch {
		case fl.Refuse:
			status = "REJECTED"
		case fl.ExpireAfter > 0 && fl.ApprovalDelay >= fl.ExpireAfter && age >= fl.ExpireAfter:
			status = "EXPIRED" // the holder did not approve in time
		case age >= fl.ApprovalDelay:
			status = "SUCCESS"
		}
		data := map[string]any{"transaction_id": in.TransactionID, "status": status}
		if status == "SUCCESS" {
			if tx.Sig == nil {
				sig, err := f.sign(tx.Digest)
				if err != nil {
					writeJSON(w, http.StatusInternalServerError, map[string]any{"status_code": 500, "message": err.Error()})
					return
				}
				f.mu.Lock()
				tx.Sig = sig
				f.mu.Unlock()
			}
			data["signatures"] = []map[string]any{{"signature_value": b64(tx.Sig)}}
		}
		writeJSON(w, http.StatusOK, map[string]any{"status_code": 200, "data": data})
	default:
		writeJSON(w, http.StatusNotFound, map[string]any{"status_code": 404, "message": "unknown method"})
	}
}
