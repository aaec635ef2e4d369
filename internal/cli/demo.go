package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"text/tabwriter"

	"github.com/motcua/motcua/internal/demo"
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
	db, err := openStore(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	town, err := demo.Seed(ctx, db)
	if err != nil {
		return err
	}
	if seedOnly {
		fmt.Fprintf(stdout, "demo data ready in %s (%s)\n", cfg.DB, town.Unit.Name)
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
