// Package zalofake is a fake Zalo OA for ZNS over real HTTP: the OAuth
// refresh (POST /v4/oa/access_token, each refresh token usable once), the
// template send (POST /message/template with the access_token header, one
// message per tracking_id), and signed webhook events
// (user_received_message) to a callback URL. Faults: HTTP 503, an access
// token expired early, numbers without Zalo, events posted twice. GET
// /_fake/messages lists what it holds. `motcua fake zalo` serves it.
package zalofake

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/notify"
)

// Faults are probabilities per send (their sum at most 1) and switches.
type Faults struct {
	Error5xx float64 // 503, nothing sent
	// NoZalo lists phone numbers (84...) without a Zalo account (-118).
	NoZalo []string
	// DuplicateEvents posts every webhook event twice.
	DuplicateEvents bool
}

// Message is one accepted ZNS message.
type Message struct {
	notify.ZaloSend
	MsgID    string
	Requests int
	Events   int
}

// Fake is a fake Zalo. Zero value unusable: call New.
type Fake struct {
	AppID, SecretKey string
	// Callback receives the webhook events; none when empty.
	Callback string

	mu         sync.Mutex
	access     string
	refresh    string
	gen        int
	refreshes  int
	staleUses  int // refreshes with a spent refresh token
	faults     Faults
	rnd        *rand.Rand
	byTracking map[string]*Message
	order      []*Message
	wg         sync.WaitGroup
	client     *http.Client
}

// New returns a fake for the app; Tokens gives the first pair to store.
func New(appID, secretKey string) *Fake {
	f := &Fake{AppID: appID, SecretKey: secretKey, rnd: rand.New(rand.NewPCG(1, 2)),
		byTracking: map[string]*Message{}, client: &http.Client{Timeout: 10 * time.Second}}
	f.rotate()
	return f
}

func (f *Fake) rotate() {
	f.gen++
	f.access, f.refresh = fmt.Sprintf("access-%d", f.gen), fmt.Sprintf("refresh-%d", f.gen)
}

// Tokens returns the current pair (what an administrator authorising the
// app would get).
func (f *Fake) Tokens() (access, refresh string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.access, f.refresh
}

// ExpireAccess makes the current access token invalid (as on expiry).
func (f *Fake) ExpireAccess() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.access = "expired-" + f.access
}

// Refreshes counts the successful refreshes; Stale those that presented a
// spent refresh token (two refreshers racing).
func (f *Fake) Refreshes() (ok, stale int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refreshes, f.staleUses
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

// Wait waits for the events in flight.
func (f *Fake) Wait() { f.wg.Wait() }

// ServeHTTP serves the API.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/_fake/messages":
		writeJSON(w, f.Messages())
	case r.Method == http.MethodPost && r.URL.Path == "/v4/oa/access_token":
		f.token(w, r)
	case r.Method == http.MethodPost && r.URL.Path == "/message/template":
		f.send(w, r)
	default:
		http.NotFound(w, r)
	}
}

func (f *Fake) token(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("secret_key") != f.SecretKey || r.FormValue("app_id") != f.AppID || r.FormValue("grant_type") != "refresh_token" {
		writeJSON(w, map[string]any{"error": -14002, "error_name": "Invalid app or secret"})
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.FormValue("refresh_token") != f.refresh {
		f.staleUses++
		writeJSON(w, map[string]any{"error": -14014, "error_name": "Invalid refresh token"})
		return
	}
	f.rotate()
	f.refreshes++
	writeJSON(w, map[string]any{"access_token": f.access, "refresh_token": f.refresh, "expires_in": "90000"})
}

func (f *Fake) send(w http.ResponseWriter, r *http.Request) {
	var req notify.ZaloSend
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil || req.TrackingID == "" {
		writeJSON(w, map[string]any{"error": -112, "message": "invalid body"})
		return
	}
	f.mu.Lock()
	if r.Header.Get("access_token") != f.access {
		f.mu.Unlock()
		writeJSON(w, map[string]any{"error": notify.ZaloErrToken, "message": "Access token is invalid"})
		return
	}
	x := f.rnd.Float64()
	if x < f.faults.Error5xx {
		f.mu.Unlock()
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	for _, n := range f.faults.NoZalo {
		if n == req.Phone {
			f.mu.Unlock()
			writeJSON(w, map[string]any{"error": notify.ZaloErrNoUser, "message": "User has no Zalo account"})
			return
		}
	}
	if req.TemplateID == "" {
		f.mu.Unlock()
		writeJSON(w, map[string]any{"error": notify.ZaloErrTemplate, "message": "Template is invalid"})
		return
	}
	m, dup := f.byTracking[req.TrackingID]
	if dup {
		m.Requests++
	} else {
		m = &Message{ZaloSend: req, MsgID: fmt.Sprintf("zns-%06d", len(f.order)+1), Requests: 1}
		f.byTracking[req.TrackingID] = m
		f.order = append(f.order, m)
		f.event(m)
	}
	f.mu.Unlock()
	writeJSON(w, map[string]any{"error": 0, "message": "Success",
		"data": map[string]any{"msg_id": m.MsgID, "sent_time": strconv.FormatInt(time.Now().UnixMilli(), 10)}})
}

// event posts the delivery event, signed as Zalo signs. Called with mu held.
func (f *Fake) event(m *Message) {
	if f.Callback == "" {
		return
	}
	var ev notify.ZaloEvent
	ev.AppID, ev.EventName, ev.Timestamp = f.AppID, "user_received_message", strconv.FormatInt(time.Now().UnixMilli(), 10)
	ev.Message.MsgID, ev.Message.TrackingID, ev.Message.DeliveryTime = m.MsgID, m.TrackingID, ev.Timestamp
	body, _ := json.Marshal(ev)
	sig := notify.ZaloSignature(f.AppID, body, ev.Timestamp, f.SecretKey)
	times := 1
	if f.faults.DuplicateEvents {
		times = 2
	}
	url := f.Callback
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		time.Sleep(20 * time.Millisecond)
		for range times {
			for try := 0; try < 5; try++ {
				req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("X-ZEvent-Signature", sig)
				resp, err := f.client.Do(req)
				if err == nil {
					resp.Body.Close()
					if resp.StatusCode < 500 {
						f.mu.Lock()
						m.Events++
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

// SetCallback points the webhook events at url (safe while serving).
func (f *Fake) SetCallback(url string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Callback = url
}
