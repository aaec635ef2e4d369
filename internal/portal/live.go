package portal

import (
	"context"
	"fmt"
	"maps"
	"strconv"
	"sync/atomic"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// With returns m with the administrator's entries (store.PortalMapping)
// over it; m is not changed. Entries of an unknown kind or a bad status are
// skipped (the store refuses them).
func (m Mapping) With(entries []store.PortalMapping) Mapping {
	out := Mapping{Statuses: maps.Clone(m.Statuses), Procedures: maps.Clone(m.Procedures),
		Actions: maps.Clone(m.Actions), Units: maps.Clone(m.Units)}
	for _, e := range entries {
		switch e.Kind {
		case store.MapProcedure:
			if out.Procedures == nil {
				out.Procedures = map[string]string{}
			}
			out.Procedures[e.Ours] = e.Theirs
		case store.MapUnit:
			if out.Units == nil {
				out.Units = map[string]string{}
			}
			out.Units[e.Ours] = e.Theirs
		case store.MapStatus:
			n, err := strconv.Atoi(e.Ours)
			if err != nil || !dossier.Status(n).Valid() {
				continue
			}
			if out.Statuses == nil {
				out.Statuses = map[dossier.Status]string{}
			}
			out.Statuses[dossier.Status(n)] = e.Theirs
		case store.MapAction:
			if out.Actions == nil {
				out.Actions = map[dossier.ActionKind]string{}
			}
			out.Actions[dossier.ActionKind(e.Ours)] = e.Theirs
		}
	}
	return out
}

// LiveMapping is the configured mapping with the administrator's entries
// over it, as last read from the database (Refresh). It is safe for
// concurrent use.
type LiveMapping struct {
	base Mapping
	cur  atomic.Pointer[Mapping]
}

// NewLiveMapping starts from the configured mapping alone.
func NewLiveMapping(base Mapping) *LiveMapping {
	l := &LiveMapping{base: base}
	l.cur.Store(&base)
	return l
}

// Get returns the current mapping.
func (l *LiveMapping) Get() Mapping { return *l.cur.Load() }

// Refresh reads the administrator's entries again.
func (l *LiveMapping) Refresh(ctx context.Context, db *store.DB) error {
	entries, err := db.PortalMappings(ctx)
	if err != nil {
		return fmt.Errorf("refresh the portal mapping: %w", err)
	}
	m := l.base.With(entries)
	l.cur.Store(&m)
	return nil
}
