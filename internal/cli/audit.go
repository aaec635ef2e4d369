package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/motcua/motcua/internal/store"
)

// errAuditBroken is returned when verification finds a broken link, so that
// the command exits non-zero after printing its report.
var errAuditBroken = errors.New("the audit trail is broken")

func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var unitCode string
	var fromCheckpoint, repair bool
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&unitCode, "unit", "", "verify: only this unit's chain (identifier)")
	fs.BoolVar(&fromCheckpoint, "from-checkpoint", false, "verify: trust each chain up to its latest checkpoint and start there")
	fs.BoolVar(&repair, "repair", false, "pending: write the dossiers' count in place of the rows that differ")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua audit verify [--unit CODE] [--from-checkpoint] [flags]
       motcua audit checkpoint [flags]
       motcua audit pending [--repair] [flags]

The dossier events and the settings changes of each unit form a hash chain
(see docs/design.md, "Audit trail"). verify recomputes every chain and
reports OK with its counts, or the first broken link, and then exits 1.
checkpoint records the head of every chain that grew and prints all heads:
keep that output somewhere else to detect a rewrite of the whole database.
pending compares the pending dossiers kept by unit and appointment day (the
province's counts, docs/design.md, "Indicators") with a count of the
dossiers, lists the rows that differ and exits 1; with --repair it writes
the count in their place. Only a change made outside motcua (by hand in SQL,
a bulk load) can make them differ; serve checks them daily and logs a
difference.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "verify" && pos[0] != "checkpoint" && pos[0] != "pending") {
		fs.Usage()
		return usageErr("want verify, checkpoint or pending")
	}
	if pos[0] != "verify" && (unitCode != "" || fromCheckpoint) {
		return usageErr("--unit and --from-checkpoint belong to verify")
	}
	if pos[0] != "pending" && repair {
		return usageErr("--repair belongs to pending")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()

	if pos[0] == "pending" {
		return auditPending(ctx, db, repair, stdout)
	}
	if pos[0] == "checkpoint" {
		added, heads, err := db.AuditCheckpoint(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d checkpoint(s) recorded\n", added)
		for _, h := range heads {
			fmt.Fprintf(stdout, "%s\t%d\t%s\n", chainName(h.UnitCode, h.UnitID), h.Seq, h.Hash)
		}
		return nil
	}
	unitID := ""
	if unitCode != "" {
		u, err := db.UnitByCode(ctx, unitCode)
		if err != nil {
			return err
		}
		unitID = u.ID
	}
	rep, err := db.VerifyAudit(ctx, unitID, fromCheckpoint)
	if err != nil {
		return err
	}
	if b := rep.Broken; b != nil {
		fmt.Fprintf(stdout, "BROKEN: unit %s, %s\n", chainName(b.UnitCode, b.UnitID), b.What)
		fmt.Fprintf(stdout, "  position: %d\n", b.Seq)
		if b.Table != "" {
			fmt.Fprintf(stdout, "  table:    %s\n", b.Table)
		}
		if b.EventID != "" {
			fmt.Fprintf(stdout, "  event:    %s\n", b.EventID)
		}
		return errAuditBroken
	}
	fmt.Fprintf(stdout, "OK: %d chain(s), %d dossier event(s), %d settings change(s), %d checkpoint(s) passed\n",
		rep.Units, rep.Dossier, rep.Admin, rep.Checkpoints)
	return nil
}

// errPendingDrift: the kept pending counts differ from the dossiers (exit 1).
var errPendingDrift = errors.New("the kept pending counts differ from the dossiers")

// auditPending checks, and with repair rewrites, the kept pending counts.
func auditPending(ctx context.Context, db *store.DB, repair bool, stdout io.Writer) error {
	drift, err := db.CheckPending(ctx, repair)
	if err != nil {
		return err
	}
	if len(drift) == 0 {
		fmt.Fprintln(stdout, "OK: the kept pending counts equal the dossiers'")
		return nil
	}
	for _, d := range drift {
		day := d.DueDay
		if d.Waiting {
			day = "waiting for a supplement"
		}
		fmt.Fprintf(stdout, "%s\t%s\tkept %d\tcounted %d\n", d.UnitID, day, d.Kept, d.Counted)
	}
	if repair {
		fmt.Fprintf(stdout, "REPAIRED: %d row(s) written from the dossiers\n", len(drift))
		return nil
	}
	fmt.Fprintf(stdout, "DIFFERENT: %d row(s); motcua audit pending --repair writes the dossiers' count\n", len(drift))
	return errPendingDrift
}

// pendingChecks compares the kept pending counts with the dossiers at once
// and then every interval until ctx ends; serve runs it beside the server.
// The check locks nothing (store.CheckPending); a difference is logged as
// an error that names the repair.
func pendingChecks(ctx context.Context, db *store.DB, log *slog.Logger, every time.Duration) {
	repeat(ctx, every, func() { checkPendingOnce(ctx, db, log) })
}

// checkPendingOnce is one check of pendingChecks.
func checkPendingOnce(ctx context.Context, db *store.DB, log *slog.Logger) {
	drift, err := db.CheckPending(ctx, false)
	switch {
	case err != nil:
		if ctx.Err() == nil {
			log.Error("pending counts check", "err", err)
		}
	case len(drift) > 0:
		log.Error("the kept pending counts differ from the dossiers: run motcua audit pending --repair",
			"rows", len(drift), "unit", drift[0].UnitID)
	}
}

// chainName names a chain for a terminal.
func chainName(code, id string) string {
	switch {
	case code != "":
		return code
	case id == "":
		return "(system)"
	}
	return id
}

// auditCheckpoints records the audit chains' heads every interval until ctx
// ends; serve runs it beside the server.
func auditCheckpoints(ctx context.Context, db *store.DB, log *slog.Logger, every time.Duration) {
	repeat(ctx, every, func() {
		if n, _, err := db.AuditCheckpoint(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("audit checkpoint", "err", err)
			}
		} else if n > 0 {
			log.Info("audit checkpoint", "chains", n)
		}
	})
}

// repeat calls fn at once and then every interval until ctx ends.
func repeat(ctx context.Context, every time.Duration, fn func()) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
