package web

// RouteKeys returns "METHOD pattern" of every page route of s, in the order
// Register adds them, for the security tests (package web_test). It reads
// the same area tables as Register.
func RouteKeys(s *Server) []string {
	var keys []string
	for _, area := range []func() []route{s.baseRoutes, s.portalRoutes, s.officeRoutes, s.adminRoutes, s.paymentRoutes} {
		for _, rt := range area() {
			keys = append(keys, rt.pattern)
		}
	}
	return keys
}
