package middleware

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// maxFormBody bounds a url-encoded form body. Forms that carry files are
// multipart and bounded by the web's routes.
const maxFormBody = 1 << 20

// ValidText reports whether s may enter the system: valid UTF-8 without a NUL
// byte. PostgreSQL refuses NUL in text (a 500 where the caller made the
// mistake), SQLite would store it, and invalid UTF-8 would be stored as
// U+FFFD: both are refused at the boundary instead.
func ValidText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// CheckValues returns the name of the first field whose name or a value is
// not ValidText, and false; or "", true when every one is.
func CheckValues(v map[string][]string) (string, bool) {
	for k, vs := range v {
		if !ValidText(k) {
			return "?", false
		}
		for _, s := range vs {
			if !ValidText(s) {
				return k, false
			}
		}
	}
	return "", true
}

// validInput refuses, with 400 and before any handler runs, a request whose
// path, query or url-encoded form holds a NUL byte or invalid UTF-8. A
// url-encoded body is parsed here (at most maxFormBody), so handlers find it
// in r.PostForm. Multipart forms are checked by the web after parsing them;
// JSON bodies by the API.
func validInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !ValidText(r.URL.Path) || !ValidText(r.URL.RawPath) {
			refuseInput(w, r, "path", "Địa chỉ trang chứa ký tự không hợp lệ.")
			return
		}
		q, _ := url.ParseQuery(r.URL.RawQuery) // malformed pairs are dropped, as r.URL.Query does
		if field, ok := CheckValues(q); !ok {
			refuseInput(w, r, field, fmt.Sprintf("Tham số %q trên địa chỉ chứa ký tự không hợp lệ (ký tự NUL hoặc không phải UTF-8).", field))
			return
		}
		switch r.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
			if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "application/x-www-form-urlencoded" {
				r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
				if err := r.ParseForm(); err != nil {
					if errors.As(err, new(*http.MaxBytesError)) {
						refuseInput(w, r, "", "Biểu mẫu gửi lên quá lớn.")
					} else {
						refuseInput(w, r, "", "Không đọc được biểu mẫu gửi lên.")
					}
					return
				}
				if field, ok := CheckValues(r.PostForm); !ok {
					refuseInput(w, r, field, fmt.Sprintf("Trường %q chứa ký tự không hợp lệ (ký tự NUL hoặc không phải UTF-8).", field))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// IsAPI reports whether r is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

var badInputPage = template.Must(template.New("bad").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Yêu cầu không hợp lệ</title></head>
<body><main><h1>Yêu cầu không hợp lệ</h1>
<p role="alert">{{.Message}}</p>
<p><a href="/">Về trang chủ</a></p>
<p>Mã yêu cầu: <code>{{.RequestID}}</code></p></main></body></html>
`))

// refuseInput answers 400: in the API's JSON error shape for /api/, or a
// small Vietnamese page for the web.
func refuseInput(w http.ResponseWriter, r *http.Request, field, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	if IsAPI(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		body := map[string]string{"kind": "invalid", "message": msg}
		if field != "" && ValidText(field) {
			body["field"] = field
		}
		json.NewEncoder(w).Encode(map[string]any{"error": body})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", "vi")
	w.WriteHeader(http.StatusBadRequest)
	badInputPage.Execute(w, map[string]string{"Message": msg, "RequestID": RequestID(r.Context())})
}

// publicPaths are the pages and API resources anyone may read that carry no
// personal data: the catalogue, the news, static files. Only these, and only
// to an anonymous reader, may be cached; everything else is no-store.
var publicPaths = []string{"/thu-tuc/", "/tin-tuc", "/static/", "/api/v1/openapi.json", "/api/v1/units",
	"/api/v1/fields", "/api/v1/procedures", "/healthz", "/readyz", "/metrics"}

// cachePolicy marks every response Cache-Control: no-store unless it is a
// public page read anonymously: officers' pages, lookup results, submission
// confirmations and the API's dossier routes carry personal data that no
// browser or proxy may keep. A handler may still set its own policy (static
// files, a published article's image).
func cachePolicy(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !cacheable(r) {
			w.Header().Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

func cacheable(r *http.Request) bool {
	if PrincipalFrom(r.Context()) != nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		return false
	}
	if r.URL.Path == "/" {
		return true
	}
	for _, p := range publicPaths {
		if r.URL.Path == strings.TrimSuffix(p, "/") || strings.HasPrefix(r.URL.Path, p) {
			return true
		}
	}
	return false
}
