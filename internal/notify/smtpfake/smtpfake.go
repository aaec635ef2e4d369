// Package smtpfake is a fake SMTP server: the real protocol over a real TCP
// socket (EHLO, STARTTLS with a self-signed certificate it makes at start,
// AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeping every message it
// accepted, with fault injection: temporary refusals (451), permanent
// refusals of a recipient (550), and connections dropped after the message
// was accepted but before the answer. Tests start it on loopback; `motcua
// fake smtp` serves it.
package smtpfake

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"mime"
	"net"
	"net/mail"
	"strings"
	"sync"
	"time"
)

// Mail is one accepted message.
type Mail struct {
	From      string
	To        []string
	Subject   string
	MessageID string
	Body      string
	TLS       bool
	User      string
}

// Faults are probabilities per message (their sum at most 1).
type Faults struct {
	TempFail  float64 // 451 at DATA's end: not accepted, try later
	DropAfter float64 // accept, then close without answering
	// Refuse lists recipients refused with 550 (a permanent failure).
	Refuse []string
}

// Server is a fake SMTP server. Zero value unusable: call New.
type Server struct {
	Username, Password string
	// CertPEM is the server certificate (self-signed, for 127.0.0.1 and
	// localhost): what a client must trust.
	CertPEM string
	// OnMail, when set, is called with each accepted message.
	OnMail func(Mail)

	tls    *tls.Config
	mu     sync.Mutex
	mails  []Mail
	faults Faults
	rnd    *mrand.Rand
	ln     net.Listener
	wg     sync.WaitGroup
}

// New returns a server accepting the given login (empty: no AUTH needed).
func New(username, password string) (*Server, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "motcua fake smtp"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(10 * 365 * 24 * time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	return &Server{Username: username, Password: password,
		CertPEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})),
		tls:     &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		rnd:     mrand.New(mrand.NewPCG(1, 2))}, nil
}

// SetFaults changes the faults; seed makes the draws repeatable.
func (s *Server) SetFaults(f Faults, seed uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults, s.rnd = f, mrand.New(mrand.NewPCG(seed, seed))
}

// Mails returns the accepted messages, in order.
func (s *Server) Mails() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.mails...)
}

// Serve accepts connections on ln until it is closed.
func (s *Server) Serve(ln net.Listener) error {
	s.mu.Lock()
	s.ln = ln
	s.mu.Unlock()
	for {
		c, err := ln.Accept()
		if err != nil {
			s.wg.Wait()
			return err
		}
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			s.session(c)
		}()
	}
}

// Start listens on a loopback port and serves in the background.
func (s *Server) Start() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	go func() { _ = s.Serve(ln) }()
	return ln.Addr().String(), nil
}

// Close stops listening.
func (s *Server) Close() error {
	s.mu.Lock()
	ln := s.ln
	s.mu.Unlock()
	if ln == nil {
		return nil
	}
	return ln.Close()
}

func (s *Server) draw() (temp, drop bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x := s.rnd.Float64()
	return x < s.faults.TempFail, x >= s.faults.TempFail && x < s.faults.TempFail+s.faults.DropAfter
}

func (s *Server) refused(addr string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.faults.Refuse {
		if strings.EqualFold(r, addr) {
			return true
		}
	}
	return false
}

// session speaks SMTP on one connection.
func (s *Server) session(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Minute))
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(line string) { _, _ = w.WriteString(line + "\r\n"); _ = w.Flush() }
	say("220 fake.smtp ESMTP motcua")
	var cur Mail
	tlsOn, authed := false, s.Username == ""
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"250-fake.smtp"}
			if !tlsOn {
				lines = append(lines, "250-STARTTLS")
			} else if s.Username != "" {
				lines = append(lines, "250-AUTH PLAIN")
			}
			lines = append(lines, "250 8BITMIME")
			for _, l := range lines {
				_, _ = w.WriteString(l + "\r\n")
			}
			_ = w.Flush()
		case "HELO":
			say("250 fake.smtp")
		case "STARTTLS":
			if tlsOn {
				say("503 already under TLS")
				continue
			}
			say("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, tlsOn = tc, true
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			if !tlsOn {
				say("530 must issue STARTTLS first")
				continue
			}
			if !strings.EqualFold(mech, "PLAIN") {
				say("504 unrecognised mechanism")
				continue
			}
			raw, err := base64.StdEncoding.DecodeString(resp)
			parts := strings.Split(string(raw), "\x00")
			if err != nil || len(parts) != 3 || parts[1] != s.Username || parts[2] != s.Password {
				say("535 authentication failed")
				continue
			}
			authed, cur.User = true, parts[1]
			say("235 authenticated")
		case "MAIL":
			if !authed {
				say("530 authentication required")
				continue
			}
			cur = Mail{From: addrOf(arg), TLS: tlsOn, User: cur.User}
			say("250 ok")
		case "RCPT":
			to := addrOf(arg)
			if s.refused(to) {
				say("550 no such mailbox")
				continue
			}
			cur.To = append(cur.To, to)
			say("250 ok")
		case "DATA":
			if cur.From == "" || len(cur.To) == 0 {
				say("503 need MAIL and RCPT first")
				continue
			}
			say("354 end with .")
			body, err := readData(r)
			if err != nil {
				return
			}
			temp, drop := s.draw()
			if temp {
				say("451 try again later")
				continue
			}
			if err := parse(&cur, body); err != nil {
				say("554 " + err.Error())
				continue
			}
			s.mu.Lock()
			s.mails = append(s.mails, cur)
			s.mu.Unlock()
			if s.OnMail != nil {
				s.OnMail(cur)
			}
			if drop {
				return
			}
			say("250 queued")
			cur = Mail{User: cur.User}
		case "RSET":
			cur = Mail{User: cur.User}
			say("250 ok")
		case "NOOP":
			say("250 ok")
		case "QUIT":
			say("221 bye")
			return
		default:
			say("502 command not implemented")
		}
	}
}

func addrOf(arg string) string {
	_, v, _ := strings.Cut(arg, ":")
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ' '); i >= 0 {
		v = v[:i]
	}
	return strings.Trim(v, "<>")
}

// readData reads lines up to the lone dot, undoing dot-stuffing.
func readData(r *bufio.Reader) (string, error) {
	var b strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return "", err
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "." {
			return b.String(), nil
		}
		b.WriteString(strings.TrimPrefix(line, ".") + "\n")
	}
}

func parse(m *Mail, data string) error {
	msg, err := mail.ReadMessage(strings.NewReader(data))
	if err != nil {
		return fmt.Errorf("unreadable message: %v", err)
	}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return fmt.Errorf("subject: %v", err)
	}
	m.MessageID = msg.Header.Get("Message-ID")
	b, err := io.ReadAll(msg.Body)
	if err != nil {
		return err
	}
	m.Body = strings.TrimRight(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	return nil
}
