package web

import (
	"context"
	"strings"
)

// uxFieldNames returns the names of the fields with codes, in the page's
// language: officers read "Hộ tịch", never "HT" (issue 19). An unknown code
// is shown as it is.
func (s *Server) uxFieldNames(ctx context.Context, lang string, codes []string) ([]string, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	name, err := s.uxFieldNamer(ctx, lang)
	if err != nil {
		return nil, err
	}
	return name(codes), nil
}

// uxFieldNamer reads the fields once and returns what uxFieldNames does for
// any number of lists of codes (a page naming each officer's fields).
func (s *Server) uxFieldNamer(ctx context.Context, lang string) (func(codes []string) []string, error) {
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, f := range fields {
		names[f.Code] = f.Name
		if lang == "en" && f.NameEN != "" {
			names[f.Code] = f.NameEN
		}
	}
	return func(codes []string) []string {
		if len(codes) == 0 {
			return nil
		}
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = c
			if n, ok := names[strings.TrimSpace(c)]; ok {
				out[i] = n
			}
		}
		return out
	}, nil
}

// uxUnverified names a procedure's unverified keys in words: a citizen
// reads "mức độ dịch vụ công trực tuyến", not "online".
func uxUnverified(p *Page, keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		name := p.T("ux.unverified." + k)
		if name == "ux.unverified."+k { // a key without a name: said generally
			name = p.T("ux.unverified.other")
		}
		out = append(out, name)
	}
	return out
}
