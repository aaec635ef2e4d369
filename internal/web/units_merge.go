package web

import (
	"net/url"

	"github.com/motcua/motcua/internal/store"
)

// mergeRequest reads the merge's choices from the confirmation form: the day
// the successor takes over (today when left empty), and whether officers and
// open dossiers stay.
func mergeRequest(fromID, intoID, today string, f url.Values) store.MergeRequest {
	at := f.Get("at")
	if at == "" {
		at = today
	}
	return store.MergeRequest{From: []string{fromID}, Into: intoID, At: at,
		KeepOfficers: f.Get("keep_officers") == "1", KeepDossiers: f.Get("keep_dossiers") == "1"}
}
