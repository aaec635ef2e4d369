package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/middleware"
)

// The public pages (the catalogue, a procedure, the news) are the same for
// every anonymous reader in one language, and change only when an
// administrator edits what they show. publicCache keeps each rendered page
// for a short time, with its ETag and a gzip copy, so that a reader gets it
// without a database read or a template run, and a browser that has it gets
// 304 Not Modified.
//
// A page is served from the cache only to a reader with no officer or
// citizen session, no flash message and no ?lang= switch: every other
// request renders as before. An entry lives publicCacheTTL, and is stale at
// once when this process commits a write to what public pages show (the
// store's PublicVersion: procedures, fields, units, news), whether through
// the pages, the API or a job; another node's or the CLI's write shows
// within the TTL.
const (
	publicCacheTTL     = 10 * time.Second
	publicCacheEntries = 512 // a full cache is emptied: search queries cannot grow it without bound
)

type publicCache struct {
	mu      sync.Mutex
	entries map[string]*publicPage
}

// publicPage is one rendered page as it was answered.
type publicPage struct {
	version     uint64 // the store's PublicVersion before it was rendered
	expires     time.Time
	contentType string
	lang        string
	etag        string
	body        []byte
	gzipped     []byte // nil when gzip did not make it smaller
}

func (c *publicCache) get(key string, version uint64, now time.Time) *publicPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.entries[key]
	if p == nil || p.version != version || now.After(p.expires) {
		return nil
	}
	return p
}

func (c *publicCache) put(key string, p *publicPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= publicCacheEntries {
		c.entries = make(map[string]*publicPage)
	}
	c.entries[key] = p
}

// cachedPublic serves a public page from the cache when the request allows
// it, and fills the cache from next's answer otherwise.
func (s *Server) cachedPublic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, ok := s.publicKey(r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		now, version := time.Now(), s.db.PublicVersion()
		if p := s.public.get(key, version, now); p != nil {
			p.serve(w, r)
			return
		}
		rec := &recorder{header: make(http.Header), status: http.StatusOK}
		next.ServeHTTP(rec, r)
		if rec.status != http.StatusOK || !strings.HasPrefix(rec.header.Get("Content-Type"), "text/html") {
			rec.replay(w)
			return
		}
		// Read before rendering: a write committed meanwhile makes the
		// entry stale at once rather than kept for the TTL.
		p := newPublicPage(rec, version, now.Add(publicCacheTTL))
		s.public.put(key, p)
		p.serve(w, r)
	})
}

// publicKey is the cache key of a request that may be served from the
// cache: its language, the server's notice (the demo's progress banner) and
// its path and query.
func (s *Server) publicKey(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return "", false
	}
	if middleware.PrincipalFrom(r.Context()) != nil || citizenOf(r) != nil {
		return "", false
	}
	if _, err := r.Cookie("motcua_flash"); err == nil {
		return "", false
	}
	if r.URL.Query().Has("lang") {
		return "", false // the switch sets a cookie
	}
	lang := "vi"
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		lang = "en"
	}
	notice := ""
	if s.opt.Notice != nil {
		if k, args := s.opt.Notice(); k != "" {
			notice = fmt.Sprint(k, args)
		}
	}
	return lang + "\x00" + notice + "\x00" + r.URL.RequestURI(), true
}

func newPublicPage(rec *recorder, version uint64, expires time.Time) *publicPage {
	body := bytes.Clone(rec.body.Bytes())
	sum := sha256.Sum256(body)
	p := &publicPage{
		version:     version,
		expires:     expires,
		contentType: rec.header.Get("Content-Type"),
		lang:        rec.header.Get("Content-Language"),
		etag:        `"` + hex.EncodeToString(sum[:12]) + `"`,
		body:        body,
	}
	p.gzipped = gzipped(body)
	return p
}

// gzipped is b compressed, or nil when that does not make it smaller.
func gzipped(b []byte) []byte {
	var z bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&z, gzip.DefaultCompression)
	zw.Write(b)
	if zw.Close() != nil || z.Len() >= len(b) {
		return nil
	}
	return z.Bytes()
}

// serve answers with the page, gzip when the reader takes it.
// http.ServeContent answers If-None-Match (304), HEAD and ranges; each
// encoding is its own representation, with its own strong ETag.
func (p *publicPage) serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// The reader checks with the ETag before using its copy: the catalogue
	// can change. The page depends on the language cookie.
	h.Set("Cache-Control", "no-cache")
	h.Add("Vary", "Accept-Encoding")
	h.Add("Vary", "Cookie")
	h.Set("Content-Type", p.contentType)
	h.Set("Content-Language", p.lang)
	body, etag := p.body, p.etag
	if p.gzipped != nil && acceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body, etag = p.gzipped, strings.TrimSuffix(p.etag, `"`)+`-gzip"`
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// acceptsGzip reports whether the request's Accept-Encoding takes gzip (and
// does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		v, err := strconv.ParseFloat(q, 64)
		return err == nil && v > 0
	}
	return false
}

// recorder keeps a handler's answer to be cached. Headers set before the
// handler ran (the security headers) stay on the real writer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(status int)      { r.status = status }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

// replay writes a recorded answer that is not cached as it was.
func (r *recorder) replay(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
