// Package api is motcua's JSON API, version 1. Every route is registered from
// one table that names who may call it; the OpenAPI document served at
// /api/v1/openapi.json describes exactly those routes (a test holds them equal).
package api

import (
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

//go:embed openapi.json
var openAPIDoc []byte

// access says who may call a route.
type access int

const (
	public  access = iota // anyone
	officer               // any logged-in officer or API token
	admin                 // an officer with the admin role (the handler checks the unit)
)

type route struct {
	method  string
	pattern string // Go 1.22 mux pattern, also the OpenAPI path
	access  access
	handle  func(w http.ResponseWriter, r *http.Request) error
}

// API serves /api/v1.
type API struct {
	db  *store.DB
	log *slog.Logger
	opt Options
	now func() time.Time
}

// Options configure the API.
type Options struct {
	// BaseURL returns the public URL, printed in the receipt's QR code.
	BaseURL func() string
	// PortalInbound takes the dossiers the national portal pushes; nil
	// answers 404 (no shared secret configured).
	PortalInbound *portal.Receiver
	// NotifyReports takes the SMS and Zalo delivery reports; nil answers 404.
	NotifyReports *notify.Reports
	// Payments takes the payment gateways' IPNs and callbacks; nil answers 404.
	Payments *service.Payments
	// Files is the file store result papers go to (results.go); MaxUpload
	// bounds an uploaded file (default 10 MB).
	Files     filestore.Store
	MaxUpload int64
}

// New returns the API over db.
func New(db *store.DB, log *slog.Logger, opt Options) *API {
	if opt.BaseURL == nil {
		opt.BaseURL = func() string { return "" }
	}
	return &API{db: db, log: log, opt: opt, now: time.Now}
}

func (a *API) routes() []route {
	return []route{
		{"GET", "/api/v1/openapi.json", public, a.openAPI},
		{"GET", "/api/v1/me", officer, a.me},
		{"GET", "/api/v1/units", public, a.listUnits},
		{"POST", "/api/v1/units", admin, a.createUnit},
		{"GET", "/api/v1/units/{code}", public, a.getUnit},
		{"PUT", "/api/v1/units/{code}", admin, a.updateUnit},
		{"GET", "/api/v1/fields", public, a.listFields},
		{"GET", "/api/v1/procedures", public, a.listProcedures},
		{"POST", "/api/v1/procedures", admin, a.saveProcedure},
		{"GET", "/api/v1/procedures/{code}", public, a.getProcedure},
		{"PUT", "/api/v1/procedures/{code}", admin, a.saveProcedure},
		{"GET", "/api/v1/procedures/{code}/versions", public, a.procedureVersions},
		{"GET", "/api/v1/officers", admin, a.listOfficers},
		{"POST", "/api/v1/officers", admin, a.createOfficer},
		{"GET", "/api/v1/officers/{id}/tokens", admin, a.officerTokens},
		{"DELETE", "/api/v1/officers/{id}/tokens/{token}", admin, a.revokeToken},
		{"GET", "/api/v1/officers/{id}/sessions", admin, a.officerSessions},
		{"DELETE", "/api/v1/officers/{id}/sessions/{session}", admin, a.endSession},
		{"POST", "/api/v1/dossiers", public, a.createDossier},
		{"GET", "/api/v1/dossiers", officer, a.listDossiers},
		{"GET", "/api/v1/dossiers/{code}", officer, a.getDossier},
		{"GET", "/api/v1/dossiers/{code}/events", officer, a.dossierEvents},
		{"POST", "/api/v1/dossiers/{code}/actions", officer, a.actOnDossier},
		{"POST", "/api/v1/dossiers/{code}/rating", public, a.rate},
		{"POST", "/api/v1/dossiers/{code}/supplement", public, a.supplement},
		{"GET", "/api/v1/dossiers/{code}/result-paper", officer, a.getResultPaper},
		{"PUT", "/api/v1/dossiers/{code}/result-paper", officer, a.putResultPaper},
		{"POST", "/api/v1/dossiers/{code}/result-paper/generate", officer, a.generateResultPaper},
		{"GET", "/api/v1/lookup", public, a.lookup},
		{"GET", "/api/v1/dossiers/{code}/documents/{kind}", officer, a.dossierDocument},
		{"GET", "/api/v1/letters", officer, a.listLetters},
		{"POST", "/api/v1/letters/{id}/printed", officer, a.markLetter(true)},
		{"POST", "/api/v1/letters/{id}/sent", officer, a.markLetter(false)},
		{"GET", "/api/v1/letter-templates/{kind}", officer, a.letterTemplates},
		{"POST", "/api/v1/letter-templates/{kind}", officer, a.saveLetterTemplate},
		{"POST", "/api/v1/letter-templates/{kind}/preview", officer, a.previewLetter},
		{"GET", "/api/v1/report", officer, a.getReport},
		{"POST", "/api/v1/portal/inbound", public, a.portalInbound},                  // the portal's shared secret: portal_inbound.go
		{"POST", "/api/v1/notify/reports/sms", public, a.notifyReport(notify.SMS)},   // the provider's signature: notify_reports.go
		{"POST", "/api/v1/notify/reports/zalo", public, a.notifyReport(notify.Zalo)}, // Zalo's signature
		{"GET", "/api/v1/payments/vnpay/ipn", public, a.vnpayIPN},                    // signed by the gateway: payments.go
		{"POST", "/api/v1/payments/paygov/callback", public, a.paygovCallback},       // signed by the platform: payments.go
	}
}

// Register adds every route to mux.
func (a *API) Register(mux *http.ServeMux) {
	for _, rt := range a.routes() {
		mux.Handle(rt.method+" "+rt.pattern, a.wrap(rt))
	}
}

// wrap applies the route's access rule, CSRF for cookie sessions, and turns
// a returned error into one JSON response.
func (a *API) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := middleware.PrincipalFrom(r.Context())
		var err error
		switch {
		case rt.access >= officer && p == nil:
			err = apperr.New(apperr.Unauthenticated, "cần đăng nhập hoặc mã truy cập API")
		case rt.access == admin && !p.Officer.Has(staff.Admin):
			err = apperr.New(apperr.Forbidden, "chỉ quản trị viên được thực hiện thao tác này")
		case p != nil && !p.ViaToken && r.Method != http.MethodGet && r.Method != http.MethodHead &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get("X-CSRF-Token")), []byte(p.CSRF)) != 1:
			err = apperr.New(apperr.Forbidden, "thiếu hoặc sai mã chống giả mạo (X-CSRF-Token)")
		default:
			err = rt.handle(w, r)
		}
		if err != nil {
			a.writeError(w, r, err)
		}
	})
}

// status maps error kinds to HTTP status codes: apperr's one table, shared
// with the web pages.
func status(k apperr.Kind) int { return apperr.HTTPStatus(k) }

type errorBody struct {
	Kind    string            `json:"kind"`
	Message string            `json:"message"`
	Field   string            `json:"field,omitempty"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		return // the client went away: nobody to answer, nothing to log
	}
	kind := apperr.KindOf(err)
	if kind == apperr.Internal {
		middleware.LogError(r.Context(), a.log, "api "+r.URL.Path, err)
	}
	body := errorBody{Kind: kind.String(), Message: apperr.PublicMessage(err), Field: apperr.FieldOf(err)}
	var fe *apperr.FieldsError
	if errors.As(err, &fe) {
		body.Fields = fe.Fields
	}
	writeJSON(w, status(kind), map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, code int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	// Compact: indenting cost as much CPU as encoding (a list of 50
	// dossiers, docs/performance.md "The API's list"); jq shows it indented.
	return json.NewEncoder(w).Encode(v)
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, err := w.Write(openAPIDoc)
	return err
}

func (a *API) me(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, officerView(middleware.PrincipalFrom(r.Context()).Officer))
}
