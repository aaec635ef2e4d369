package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"
)

// Remote signers: the Cloud Signature Consortium API (credentials/list,
// credentials/info, credentials/authorize, signatures/signHash), as
// Viettel MySign speaks it, and a SmartCA-style asynchronous service (sign,
// then poll the transaction until SUCCESS, REJECTED or EXPIRED), as VNPT
// SmartCA works. Both check the certificate's status with the service
// before signing.

type httpJSON struct {
	base   string
	token  string
	client *http.Client
}

func (h httpJSON) post(ctx context.Context, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.base+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+h.token)
	res, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("%w (%s): %v", ErrService, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%w (%s): %v", ErrService, path, err)
	}
	switch {
	case res.StatusCode >= 500 || res.StatusCode == http.StatusRequestTimeout:
		return fmt.Errorf("%w (%s): HTTP %d", ErrService, path, res.StatusCode)
	case res.StatusCode >= 400:
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
			Message     string `json:"message"`
		}
		json.Unmarshal(b, &e)
		return fmt.Errorf("%w (%s): %s%s", ErrRefused, path, e.Description, e.Message)
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("%s: bad answer: %w", path, err)
	}
	return nil
}

func parseChain(b64s []string) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for _, s := range b64s {
		der, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, fmt.Errorf("certificate: %w", err)
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, errors.New("the service returned no certificate")
	}
	return out, nil
}

func statusErr(status, name string) error {
	switch status {
	case "valid", "":
		return nil
	case "expired":
		return fmt.Errorf("%w: chứng thư của %s đã hết hạn", ErrCertificate, name)
	case "revoked":
		return fmt.Errorf("%w: chứng thư của %s đã bị thu hồi", ErrCertificate, name)
	}
	return fmt.Errorf("%w: chứng thư của %s ở trạng thái %q", ErrCertificate, name, status)
}

// CSC signs through a Cloud Signature Consortium API v1 service.
type CSC struct {
	h      httpJSON
	now    func() time.Time
	credID string
}

// NewCSC makes a CSC signer of the service at base (…/csc/v1) with an
// access token; timeout bounds each call.
func NewCSC(base, token string, timeout time.Duration, now func() time.Time) *CSC {
	if now == nil {
		now = time.Now
	}
	return &CSC{h: httpJSON{base: base, token: token, client: &http.Client{Timeout: timeout}}, now: now}
}

func (c *CSC) Method() string { return "csc" }

// Chain lists the credentials, takes the first, and reads its chain and
// status.
func (c *CSC) Chain(ctx context.Context) ([]*x509.Certificate, error) {
	var list struct {
		CredentialIDs []string `json:"credentialIDs"`
	}
	if err := c.h.post(ctx, "/credentials/list", map[string]any{"maxResults": 10}, &list); err != nil {
		return nil, err
	}
	if len(list.CredentialIDs) == 0 {
		return nil, fmt.Errorf("%w: tài khoản ký số không có chứng thư nào", ErrCertificate)
	}
	c.credID = list.CredentialIDs[0]
	var info struct {
		Cert struct {
			Status       string   `json:"status"`
			Certificates []string `json:"certificates"`
		} `json:"cert"`
	}
	if err := c.h.post(ctx, "/credentials/info", map[string]any{"credentialID": c.credID, "certificates": "chain"}, &info); err != nil {
		return nil, err
	}
	chain, err := parseChain(info.Cert.Certificates)
	if err != nil {
		return nil, err
	}
	if err := statusErr(info.Cert.Status, chain[0].Subject.CommonName); err != nil {
		return nil, err
	}
	if err := CheckValidity(chain[0], c.now()); err != nil {
		return nil, err
	}
	return chain, nil
}

// SignDigest authorises one signature of the digest, then signs it.
func (c *CSC) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	h := base64.StdEncoding.EncodeToString(digest)
	var auth struct {
		SAD string `json:"SAD"`
	}
	if err := c.h.post(ctx, "/credentials/authorize", map[string]any{"credentialID": c.credID, "numSignatures": 1, "hash": []string{h}}, &auth); err != nil {
		return nil, err
	}
	var out struct {
		Signatures []string `json:"signatures"`
	}
	if err := c.h.post(ctx, "/signatures/signHash", map[string]any{"credentialID": c.credID, "SAD": auth.SAD, "hash": []string{h},
		"hashAlgo": "2.16.840.1.101.3.4.2.1", "signAlgo": "1.2.840.10045.4.3.2"}, &out); err != nil {
		return nil, err
	}
	if len(out.Signatures) != 1 {
		return nil, errors.New("signHash: want one signature")
	}
	return base64.StdEncoding.DecodeString(out.Signatures[0])
}

// SmartCA signs through a SmartCA-style service: the holder approves each
// signature on their phone, so signing polls until the transaction ends.
type SmartCA struct {
	h     httpJSON
	now   func() time.Time
	User  string
	Poll  time.Duration // between status calls
	Limit time.Duration // give up waiting for approval after this
}

// NewSmartCA makes a SmartCA signer of the service at base (…/smartca/v1).
func NewSmartCA(base, token, user string, timeout time.Duration, now func() time.Time) *SmartCA {
	if now == nil {
		now = time.Now
	}
	return &SmartCA{h: httpJSON{base: base, token: token, client: &http.Client{Timeout: timeout}}, now: now, User: user,
		Poll: 500 * time.Millisecond, Limit: 2 * time.Minute}
}

func (s *SmartCA) Method() string { return "smartca" }

func (s *SmartCA) Chain(ctx context.Context) ([]*x509.Certificate, error) {
	var out struct {
		Data struct {
			Certs []struct {
				CertData   string `json:"cert_data"`
				CertStatus string `json:"cert_status"`
				Chain      struct {
					CA string `json:"ca_cert"`
				} `json:"chain_data"`
			} `json:"user_certificates"`
		} `json:"data"`
	}
	if err := s.h.post(ctx, "/credentials/get_certificate", map[string]any{"user_id": s.User}, &out); err != nil {
		return nil, err
	}
	if len(out.Data.Certs) == 0 {
		return nil, fmt.Errorf("%w: tài khoản ký số không có chứng thư nào", ErrCertificate)
	}
	c := out.Data.Certs[0]
	chain, err := parseChain([]string{c.CertData, c.Chain.CA})
	if err != nil {
		return nil, err
	}
	if err := statusErr(c.CertStatus, chain[0].Subject.CommonName); err != nil {
		return nil, err
	}
	if err := CheckValidity(chain[0], s.now()); err != nil {
		return nil, err
	}
	return chain, nil
}

// SignDigest opens a transaction and polls it until the holder approves.
func (s *SmartCA) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	var started struct {
		Data struct {
			TranCode string `json:"tran_code"`
		} `json:"data"`
	}
	if err := s.h.post(ctx, "/signatures/sign", map[string]any{"user_id": s.User, "transaction_id": hex.EncodeToString(digest[:8]),
		"sign_files": []map[string]any{{"data_to_be_signed": hex.EncodeToString(digest), "doc_id": "result", "file_type": "pdf", "sign_type": "hash"}}}, &started); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(s.Limit)
	for {
		var st struct {
			Data struct {
				Status     string `json:"status"`
				Signatures []struct {
					Value string `json:"signature_value"`
				} `json:"signatures"`
			} `json:"data"`
		}
		if err := s.h.post(ctx, "/signatures/status", map[string]any{"transaction_id": started.Data.TranCode}, &st); err != nil {
			return nil, err
		}
		switch st.Data.Status {
		case "SUCCESS":
			if len(st.Data.Signatures) != 1 {
				return nil, errors.New("smartca: SUCCESS without one signature")
			}
			return base64.StdEncoding.DecodeString(st.Data.Signatures[0].Value)
		case "REJECTED":
			return nil, fmt.Errorf("%w: người ký từ chối trên ứng dụng", ErrRefused)
		case "EXPIRED":
			return nil, fmt.Errorf("%w: người ký không xác nhận kịp, yêu cầu ký đã hết hạn", ErrRefused)
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%w: chờ người ký xác nhận quá %s", ErrService, s.Limit)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(s.Poll):
		}
	}
}
