package web

// portalRoutes are the citizen portal's pages beyond the catalogue: online
// submission, status lookup, rating, news.
func (s *Server) portalRoutes() []route {
	return nil
}
