package web

import (
	"net/http"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
)

// who says who may open a route: anyone, any officer, or an officer with
// one of the listed roles.
type who struct {
	officer bool
	citizen bool // a citizen signed in with the national e-ID (citizen.go)
	roles   []staff.Role
}

var (
	anyone     = who{}
	anyOfficer = who{officer: true}
	aCitizen   = who{citizen: true}
)

func roles(rs ...staff.Role) who { return who{officer: true, roles: rs} }

// route is one page route and who may use it.
type route struct {
	pattern string
	who     who
	h       handler
}

// Register adds every page route to mux: the table of each area of the site
// (routes.go, and one routes function per area file), each route with who may
// use it; every POST checks the CSRF token.
func (s *Server) Register(mux *http.ServeMux) {
	for _, rt := range s.routes() {
		h := s.wrap(rt.h)
		if publicPages[rt.pattern] {
			h = s.cachedPublic(h)
		}
		mux.Handle(rt.pattern, s.withCitizen(s.guard(rt.who, uploadForms[rt.pattern], h)))
	}
	mux.HandleFunc("GET /static/", s.serveStatic)
}

// routes is every area's table.
func (s *Server) routes() []route {
	var all []route
	for _, area := range []func() []route{s.baseRoutes, s.portalRoutes, s.officeRoutes, s.adminRoutes, s.citizenRoutes, s.feedbackRoutes,
		s.paymentRoutes, s.notifyRoutes, s.filesRoutes, s.resultRoutes, s.supplementRoutes} {
		all = append(all, area()...)
	}
	return all
}

// baseRoutes are the catalogue and the officers' login.
func (s *Server) baseRoutes() []route {
	return []route{
		// Citizen portal: reading needs no login.
		{"GET /{$}", anyone, s.catalogue},
		{"GET /thu-tuc/{code}", anyone, s.procedure},
		{"GET /thu-tuc/{code}/huong-dan.pdf", anyone, s.lawSheet},
		{"GET /thu-tuc/{code}/to-khai.pdf", anyone, s.blankForm},

		// Officers.
		{"GET /dang-nhap", anyone, s.loginForm},
		{"POST /dang-nhap", anyone, s.login},
		{"POST /dang-xuat", anyOfficer, s.logout},
	}
}

// publicPages are the pages every anonymous reader sees alike, served from
// the public page cache (public_cache.go).
var publicPages = map[string]bool{
	"GET /{$}":            true,
	"GET /thu-tuc/{code}": true,
	"GET /tin-tuc":        true,
	"GET /tin-tuc/{slug}": true,
}

// guard enforces who and the CSRF token before the handler runs. A POST's
// multipart body is read here, bounded by whether the route takes files
// (files: how many it may carry), and its temporary files are removed when
// the handler is done.
func (s *Server) guard(w who, files int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		p := middleware.PrincipalFrom(r.Context())
		if w.citizen && citizenOf(r) == nil {
			s.needCitizen(rw, r)
			return
		}
		if w.officer && p == nil {
			s.renderError(rw, r, apperr.New(apperr.Unauthenticated, "vui lòng đăng nhập"))
			return
		}
		if len(w.roles) > 0 && !p.Officer.HasAny(w.roles...) {
			s.renderError(rw, r, apperr.New(apperr.Forbidden, "bạn không có quyền mở trang này"))
			return
		}
		if r.Method == http.MethodPost {
			defer removeMultipart(r)
			if err := s.readPost(rw, r, p, files); err != nil {
				s.renderError(rw, r, err)
				return
			}
		}
		next.ServeHTTP(rw, r)
	})
}
