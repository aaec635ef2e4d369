package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/internal/demo"
	"github.com/motcua/motcua/internal/portal"
	"github.com/motcua/motcua/internal/store"
)

// demoProfiles are the periods of history `motcua demo` generates, in
// order (the brief's 2024, the model's 2025); tests use a smaller one.
var demoProfiles = demo.Profiles

func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var seedOnly, story, province bool
	var communes int
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-demo")
	cfg.bindServer(fs)
	cfg.Portal.bind(fs, &cfg)
	cfg.Identity.bind(fs, &cfg)
	fs.BoolVar(&seedOnly, "seed-only", false, "create or update the demo database, generating its whole year now, then exit")
	fs.BoolVar(&story, "story-2025", false, "also tell 2025: the town merges with two communes into Xã Đạ Tẻh on 1 July 2025 (docs/units-2025.md)")
	fs.BoolVar(&province, "province", false, "instead of the town, Lâm Đồng's communes (imported from the official lists), each with its team and a smaller history, for the province's page (data in "+provinceDataDir+" unless --data)")
	fs.IntVar(&communes, "communes", 0, "with --province, how many communes get a history, in NSO-code order (0: all 124)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua demo [flags]

Creates (or reuses) a demo commune modelled on the town in the product brief,
in an SQLite database under --data (./motcua-demo), prints its URL and logins,
and serves it until interrupted. Its dossiers sync to a fake national portal
it starts on a loopback port (or to --portal-url when given). On the first run the site answers at once
while the commune's year is generated in the background (a progress bar here,
a banner on the pages); a run stopped before the year is complete is started
again from an empty database on the next run.

With --province, the demo is Lâm Đồng instead: its 124 communes imported from
the official lists, each with a team of four and a smaller history of its own
(July to December 2025), filled one commune after the other in the background,
for the province's page (/can-bo/tinh, login tinh.lanhdao).

Flags:`)
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if province {
		if story {
			return usageErr("--province and --story-2025 are two different demos")
		}
		if communes < 0 {
			return usageErr("--communes must not be negative")
		}
		if !flagSet(fs, "data") && env("MOTCUA_DATA", "") == "" {
			cfg.Data = provinceDataDir
		}
		cfg.Notify.Off = true // no fake channels: the communes' notices wait in the outbox
	} else if communes != 0 {
		return usageErr("--communes goes with --province")
	}
	if err := cfg.validate(true); err != nil {
		return err
	}
	ctx, stopDemo := context.WithCancel(ctx)
	defer stopDemo()
	// demo_parent.go: started by go run, stop when it goes.
	stopWithGoRun(ctx, stopDemo, func(msg string) { fmt.Fprintln(stderr, msg) })
	if err := demoFiles(ctx, &cfg, stdout); err != nil { // demo_files.go
		return err
	}
	log := cfg.logger(stderr)
	if province { // demo_province.go
		return runProvinceDemo(ctx, provinceDemo{cfg: &cfg, communes: communes, seedOnly: seedOnly, log: log, stdout: stdout})
	}
	profiles := demoProfiles()
	marker := fillMarker(cfg.DB)
	if marker != "" {
		restarted, err := discardInterruptedFill(cfg.DB, marker)
		if err != nil {
			return err
		}
		if restarted {
			fmt.Fprintln(stdout, "motcua demo: the last run stopped before its year was complete; starting again from an empty database")
		}
	}
	// The site runs on the real clock; the year is generated through a
	// second handle on the same database whose clock is the simulated one.
	db, err := openStoreWith(ctx, &cfg, store.Options{Logger: log})
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
	has, err := hasHistories(ctx, db, profiles)
	if err != nil {
		return err
	}
	// The demo syncs to a fake portal of its own unless told of another.
	fakePortal := ""
	if cfg.Portal.URL == "" && !seedOnly && !story {
		arrivals, err := demoArrivals(ctx, db, town.Unit.Code)
		if err != nil {
			return err
		}
		fake, addr, err := startFakePortal(&cfg.Portal, log, arrivals...)
		if err != nil {
			return err
		}
		defer fake.Close()
		fakePortal = "http://" + addr.String()
	}
	period := periodsText(profiles)
	idpNote, stopIDP, err := startDemoIDP(ctx, &cfg.Identity, db, log, seedOnly)
	if err != nil {
		return err
	}
	defer stopIDP()
	vnpay, err := startDemoVNPay(&cfg.Payment, log, seedOnly) // demo_payment.go
	if err != nil {
		return err
	}
	defer vnpay.Close()
	var fakes *demoNotify
	if !seedOnly && !cfg.Notify.Off {
		if fakes, err = startDemoNotify(ctx, db, town.Unit.ID); err != nil {
			return err
		}
		defer fakes.Close()
	}
	printSite := func(a net.Addr) {
		printDemoSite(stdout, &cfg, a, town, fakePortal)
		fmt.Fprint(stdout, idpNote)
		vnpay.ready(stdout, a.String())
		if fakes != nil {
			fakes.ready(stdout, cfg.publicURL(a.String()))
		}
	}

	// --seed-only, and a database the demo cannot start afresh (PostgreSQL),
	// generate the whole year before anything else, as they always did.
	if seedOnly || story || (marker == "" && !has) {
		if !has {
			fmt.Fprintf(stdout, "motcua demo: generating %s's dossiers from %s...\n", town.Unit.Name, period)
		}
		m := marker
		if has {
			m = "" // an existing history is only verified: nothing to start again
		}
		if err := generateNow(ctx, &cfg, log, profiles, m, stdout); err != nil {
			return err
		}
		if story {
			if err := tellStory2025(ctx, &cfg, log, stdout); err != nil {
				return err
			}
		}
		if seedOnly {
			fmt.Fprintf(stdout, "demo data ready in %s (%s)\n", cfg.DB, town.Unit.Name)
			for _, p := range profiles {
				fmt.Fprintf(stdout, "try: motcua report --from %s --to %s --format json\n", p.From, p.To)
			}
			return nil
		}
		if err := vnpay.load(ctx, db, town.Unit.ID); err != nil {
			return err
		}
		return serve(ctx, &cfg, db, log, printSite)
	}
	if has {
		if err := vnpay.load(ctx, db, town.Unit.ID); err != nil {
			return err
		}
		return serve(ctx, &cfg, db, log, printSite)
	}

	// The first run: serve at once and fill the year in the background.
	return serveWhileFilling(ctx, &cfg, db, log, stdout, marker, printSite,
		fmt.Sprintf("Generating the dossiers from %s through the real workflow; the site is usable meanwhile.", period),
		"motcua demo: stopped before the year was complete; the next run starts it again.",
		func(ctx context.Context, f *fill, gen *store.DB, clock *demo.SimClock) error {
			if err := f.run(ctx, gen, clock, profiles, marker, log); err != nil {
				return err
			}
			if err := vnpay.load(ctx, db, town.Unit.ID); err != nil && ctx.Err() == nil {
				log.Warn("the demo's payments are unknown to its fake VNPay", "err", err)
			}
			return nil
		})
}

// serveWhileFilling serves the demo at once and runs fill in the background
// on a second database handle with a simulated clock, behind marker (an
// interrupted fill starts again from an empty database): the pages show the
// fill's progress, and the job runner waits for it. A failed fill stops the
// server with its error.
func serveWhileFilling(ctx context.Context, cfg *Config, db *store.DB, log *slog.Logger, stdout io.Writer, marker string,
	printSite func(net.Addr), announce, stopped string, fill func(context.Context, *fill, *store.DB, *demo.SimClock) error) error {
	if err := writeMarker(marker); err != nil {
		return err
	}
	gen, clock, err := openGenerator(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer gen.Close()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	f := newFill(stdout)
	var wg sync.WaitGroup
	defer wg.Wait()
	err = serveWith(ctx, cfg, db, log, func(a net.Addr) {
		printSite(a)
		fmt.Fprintf(stdout, "\n%s\n", announce)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := fill(ctx, f, gen, clock); err != nil && ctx.Err() == nil {
				cancel(err)
			}
		}()
	}, serveOptions{notice: f.notice, jobsAfter: f.done})
	wg.Wait()
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if !f.complete() {
		fmt.Fprintln(stdout, "\n"+stopped)
	}
	return err
}

// demoArrivals are two dossiers citizens submitted on the demo's fake
// portal: the demo pulls them into the commune's queue once its year is
// generated (the same portal codes on every run, so they land once).
func demoArrivals(ctx context.Context, db *store.DB, unitCode string) ([]portal.Arrival, error) {
	pv, err := db.ProcedureByCode(ctx, "1.004873")
	if err != nil {
		return nil, err
	}
	var papers []portal.ArrivalPaper
	for _, c := range pv.Procedure.Components {
		if c.Required {
			papers = append(papers, portal.ArrivalPaper{TenGiayTo: c.Name})
		}
	}
	return []portal.Arrival{
		{MaHoSo: "G22.99-DEMO-0001", MaDonVi: unitCode, MaTTHC: "1.004873", ChuHoSo: "Lê Thị Hồng", LoaiDoiTuong: "1",
			SoGiayTo: "068190011111", SoDienThoai: "0911111111", DiaChi: "Thôn 2, xã Đạ Tẻh", ThanhPhanHoSo: papers},
		{MaHoSo: "G22.99-DEMO-0002", MaDonVi: unitCode, MaTTHC: "1.004873", ChuHoSo: "Phạm Văn Nam", LoaiDoiTuong: "1",
			SoGiayTo: "068190022222", SoDienThoai: "0922222222", DiaChi: "Thôn 4, xã Đạ Tẻh", ThanhPhanHoSo: papers},
	}, nil
}

// openGenerator opens the second handle on the demo database, on a
// simulated clock, for demo.Generate.
func openGenerator(ctx context.Context, cfg *Config, log *slog.Logger) (*store.DB, *demo.SimClock, error) {
	clock := &demo.SimClock{}
	gen, err := openStoreWith(ctx, cfg, store.Options{Logger: log, Now: clock.Now})
	return gen, clock, err
}

// generateNow generates (or verifies) every period before returning.
func generateNow(ctx context.Context, cfg *Config, log *slog.Logger, profiles []demo.Profile, marker string, stdout io.Writer) error {
	gen, clock, err := openGenerator(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer gen.Close()
	if err := writeMarker(marker); err != nil {
		return err
	}
	for _, p := range profiles {
		sum, err := demo.Generate(ctx, gen, p, clock, demo.WithLogger(log))
		if err != nil {
			return err
		}
		if !sum.Skipped {
			fmt.Fprintf(stdout, "  generated %d dossiers (%d transactions, %d letters) of %s in %s through the real workflow\n",
				sum.Dossiers, sum.Transactions, sum.Letters, sum.Period, sum.Elapsed.Round(time.Second))
		}
	}
	return removeMarker(marker)
}

// hasHistories reports whether the demo unit has a history in every period.
func hasHistories(ctx context.Context, db *store.DB, profiles []demo.Profile) (bool, error) {
	for _, p := range profiles {
		has, err := demo.HasHistory(ctx, db, p, "")
		if err != nil || !has {
			return false, err
		}
	}
	return true, nil
}

// periodsText names the periods, "01/01/2024 to 20/10/2024 and 01/01/2025 to 13/05/2025".
func periodsText(profiles []demo.Profile) string {
	parts := make([]string, len(profiles))
	for i, p := range profiles {
		parts[i] = fmt.Sprintf("%s to %s", p.From.At(0).Format("02/01/2006"), p.To.At(0).Format("02/01/2006"))
	}
	return strings.Join(parts, " and ")
}

// printDemoSite prints the demo's addresses and logins once it listens.
// fake, when set, is the address of the demo's own fake portal.
func printDemoSite(stdout io.Writer, cfg *Config, a net.Addr, town *demo.Town, fake string) {
	base := cfg.publicURL(a.String())
	var b strings.Builder
	fmt.Fprintf(&b, "motcua demo: %s (%s)\n\n", town.Unit.Name, town.Unit.Code)
	fmt.Fprintf(&b, "  Citizen portal:    %s/\n", base)
	fmt.Fprintf(&b, "  Officer login:     %s/dang-nhap\n", base)
	fmt.Fprintf(&b, "  API (OpenAPI):     %s/api/v1/openapi.json\n", base)
	switch {
	case fake != "":
		fmt.Fprintf(&b, "  Fake portal:       %s/_fake/dossiers (the national portal the demo syncs to)\n", fake)
	case cfg.Portal.URL != "":
		fmt.Fprintf(&b, "  National portal:   %s\n", cfg.Portal.URL)
	}
	fmt.Fprintf(&b, "  Data:              %s\n\n", cfg.DB)
	fmt.Fprintf(&b, "Demo logins (password %q for all):\n", demo.Password)
	tw := tabwriter.NewWriter(&b, 2, 4, 2, ' ', 0)
	for _, l := range town.Logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Username, l.FullName, l.Role)
	}
	tw.Flush()
	b.WriteString("\nPress Ctrl+C to stop.\n")
	io.WriteString(stdout, b.String())
}
