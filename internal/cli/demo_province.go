package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// `motcua demo --province`: Lâm Đồng's communes, each with its team and a
// smaller history generated on the same engine as the town's year, for the
// province's page (docs/demo.md). It serves at once and fills the communes
// one after the other in the background, like the town's year.

// provinceDataDir is the default data directory of the province demo, so
// that it never mixes with the town's.
const provinceDataDir = "./motcua-demo-province"

// provinceSize is the average number of finished dossiers per commune;
// tests use a smaller one.
var provinceSize = demo.ProvinceSize

// holdProvinceFill, nil but in tests, is called after each step of the
// province's fill in the background, with its progress: a test holds the
// fill there until the demo stops, to stop it half-way whatever the
// machine's speed.
var holdProvinceFill func(ctx context.Context, done float64)

// provinceDemo is what the province demo needs from runDemo's flags.
type provinceDemo struct {
	cfg      *Config
	communes int // how many communes get a history, in NSO-code order; 0: all
	seedOnly bool
	log      *slog.Logger
	stdout   io.Writer
}

func runProvinceDemo(ctx context.Context, pd provinceDemo) error {
	cfg, stdout, log := pd.cfg, pd.stdout, pd.log
	marker := fillMarker(cfg.DB)
	if marker != "" {
		restarted, err := discardInterruptedFill(cfg.DB, marker)
		if err != nil {
			return err
		}
		if restarted {
			fmt.Fprintln(stdout, "motcua demo --province: the last run stopped before the communes were complete; starting again from an empty database")
		}
	}
	db, err := openStoreWith(ctx, cfg, store.Options{Logger: log})
	if err != nil {
		return err
	}
	defer db.Close()
	prov, err := demo.SeedProvince(ctx, db)
	if err != nil {
		return err
	}
	communes := prov.Communes
	if pd.communes > 0 && pd.communes < len(communes) {
		communes = communes[:pd.communes]
	}
	has := true
	for _, c := range communes {
		if h, err := demo.HasHistory(ctx, db, demo.ProvinceProfile(c.NSOCode, provinceSize), c.Code); err != nil {
			return err
		} else if !h {
			has = false
			break
		}
	}
	printSite := func(a net.Addr) { printProvinceSite(stdout, cfg, a, prov, communes) }

	// --seed-only, and PostgreSQL (whose database the demo does not delete),
	// generate every commune before anything else.
	if pd.seedOnly || (marker == "" && !has) {
		if !has {
			fmt.Fprintf(stdout, "motcua demo --province: generating the dossiers of %d communes of %s from %s to %s...\n",
				len(communes), prov.Unit.Name, demo.ProvinceFrom, demo.ProvinceTo)
		}
		gen, clock, err := openGenerator(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer gen.Close()
		if err := writeMarker(marker); err != nil {
			return err
		}
		sum, err := demo.FillProvince(ctx, gen, clock, communes, provinceSize, nil, demo.WithLogger(log))
		if err != nil {
			return err
		}
		if err := removeMarker(marker); err != nil {
			return err
		}
		printProvinceSummary(stdout, sum)
		if pd.seedOnly {
			fmt.Fprintf(stdout, "demo data ready in %s (%s, %d communes)\n", cfg.DB, prov.Unit.Name, len(communes))
			return nil
		}
		return serve(ctx, cfg, db, log, printSite)
	}
	if has {
		return serve(ctx, cfg, db, log, printSite)
	}

	// The first run: serve at once, fill the communes in the background.
	return serveWhileFilling(ctx, cfg, db, log, stdout, marker, printSite,
		"Generating the communes' dossiers through the real workflow, one commune after the other; the site is usable meanwhile.",
		"motcua demo --province: stopped before the communes were complete; the next run starts again.",
		func(ctx context.Context, f *fill, gen *store.DB, clock *demo.SimClock) error {
			return f.runProvince(ctx, gen, clock, communes, marker, log)
		})
}

// runProvince fills the communes on gen while officers may use the site,
// then removes the marker and marks the fill complete.
func (f *fill) runProvince(ctx context.Context, gen *store.DB, clock *demo.SimClock, communes []*unit.Unit, marker string, log *slog.Logger) error {
	progress := f.progress
	if hold := holdProvinceFill; hold != nil {
		progress = func(done float64) { f.progress(done); hold(ctx, done) }
	}
	sum, err := demo.FillProvince(ctx, gen, clock, communes, provinceSize, progress, demo.WithOfficersAtWork())
	if f.tty {
		fmt.Fprintln(f.out)
	}
	if err != nil {
		return err
	}
	if len(sum.Differ) > 0 {
		log.Warn("some communes' figures differ from their profiles: officers acted on their dossiers while they were generated",
			"communes", strings.Join(sum.Differ, ", "))
	}
	if err := removeMarker(marker); err != nil {
		return err
	}
	f.ok.Store(true)
	close(f.done)
	printProvinceSummary(f.out, sum)
	return nil
}

func printProvinceSummary(out io.Writer, sum demo.ProvinceSummary) {
	if sum.Skipped == sum.Communes {
		return
	}
	fmt.Fprintf(out, "  generated %d dossiers (%d transactions, %d letters) in %d communes in %s: the province is complete.\n",
		sum.Dossiers, sum.Transactions, sum.Letters, sum.Communes-sum.Skipped, sum.Elapsed.Round(time.Second))
}

// printProvinceSite prints the province demo's addresses and logins.
func printProvinceSite(stdout io.Writer, cfg *Config, a net.Addr, prov *demo.Province, communes []*unit.Unit) {
	base := cfg.publicURL(a.String())
	period := url.Values{"tu": {demo.ProvinceFrom.String()}, "den": {demo.ProvinceTo.String()}}.Encode()
	var b strings.Builder
	fmt.Fprintf(&b, "motcua demo --province: %s (%s), %d communes with a history from %s to %s\n\n",
		prov.Unit.Name, prov.Unit.Code, len(communes), demo.ProvinceFrom.At(0).Format("02/01/2006"), demo.ProvinceTo.At(0).Format("02/01/2006"))
	fmt.Fprintf(&b, "  Province page:     %s/can-bo/tinh?%s\n", base, period)
	fmt.Fprintf(&b, "  Citizen portal:    %s/\n", base)
	fmt.Fprintf(&b, "  Officer login:     %s/dang-nhap\n", base)
	fmt.Fprintf(&b, "  Data:              %s\n\n", cfg.DB)
	fmt.Fprintf(&b, "Demo logins (password %q for all):\n", demo.Password)
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	for _, l := range prov.Logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.FullName, l.Role)
	}
	tw.Flush()
	if len(communes) > 0 {
		c := communes[0]
		fmt.Fprintf(&b, "  and in each commune xa<NSO code>.tiepnhan, .chutich, .tuphap, .congchuc, e.g. %s (%s)\n",
			demo.CommuneUsername(c, "tiepnhan"), c.Name)
	}
	b.WriteString("\nPress Ctrl+C to stop.\n")
	io.WriteString(stdout, b.String())
}

// flagSet says whether the command line set the flag name.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
