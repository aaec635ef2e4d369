package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/store"
)

// errFilesDamaged makes `motcua files check` exit 1 after its report.
var errFilesDamaged = errors.New("the file store is damaged")

func runFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("files", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	files := &cfg.Files
	olderThan := fs.Duration("older-than", 24*time.Hour, "sweep: remove only files unused for this long")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua files check [flags]
       motcua files sweep [--older-than 24h] [flags]

check reads back every file in the file store (digitised papers, signed
results), checks each against its SHA-256, and checks that every file the
database refers to is stored. Prints the counts, then each damaged or
missing file, and exits 1 if there is one.

sweep removes, from a disk file store, the files no record refers to that
were last written or reused before --older-than: copies a refused request
left behind (the server also sweeps once a day). A database file store
keeps none: its files are written in the transaction that refers to them.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "check" && pos[0] != "sweep") {
		fs.Usage()
		return usageErr("want check or sweep")
	}
	if *olderThan < time.Hour {
		return usageErr("--older-than %s: at least 1h, longer than any request takes", *olderThan)
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := files.open(ctx, db, cfg.Data)
	if err != nil {
		return err
	}
	if pos[0] == "sweep" {
		removed, err := sweepOrphans(ctx, db, st, time.Now().Add(-*olderThan))
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed %d files no record refers to\n", len(removed))
		for _, sha := range removed {
			fmt.Fprintf(stdout, "removed %s\n", sha)
		}
		return nil
	}
	want, err := db.ReferencedBlobs(ctx)
	if err != nil {
		return err
	}
	rep, err := filestore.Verify(ctx, st, want)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "checked %d stored files, %d referenced: %d damaged, %d missing\n",
		rep.Checked, len(want), len(rep.Corrupt), len(rep.Missing))
	for _, s := range rep.Corrupt {
		fmt.Fprintf(stdout, "damaged %s\n", s)
	}
	for _, s := range rep.Missing {
		fmt.Fprintf(stdout, "missing %s\n", s)
	}
	if len(rep.Corrupt)+len(rep.Missing) > 0 {
		return errFilesDamaged
	}
	return nil
}

// sweepOrphans removes a disk store's files that no record refers to and
// that were last used before olderThan; a database store has none.
func sweepOrphans(ctx context.Context, db *store.DB, st filestore.Store, olderThan time.Time) ([]string, error) {
	disk, ok := st.(*filestore.Disk)
	if !ok {
		return nil, nil
	}
	refs, err := db.ReferencedBlobs(ctx)
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(refs))
	for _, sha := range refs {
		known[sha] = true
	}
	return disk.SweepOrphans(ctx, known, db.BlobReferenced, olderThan)
}
