// Package web serves motcua's pages: the citizen portal (catalogue, online
// submission, status lookup, rating, news) and the officer workspace. Pages
// are rendered on the server with html/template and work without
// JavaScript; text is Vietnamese first, with English on request.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/signing"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

//go:embed templates static
var assets embed.FS

// Options configure the web.
type Options struct {
	// BaseURL returns the public URL (for QR codes and absolute links).
	BaseURL func() string
	// MaxUpload bounds one uploaded file, in bytes.
	MaxUpload int64
	// SecureCookie marks cookies Secure (set when served over TLS).
	SecureCookie bool
	// Notice, when set, returns a message key (of the tables in i18n*.go)
	// and its arguments for a banner on every page, or "" for none: the demo
	// shows how far its year is generated.
	Notice func() (key string, args []any)
	// Files keeps digitised papers and signed results (default: the
	// database); Verify checks a signed PDF (default: signature only, no
	// chain); Signing shows the signing buttons (files.go).
	Files   filestore.Store
	Verify  func(pdf []byte) (*signing.Verified, error)
	Signing bool
	// EID, when set, lets citizens sign in with the national e-ID (citizen.go).
	EID *EID
	// Backups, when set, reports the scheduled backups on the
	// administrators' overview (ops_backup.go).
	Backups func() *BackupStatus
	// Payments, when set, offers online payment of fees (payment.go).
	Payments *service.Payments
	// PortalMapping is the --portal-mapping file's mapping (empty: the
	// defaults); the mapping page shows the administrator's entries over it,
	// as the portal's client uses them.
	PortalMapping portal.Mapping
	// checkSides, set by the tests, reads every list the dossier page
	// skips because store.DossierSides found none, and fails the page if
	// one is not empty (store.CheckSides): each test that opens a dossier
	// after adding a file, a signed document or an online supplement
	// checks the probe as well.
	checkSides bool
}

// Server renders the pages.
type Server struct {
	db  *store.DB
	log *slog.Logger
	opt Options
	// The static files and the pages, shared by every Server (builtAssets).
	*assetSet
	// hashing bounds the password checks running at once (hashing.go).
	hashing *hashSlots
	// uploads throttles anonymous uploads by address (bodies.go).
	uploads *uploadGate
	// refunds asks for and confirms refunds (office_payments.go): the
	// payments service, or, with no gateway configured, one without
	// gateways, for money taken at the counter.
	refunds *service.Payments
	// charts keeps the dashboard's drawn charts (dashboard.go).
	charts chartCache
	// public keeps the public pages as anonymous readers get them (public_cache.go).
	public publicCache
}

// New serves the templates and static files, parsed and hashed on the
// process's first call; a broken template fails here, at start, not on
// first use.
func New(db *store.DB, log *slog.Logger, opt Options) (*Server, error) {
	s := &Server{db: db, log: log, opt: opt, hashing: newHashSlots(), uploads: newUploadGate()}
	if s.opt.BaseURL == nil {
		s.opt.BaseURL = func() string { return "" }
	}
	if s.opt.MaxUpload == 0 {
		s.opt.MaxUpload = 10 << 20
	}
	if s.refunds = s.opt.Payments; s.refunds == nil {
		s.refunds = &service.Payments{DB: db, Log: log}
	}
	s.filesDefaults()
	built, err := builtAssets()
	if err != nil {
		return nil, err
	}
	s.assetSet = built
	return s, nil
}

// assetSet is what every Server serves from the embedded files: the static
// files under content-hashed names, gzipped, and the pages parsed in each
// language. They are the same for every Server of the process and read
// only, so they are built once (a test run starts hundreds of servers).
type assetSet struct {
	static map[string]string                        // logical name -> hashed URL path
	files  map[string][]byte                        // hashed URL path -> content
	zipped map[string][]byte                        // hashed URL path -> gzip of its content, when smaller
	pages  map[string]map[string]*template.Template // language -> page name -> its templates (parsePages)
}

var builtAssets = sync.OnceValues(func() (*assetSet, error) {
	a := &assetSet{static: map[string]string{}, files: map[string][]byte{}, zipped: map[string][]byte{},
		pages: map[string]map[string]*template.Template{}}
	err := fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		hashed := "/static/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.static[name] = hashed
		a.files[hashed] = b
		if z := gzipped(b); z != nil {
			a.zipped[hashed] = z
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	for _, lang := range []string{"vi", "en"} {
		pages, err := parsePages(a.static, lang, true)
		if err != nil {
			return nil, err
		}
		a.pages[lang] = pages
	}
	return a, nil
})

// parsePages parses the layout, the partials and each page in lang, with
// the words the templates ask for by a fixed key written out when inline is
// set (templates_inline.go): page name -> the layout, the partials and the
// page. static maps a static file's name to its hashed path.
func parsePages(static map[string]string, lang string, inline bool) (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"static": func(name string) string { return static[name] },
	}
	maps.Copy(funcs, templateFuncs())
	parse := func(t *template.Template, file string) error {
		b, err := assets.ReadFile(file)
		if err != nil {
			return err
		}
		src := string(b)
		if inline {
			src, _ = inlineTranslations(src, lang)
		}
		if name := path.Base(file); name != t.Name() {
			t = t.New(name)
		}
		if _, err := t.Parse(src); err != nil {
			return fmt.Errorf("web: %s: %w", file, err)
		}
		return nil
	}
	layout := template.New("layout.html").Funcs(funcs)
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range append([]string{"templates/layout.html"}, partials...) {
		if err := parse(layout, f); err != nil {
			return nil, err
		}
	}
	names, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		t := template.Must(layout.Clone())
		if err := parse(t, n); err != nil {
			return nil, err
		}
		pages[strings.TrimSuffix(path.Base(n), ".html")] = t
	}
	return pages, nil
}

// handler is a page handler: it returns an error to one renderer.
type handler func(w http.ResponseWriter, r *http.Request) error

// Page is what every template receives.
type Page struct {
	Lang      string
	Title     string
	Principal *middleware.Principal
	CSRF      string
	Path      string // the request path and query, for the language switch
	Flash     string
	Errors    map[string]string // field -> message
	Form      url.Values        // what the user typed, kept on error
	Nav       string            // the active navigation item
	Data      any
	// FormError is the message above a form that has field errors.
	FormError string
	// Notice is the banner of Options.Notice, translated.
	Notice string
	// Citizen is the citizen signed in with the national e-ID, or nil.
	Citizen *store.CitizenSession
	// Province: the officer works for a province, whose view (province.go) the navigation links.
	Province bool
	// NavCount is the number of dossiers waiting for the officer, shown
	// beside the workspace link (workspace.go, navCount); "" for others.
	NavCount string
}

// T translates a message key into the page's language.
func (p *Page) T(key string, args ...any) string { return translate(p.Lang, key, args...) }

// SwitchURL is this page's address in the other language, keeping its query.
func (p *Page) SwitchURL() string {
	u, err := url.Parse(p.Path)
	if err != nil {
		return "/"
	}
	q := u.Query()
	if p.Lang == "en" {
		q.Set("lang", "vi")
	} else {
		q.Set("lang", "en")
	}
	u.RawQuery = q.Encode()
	return u.RequestURI()
}

// Value returns what the user typed in field name.
func (p *Page) Value(name string) string {
	if p.Form == nil {
		return ""
	}
	return p.Form.Get(name)
}

// Officer returns the logged-in officer or nil.
func (p *Page) Officer() *staff.Officer {
	if p.Principal == nil {
		return nil
	}
	return p.Principal.Officer
}

// newPage prepares the common page data for r.
func (s *Server) newPage(w http.ResponseWriter, r *http.Request, title string) *Page {
	p := s.newPageWithoutCount(w, r, title)
	if p.Principal != nil && p.Principal.Officer != nil {
		p.NavCount = s.navCount(r.Context(), p.Principal.Officer)
	}
	return p
}

// newPageWithoutCount is newPage without the navigation's count, for the
// workspace, which counts the same queues itself.
func (s *Server) newPageWithoutCount(w http.ResponseWriter, r *http.Request, title string) *Page {
	lang := languageOf(w, r)
	p := &Page{Lang: lang, Title: title, Principal: middleware.PrincipalFrom(r.Context()), Path: r.URL.RequestURI(), Citizen: citizenOf(r)}
	p.CSRF = s.csrfToken(w, r)
	p.Province = s.isProvinceOfficer(r)
	if s.opt.Notice != nil {
		if key, args := s.opt.Notice(); key != "" {
			p.Notice = translate(lang, key, args...)
		}
	}
	if c, err := r.Cookie("motcua_flash"); err == nil {
		if v, err := url.QueryUnescape(c.Value); err == nil {
			p.Flash = v
		}
		http.SetCookie(w, &http.Cookie{Name: "motcua_flash", Path: "/", MaxAge: -1})
	}
	return p
}

// flash shows msg on the next page the browser loads.
func (s *Server) flash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{Name: "motcua_flash", Value: url.QueryEscape(msg), Path: "/", MaxAge: 60,
		HttpOnly: true, Secure: s.opt.SecureCookie, SameSite: http.SameSiteLaxMode})
}

// render executes a page template into a buffer first, so that a template
// error never leaves half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, p *Page) error {
	t, ok := s.pages[p.Lang][name]
	if !ok {
		return fmt.Errorf("web: no page template %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooledRender {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", p.Lang)
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// renderBuffers keeps render's buffers: a page grew its buffer from nothing
// to tens of kilobytes on every view, a seventh of the dashboard's
// allocations. A buffer grown past maxPooledRender (a long list) is let go.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooledRender = 256 << 10

// wrap turns a handler's error into one error page, logging internal ones once.
func (s *Server) wrap(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.renderError(w, r, err)
		}
	})
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	if r.Context().Err() != nil && errors.Is(err, r.Context().Err()) {
		return // the visitor went away: nobody to answer, nothing to log
	}
	kind := apperr.KindOf(err)
	if kind == apperr.Unauthenticated && r.Method == http.MethodGet {
		http.Redirect(w, r, "/dang-nhap?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	code := apperr.PageStatus(kind) // the one table, shared with the API
	if code >= 500 {
		middleware.LogError(r.Context(), s.log, "web "+r.URL.Path, err)
	}
	p := s.newPage(w, r, "")
	p.Title = p.T("error.title")
	msg := apperr.PublicMessage(err)
	if kind == apperr.NotFound && !errors.As(err, new(*apperr.Error)) {
		msg = p.T("error.notfound")
	}
	p.Data = map[string]any{"Code": code, "Message": msg, "RequestID": middleware.RequestID(r.Context())}
	if rerr := s.render(w, code, "error", p); rerr != nil {
		s.log.ErrorContext(r.Context(), "render error page", "err", rerr)
		http.Error(w, msg, code)
	}
}

// serveStatic serves a hashed static file with a long cache lifetime.
func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	b, ok := s.files[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch path.Ext(r.URL.Path) {
	case ".css":
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case ".js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	case ".svg":
		w.Header().Set("Content-Type", "image/svg+xml")
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("Vary", "Accept-Encoding")
	if z := s.zipped[r.URL.Path]; z != nil && acceptsGzip(r) {
		w.Header().Set("Content-Encoding", "gzip")
		b = z
	}
	w.Write(b)
}

// languageOf picks the page language: ?lang= (remembered in a cookie), the
// cookie, then Vietnamese.
func languageOf(w http.ResponseWriter, r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "vi" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode})
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "en" || c.Value == "vi") {
		return c.Value
	}
	return "vi"
}
