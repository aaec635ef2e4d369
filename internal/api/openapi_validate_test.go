package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// The API tests call the server through validating: every response of
// /api/v1 is checked against openapi.json (status documented, body matching
// its schema), so the document cannot drift from what the code answers.

var (
	specOnce   sync.Once
	specDoc    *openapi3.T
	specRouter routers.Router
	specErr    error
)

func loadSpec() (*openapi3.T, routers.Router, error) {
	specOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
		loader := openapi3.NewLoader()
		specDoc, specErr = loader.LoadFromData(openAPIDoc)
		if specErr != nil {
			return
		}
		if specErr = specDoc.Validate(context.Background()); specErr != nil {
			return
		}
		// The document's server is relative ("/"): route on the path alone.
		routing := *specDoc
		routing.Servers = nil
		specRouter, specErr = legacy.NewRouter(&routing)
	})
	return specDoc, specRouter, specErr
}

// TestOpenAPIDocumentIsValid: the document is valid OpenAPI 3, and every
// operation documents a schema for each of its JSON responses.
func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc, _, err := loadSpec()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				if status == "204" || path == "/api/v1/openapi.json" || strings.HasPrefix(status, "3") {
					continue
				}
				if len(resp.Value.Content) == 0 {
					t.Errorf("%s %s %s: no response content documented", method, path, status)
				}
				for ct, mt := range resp.Value.Content {
					if mt.Schema == nil {
						t.Errorf("%s %s %s %s: no schema", method, path, status, ct)
					}
				}
			}
		}
	}
}

// validating wraps the API handler: each response under /api/v1 is checked
// against the document and a mismatch fails t.
func validating(t *testing.T, next http.Handler) http.Handler {
	_, router, err := loadSpec()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		if err := checkResponse(router, r, rec); err != nil {
			t.Errorf("response does not match openapi.json: %v", err)
		}
		for k, vs := range rec.Header() {
			w.Header()[k] = vs
		}
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
	})
}

func checkResponse(router routers.Router, r *http.Request, rec *httptest.ResponseRecorder) error {
	// The router matches absolute URLs against the document's servers.
	u := *r.URL
	u.Scheme, u.Host = "http", r.Host
	req := r.Clone(r.Context())
	req.URL = &u
	req.Body = http.NoBody
	route, params, err := router.FindRoute(req)
	if err != nil {
		return fmt.Errorf("%s %s: %v", r.Method, r.URL.Path, err)
	}
	params = unescapeParams(params)
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 rec.Code,
		Header:                 rec.Header(),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	in.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		return fmt.Errorf("%s %s → %d: %v\nbody: %s", r.Method, route.Path, rec.Code, err, truncate(rec.Body.Bytes()))
	}
	return nil
}

func unescapeParams(p map[string]string) map[string]string {
	for k, v := range p {
		if u, err := url.PathUnescape(v); err == nil {
			p[k] = u
		}
	}
	return p
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	if bytes.HasPrefix(b, []byte("%PDF")) {
		return "(PDF)"
	}
	return string(b)
}

// TestResponseValidationCanFail: the harness refuses a response whose body
// breaks the schema, an undocumented status and an unknown route, so a
// passing API test means the document matched.
func TestResponseValidationCanFail(t *testing.T) {
	_, router, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"extra key", "GET", "/api/v1/dossiers/X-1", 200, `{"code": "X-1", "secret": 1}`},
		{"wrong type", "GET", "/api/v1/units/000.21.37.H56", 200, `{"code": 5, "name": "x", "kind": "commune"}`},
		{"error without kind", "GET", "/api/v1/lookup?code=a&last4=1234", 404, `{"error": {"message": "x"}}`},
		{"undocumented status", "GET", "/api/v1/fields", 418, `{}`},
		{"unknown route", "GET", "/api/v1/nothing", 200, `{}`},
	} {
		req := httptest.NewRequest(tc.method, tc.path, nil)
		rec := httptest.NewRecorder()
		rec.Header().Set("Content-Type", "application/json; charset=utf-8")
		rec.WriteHeader(tc.status)
		rec.WriteString(tc.body)
		if err := checkResponse(router, req, rec); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
