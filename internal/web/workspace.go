package web

import "net/http"

// workspace is the officer's landing page.
func (s *Server) workspace(w http.ResponseWriter, r *http.Request) error {
	p := s.newPage(w, r, "")
	p.Title = p.T("workspace.title")
	p.Nav = "workspace"
	return s.render(w, http.StatusOK, "workspace", p)
}
