// Package smsfake is a fake SMS brandname provider speaking notify's SMS
// protocol over real HTTP (POST /v1/sms/send with basic authentication): it
// keeps each message once per request id (a repeated request gets the first
// answer, marked duplicate), posts a signed delivery report for each to the
// callback URL, and injects faults: HTTP 503 without sending, accepted but
// the connection reset before the answer, refused numbers, and reports sent
// twice. GET /_fake/messages lists what it holds. `motcua fake sms` serves it.
package smsfake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/notify"
)

// Faults are probabilities per send request (their sum at most 1).
type Faults struct {
	Error5xx        float64 // 503, nothing sent
	ResetAfterApply float64 // sent, then the connection closes without an answer
	SlowAfterApply  float64 // sent, then the answer waits Delay
	Delay           time.Duration
	// Refuse lists phone numbers (84...) answered with code 101.
	Refuse []string
	// DuplicateReports sends every delivery report twice.
	DuplicateReports bool
	// FailDelivery lists numbers whose report says failed.
	FailDelivery []string
}

// Message is one accepted message.
type Message struct {
	notify.SMSRequest
	MessageID string
	Requests  int // send requests with this request id (more than 1: repeats)
	Reported  int // reports posted
}

// Fake is a fake provider. Zero value unusable: call New.
type Fake struct {
	Username, Password string
	// Callback and Secret: where reports go, and what signs them; no
	// callback, no reports.
	Callback string
	Secret   string

	mu     sync.Mutex
	faults Faults
	rnd    *rand.Rand
	byReq  map[string]*Message
	order  []*Message
	calls  int
	wg     sync.WaitGroup
	client *http.Client
}

// New returns a fake accepting the given login.
func New(username, password string) *Fake {
	return &Fake{Username: username, Password: password, rnd: rand.New(rand.NewPCG(1, 2)),
		byReq: map[string]*Message{}, client: &http.Client{Timeout: 10 * time.Second}}
}

// SetFaults changes the faults; seed makes the draws repeatable.
func (f *Fake) SetFaults(fl Faults, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults, f.rnd = fl, rand.New(rand.NewPCG(seed, seed))
}

// Messages returns the accepted messages in order.
func (f *Fake) Messages() []Message {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Message, len(f.order))
	for i, m := range f.order {
		out[i] = *m
	}
	return out
}

// Calls counts the send requests received.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

// Wait waits for the reports in flight.
func (f *Fake) Wait() { f.wg.Wait() }

// ServeHTTP serves the provider's API.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/_fake/messages":
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(f.Messages())
	case r.Method == http.MethodPost && r.URL.Path == "/v1/sms/send":
		f.send(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (f *Fake) send(w http.ResponseWriter, r *http.Request) {
	u, p, ok := r.BasicAuth()
	if !ok || u != f.Username || p != f.Password {
		http.Error(w, `{"code":401,"message":"unauthorised"}`, http.StatusUnauthorized)
		return
	}
	var req notify.SMSRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.RequestID == "" || req.Phone == "" {
		writeJSON(w, notify.SMSAnswer{Code: 100, Message: "bad request"})
		return
	}
	f.mu.Lock()
	f.calls++
	x := f.rnd.Float64()
	fl := f.faults
	if x < fl.Error5xx {
		f.mu.Unlock()
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	for _, n := range fl.Refuse {
		if n == req.Phone {
			f.mu.Unlock()
			writeJSON(w, notify.SMSAnswer{Code: 101, Message: "invalid phone number"})
			return
		}
	}
	if n := len([]rune(req.Text)); (req.Unicode && n > 335) || (!req.Unicode && n > 765) {
		f.mu.Unlock()
		writeJSON(w, notify.SMSAnswer{Code: 102, Message: "message too long"})
		return
	}
	m, dup := f.byReq[req.RequestID]
	if dup {
		m.Requests++
	} else {
		m = &Message{SMSRequest: req, MessageID: fmt.Sprintf("sms-%06d", len(f.order)+1), Requests: 1}
		f.byReq[req.RequestID] = m
		f.order = append(f.order, m)
		f.report(m, fl)
	}
	answer := notify.SMSAnswer{Code: 0, Message: "accepted", MessageID: m.MessageID, Duplicate: dup}
	reset := x >= fl.Error5xx && x < fl.Error5xx+fl.ResetAfterApply
	slow := x >= fl.Error5xx+fl.ResetAfterApply && x < fl.Error5xx+fl.ResetAfterApply+fl.SlowAfterApply
	f.mu.Unlock()
	if slow {
		time.Sleep(fl.Delay)
	}
	if reset {
		if hj, ok := w.(http.Hijacker); ok {
			if c, _, err := hj.Hijack(); err == nil {
				_ = c.Close()
				return
			}
		}
	}
	writeJSON(w, answer)
}

// report posts the message's delivery report (twice under the fault), in
// the background. Called with mu held.
func (f *Fake) report(m *Message, fl Faults) {
	if f.Callback == "" {
		return
	}
	rep := notify.SMSReport{MessageID: m.MessageID, RequestID: m.RequestID, Status: "delivered"}
	for _, n := range fl.FailDelivery {
		if n == m.Phone {
			rep.Status, rep.Error = "failed", "handset unreachable"
		}
	}
	body, _ := json.Marshal(rep)
	times := 1
	if fl.DuplicateReports {
		times = 2
	}
	url, secret := f.Callback, f.Secret
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		time.Sleep(20 * time.Millisecond) // after the answer, as a handset would
		for range times {
			for try := 0; try < 5; try++ {
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-Signature", notify.Sign(secret, body))
				resp, err := f.client.Do(req)
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode < 500 {
						f.mu.Lock()
						m.Reported++
						f.mu.Unlock()
						break
					}
				}
				time.Sleep(time.Duration(100*(try+1)) * time.Millisecond)
			}
		}
	}()
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// SetCallback points the delivery reports at url (safe while serving).
func (f *Fake) SetCallback(url string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Callback = url
}
