package store

import "context"

// SetEachPage makes EachDossier read n dossiers at a time, so that a test
// crosses page boundaries with a handful of dossiers; it returns the undo.
func SetEachPage(n int) (undo func()) {
	old := eachPage
	eachPage = n
	return func() { eachPage = old }
}

// RenameApplicant changes the applicant's full name of the dossier with
// this code through the store's update, as a correction would: for tests
// that the search follows the dossier's text.
func (db *DB) RenameApplicant(ctx context.Context, code, name string) error {
	return db.Transact(ctx, func(tx *Tx) error {
		d, err := tx.dossierForUpdate(ctx, code)
		if err != nil {
			return err
		}
		prev := d.Version
		d.Applicant.FullName = name
		d.Version++
		return tx.updateDossier(ctx, d, prev)
	})
}
