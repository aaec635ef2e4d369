package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/motcua/motcua/internal/catalogue"
)

func runCatalogue(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var out string
	var shipped, dryRun bool
	fs := flag.NewFlagSet("catalogue", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&out, "o", "-", "export: write to `FILE` (- for standard output)")
	fs.BoolVar(&shipped, "shipped", false, "import: the catalogue shipped with motcua instead of a file")
	fs.BoolVar(&dryRun, "dry-run", false, "import: validate only, store nothing")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua catalogue import FILE|-|--shipped [flags]
       motcua catalogue export [-o FILE] [flags]

import validates the whole YAML catalogue, then stores it in one transaction:
new procedures get version 1, changed ones a new version, identical ones are
left alone. Any error names the item and the field or line, and nothing is
stored. export writes the current version of every procedure as YAML.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("want import or export")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	switch pos[0] {
	case "import":
		var data []byte
		switch {
		case shipped && len(pos) == 1:
			data = catalogue.Shipped()
		case !shipped && len(pos) == 2 && pos[1] == "-":
			data, err = io.ReadAll(os.Stdin)
		case !shipped && len(pos) == 2:
			data, err = os.ReadFile(pos[1])
		default:
			return usageErr("import takes one FILE, - or --shipped")
		}
		if err != nil {
			return fmt.Errorf("read catalogue: %w", err)
		}
		c, err := catalogue.Parse(data)
		if err != nil {
			return err
		}
		if dryRun {
			fmt.Fprintf(stdout, "valid: %d fields, %d procedures\n", len(c.Fields), len(c.Procedures))
			return nil
		}
		db, err := openStore(ctx, &cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		res, err := db.ImportCatalogue(ctx, c, "cli")
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "imported %d fields; procedures: %d created, %d new versions, %d unchanged\n",
			res.Fields, res.Created, res.Updated, res.Unchanged)
		return nil
	case "export":
		if len(pos) != 1 {
			return usageErr("export takes no argument (use -o FILE)")
		}
		db, err := openStore(ctx, &cfg, cfg.logger(stderr))
		if err != nil {
			return err
		}
		defer db.Close()
		c, err := db.ExportCatalogue(ctx)
		if err != nil {
			return err
		}
		b, err := catalogue.Marshal(c)
		if err != nil {
			return err
		}
		if out == "-" {
			_, err = stdout.Write(b)
			return err
		}
		return os.WriteFile(out, b, 0o644)
	}
	return usageErr("unknown catalogue command %q (want import or export)", pos[0])
}
