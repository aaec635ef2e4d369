package web

import "github.com/motcua/motcua/internal/dossier"

// uxActionKeys turns action kinds into the suffixes of their message keys.
func uxActionKeys(kinds []dossier.ActionKind) []string {
	out := make([]string, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}
