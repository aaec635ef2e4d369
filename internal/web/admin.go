package web

// adminRoutes are the administrators' pages: units, staff, procedures,
// holidays, news, letter templates.
func (s *Server) adminRoutes() []route {
	return nil
}
