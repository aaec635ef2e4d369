// Package cli is motcua's composition root: it turns flags and environment
// variables into a validated configuration, wires the store, the domain
// services and the server together, and runs the subcommands.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/motcua/motcua/internal/apperr"
)

const usage = `motcua runs a one-stop department (Bộ phận Một cửa): the procedure catalogue,
dossiers from intake to returned result, working-day deadlines, documents and reports.

Usage: motcua <command> [flags]

Commands:
  demo        create or reuse a demo commune under ./motcua-demo and serve it
  serve       serve the web UI, the JSON API and the background workers
  migrate     bring the database to the current schema
  catalogue   import or export the procedure catalogue (YAML)
  user        add an officer, or issue an API token
  calendar    lunar dates, holidays and deadlines
  dossier     list dossiers, or show one with its event log
  report      the service indicators of a period: table, JSON, CSV or XLSX
  doc         documents as PDF/XLSX from the data (receipt, control, letter, tracking, ...)
  audit       verify the audit trail, record a checkpoint, or check the kept pending counts
  backup      a consistent copy of the database while serving, with a manifest
  restore     check a backup against its manifest and restore it
  files       check the stored digitised papers and signed results against their SHA-256
  units       import the communes of 1 July 2025 and their predecessors; merge units
  fake        a fake outside system for demos and tests: fake portal --addr HOST:PORT
  payment     online payment of fees: account, reconcile (CSV/XLSX), settle (querydr), refund

Run 'motcua <command> --help' for a command's flags. Every flag that names the
database or the data directory also reads an environment variable (MOTCUA_DB,
MOTCUA_DATA, MOTCUA_ADDR, ...), shown in the command's help.
`

// command is one subcommand.
type command struct {
	name string
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

func commands() []command {
	return []command{
		{"demo", runDemo},
		{"serve", runServe},
		{"migrate", runMigrate},
		{"catalogue", runCatalogue},
		{"user", runUser},
		{"calendar", runCalendar},
		{"dossier", runDossier},
		{"report", runReport},
		{"doc", runDoc},
		{"audit", runAudit},
		{"backup", runBackup},
		{"restore", runRestore},
		{"units", runUnits},
		{"fake", runFake},
		{"payment", runPayment},
		{"files", runFiles},
		{"notify", runNotify},
	}
}

// Main runs the command named by args[0] and returns the process exit code:
// 0 on success, 1 on failure, 2 on a usage error.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, args[1:], stdout, stderr)
		switch {
		case err == nil, errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "motcua %s: %v\n", c.name, err)
			return 2
		default:
			fmt.Fprintf(stderr, "motcua %s: %s\n", c.name, describe(err))
			return 1
		}
	}
	fmt.Fprintf(stderr, "motcua: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// errUsage marks a command-line mistake (exit code 2).
var errUsage = errors.New("usage")

func usageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

// describe renders an error for a terminal: field errors one per line.
func describe(err error) string {
	var fe *apperr.FieldsError
	if errors.As(err, &fe) {
		var b strings.Builder
		b.WriteString("dữ liệu không hợp lệ:")
		for k, v := range fe.Fields {
			fmt.Fprintf(&b, "\n  %s: %s", k, v)
		}
		return b.String()
	}
	return err.Error()
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments, which the flag package alone does not allow, and
// returns the positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
