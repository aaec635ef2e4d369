package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/report"
	"github.com/motcua/motcua/internal/sheet"
	"github.com/motcua/motcua/internal/store"
)

func runReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var from, to, unitCode, format, out, lang, field, procedure string
	var channel int
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-demo")
	fs.StringVar(&from, "from", "", "first day of the period, YYYY-MM-DD (required)")
	fs.StringVar(&to, "to", "", "last day of the period, YYYY-MM-DD (required; at most 5 years after --from)")
	fs.StringVar(&unitCode, "unit", "", "a unit identifier: that unit and the units below it (default: every unit)")
	withHistory := fs.Bool("with-history", false, "with --unit: add the units merged into it (docs/units-2025.md)")
	fs.StringVar(&field, "field", "", "only this field code, e.g. HT")
	fs.StringVar(&procedure, "procedure", "", "only this procedure code, e.g. 1.001193")
	fs.IntVar(&channel, "channel", 0, "only this channel: 1 counter, 2 online, 3 post")
	fs.StringVar(&format, "format", "table", "table, json, csv or xlsx")
	fs.StringVar(&out, "o", "-", "write to `FILE` (- for standard output; xlsx needs a file)")
	fs.StringVar(&lang, "lang", "vi", "labels in vi or en")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua report --from YYYY-MM-DD --to YYYY-MM-DD [--unit CODE] [--format table|json|csv|xlsx] [flags]

Prints the service indicators of a period, computed from the dossiers by the
formulas in docs/indicators.md, rounded as published. The default data
directory is the demo's (./motcua-demo), so that after 'motcua demo --seed-only'
the report reads the demo town.

Flags:`)
		fs.PrintDefaults()
	}
	if pos, err := parseInterleaved(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usageErr("unexpected argument %q", pos[0])
	}
	if from == "" || to == "" {
		return usageErr("--from and --to are required")
	}
	switch format {
	case "table", "json", "csv", "xlsx":
	default:
		return usageErr("--format %q: want table, json, csv or xlsx", format)
	}
	if format == "xlsx" && out == "-" {
		return usageErr("--format xlsx needs -o FILE")
	}
	if lang != "vi" && lang != "en" {
		return usageErr("--lang %q: want vi or en", lang)
	}
	period, err := report.ParsePeriod(from, to)
	if err != nil {
		return err
	}
	if cfg.DB == "" && cfg.Data != "" {
		if _, err := os.Stat(filepath.Join(cfg.Data, "motcua.db")); err != nil {
			return fmt.Errorf("no database in %s: run 'motcua demo --seed-only' first, or pass --data or --db", cfg.Data)
		}
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.Report(ctx, store.ReportRequest{Period: period, UnitCode: unitCode, WithHistory: *withHistory, Field: field, Procedure: procedure,
		Channel: channel, Config: report.DefaultConfig()})
	if err != nil {
		return err
	}
	w := stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("create %s: %w", out, err)
		}
		defer f.Close()
		w = f
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "csv":
		return sheet.IndicatorsCSV(w, rep, lang)
	case "xlsx":
		return sheet.IndicatorsXLSX(w, rep, lang)
	}
	title := "Kỳ báo cáo"
	if lang == "en" {
		title = "Period"
	}
	fmt.Fprintf(w, "%s: %s – %s", title, period.From, period.To)
	if rep.UnitName != "" {
		fmt.Fprintf(w, " · %s (%s)", rep.UnitName, rep.Unit)
	}
	fmt.Fprintln(w)
	// Labels on the left, figures aligned on the right.
	var lines []line
	for _, row := range rep.Rows() {
		v := row.Text()
		if row.Undefined {
			v = report.NoData(lang)
		}
		lines = append(lines, line{report.Label(row.Key, lang), v})
	}
	var notes []string // rows without a label (the score's basis), printed whole after the table
	for _, r := range report.ScoreTable(rep.Score, lang) {
		if r[0] == "" {
			notes = append(notes, r[1])
			continue
		}
		lines = append(lines, line{r[0], r[1]})
	}
	lw, vw := 0, 0
	for _, l := range lines {
		lw = max(lw, utf8.RuneCountInString(l.label))
		vw = max(vw, utf8.RuneCountInString(l.value))
	}
	for _, l := range lines {
		pad := lw - utf8.RuneCountInString(l.label) + vw - utf8.RuneCountInString(l.value) + 2
		if _, err := fmt.Fprintf(w, "%s%s%s\n", l.label, strings.Repeat(" ", pad), l.value); err != nil {
			return err
		}
	}
	for _, n := range notes {
		if _, err := fmt.Fprintf(w, "(%s)\n", n); err != nil {
			return err
		}
	}
	return nil
}

// line is a row of the report's table: a label and its figure.
type line struct{ label, value string }
