package web

import "html/template"

// portalRoutes are the citizen portal's pages beyond the catalogue: online
// submission, status lookup, rating, news.
func (s *Server) portalRoutes() []route {
	return nil
}

// portalFuncs are the template functions of the portal area.
func portalFuncs() template.FuncMap {
	return template.FuncMap{}
}
