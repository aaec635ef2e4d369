package api

import (
	"net/http"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/middleware"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
)

// TokenView is an issued API token as the API shows it: never the token.
type TokenView struct {
	ID         string    `json:"id"`
	Name       string    `json:"name"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`
	Active     bool      `json:"active"`
}

func tokenView(t store.APIToken) TokenView {
	return TokenView{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, RevokedAt: t.RevokedAt, Active: !t.Revoked()}
}

// SessionView is a live web session of an officer.
type SessionView struct {
	ID        string    `json:"id"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

// governedOfficer returns the officer of the path when the calling
// administrator governs their unit. Errors: NotFound (also for an officer of
// a unit the caller does not govern: ids of other units are not confirmed).
func (a *API) governedOfficer(r *http.Request) (*staff.Officer, *staff.Officer, error) {
	me := middleware.PrincipalFrom(r.Context()).Officer
	o, err := a.db.Officer(r.Context(), r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	ok, err := a.governs(r.Context(), me, o.UnitID)
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, apperr.New(apperr.NotFound, "không tìm thấy cán bộ")
	}
	return o, me, nil
}

// officerTokens lists an officer's API tokens, revoked ones included.
func (a *API) officerTokens(w http.ResponseWriter, r *http.Request) error {
	o, _, err := a.governedOfficer(r)
	if err != nil {
		return err
	}
	list, err := a.db.Tokens(r.Context(), o.ID)
	if err != nil {
		return err
	}
	out := make([]TokenView, len(list))
	for i, t := range list {
		out[i] = tokenView(t)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}

// revokeToken revokes one of an officer's tokens at once.
func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	o, me, err := a.governedOfficer(r)
	if err != nil {
		return err
	}
	if err := a.db.RevokeToken(r.Context(), o.ID, r.PathValue("token"), me.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// officerSessions lists an officer's live web sessions.
func (a *API) officerSessions(w http.ResponseWriter, r *http.Request) error {
	o, _, err := a.governedOfficer(r)
	if err != nil {
		return err
	}
	list, err := a.db.Sessions(r.Context(), o.ID)
	if err != nil {
		return err
	}
	out := make([]SessionView, len(list))
	for i, s := range list {
		out[i] = SessionView{ID: s.ID, CreatedAt: s.CreatedAt, ExpiresAt: s.ExpiresAt}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sessions": out})
}

// endSession ends one of an officer's web sessions.
func (a *API) endSession(w http.ResponseWriter, r *http.Request) error {
	o, me, err := a.governedOfficer(r)
	if err != nil {
		return err
	}
	if err := a.db.EndSession(r.Context(), o.ID, r.PathValue("session"), me.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
