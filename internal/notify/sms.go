package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// SMSConfig is a unit's SMS brandname account.
type SMSConfig struct {
	URL       string `json:"url"` // the provider's API base, e.g. http://127.0.0.1:9201
	Username  string `json:"username"`
	Password  string `json:"password"`
	Brandname string `json:"brandname"` // the registered sender name, e.g. UBND DATEH
	// Unaccented: the provider carries GSM text only: messages are sent
	// without diacritics (textfold.Unaccent) and limited to MaxLength.
	Unaccented bool `json:"unaccented,omitempty"`
	// MaxLength in characters [160 unaccented, 70 with diacritics].
	MaxLength int `json:"max_length,omitempty"`
	// ReportSecret signs the provider's delivery reports (HMAC-SHA256 of
	// the body, hex, in X-Signature).
	ReportSecret string `json:"report_secret"`
}

// Limit is the longest SMS the account sends.
func (c SMSConfig) Limit() int {
	if c.MaxLength > 0 {
		return c.MaxLength
	}
	if c.Unaccented {
		return 160
	}
	return 70
}

// SMSRequest is the provider's send request (POST {url}/v1/sms/send, HTTP
// basic authentication).
type SMSRequest struct {
	RequestID string `json:"request_id"`
	Brandname string `json:"brandname"`
	Phone     string `json:"phone"`
	Text      string `json:"text"`
	Unicode   bool   `json:"unicode"`
}

// SMSAnswer is its answer: code 0 accepted (duplicate when the request id
// was seen: the first message's id comes back, nothing is sent again);
// 101 invalid phone, 102 too long, 103 brandname not registered, 104
// template not registered: permanent; 2xx codes: try later.
type SMSAnswer struct {
	Code      int    `json:"code"`
	Message   string `json:"message"`
	MessageID string `json:"message_id"`
	Duplicate bool   `json:"duplicate,omitempty"`
}

// SMSReport is a delivery report the provider posts to
// /api/v1/notify/reports/sms, signed with the account's ReportSecret.
type SMSReport struct {
	MessageID string `json:"message_id"`
	RequestID string `json:"request_id"`
	Status    string `json:"status"` // delivered, failed
	Error     string `json:"error,omitempty"`
}

// SMSSender sends through one account.
type SMSSender struct {
	cfg  SMSConfig
	http *http.Client
}

// NewSMS checks cfg and returns its sender.
func NewSMS(cfg SMSConfig, hc *http.Client) (*SMSSender, error) {
	if cfg.URL == "" || cfg.Brandname == "" {
		return nil, fmt.Errorf("sms account: url and brandname are required")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	return &SMSSender{cfg: cfg, http: hc}, nil
}

// Send sends one text; m.Body is already in the account's form (see
// Render): Send refuses a text over the limit rather than cut it.
func (s *SMSSender) Send(ctx context.Context, m Message) (string, error) {
	phone, err := NormalizePhone("phone", m.To)
	if err != nil {
		return "", Permanent(err)
	}
	if n := len([]rune(m.Body)); n > s.cfg.Limit() {
		return "", Permanent(fmt.Errorf("sms: %d characters, over the account's %d", n, s.cfg.Limit()))
	}
	body, _ := json.Marshal(SMSRequest{RequestID: m.RequestID, Brandname: s.cfg.Brandname, Phone: phone, Text: m.Body, Unicode: !s.cfg.Unaccented})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.URL+"/v1/sms/send", bytes.NewReader(body))
	if err != nil {
		return "", Permanent(fmt.Errorf("sms: %w", err))
	}
	req.SetBasicAuth(s.cfg.Username, s.cfg.Password)
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("sms: %w", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return "", errStatus("sms", resp.StatusCode, string(raw))
	}
	var a SMSAnswer
	if err := json.Unmarshal(raw, &a); err != nil {
		return "", fmt.Errorf("sms: unreadable answer: %w", err)
	}
	switch {
	case a.Code == 0 && a.MessageID != "":
		return a.MessageID, nil
	case a.Code >= 100 && a.Code < 200:
		return "", Permanent(fmt.Errorf("sms: refused (%d): %s", a.Code, a.Message))
	}
	return "", fmt.Errorf("sms: provider error %d: %s", a.Code, a.Message)
}

// Sign returns the signature of a report body under secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySMSReport checks a report's signature in constant time.
func VerifySMSReport(secret string, body []byte, signature string) bool {
	if secret == "" {
		return false
	}
	return hmac.Equal([]byte(Sign(secret, body)), []byte(strings.ToLower(strings.TrimSpace(signature))))
}
