package securitytest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Outcome is what a request came to, as far as access goes.
type Outcome int

const (
	// Allowed: the handler ran (2xx, a redirect elsewhere than the login
	// page, or a refusal of the input: 400, 409, 422, 429).
	Allowed         Outcome = iota
	Unauthenticated         // 401, or a redirect to the login page
	Forbidden               // 403
	NotFound                // 404
	ServerError             // 5xx
	OtherStatus             // anything else (405...)
)

func (o Outcome) String() string {
	return [...]string{"allowed", "unauthenticated", "forbidden", "not found", "server error", "other"}[o]
}

// Classify says what resp came to.
func Classify(resp *http.Response) Outcome {
	switch c := resp.StatusCode; {
	case c >= 500:
		return ServerError
	case c == http.StatusUnauthorized:
		return Unauthenticated
	case c == http.StatusForbidden:
		return Forbidden
	case c == http.StatusNotFound:
		return NotFound
	case c >= 300 && c < 400:
		if strings.HasPrefix(resp.Header.Get("Location"), "/dang-nhap") {
			return Unauthenticated
		}
		return Allowed
	case c < 300, c == http.StatusBadRequest, c == http.StatusConflict, c == http.StatusUnprocessableEntity,
		c == http.StatusTooManyRequests, c == http.StatusRequestEntityTooLarge:
		return Allowed
	}
	return OtherStatus
}

// Rule is the declared access of one route: who may use it and what an
// officer allowed on the route gets for an object of another unit.
type Rule struct {
	// Public: anyone, anonymous included. Otherwise an officer with one of
	// Roles (any officer when Roles is empty).
	Public bool
	Roles  []Role
	// OtherUnit is the outcome for an object of another unit, for an officer
	// whose role the route allows: NotFound or Forbidden, or Allowed for
	// objects every unit may use.
	OtherUnit Outcome
	// HandlerDecides: the handler also checks the role for the object or the
	// action (a dossier's action), so an allowed role may get Forbidden on
	// its own unit's objects too.
	HandlerDecides bool
	// Also lists further outcomes that are right for every caller (the
	// login form refuses unknown credentials with 401).
	Also []Outcome
	// Citizen: only a citizen signed in with the national e-ID, which no
	// caller of the matrix is: every one of them is unauthenticated. The
	// citizens' own matrix (two accounts) is internal/web's citizen tests.
	Citizen bool
}

// Everyone, AnyOfficer and Only build rules.
var (
	Everyone    = Rule{Public: true, OtherUnit: Allowed}
	AnyOfficer  = Rule{OtherUnit: NotFound}
	CitizenOnly = Rule{Citizen: true, OtherUnit: NotFound}
)

// Only allows the given roles.
func Only(rs ...Role) Rule { return Rule{Roles: rs, OtherUnit: NotFound} }

// Else sets the outcome for another unit's object.
func (r Rule) Else(o Outcome) Rule { r.OtherUnit = o; return r }

// Or accepts outcome o too, for every caller.
func (r Rule) Or(o Outcome) Rule { r.Also = append(slices.Clip(r.Also), o); return r }

// Decides marks a route whose handler checks the role for each object.
func (r Rule) Decides() Rule { r.HandlerDecides = true; return r }

// Expect returns the outcomes acceptable for role (of unit caller, -1 for
// anonymous) on an object of unit owner.
func (r Rule) Expect(role Role, caller, owner int, unitBound bool) []Outcome {
	return append(r.expect(role, caller, owner, unitBound), r.Also...)
}

func (r Rule) expect(role Role, caller, owner int, unitBound bool) []Outcome {
	switch {
	case r.Citizen:
		return []Outcome{Unauthenticated}
	case role == Anonymous && r.Public:
		return []Outcome{Allowed}
	case role == Anonymous:
		return []Outcome{Unauthenticated}
	case !r.Public && len(r.Roles) > 0 && !slices.Contains(r.Roles, role):
		return []Outcome{Forbidden}
	case unitBound && caller != owner:
		return []Outcome{r.OtherUnit}
	case r.HandlerDecides:
		return []Outcome{Allowed, Forbidden}
	}
	return []Outcome{Allowed}
}

// param matches a path parameter of a pattern.
var param = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// Filler fills a route's path with the objects of one unit: every concrete
// path to try, and whether the object belongs to the unit (false for shared
// objects such as procedures). A pattern with a parameter it does not know
// fails the test: add a filler for it.
type Filler func(u *Unit, path, name string) (values []string, unitBound, ok bool)

// Fill returns the concrete paths of pattern (a path without its method)
// for the objects of unit u.
func Fill(t testing.TB, fill Filler, u *Unit, pattern string) (paths []string, unitBound bool) {
	t.Helper()
	pattern = strings.TrimSuffix(pattern, "{$}")
	paths = []string{pattern}
	for _, m := range param.FindAllStringSubmatch(pattern, -1) {
		values, bound, ok := fill(u, pattern, m[1])
		if !ok {
			t.Fatalf("%s: no object to fill {%s} with: add one to the test's filler", pattern, m[1])
		}
		unitBound = unitBound || bound
		var next []string
		for _, p := range paths {
			for _, v := range values {
				next = append(next, strings.Replace(p, m[0], v, 1))
			}
		}
		paths = next
	}
	return paths, unitBound
}

// Actions are the dossier actions a matrix tries.
var Actions = []string{"receive", "assign", "refuse", "request_supplement", "supplement", "request_payment",
	"record_payment", "withdraw", "stop", "resume", "add_coordinator", "consult", "answer", "propose",
	"send_back", "approve", "draft_apology", "approve_apology", "return", "digitise"}

// Documents are the kinds of generated documents.
var Documents = []string{"receipt", "supplement", "refusal", "apology", "control", "handover", "letter"}

// LetterKinds are the kinds of letters.
var LetterKinds = []string{"congratulation_birth", "congratulation_marriage", "condolence"}

// Tally counts a matrix's combinations, mismatches and leaks.
type Tally struct {
	Combinations, Mismatches, Leaks int
}

// Check compares one response with the rule and reports a mismatch; a
// response that reached the handler where the rule refuses it is a leak.
// The body of an allowed response of an officer must not show the other
// unit's markers (except on public routes).
func (w *World) Check(t testing.TB, tally *Tally, c *Client, method, path string, resp *http.Response, body string,
	want []Outcome, public bool) {
	t.Helper()
	tally.Combinations++
	got := Classify(resp)
	who := string(c.Role)
	if c.Unit >= 0 {
		who += "@" + w.Units[c.Unit].Unit.Code
	}
	if !slices.Contains(want, got) {
		tally.Mismatches++
		leak := got == Allowed
		if leak {
			tally.Leaks++
		}
		t.Errorf("%s %s as %s: %d (%s), want %v; leak=%v; body: %.200s", method, path, who, resp.StatusCode, got, want, leak, body)
		return
	}
	if got != Allowed || c.Unit < 0 || public {
		return
	}
	for _, m := range w.Units[Other(c.Unit)].Markers {
		if strings.Contains(body, m) {
			tally.Leaks++
			t.Errorf("%s %s as %s shows %q of the other unit (leak)", method, path, who, m)
			return
		}
	}
}
