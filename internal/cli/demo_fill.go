package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

// The first `motcua demo` serves at once and fills the year in the
// background. While it fills, a marker file lies beside the SQLite database;
// it is removed when the year is complete. A run that finds the marker was
// stopped (or crashed) mid-fill: it deletes the database and starts again,
// since a half-generated year cannot be told from one officers changed.

// fillMarker is the marker's path for an SQLite dsn, "" for PostgreSQL
// (whose database the demo does not delete: it generates before serving).
func fillMarker(dsn string) string {
	if !strings.HasPrefix(dsn, "sqlite:") {
		return ""
	}
	return strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//") + ".filling"
}

// discardInterruptedFill deletes the SQLite database (and its WAL files)
// when the marker says its year was never completed, and reports whether it
// did.
func discardInterruptedFill(dsn, marker string) (bool, error) {
	if _, err := os.Stat(marker); errors.Is(err, os.ErrNotExist) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	path := strings.TrimSuffix(marker, ".filling")
	for _, p := range []string{path, path + "-wal", path + "-shm", marker} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return false, fmt.Errorf("demo: start the interrupted year again: %w", err)
		}
	}
	return true, nil
}

func writeMarker(marker string) error {
	if marker == "" {
		return nil
	}
	err := os.WriteFile(marker, []byte("motcua demo is generating the year of this database; while this file exists,\n"+
		"the year is incomplete and the next `motcua demo` deletes the database and starts again.\n"), 0o640)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

func removeMarker(marker string) error {
	if marker == "" {
		return nil
	}
	if err := os.Remove(marker); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// fill is the year being generated in the background: its progress for the
// console and the pages' banner, and the signal that it is complete.
type fill struct {
	out   io.Writer
	tty   bool
	pct   atomic.Int32  // whole percent of the period simulated
	ok    atomic.Bool   // the year is complete
	done  chan struct{} // closed when the year is complete
	shown int32         // the percent last drawn (Generate's goroutine only)
}

func newFill(out io.Writer) *fill {
	f := &fill{out: out, done: make(chan struct{}), shown: -1}
	if file, ok := out.(*os.File); ok {
		fi, err := file.Stat()
		f.tty = err == nil && fi.Mode()&os.ModeCharDevice != 0
	}
	return f
}

// notice is the pages' banner (web.Options.Notice) until the year is complete.
func (f *fill) notice() (string, []any) {
	if f.ok.Load() {
		return "", nil
	}
	return "notice.demo_filling", []any{int(f.pct.Load())}
}

func (f *fill) complete() bool { return f.ok.Load() }

// progress records how far the simulation is and draws the bar: redrawn
// at each percent on a terminal, a line each tenth otherwise.
func (f *fill) progress(done float64) {
	p := int32(done * 100)
	f.pct.Store(p)
	if p == f.shown || (!f.tty && p/10 == f.shown/10 && f.shown >= 0) {
		return
	}
	f.shown = p
	const width = 30
	n := int(p) * width / 100
	bar := fmt.Sprintf("  [%s%s] %3d %%", strings.Repeat("#", n), strings.Repeat(".", width-n), p)
	if f.tty {
		fmt.Fprint(f.out, "\r"+bar)
	} else {
		fmt.Fprintln(f.out, bar)
	}
}

// run generates the year on gen (whose store reads clock) while officers
// may use the site, then removes the marker and marks the fill complete.
// When officers changed generated dossiers, figures that differ from the
// profile are a warning, not an error.
func (f *fill) run(ctx context.Context, gen *store.DB, clock *demo.SimClock, profiles []demo.Profile, marker string, log *slog.Logger) error {
	// The bar covers every period, each its share of the dossiers.
	var total, before float64
	for _, p := range profiles {
		total += float64(p.Finished + p.Pending + p.Refused)
	}
	var all demo.Summary
	start := time.Now()
	for _, p := range profiles {
		weight := float64(p.Finished+p.Pending+p.Refused) / total
		progress := func(done float64) { f.progress(before + done*weight) }
		sum, err := demo.Generate(ctx, gen, p, clock, demo.WithProgress(progress), demo.WithOfficersAtWork())
		before += weight
		if errors.Is(err, demo.ErrFiguresOff) && sum.LeftToOfficers > 0 {
			log.Warn("the demo year differs from the published figures: officers acted on its dossiers while it was generated",
				"period", sum.Period.String(), "dossiers", sum.LeftToOfficers, "err", err)
			err = nil
		}
		if err != nil {
			if f.tty {
				fmt.Fprintln(f.out)
			}
			return fmt.Errorf("demo: generate %s: %w", sum.Period, err)
		}
		all.Dossiers, all.Transactions, all.Letters = all.Dossiers+sum.Dossiers, all.Transactions+sum.Transactions, all.Letters+sum.Letters
	}
	if f.tty {
		fmt.Fprintln(f.out)
	}
	if err := removeMarker(marker); err != nil {
		return err
	}
	f.ok.Store(true)
	close(f.done)
	fmt.Fprintf(f.out, "  generated %d dossiers (%d transactions, %d letters) in %s: the year is complete.\n",
		all.Dossiers, all.Transactions, all.Letters, time.Since(start).Round(time.Second))
	return nil
}
