package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/filestore"
)

// A backup is a directory holding the database copy and manifest.json,
// which names the engine, the schema version and each file's size and
// SHA-256. Uploads of online dossiers live in the database (files.go), so
// the copy holds them; a disk file store (digitised papers, signed results)
// is copied beside it (BackupWith).
//
// SQLite: VACUUM INTO writes a consistent snapshot of one read transaction
// while writers go on; copying motcua.db with cp while serving does not (it
// misses what is still in the -wal file). PostgreSQL: pg_dump -Fc, which
// also reads one snapshot.

// ManifestName is the manifest's file name inside a backup directory.
const ManifestName = "manifest.json"

const (
	backupFormat   = "motcua-backup-v1"
	sqliteCopyName = "motcua.db"
	pgDumpName     = "motcua.pgdump"
)

// Manifest describes a backup.
type Manifest struct {
	Format        string         `json:"format"`
	MotcuaVersion string         `json:"motcua_version"`
	SchemaVersion int            `json:"schema_version"`
	Engine        Dialect        `json:"engine"`
	CreatedAt     time.Time      `json:"created_at"`
	Files         []ManifestFile `json:"files"`
	// FileStore counts the blobs of a disk file store copied into the
	// backup's FileStoreDir (digitised papers, signed results); nil when the
	// files are in the database, whose copy holds them.
	FileStore *filestore.CopyStats `json:"file_store,omitempty"`
}

// FileStoreDir is where a backup keeps its copy of a disk file store.
const FileStoreDir = "files"

// CopyFiles copies a disk file store into dir for a backup.
type CopyFiles func(ctx context.Context, dir string) (filestore.CopyStats, error)

// ManifestFile is one file of a backup.
type ManifestFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Backup writes a consistent copy of the database into dir, which must not
// exist or be empty, while the database goes on serving. version is the
// motcua version recorded in the manifest.
func (db *DB) Backup(ctx context.Context, dsn, dir, version string) (*Manifest, error) {
	return db.BackupWith(ctx, dsn, dir, version, nil)
}

// BackupWith is Backup with the blobs of a disk file store, copied by files
// (when not nil) into dir/FileStoreDir after the database's copy and before
// the manifest: every blob the copied database refers to was written before
// the reference committed, and blobs are never changed, so the copy holds
// them all. A backup without its manifest is incomplete and never counted.
func (db *DB) BackupWith(ctx context.Context, dsn, dir, version string, files CopyFiles) (*Manifest, error) {
	if err := emptyDir(dir); err != nil {
		return nil, err
	}
	m := &Manifest{Format: backupFormat, MotcuaVersion: version, Engine: db.dialect, CreatedAt: db.now().UTC()}
	var name string
	switch db.dialect {
	case SQLite:
		name = sqliteCopyName
		tmp := filepath.Join(dir, "."+name+".partial")
		os.Remove(tmp)
		if err := db.vacuumInto(ctx, tmp); err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("backup: %w", err)
		}
		v, err := checkSQLiteFile(ctx, tmp)
		if err == nil {
			err = syncFile(tmp)
		}
		if err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("backup: the copy: %w", err)
		}
		m.SchemaVersion = v
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("backup: %w", err)
		}
	case Postgres:
		name = pgDumpName
		v, err := db.SchemaVersion(ctx)
		if err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		m.SchemaVersion = v
		tmp := filepath.Join(dir, "."+name+".partial")
		if err := pgTool(ctx, "pg_dump", dsn, "--format=custom", "--no-owner", "--file="+tmp); err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("backup: %w", err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("backup: %w", err)
		}
	}
	f, err := describeFile(dir, name)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	m.Files = []ManifestFile{f}
	if files != nil {
		st, err := files(ctx, filepath.Join(dir, FileStoreDir))
		if err != nil {
			return nil, fmt.Errorf("backup: %w", err)
		}
		m.FileStore = &st
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := writeFileSync(filepath.Join(dir, ManifestName), append(b, '\n')); err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// vacuumInto writes a snapshot of the SQLite database into path. It uses a
// connection of its own: the read pool is query_only, which refuses VACUUM,
// and the single writer must stay free for the writes that go on meanwhile.
func (db *DB) vacuumInto(ctx context.Context, path string) error {
	var file string
	if err := db.read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		return fmt.Errorf("locate the database file: %w", err)
	}
	c, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("vacuum into %s: %w", path, err)
	}
	return nil
}

// VerifyBackup reads dir's manifest and checks every file it names: present,
// of the recorded size, with the recorded SHA-256. Its error names the file.
func VerifyBackup(dir string) (*Manifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, fmt.Errorf("backup %s: no readable %s (not a motcua backup, or an incomplete one): %w", dir, ManifestName, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("backup %s: %s is damaged: %w", dir, ManifestName, err)
	}
	if m.Format != backupFormat {
		return nil, fmt.Errorf("backup %s: format %q, want %q", dir, m.Format, backupFormat)
	}
	if (m.Engine != SQLite && m.Engine != Postgres) || len(m.Files) != 1 {
		return nil, fmt.Errorf("backup %s: %s names engine %q and %d file(s); want sqlite or postgres and one file", dir, ManifestName, m.Engine, len(m.Files))
	}
	for _, want := range m.Files {
		if want.Name != filepath.Base(want.Name) || strings.HasPrefix(want.Name, ".") {
			return nil, fmt.Errorf("backup %s: %s names a bad file %q", dir, ManifestName, want.Name)
		}
		got, err := describeFile(dir, want.Name)
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, fmt.Errorf("backup %s: file %s is missing", dir, want.Name)
		case err != nil:
			return nil, fmt.Errorf("backup %s: file %s: %w", dir, want.Name, err)
		case got.Size < want.Size:
			return nil, fmt.Errorf("backup %s: file %s is truncated: %d bytes, the manifest says %d", dir, want.Name, got.Size, want.Size)
		case got.Size != want.Size:
			return nil, fmt.Errorf("backup %s: file %s has %d bytes, the manifest says %d", dir, want.Name, got.Size, want.Size)
		case got.SHA256 != want.SHA256:
			return nil, fmt.Errorf("backup %s: file %s has been altered: SHA-256 %s, the manifest says %s", dir, want.Name, got.SHA256, want.SHA256)
		}
	}
	if m.FileStore != nil {
		// The count and bytes here; each blob's SHA-256 when restored.
		var n int
		var size int64
		err := filepath.WalkDir(filepath.Join(dir, FileStoreDir), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return err
			}
			fi, err := e.Info()
			if err != nil {
				return err
			}
			n, size = n+1, size+fi.Size()
			return nil
		})
		if err != nil || n != m.FileStore.Count || size != m.FileStore.Bytes {
			return nil, fmt.Errorf("backup %s: its file store holds %d files of %d bytes, the manifest says %d of %d (%v)",
				dir, n, size, m.FileStore.Count, m.FileStore.Bytes, err)
		}
	}
	return &m, nil
}

// Restore checks the backup in dir and restores it into the database named
// by dsn (sqlite:PATH or a postgres:// URL), which must be empty or absent
// unless force is set. motcua must not be serving that database meanwhile.
func Restore(ctx context.Context, dir, dsn string, force bool) (*Manifest, error) {
	m, err := VerifyBackup(dir)
	if err != nil {
		return nil, err
	}
	src := filepath.Join(dir, m.Files[0].Name)
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		if m.Engine != SQLite {
			return nil, fmt.Errorf("restore: the backup is of a %s database, the target is SQLite", m.Engine)
		}
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
		if path == "" {
			return nil, fmt.Errorf("restore: empty SQLite path in %q", dsn)
		}
		return m, restoreSQLite(ctx, src, path, force)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if m.Engine != Postgres {
			return nil, fmt.Errorf("restore: the backup is of a %s database, the target is PostgreSQL", m.Engine)
		}
		return m, restorePostgres(ctx, src, dsn, force)
	}
	return nil, fmt.Errorf("restore: %q is neither sqlite:PATH nor a postgres:// URL", redact(dsn))
}

// CheckRestoreTarget refuses, as Restore would, a target database that
// holds data, unless force; the caller checks it before restoring anything
// beside the database (the file store's files).
func CheckRestoreTarget(ctx context.Context, dsn string, force bool) error {
	if force {
		return nil
	}
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return sqliteTargetEmpty(strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//"))
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		tables, err := pgTables(ctx, dsn)
		if err != nil {
			return err
		}
		if tables > 0 {
			return pgTargetNotEmpty(dsn, tables)
		}
	}
	return nil
}

func sqliteTargetEmpty(path string) error {
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		return fmt.Errorf("restore: %s exists and is not empty; restore into a new file, or pass --force to replace it", path)
	}
	return nil
}

func pgTargetNotEmpty(dsn string, tables int) error {
	return fmt.Errorf("restore: the target database %s has %d table(s); restore into an empty database, or pass --force to replace its objects", redact(dsn), tables)
}

// pgTables counts the tables of the PostgreSQL database dsn.
func pgTables(ctx context.Context, dsn string) (int, error) {
	target, err := Open(ctx, dsn, Options{})
	if err != nil {
		return 0, fmt.Errorf("restore: %w", err)
	}
	defer target.Close()
	var tables int
	if err := target.read.QueryRowContext(ctx, `SELECT count(*) FROM information_schema.tables
		WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`).Scan(&tables); err != nil {
		return 0, fmt.Errorf("restore: count the target's tables: %w", err)
	}
	return tables, nil
}

func restoreSQLite(ctx context.Context, src, path string, force bool) error {
	if !force {
		if err := sqliteTargetEmpty(path); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp := path + ".restoring"
	if err := copyFileSync(src, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	if _, err := checkSQLiteFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: the backup's database: %w", err)
	}
	// A WAL left by the replaced database would be replayed onto the copy.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			os.Remove(tmp)
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

func restorePostgres(ctx context.Context, src, dsn string, force bool) error {
	tables, err := pgTables(ctx, dsn)
	if err != nil {
		return err
	}
	args := []string{"--no-owner", "--exit-on-error", "--single-transaction"}
	if tables > 0 {
		if !force {
			return pgTargetNotEmpty(dsn, tables)
		}
		args = append(args, "--clean", "--if-exists")
	}
	if err := pgTool(ctx, "pg_restore", dsn, append(args, src)...); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// pgTool runs pg_dump or pg_restore on the database named by dsn. The
// password goes in PGPASSWORD, not on the command line; a search_path
// parameter (which libpq does not know) becomes --schema for pg_dump.
func pgTool(ctx context.Context, tool, dsn string, args ...string) error {
	bin, err := exec.LookPath(tool)
	if err != nil {
		return fmt.Errorf("%s is not on PATH: install the PostgreSQL client tools of the server's major version (Debian: apt-get install postgresql-client)", tool)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("bad PostgreSQL URL: %w", err)
	}
	env := os.Environ()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if sp := q.Get("search_path"); sp != "" && tool == "pg_dump" {
		for _, s := range strings.Split(sp, ",") {
			args = append(args, "--schema="+strings.TrimSpace(s))
		}
	}
	q.Del("search_path")
	u.RawQuery = q.Encode()
	cmd := exec.CommandContext(ctx, bin, append([]string{"--dbname=" + u.String()}, args...)...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", tool, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// checkSQLiteFile opens a SQLite file read-only, runs PRAGMA integrity_check
// and returns its schema version.
func checkSQLiteFile(ctx context.Context, path string) (int, error) {
	c, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return 0, fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return 0, fmt.Errorf("integrity check: %s", res)
	}
	var v int
	if err := c.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// emptyDir creates dir, or checks that it holds nothing.
func emptyDir(dir string) error {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("backup: %s is not empty; give a new directory for each backup", dir)
	}
	return nil
}

func describeFile(dir, name string) (ManifestFile, error) {
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		return ManifestFile{}, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return ManifestFile{}, err
	}
	return ManifestFile{Name: name, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

func writeFileSync(path string, b []byte) error {
	tmp := path + ".partial"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func copyFileSync(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return errors.Join(out.Sync(), out.Close())
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}
