package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
)

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var seedOnly bool
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-demo")
	cfg.bindServer(fs)
	fs.BoolVar(&seedOnly, "seed-only", false, "create or update the demo database, then exit")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua demo [flags]

Creates (or reuses) a demo commune modelled on the town in the product brief,
in an SQLite database under --data (./motcua-demo), prints its URL and logins,
and serves it until interrupted.

Flags:`)
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if err := cfg.validate(true); err != nil {
		return err
	}
	log := cfg.logger(stderr)
	// The store reads this clock: the simulated one while the year is
	// generated, the real one afterwards.
	clock := &demo.SimClock{}
	db, err := openStoreWith(ctx, &cfg, store.Options{Logger: log, Now: clock.Now})
	if err != nil {
		return err
	}
	defer db.Close()
	town, err := demo.Seed(ctx, db)
	if err != nil {
		return err
	}
	if err := demo.SeedNews(ctx, db, town.Unit.ID); err != nil {
		return err
	}
	profile := demo.BriefProfile()
	fmt.Fprintf(stdout, "motcua demo: preparing %s, with its dossiers from %s to %s (the first run takes about half a minute)...\n",
		town.Unit.Name, profile.From.At(0).Format("02/01/2006"), profile.To.At(0).Format("02/01/2006"))
	sum, err := demo.Generate(ctx, db, profile, clock, demo.WithLogger(log))
	if err != nil {
		return err
	}
	if !sum.Skipped {
		fmt.Fprintf(stdout, "  generated %d dossiers (%d transactions, %d letters) in %s through the real workflow\n",
			sum.Dossiers, sum.Transactions, sum.Letters, sum.Elapsed.Round(time.Second))
	}
	if seedOnly {
		fmt.Fprintf(stdout, "demo data ready in %s (%s)\n", cfg.DB, town.Unit.Name)
		fmt.Fprintf(stdout, "try: motcua report --from %s --to %s --format json\n", profile.From, profile.To)
		return nil
	}
	return serve(ctx, &cfg, db, log, func(a net.Addr) {
		base := cfg.publicURL(a.String())
		fmt.Fprintf(stdout, "motcua demo: %s (%s)\n\n", town.Unit.Name, town.Unit.Code)
		fmt.Fprintf(stdout, "  Citizen portal:    %s/\n", base)
		fmt.Fprintf(stdout, "  Officer login:     %s/dang-nhap\n", base)
		fmt.Fprintf(stdout, "  API (OpenAPI):     %s/api/v1/openapi.json\n", base)
		fmt.Fprintf(stdout, "  Data:              %s\n\n", cfg.DB)
		fmt.Fprintf(stdout, "Demo logins (password %q for all):\n", demo.Password)
		tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
		for _, l := range town.Logins {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.FullName, l.Role)
		}
		tw.Flush()
		fmt.Fprintln(stdout, "\nPress Ctrl+C to stop.")
	})
}
