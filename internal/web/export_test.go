package web

// RouteKeys returns "METHOD pattern" of every page route of s, in the order
// Register adds them, for the security tests (package web_test). It reads
// the same area tables as Register.
func RouteKeys(s *Server) []string {
	var keys []string
	for _, rt := range s.routes() {
		keys = append(keys, rt.pattern)
	}
	return keys
}
