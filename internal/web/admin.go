package web

import "html/template"

// adminRoutes are the administrators' pages: units, staff, procedures,
// holidays, news, letter templates.
func (s *Server) adminRoutes() []route {
	return nil
}

// adminFuncs are the template functions of the admin area.
func adminFuncs() template.FuncMap {
	return template.FuncMap{}
}
