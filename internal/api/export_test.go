package api

// RouteKeys returns "METHOD pattern" of every route of a, for the security
// tests (package api_test).
func RouteKeys(a *API) []string {
	var keys []string
	for _, rt := range a.routes() {
		keys = append(keys, rt.method+" "+rt.pattern)
	}
	return keys
}
