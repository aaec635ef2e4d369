package web

import (
	"context"
	"strings"

	"github.com/motcua/motcua/internal/catalogue"
)

// uxFieldNamer reads the fields once and returns a function naming lists of
// field codes in the page's language: officers read "Hộ tịch", never "HT"
// (issue 19). An unknown code is shown as it is.
func (s *Server) uxFieldNamer(ctx context.Context, lang string) (func(codes []string) []string, error) {
	fields, err := s.db.Fields(ctx)
	if err != nil {
		return nil, err
	}
	return fieldNamer(lang, fields), nil
}

// fieldNamer is uxFieldNamer over fields already read.
func fieldNamer(lang string, fields []catalogue.Field) func(codes []string) []string {
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
	}
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
