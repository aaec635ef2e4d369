package securitytest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testenv"
)

// Requests returns how many requests a bounded request fuzz sends: short by
// default, long in the long suite (testenv.IsLong).
func Requests(t testing.TB, short, long int) int {
	if testenv.IsLong(t) {
		return long
	}
	return short
}

// Seed returns the fuzz's seed: MOTCUA_FUZZ_SEED when set (to replay a run),
// else fixed; it is logged.
func Seed(t testing.TB) uint64 {
	t.Helper()
	seed := uint64(20261202)
	if s := os.Getenv("MOTCUA_FUZZ_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("MOTCUA_FUZZ_SEED=%q: %v", s, err)
		}
		seed = n
	}
	t.Logf("request fuzz seed %d (replay with MOTCUA_FUZZ_SEED=%d)", seed, seed)
	return seed
}

// Mutator makes hostile variants of valid requests, deterministically from
// its seed.
type Mutator struct{ R *rand.Rand }

// NewMutator returns a Mutator seeded with seed.
func NewMutator(seed uint64) *Mutator {
	return &Mutator{R: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

// hostile are the strings a fuzz puts into fields.
var hostile = []string{
	"", " ", "0", "-1", "1e400", "288230376151711744", "1152921504606847", "9223372036854775808", "-9223372036854775809",
	"1000000", "NaN", "9999-01-01", "0000-00-00", "2026-02-30", "25:61", "\x00", "a\x00b", "\xff\xfe", "\xc3\x28",
	"<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "../../etc/passwd", "{{ten_tre}}", "%s%n", "null", "true",
	"e\u0301", "\u202e", strings.Repeat("ă", 300), "000.21.37.H56", "1.001193", "admin", "leader",
}

// String returns a hostile string: one of a list, a long one, or random bytes.
func (m *Mutator) String() string {
	switch m.R.IntN(10) {
	case 0:
		h := hostile[m.R.IntN(len(hostile))]
		return strings.Repeat(h, 1+m.R.IntN(max(1, (1<<20)/max(1, len(h)))))
	case 1:
		b := make([]byte, m.R.IntN(64))
		for i := range b {
			b[i] = byte(m.R.IntN(256))
		}
		return string(b)
	}
	return hostile[m.R.IntN(len(hostile))]
}

// Form mutates a valid form: values replaced, repeated, dropped, and keys
// added.
func (m *Mutator) Form(base url.Values) url.Values {
	out := url.Values{}
	for k, vs := range base {
		switch {
		case k == "csrf":
			out[k] = vs // keep the token: the fuzz is of what comes after it
		case m.R.IntN(4) == 0:
			// dropped
		case m.R.IntN(3) == 0:
			out[k] = []string{m.String()}
		case m.R.IntN(6) == 0:
			for range 1 + m.R.IntN(50) {
				out.Add(k, m.String())
			}
		default:
			out[k] = vs
		}
	}
	for range m.R.IntN(4) {
		keys := []string{"copies", "pages", "sets", "amount", "extend_days", "due_days", "component", "component-" + strconv.Itoa(m.R.IntN(1<<20)),
			"applicant.full_name", "applicant.id_number", "declaration.child_birth_date", "new_appointment", "reason", "items", "method",
			"officer_id", "receipt", "weekdays", "hours", "roles", "fields", "unit", "parent", "successor", "confirm", "active", "yaml", m.String()}
		out.Add(keys[m.R.IntN(len(keys))], m.String())
	}
	return out
}

// Multipart encodes form as multipart/form-data with a random file under a
// component field; it returns the body and its content type.
func (m *Mutator) Multipart(form url.Values) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	heads := []string{"%PDF-1.4\n", "\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "MZ", "<html>", ""}
	names := []string{"to-khai.pdf", "chay.bat", "hoso.html", "anh.svg", "", "\x00.pdf", strings.Repeat("a", 500) + ".pdf", "../../x.pdf"}
	fw, err := mw.CreateFormFile("component-"+strconv.Itoa(m.R.IntN(3)), names[m.R.IntN(len(names))])
	if err == nil {
		fw.Write([]byte(heads[m.R.IntN(len(heads))] + m.String()))
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

// JSON mutates a valid JSON body: values replaced by values of other types,
// huge numbers, long or broken strings, keys dropped or added, deep nesting,
// and sometimes bytes that are not JSON at all.
func (m *Mutator) JSON(base string) string {
	switch m.R.IntN(12) {
	case 0:
		return base[:m.R.IntN(len(base)+1)] // cut off
	case 1:
		n := 1 + m.R.IntN(20000)
		return strings.Repeat("[", n) + strings.Repeat("]", n)
	case 2:
		return m.String()
	}
	var v any
	if err := json.Unmarshal([]byte(base), &v); err != nil {
		return base
	}
	v = m.value(v, 0)
	b, err := json.Marshal(v)
	if err != nil {
		return base
	}
	s := string(b)
	// json.Marshal writes only valid UTF-8: put raw invalid bytes back in
	// now and then, as an attacker would.
	if m.R.IntN(3) == 0 {
		s = strings.Replace(s, "\\ufffd", "\xff", 1)
	}
	return s
}

func (m *Mutator) value(v any, depth int) any {
	if m.R.IntN(6) == 0 || depth > 6 {
		return m.leaf()
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			if m.R.IntN(6) == 0 {
				continue
			}
			out[k] = m.value(e, depth+1)
		}
		if m.R.IntN(5) == 0 {
			out[m.String()] = m.leaf()
		}
		return out
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			out = append(out, m.value(e, depth+1))
		}
		if m.R.IntN(8) == 0 {
			// Many elements, each small: thousands of components.
			for range m.R.IntN(6000) {
				out = append(out, hostile[m.R.IntN(len(hostile))])
			}
		}
		return out
	}
	if m.R.IntN(2) == 0 {
		return v
	}
	return m.leaf()
}

func (m *Mutator) leaf() any {
	switch m.R.IntN(9) {
	case 0:
		return json.Number([]string{"288230376151711744", "1152921504606847", "1e400", "-1", "1000000", "9223372036854775808", "0.5", "-0"}[m.R.IntN(8)])
	case 1:
		return nil
	case 2:
		return m.R.IntN(2) == 0
	case 3:
		return []any{m.String(), 1}
	case 4:
		var v any = m.String()
		for range m.R.IntN(200) {
			v = map[string]any{"a": v}
		}
		return v
	}
	return m.String()
}

// Failure is one response 5xx of a request fuzz.
type Failure struct {
	Route, Path, Body string
	Status            int
	Response          string
}

func (f Failure) String() string {
	return fmt.Sprintf("%s (%s) → %d: request body %.300q; response %.300q", f.Route, f.Path, f.Status, f.Body, f.Response)
}

// Shot is one request of a request fuzz.
type Shot struct {
	Route, Method, Path string
	Client              *Client
	Header              http.Header
	Body                string
}

// Fire sends n shots made by next, within budget, and fails the test for
// every response 5xx. It logs how many requests went, by status class.
func (w *World) Fire(t testing.TB, n int, budget time.Duration, next func(i int) Shot) {
	t.Helper()
	start := time.Now()
	classes := map[int]int{}
	var failures []Failure
	sent, broken := 0, 0
	for i := range n {
		if time.Since(start) > budget {
			t.Logf("time budget %v spent after %d of %d requests", budget, sent, n)
			break
		}
		s := next(i)
		resp, text, err := s.Client.Try(s.Method, s.Path, s.Header, strings.NewReader(s.Body))
		sent++
		if err != nil {
			broken++
			if broken <= 5 {
				t.Logf("%s: transport error (not counted as 5xx): %v", s.Route, err)
			}
			continue
		}
		classes[resp.StatusCode/100]++
		if resp.StatusCode >= 500 {
			failures = append(failures, Failure{Route: s.Route, Path: s.Path, Body: s.Body, Status: resp.StatusCode, Response: text})
		}
	}
	for _, f := range failures {
		t.Errorf("5xx: %s", f)
	}
	t.Logf("%d requests in %v: 2xx %d, 3xx %d, 4xx %d, 5xx %d, transport errors %d",
		sent, time.Since(start).Round(time.Millisecond), classes[2], classes[3], classes[4], classes[5], broken)
}
