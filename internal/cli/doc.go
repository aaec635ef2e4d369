package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/docgen"
	"github.com/motcua/motcua/internal/store"
)

const docUsage = `Usage: motcua doc KIND CODE -o FILE [flags]
       motcua doc verify FILE.pdf [--sign-roots ROOTS.pem] [--sign-crls URL|FILE,...]
       motcua doc tracking [--unit UNIT] --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf|FILE.xlsx [flags]
       motcua doc lawsheet PROCEDURE [--unit UNIT] -o FILE [flags]

Writes an official document, produced from the stored data, as a PDF.
KIND is one of, for the dossier with code CODE:
  receipt     receipt and appointment slip (QR code to <base-url>/tra-cuu?ma=CODE)
  supplement  the latest request to supplement the dossier
  refusal     the refusal notice
  apology     the approved apology with its new appointment
  control     the process control slip (one row per hand-over)
  handover    the record of handing over the result
  letter      the congratulatory or condolence letter in the register
  lawsheet    what the law asks of the applicant next (CODE may also be a
              procedure code such as 1.001193, for a sheet printed in advance)
tracking writes the unit's tracking book of dossiers received in a period,
as XLSX when FILE ends in .xlsx. UNIT is a unit identifier such as
000.21.37.H56; it may be left out when the database holds one unit.
-o - writes to standard output. Nothing is written when the document cannot
be produced (a refusal for a dossier never refused, ...).

Flags:`

// procedureCodeRe matches a national procedure code, e.g. 1.001193.
var procedureCodeRe = regexp.MustCompile(`^[0-9]\.[0-9]{6}$`)

func runDoc(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "verify" {
		return runDocVerify(ctx, args[1:], stdout, stderr)
	}
	var cfg Config
	var out, unitCode, from, to string
	fs := flag.NewFlagSet("doc", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&cfg.BaseURL, "base-url", env("MOTCUA_BASE_URL", "http://localhost:8080"), "public `URL` of the service, encoded in the receipt's QR code (env MOTCUA_BASE_URL)")
	fs.StringVar(&out, "o", "", "write the document to `FILE` (- for standard output); required")
	fs.StringVar(&unitCode, "unit", "", "tracking, lawsheet: the `UNIT` identifier (default: the only unit)")
	fs.StringVar(&from, "from", "", "tracking: first `day` of the period, YYYY-MM-DD")
	fs.StringVar(&to, "to", "", "tracking: last `day` of the period, YYYY-MM-DD (default: --from)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), docUsage)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		fs.Usage()
		return usageErr("want a document kind")
	}
	if out == "" {
		return usageErr("-o FILE is required (- for standard output)")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	opt := docgen.Options{BaseURL: strings.TrimSuffix(cfg.BaseURL, "/")}

	// Parse everything before touching the database.
	var produce func(db *store.DB, w io.Writer) error
	switch kind := pos[0]; kind {
	case "tracking":
		if len(pos) != 1 {
			return usageErr("tracking takes no argument (use --from and --to)")
		}
		if to == "" {
			to = from
		}
		first, err := parseDay("--from", from)
		if err != nil {
			return err
		}
		last, err := parseDay("--to", to)
		if err != nil {
			return err
		}
		format := docgen.PDF
		if strings.EqualFold(filepath.Ext(out), ".xlsx") {
			format = docgen.XLSX
		}
		produce = func(db *store.DB, w io.Writer) error {
			unitID, err := resolveUnit(ctx, db, unitCode)
			if err != nil {
				return err
			}
			return docgen.TrackingBook(ctx, db, unitID, first, last, format, opt, w)
		}
	default:
		k, err := docgen.ParseKind(kind)
		if err != nil {
			var names []string
			for _, k := range docgen.Kinds() {
				names = append(names, string(k))
			}
			return usageErr("unknown document kind %q (want %s or tracking)", kind, strings.Join(names, ", "))
		}
		if len(pos) != 2 {
			return usageErr("%s takes one CODE", kind)
		}
		code := pos[1]
		if k == docgen.KindLawSheet && procedureCodeRe.MatchString(code) {
			produce = func(db *store.DB, w io.Writer) error {
				unitID, err := resolveUnit(ctx, db, unitCode)
				if err != nil {
					return err
				}
				return docgen.LawSheet(ctx, db, unitID, code, opt, w)
			}
			break
		}
		produce = func(db *store.DB, w io.Writer) error { return docgen.Render(ctx, db, k, code, opt, w) }
	}

	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	var buf bytes.Buffer
	if err := produce(db, &buf); err != nil {
		return err
	}
	if out == "-" {
		_, err := buf.WriteTo(stdout)
		return err
	}
	if err := writeFileAtomic(out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d bytes)\n", out, buf.Len())
	return nil
}

// parseDay reads a YYYY-MM-DD day in UTC+7.
func parseDay(flagName, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, usageErr("%s YYYY-MM-DD is required", flagName)
	}
	t, err := time.ParseInLocation("2006-01-02", s, store.Zone)
	if err != nil {
		return time.Time{}, usageErr("%s %q: want YYYY-MM-DD", flagName, s)
	}
	return t, nil
}

// resolveUnit returns the id of the unit with this identifier, or of the
// only unit when code is empty.
func resolveUnit(ctx context.Context, db *store.DB, code string) (string, error) {
	if code != "" {
		u, err := db.UnitByCode(ctx, code)
		if err != nil {
			return "", err
		}
		return u.ID, nil
	}
	us, err := db.Units(ctx)
	if err != nil {
		return "", err
	}
	if len(us) != 1 {
		return "", usageErr("the database holds %d units: name one with --unit", len(us))
	}
	return us[0].ID, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so that a failure never leaves half a document behind.
func writeFileAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
