package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/motcua/motcua/internal/filestore"
)

// errFilesDamaged makes `motcua files check` exit 1 after its report.
var errFilesDamaged = errors.New("the file store is damaged")

func runFiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	fs := flag.NewFlagSet("files", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	files := &cfg.Files
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua files check [flags]

Reads back every file in the file store (digitised papers, signed results),
checks each against its SHA-256, and checks that every file the database
refers to is stored. Prints the counts, then each damaged or missing file,
and exits 1 if there is one.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "check" {
		fs.Usage()
		return usageErr("want check")
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
