package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/calendar"
)

// DossierSides says which of a dossier's side records exist, with the two
// single values its page needs besides, all read in one statement: the page
// then reads only the lists it will show. Most dossiers have none of most
// of them (no consultation, no online supplement, no notice sent), and each
// was a statement of its own on every opening (docs/performance.md, "The
// dossier page's statements").
type DossierSides struct {
	PortalCode     string // the national portal's code of a dossier it sent us, "" if none
	CalendarRev    int    // the resolving unit's calendar revision (DB.CalendarAt)
	PortalMessages bool   // messages to the portal (outbox, topic portal)
	Papers         bool   // digitised papers
	Signed         bool   // signed documents
	Notices        bool   // notices sent to the citizen (notify_deliveries without an officer)
	ReturnChoice   bool   // the citizen's choice of how the result is returned
	Files          bool   // uploaded files
	Supplements    bool   // supplements sent online
	Consultations  bool
	ResultPapers   bool
}

// dossierSidesSQL reads the sides of dossier $1 of resolving unit $2, each
// from an index by dossier. The calendar revision is NULL when the unit is
// unknown.
const dossierSidesSQL = `SELECT
	COALESCE((SELECT portal_code FROM portal_inbound WHERE dossier_id = $1 LIMIT 1), ''),
	(SELECT calendar_rev FROM units WHERE id = $2),
	EXISTS (SELECT 1 FROM outbox WHERE key = $1 AND topic = '` + TopicPortal + `'),
	EXISTS (SELECT 1 FROM digitised_papers WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM signed_documents WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM notify_deliveries WHERE dossier_id = $1 AND officer_id = ''),
	EXISTS (SELECT 1 FROM return_choices WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM files WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM online_supplements WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM consultations WHERE dossier_id = $1),
	EXISTS (SELECT 1 FROM result_papers WHERE dossier_id = $1)`

// DossierSides reads which side records the dossier has (see DossierSides).
// resolvingUnitID is the dossier's resolving unit, whose calendar revision
// it reads.
func (db *DB) DossierSides(ctx context.Context, dossierID, resolvingUnitID string) (DossierSides, error) {
	var s DossierSides
	var rev *int64
	err := db.read.QueryRowContext(ctx, dossierSidesSQL, dossierID, resolvingUnitID).Scan(&s.PortalCode, &rev,
		&s.PortalMessages, &s.Papers, &s.Signed, &s.Notices, &s.ReturnChoice, &s.Files, &s.Supplements, &s.Consultations, &s.ResultPapers)
	if err != nil {
		return DossierSides{}, fmt.Errorf("side records of dossier %s: %w", dossierID, err)
	}
	if rev == nil {
		return DossierSides{}, fmt.Errorf("side records of dossier %s: no unit %s", dossierID, resolvingUnitID)
	}
	s.CalendarRev = int(*rev)
	return s, nil
}

// CalendarAt is Calendar for a calendar revision read already (from
// DossierSides): the cached calendar when it is of that revision, else the
// unit's calendar read again.
func (db *DB) CalendarAt(ctx context.Context, unitID string, rev int) (*calendar.Calendar, error) {
	return db.calendarAt(ctx, db.read, unitID, rev)
}

// CheckSides reads every list s speaks of and reports each on which it is
// wrong: a list it says is empty that is not, or the reverse, or another
// portal code. It is for the tests (the web's tests check every dossier
// page they open with it), not for serving.
func (db *DB) CheckSides(ctx context.Context, dossierID string, s DossierSides) error {
	code, err := db.PortalCodeOf(ctx, dossierID)
	if err != nil {
		return err
	}
	var wrong []error
	if code != s.PortalCode {
		wrong = append(wrong, fmt.Errorf("side records of %s: portal code %q, read %q", dossierID, s.PortalCode, code))
	}
	for _, c := range []struct {
		name string
		has  bool
		n    func() (int, error)
	}{
		{"portal messages", s.PortalMessages, func() (int, error) {
			ms, err := db.OutboxMessages(ctx, OutboxFilter{Topic: TopicPortal, Key: dossierID, Limit: 1})
			return len(ms), err
		}},
		{"papers", s.Papers, func() (int, error) { ps, err := db.DossierPapers(ctx, dossierID); return len(ps), err }},
		{"signed documents", s.Signed, func() (int, error) { ss, err := db.SignedDocs(ctx, dossierID); return len(ss), err }},
		{"notices", s.Notices, func() (int, error) {
			ds, err := db.NotifyDeliveries(ctx, DeliveryFilter{DossierID: dossierID, Citizens: true, Limit: 1})
			return len(ds), err
		}},
		{"return choice", s.ReturnChoice, func() (int, error) {
			c, err := db.ReturnChoice(ctx, dossierID)
			if c == nil {
				return 0, err
			}
			return 1, err
		}},
		{"files", s.Files, func() (int, error) { fs, err := db.DossierFiles(ctx, dossierID); return len(fs), err }},
		{"online supplements", s.Supplements, func() (int, error) { ss, err := db.OnlineSupplements(ctx, dossierID); return len(ss), err }},
		{"consultations", s.Consultations, func() (int, error) { cs, err := db.Consultations(ctx, dossierID); return len(cs), err }},
		{"result papers", s.ResultPapers, func() (int, error) { rs, err := db.ResultPapers(ctx, dossierID); return len(rs), err }},
	} {
		n, err := c.n()
		if err != nil {
			return err
		}
		if c.has != (n > 0) {
			wrong = append(wrong, fmt.Errorf("side records of %s: %s said %v, read %d", dossierID, c.name, c.has, n))
		}
	}
	return errors.Join(wrong...)
}
