package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

const unitsUsage = `Usage: motcua units import [--province NAME] [--communes FILE --conversion FILE] [flags]
       motcua units nso UNIT NSO_CODE [--valid-from DAY] [--valid-to DAY] [flags]
       motcua units merge FROM... --into TO [--keep-officers] [--keep-dossiers] [--at DAY] [flags]

import loads one province's communes of 1 July 2025 and the former communes
they were made of (the official lists of the General Statistics Office): the
province, its communes, the former communes and the predecessor map. Without
--communes/--conversion it uses the lists of Lâm Đồng shipped with motcua; with
them (the national files), --province chooses the province (e.g. lam_dong or
"Lâm Đồng", or all). Every province is checked before any is stored. Every malformed row is reported with its file and line, and then
nothing is stored. Importing again changes nothing.

nso gives a unit entered by hand (by its identifier, e.g. 000.21.37.H56) its
NSO code and dates, so that import links it instead of creating another: for
a commune that ended with the reorganisation, --valid-to 2025-06-30.

merge moves former units into their successor (see docs/units-2025.md).

Flags:`

func runUnits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var province, communesPath, conversionPath, validFrom, validTo string
	var mo mergeFlags
	fs := flag.NewFlagSet("units", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&province, "province", "lam_dong", "import: the province, by name or codename; all for the whole country")
	fs.StringVar(&communesPath, "communes", "", "import: the communes `FILE` (communes-2025-07.json)")
	fs.StringVar(&conversionPath, "conversion", "", "import: the conversion `FILE` (conversion-2025-07.csv)")
	fs.StringVar(&validFrom, "valid-from", "", "nso: the unit's first `DAY` (YYYY-MM-DD)")
	fs.StringVar(&validTo, "valid-to", "", "nso: the unit's last `DAY` (YYYY-MM-DD)")
	mo.bind(fs)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), unitsUsage)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("want import, nso or merge")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	switch pos[0] {
	case "import":
		if len(pos) != 1 {
			return usageErr("import takes no argument")
		}
		communes, conversion := unit.ShippedLamDong()
		if (communesPath == "") != (conversionPath == "") {
			return usageErr("give both --communes and --conversion, or neither")
		}
		if communesPath != "" {
			if communes, err = os.ReadFile(communesPath); err != nil {
				return fmt.Errorf("read communes: %w", err)
			}
			if conversion, err = os.ReadFile(conversionPath); err != nil {
				return fmt.Errorf("read conversion table: %w", err)
			}
		}
		provinces := []string{province}
		if province == "all" {
			if provinces, err = unit.ProvinceKeys(communes); err != nil {
				return err
			}
		}
		var plans []*unit.ImportPlan
		for _, p := range provinces {
			plan, err := unit.PlanImport(communes, conversion, p)
			if err != nil {
				return err
			}
			plans = append(plans, plan)
		}
		db, err := openStore(ctx, &cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		for _, plan := range plans {
			res, err := db.ImportUnits(ctx, plan, "cli")
			if err != nil {
				return fmt.Errorf("%s: %w", plan.ProvinceName, err)
			}
			fmt.Fprintf(stdout, "%s: units %d created, %d updated, %d unchanged; links %d created, %d updated, %d unchanged; %d rows without a former commune\n",
				plan.ProvinceName, res.Created, res.Updated, res.Unchanged, res.LinksCreated, res.LinksUpdated, res.LinksSame, res.Skipped)
		}
		return nil
	case "nso":
		if len(pos) != 3 {
			return usageErr("nso takes UNIT and NSO_CODE")
		}
		db, err := openStore(ctx, &cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		u, err := db.UnitByCode(ctx, pos[1])
		if err != nil {
			return err
		}
		if err := db.SetUnitNSO(ctx, u.ID, pos[2], validFrom, validTo, "cli"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%s: NSO code %s, valid %s..%s\n", u.Name, pos[2], validFrom, validTo)
		return nil
	case "merge":
		db, err := openStore(ctx, &cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		return mo.run(ctx, db, pos[1:], stdout)
	}
	return usageErr("unknown units command %q (want import, nso or merge)", pos[0])
}

// mergeFlags are the choices of units merge.
type mergeFlags struct {
	into         string
	at           string
	keepOfficers bool
	keepDossiers bool
}

func (m *mergeFlags) bind(fs *flag.FlagSet) {
	fs.StringVar(&m.into, "into", "", "merge: the successor's `identifier`")
	fs.StringVar(&m.at, "at", unit.Reorganisation2025, "merge: the `DAY` the successor takes over (YYYY-MM-DD)")
	fs.BoolVar(&m.keepOfficers, "keep-officers", false, "merge: leave the officers in the former units")
	fs.BoolVar(&m.keepDossiers, "keep-dossiers", false, "merge: leave the open dossiers with the former units")
}

func (m *mergeFlags) run(ctx context.Context, db *store.DB, from []string, stdout io.Writer) error {
	if len(from) == 0 || m.into == "" {
		return usageErr("merge takes the former units' identifiers and --into")
	}
	into, err := db.UnitByCode(ctx, m.into)
	if err != nil {
		return err
	}
	req := store.MergeRequest{Into: into.ID, At: m.at, KeepOfficers: m.keepOfficers, KeepDossiers: m.keepDossiers}
	for _, code := range from {
		u, err := db.UnitByCode(ctx, code)
		if err != nil {
			return err
		}
		req.From = append(req.From, u.ID)
	}
	res, err := db.MergeUnits(ctx, req, "cli")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "merged %d units into %s from %s: %d officers, %d open dossiers, %d sub-units moved\n",
		len(req.From), into.Name, m.at, res.Officers, res.Dossiers, res.SubUnits)
	return nil
}
