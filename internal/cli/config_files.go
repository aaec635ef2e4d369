package cli

import (
	"context"
	"flag"
	"path/filepath"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/store"
)

// filesConfig chooses where digitised papers and signed results are kept.
type filesConfig struct {
	Store string // MOTCUA_FILE_STORE: "disk" (under <data>/files, or a path) or "db"
}

func (f *filesConfig) bind(fs *flag.FlagSet) {
	fs.StringVar(&f.Store, "file-store", env("MOTCUA_FILE_STORE", "disk"),
		"where digitised papers and signed results are kept: disk (<data>/files), disk:PATH, or db for the database, when several servers share it (env MOTCUA_FILE_STORE)")
}

// open returns the configured file store; data is the data directory.
func (f *filesConfig) open(_ context.Context, db *store.DB, data string) (filestore.Store, error) {
	switch {
	case f.Store == "db":
		return db.Blobs(), nil
	case f.Store == "disk":
		if data == "" {
			return nil, usageErr("--file-store disk needs --data (or use disk:PATH or db)")
		}
		return filestore.NewDisk(filepath.Join(data, "files"))
	case len(f.Store) > 5 && f.Store[:5] == "disk:":
		return filestore.NewDisk(f.Store[5:])
	}
	return nil, usageErr("MOTCUA_FILE_STORE / --file-store %q: want disk, disk:PATH or db", f.Store)
}
