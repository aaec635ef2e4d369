package notify

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"time"
)

// EmailConfig is a unit's SMTP account.
type EmailConfig struct {
	Addr     string `json:"addr"` // host:port, e.g. smtp.example.vn:587
	Username string `json:"username,omitempty"`
	Password string `json:"password,omitempty"`
	From     string `json:"from"` // the sender's address
	FromName string `json:"from_name,omitempty"`
	// CAPEM, when set, is the only authority trusted for the server's
	// certificate (a private relay, the fake); else the system's.
	CAPEM string `json:"ca_pem,omitempty"`
	// Insecure allows sending without STARTTLS (a relay on loopback only).
	Insecure bool `json:"insecure,omitempty"`
}

// EmailSender sends over SMTP: STARTTLS (required unless Insecure), AUTH
// PLAIN when a username is set, one connection per message.
type EmailSender struct {
	cfg  EmailConfig
	tls  *tls.Config
	host string
}

// NewEmail checks cfg and returns its sender.
func NewEmail(cfg EmailConfig) (*EmailSender, error) {
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("email account: addr %q: %w", cfg.Addr, err)
	}
	if _, err := CheckEmail("from", cfg.From); err != nil {
		return nil, fmt.Errorf("email account: %w", err)
	}
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if cfg.CAPEM != "" {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM([]byte(cfg.CAPEM)) {
			return nil, fmt.Errorf("email account: ca_pem holds no certificate")
		}
		tc.RootCAs = pool
	}
	return &EmailSender{cfg: cfg, tls: tc, host: host}, nil
}

// Send delivers one message; the provider id is its Message-ID. A 5xx reply
// to the recipient or the data is permanent; a connection failure or a 4xx
// is retried.
func (s *EmailSender) Send(ctx context.Context, m Message) (string, error) {
	to, err := CheckEmail("email", m.To)
	if err != nil {
		return "", Permanent(err)
	}
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return "", fmt.Errorf("smtp %s: %w", s.cfg.Addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	} else {
		_ = conn.SetDeadline(time.Now().Add(time.Minute))
	}
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return "", fmt.Errorf("smtp %s: greeting: %w", s.cfg.Addr, err)
	}
	defer c.Close()
	if err := c.Hello("motcua"); err != nil {
		return "", smtpErr("EHLO", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(s.tls); err != nil {
			return "", smtpErr("STARTTLS", err)
		}
	} else if !s.cfg.Insecure {
		return "", Permanent(fmt.Errorf("smtp %s: the server does not offer STARTTLS", s.cfg.Addr))
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.host)); err != nil {
			return "", smtpErr("AUTH", err)
		}
	}
	id := "<" + m.RequestID + "@motcua>"
	if err := c.Mail(s.cfg.From); err != nil {
		return "", smtpErr("MAIL FROM", err)
	}
	if err := c.Rcpt(to); err != nil {
		return "", smtpErr("RCPT TO", err)
	}
	w, err := c.Data()
	if err != nil {
		return "", smtpErr("DATA", err)
	}
	if _, err := w.Write(s.compose(id, to, m)); err != nil {
		return "", smtpErr("DATA", err)
	}
	if err := w.Close(); err != nil {
		return "", smtpErr("DATA", err)
	}
	_ = c.Quit()
	return id, nil
}

// compose writes the message: UTF-8 text, subject encoded, base64 body.
func (s *EmailSender) compose(id, to string, m Message) []byte {
	from := s.cfg.From
	if s.cfg.FromName != "" {
		from = mime.QEncoding.Encode("utf-8", s.cfg.FromName) + " <" + s.cfg.From + ">"
	}
	var b strings.Builder
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", from)
	h("To", to)
	h("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	h("Message-ID", id)
	h("Date", time.Now().Format(time.RFC1123Z))
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "8bit")
	b.WriteString("\r\n")
	for _, line := range strings.Split(m.Body, "\n") {
		b.WriteString(line + "\r\n") // the DATA writer dot-stuffs
	}
	return []byte(b.String())
}

// smtpErr classifies an SMTP failure: a 5xx reply is permanent.
func smtpErr(step string, err error) error {
	err = fmt.Errorf("smtp %s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return Permanent(err)
	}
	return err
}
