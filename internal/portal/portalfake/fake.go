// Package portalfake is a fake National Public Service Portal: it speaks the
// protocol of package portal over real HTTP, keeps what it receives (each
// dossier, how often it was created, its steps in the order they came), and
// injects faults: HTTP 5xx, requests that hang, slow answers and connection
// resets after the change was applied, expired sessions, and an outage window.
// Tests start it on loopback; `motcua fake portal` serves it.
package portalfake

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/portal"
)

// Faults says how often each fault happens, as a probability per
// integration request (their sum at most 1), and for how long.
type Faults struct {
	Error5xx        float64       // 503 without applying
	Hang            float64       // wait Delay, then 504 without applying
	SlowAfterApply  float64       // apply, then wait Delay before answering
	ResetAfterApply float64       // apply, then close the connection without an answer
	ExpireSession   float64       // answer "session expired" without applying
	Delay           time.Duration // of Hang and SlowAfterApply [2s]
	// Only, when set, limits the faults to the requests of this service.
	Only string
	// Outage: every request fails with 503 while Now() is in [OutageFrom, OutageTo).
	OutageFrom, OutageTo time.Time
}

// Dossier is what the fake holds of one dossier.
type Dossier struct {
	Record  portal.Record
	Creates int // DongBoHoSoMC with isUpdating "False" applied; more than 1 is a duplicate
	Updates int
	Steps   []portal.Step // in arrival order
}

// Fake is a fake portal. Its zero value is not usable: call New.
type Fake struct {
	Username, Password string
	// Now is the clock of the outage window; time.Now when nil.
	Now func() time.Time

	mu       sync.Mutex
	faults   Faults
	rnd      *rand.Rand
	sessions map[string]bool
	dossiers map[string]*Dossier
	calls    map[string]int
	faulted  map[string]int
	inbound  map[string][]json.RawMessage // by madonvi: what citizens submitted here
	// procedures is the national list LayDanhSachTTHC serves.
	procedures []portal.NationalProcedure
	// ratings holds DongBoDanhGia's aggregates by madonvi and month, the
	// last one received, and how often each was received.
	ratings     map[string]Rating
	ratingCalls map[string]int
}

// Rating is what the fake holds of one unit's month of ratings.
type Rating struct {
	portal.Ratings
	Received int // DongBoDanhGia calls for this unit and month
}

// SetProcedures sets the national list LayDanhSachTTHC serves.
func (f *Fake) SetProcedures(list []portal.NationalProcedure) {
	f.mu.Lock()
	f.procedures = append([]portal.NationalProcedure(nil), list...)
	f.mu.Unlock()
}

// Ratings returns what the fake holds of the monthly ratings, by
// "madonvi month" (e.g. "000.21.37.H56 2025-03").
func (f *Fake) Ratings() map[string]Rating {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]Rating, len(f.ratings))
	for k, r := range f.ratings {
		out[k] = r
	}
	return out
}

// Submit adds a dossier submitted on the portal for unit (madonvi): the
// inbound list (LayDanhSachHoSoMoi) serves it from then on. item is usually
// a portal.Arrival; anything JSON may be given, to try bad input.
func (f *Fake) Submit(unit string, item any) error {
	b, ok := item.(json.RawMessage)
	if !ok {
		var err error
		if b, err = json.Marshal(item); err != nil {
			return err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inbound[unit] = append(f.inbound[unit], b)
	return nil
}

// New returns a fake portal accepting the given login.
func New(username, password string) *Fake {
	return &Fake{Username: username, Password: password, rnd: rand.New(rand.NewPCG(1, 2)),
		sessions: map[string]bool{}, dossiers: map[string]*Dossier{}, calls: map[string]int{}, faulted: map[string]int{},
		inbound: map[string][]json.RawMessage{}, ratings: map[string]Rating{}, ratingCalls: map[string]int{}}
}

// SetFaults replaces the fault injection; seed makes the draws repeatable.
func (f *Fake) SetFaults(fl Faults, seed uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl.Delay <= 0 {
		fl.Delay = 2 * time.Second
	}
	f.faults, f.rnd = fl, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// ExpireSessions forgets every session, as the portal does when they expire.
func (f *Fake) ExpireSessions() {
	f.mu.Lock()
	f.sessions = map[string]bool{}
	f.mu.Unlock()
}

// Dossiers returns a copy of what the fake holds, by MaHoSo.
func (f *Fake) Dossiers() map[string]Dossier {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]Dossier, len(f.dossiers))
	for k, d := range f.dossiers {
		c := *d
		c.Steps = append([]portal.Step(nil), d.Steps...)
		out[k] = c
	}
	return out
}

// Calls returns how many integration requests of each service arrived, and
// how many of those it faulted (by fault name).
func (f *Fake) Calls() (calls, faulted map[string]int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	calls, faulted = map[string]int{}, map[string]int{}
	for k, v := range f.calls {
		calls[k] = v
	}
	for k, v := range f.faulted {
		faulted[k] = v
	}
	return calls, faulted
}

func (f *Fake) now() time.Time {
	if f.Now != nil {
		return f.Now()
	}
	return time.Now()
}

// ServeHTTP answers POST /auth and POST /integration.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet && r.URL.Path == "/_fake/dossiers" {
		// What the fake holds, for scripts and people: not part of the protocol.
		calls, faulted := f.Calls()
		writeJSON(w, map[string]any{"dossiers": f.Dossiers(), "calls": calls, "faulted": faulted})
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return
	}
	if f.inOutage() {
		http.Error(w, "portal unavailable (outage)", http.StatusServiceUnavailable)
		return
	}
	switch r.URL.Path {
	case "/auth":
		f.auth(w, body)
	case "/integration":
		f.integration(w, r, body)
	default:
		http.NotFound(w, r)
	}
}

func (f *Fake) inOutage() bool {
	f.mu.Lock()
	from, to := f.faults.OutageFrom, f.faults.OutageTo
	f.mu.Unlock()
	if from.IsZero() && to.IsZero() {
		return false
	}
	now := f.now()
	return !now.Before(from) && now.Before(to)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	json.NewEncoder(w).Encode(v)
}

func (f *Fake) auth(w http.ResponseWriter, body []byte) {
	var in struct{ Username, Password string }
	if err := json.Unmarshal(body, &in); err != nil {
		http.Error(w, "bad JSON", http.StatusBadRequest)
		return
	}
	if in.Username != f.Username || in.Password != f.Password {
		w.WriteHeader(http.StatusUnauthorized)
		writeJSON(w, map[string]any{"error_code": portal.CodeSessionExpired, "message": "sai tên đăng nhập hoặc mật khẩu"})
		return
	}
	b := make([]byte, 16)
	crand.Read(b)
	s := hex.EncodeToString(b)
	f.mu.Lock()
	f.sessions[s] = true
	f.mu.Unlock()
	writeJSON(w, map[string]any{"error_code": 0, "session": s})
}

// draw picks this request's fault, "" for none.
func (f *Fake) draw(service string) (string, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[service]++
	fl := f.faults
	if fl.Only != "" && fl.Only != service {
		return "", 0
	}
	x := f.rnd.Float64()
	for _, c := range []struct {
		name string
		p    float64
	}{{"5xx", fl.Error5xx}, {"hang", fl.Hang}, {"slow", fl.SlowAfterApply}, {"reset", fl.ResetAfterApply}, {"expire", fl.ExpireSession}} {
		if x < c.p {
			f.faulted[c.name]++
			return c.name, fl.Delay
		}
		x -= c.p
	}
	return "", 0
}

type integrationRequest struct {
	Session    string          `json:"session"`
	MaDonVi    string          `json:"madonvi"`
	Service    string          `json:"service"`
	MaHoSo     string          `json:"MaHoSo"`
	IsUpdating string          `json:"isUpdating"`
	Data       json.RawMessage `json:"data"`
}

func (f *Fake) integration(w http.ResponseWriter, r *http.Request, body []byte) {
	var in integrationRequest
	if err := json.Unmarshal(body, &in); err != nil {
		writeJSON(w, portal.Answer{ErrorCode: portal.CodeInvalid, Message: "JSON không hợp lệ: " + err.Error()})
		return
	}
	f.mu.Lock()
	ok := f.sessions[in.Session]
	f.mu.Unlock()
	if !ok {
		writeJSON(w, portal.Answer{ErrorCode: portal.CodeSessionExpired, Message: "phiên làm việc đã hết hạn"})
		return
	}
	fault, delay := f.draw(in.Service)
	switch fault {
	case "5xx":
		http.Error(w, "internal error (injected)", http.StatusServiceUnavailable)
		return
	case "hang":
		sleep(r.Context(), delay)
		http.Error(w, "gateway timeout (injected)", http.StatusGatewayTimeout)
		return
	case "expire":
		f.mu.Lock()
		delete(f.sessions, in.Session)
		f.mu.Unlock()
		writeJSON(w, portal.Answer{ErrorCode: portal.CodeSessionExpired, Message: "phiên làm việc đã hết hạn"})
		return
	}
	a := f.apply(in)
	switch fault {
	case "slow":
		sleep(r.Context(), delay)
	case "reset":
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	}
	writeJSON(w, a)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// apply does what the service asks, as the portal would.
func (f *Fake) apply(in integrationRequest) portal.Answer {
	f.mu.Lock()
	defer f.mu.Unlock()
	switch in.Service {
	case portal.ServiceLookup:
		d := f.dossiers[in.MaHoSo]
		if d == nil {
			return portal.Answer{Result: []portal.Found{}}
		}
		return portal.Answer{Result: []portal.Found{{Record: d.Record, TienDo: append([]portal.Step(nil), d.Steps...)}}}
	case portal.ServiceSync:
		var recs []portal.Record
		if err := json.Unmarshal(in.Data, &recs); err != nil || len(recs) == 0 {
			return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "data phải là danh sách hồ sơ"}
		}
		for _, rec := range recs {
			if rec.MaHoSo == "" || rec.MaTTHC == "" || rec.TrangThaiHoSo == "" {
				return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "thiếu MaHoSo, MaTTHC hoặc TrangThaiHoSo"}
			}
			d := f.dossiers[rec.MaHoSo]
			switch {
			case in.IsUpdating == "True" && d == nil:
				return portal.Answer{ErrorCode: portal.CodeNotFound, Message: "không tìm thấy hồ sơ " + rec.MaHoSo}
			case in.IsUpdating == "True":
				d.Record = rec
				d.Updates++
			case d != nil:
				// The real portal's behaviour on a second create is unknown; the
				// fake records it, so a test can count duplicates.
				d.Record = rec
				d.Creates++
			default:
				f.dossiers[rec.MaHoSo] = &Dossier{Record: rec, Creates: 1}
			}
		}
		return portal.Answer{Message: "ok"}
	case portal.ServiceInbound:
		// Every dossier ever submitted for the unit: motcua takes each once.
		return portal.Answer{Message: "ok", HoSo: append([]json.RawMessage{}, f.inbound[in.MaDonVi]...)}
	case portal.ServiceProcedures:
		return portal.Answer{Message: "ok", DanhSachTTHC: append([]portal.NationalProcedure{}, f.procedures...)}
	case portal.ServiceRatings:
		var rs []portal.Ratings
		if err := json.Unmarshal(in.Data, &rs); err != nil || len(rs) == 0 {
			return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "data phải là danh sách đánh giá"}
		}
		for _, r := range rs {
			if r.Thang == "" {
				return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "thiếu Thang"}
			}
			// An aggregate replaces the month's last one: sending it again is harmless.
			k := in.MaDonVi + " " + r.Thang
			f.ratingCalls[k]++
			f.ratings[k] = Rating{Ratings: r, Received: f.ratingCalls[k]}
		}
		return portal.Answer{Message: "ok"}
	case portal.ServiceProgress:
		var steps []portal.Step
		if err := json.Unmarshal(in.Data, &steps); err != nil || len(steps) == 0 {
			return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "data phải là danh sách bước xử lý"}
		}
		for _, s := range steps {
			if f.dossiers[s.MaHoSo] == nil {
				return portal.Answer{ErrorCode: portal.CodeNotFound, Message: "không tìm thấy hồ sơ " + s.MaHoSo}
			}
		}
		for _, s := range steps {
			d := f.dossiers[s.MaHoSo]
			d.Steps = append(d.Steps, s)
		}
		return portal.Answer{Message: "ok"}
	}
	return portal.Answer{ErrorCode: portal.CodeInvalid, Message: "dịch vụ không được hỗ trợ: " + in.Service}
}

// Codes returns the MaHoSo of every dossier held, sorted.
func (f *Fake) Codes() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]string, 0, len(f.dossiers))
	for k := range f.dossiers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Forget drops a dossier, as if the portal had lost it: for tests of the
// reconciliation.
func (f *Fake) Forget(code string) {
	f.mu.Lock()
	delete(f.dossiers, code)
	f.mu.Unlock()
}

// Edit changes what the fake holds of a dossier (when it holds it), as a
// hand edit on the portal would: for tests of the reconciliation.
func (f *Fake) Edit(code string, fn func(*Dossier)) {
	f.mu.Lock()
	if d := f.dossiers[code]; d != nil {
		fn(d)
	}
	f.mu.Unlock()
}
