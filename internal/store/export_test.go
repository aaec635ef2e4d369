package store

// SetEachPage makes EachDossier read n dossiers at a time, so that a test
// crosses page boundaries with a handful of dossiers; it returns the undo.
func SetEachPage(n int) (undo func()) {
	old := eachPage
	eachPage = n
	return func() { eachPage = old }
}
