package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/store"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var to string
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&to, "to", "", "new or empty `directory` to write the backup into (required)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua backup --to DIR [flags]

Writes a consistent copy of the database, uploaded files included (they are
kept in the database), while motcua goes on serving: SQLite with VACUUM INTO,
PostgreSQL with pg_dump -Fc (the PostgreSQL client tools must be installed);
then, for a disk file store (--file-store disk, the default), a copy of its
files (digitised papers, signed results) in DIR/files, each checked.
DIR also gets manifest.json: the versions, the engine, the time, and each
file's size and SHA-256, which restore checks. See docs/operations.md.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if to == "" {
		return usageErr("--to DIR is required")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	if path, ok := strings.CutPrefix(cfg.DB, "sqlite:"); ok {
		// Opening would create an empty database where there is none.
		if _, err := os.Stat(strings.TrimPrefix(path, "//")); err != nil {
			return fmt.Errorf("no database to back up: %w", err)
		}
	}
	// Open without migrating: a backup changes nothing.
	db, err := store.Open(ctx, cfg.DB, store.Options{Logger: cfg.logger(stderr)})
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := cfg.Files.open(ctx, db, cfg.Data)
	if err != nil {
		return err
	}
	var files store.CopyFiles
	if disk, ok := st.(*filestore.Disk); ok {
		files = func(ctx context.Context, dir string) (filestore.CopyStats, error) { return disk.CopyTo(ctx, dir, "") }
	}
	start := time.Now()
	m, err := db.BackupWith(ctx, cfg.DB, to, motcuaVersion(), files)
	if err != nil {
		return err
	}
	for _, f := range m.Files {
		fmt.Fprintf(stdout, "%s\t%d bytes\tsha256 %s\n", f.Name, f.Size, f.SHA256)
	}
	if m.FileStore != nil {
		fmt.Fprintf(stdout, "%s/\t%d files\t%d bytes (the disk file store: digitised papers, signed results)\n", store.FileStoreDir, m.FileStore.Count, m.FileStore.Bytes)
	}
	fmt.Fprintf(stdout, "backup of the %s database (schema version %d) written to %s in %s\n",
		m.Engine, m.SchemaVersion, to, time.Since(start).Round(time.Millisecond))
	return nil
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var from, to, filesTo string
	var force bool
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.StringVar(&from, "from", "", "backup `directory` written by motcua backup (required)")
	fs.StringVar(&to, "to", "", "target database: sqlite:PATH or postgres://user@host/db (required)")
	fs.BoolVar(&force, "force", false, "replace a target database that is not empty")
	fs.StringVar(&filesTo, "files-to", "", "the disk file store to restore the backup's files into (default: files/ beside a SQLite target)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua restore --from DIR --to DB [--force]

Checks every file of the backup against its manifest (a missing, truncated or
altered file is refused, and nothing is written), then restores it: the files
of a disk file store into --files-to (each checked against its SHA-256; those
already there are kept), then the database: SQLite by copying it into place
atomically, PostgreSQL with pg_restore into an empty database. An existing,
non-empty target database is refused unless --force.
Stop motcua on the target database first. See docs/operations.md.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if from == "" || to == "" {
		return usageErr("--from DIR and --to DB are both required")
	}
	m, err := store.VerifyBackup(from)
	if err != nil {
		return err
	}
	if m.FileStore != nil {
		// Files first: a database restored without them would refer to
		// papers that are not there; but not for a refused restore.
		if filesTo == "" {
			path, ok := strings.CutPrefix(to, "sqlite:")
			if !ok {
				return usageErr("the backup holds %d files of a disk file store: give --files-to DIR", m.FileStore.Count)
			}
			filesTo = filepath.Join(filepath.Dir(strings.TrimPrefix(path, "//")), "files")
		}
		if err := store.CheckRestoreTarget(ctx, to, force); err != nil {
			return err
		}
		src := filepath.Join(from, store.FileStoreDir)
		if err := filestore.CheckCopy(ctx, src, *m.FileStore); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		disk, err := filestore.NewDisk(filesTo)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		st, err := disk.RestoreFrom(ctx, src)
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		fmt.Fprintf(stdout, "restored %d of the backup's %d files into %s (the others were there)\n", st.Count, m.FileStore.Count, filesTo)
	}
	m, err = store.Restore(ctx, from, to, force)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored the %s backup of %s (schema version %d, motcua %s)\n",
		m.Engine, m.CreatedAt.Format(time.RFC3339), m.SchemaVersion, m.MotcuaVersion)
	return nil
}

// motcuaVersion is the module version, or the VCS revision of a build from
// a checkout, for the backup's manifest.
func motcuaVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && (v == "" || v == "(devel)") {
			v = "(devel) " + s.Value
		}
	}
	if v == "" {
		v = "unknown"
	}
	return v
}
