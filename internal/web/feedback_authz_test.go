package web_test

import . "github.com/motcua/motcua/internal/securitytest"

// Who may use the feedback routes (TestAuthzMatrixWeb): the public pages
// are everyone's; an item is its unit's officers', and the store decides
// who of them may answer (its handler or a leader), assign (a leader) or
// publish it.
func init() {
	for k, r := range map[string]Rule{
		"GET /phan-anh":                          Everyone,
		"GET /phan-anh/gui":                      Everyone,
		"POST /phan-anh/gui":                     Everyone,
		"GET /phan-anh/tra-cuu":                  Everyone,
		"POST /phan-anh/tra-cuu":                 Everyone,
		"POST /phan-anh/danh-gia":                Everyone,
		"GET /phan-anh/{code}":                   Everyone,
		"GET /can-bo/phan-anh":                   AnyOfficer,
		"GET /can-bo/phan-anh/moi":               AnyOfficer,
		"POST /can-bo/phan-anh/moi":              AnyOfficer,
		"GET /can-bo/phan-anh/{code}":            AnyOfficer.Else(NotFound),
		"POST /can-bo/phan-anh/{code}/tra-loi":   AnyOfficer.Else(NotFound).Decides(),
		"POST /can-bo/phan-anh/{code}/phan-cong": AnyOfficer.Else(NotFound).Decides(),
		"POST /can-bo/phan-anh/{code}/cong-khai": AnyOfficer.Else(NotFound).Decides(),
	} {
		webAccess[k] = r
	}
}
