package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/textfold"
)

func runUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var unitCode, username, name, rolesCSV, fieldsCSV, password, tokenName, phone, title string
	var passwordStdin bool
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&unitCode, "unit", "", "add: the officer's unit `identifier`, e.g. 000.21.37.H56")
	fs.StringVar(&username, "username", "", "the officer's `username`")
	fs.StringVar(&name, "name", "", "add: full name")
	fs.StringVar(&title, "title", "", "add: job title")
	fs.StringVar(&phone, "phone", "", "add: phone")
	fs.StringVar(&rolesCSV, "roles", "", "add: comma-separated roles: admin, leader, reception, specialist")
	fs.StringVar(&fieldsCSV, "fields", "", "add: comma-separated field codes a specialist owns, e.g. HT,CT")
	fs.StringVar(&password, "password", "", "add: the password (prefer --password-stdin; env MOTCUA_PASSWORD)")
	fs.BoolVar(&passwordStdin, "password-stdin", false, "add: read the password from the first line of standard input")
	fs.StringVar(&tokenName, "token-name", "cli", "token: a name to recognise the token by")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua user add --unit CODE --username U --name "Họ Tên" --roles R[,R] [--fields F,F] --password-stdin
       motcua user token --username U [--token-name NAME]

add creates an officer; token issues an API token (printed once) for machine clients.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "add" && pos[0] != "token") {
		fs.Usage()
		return usageErr("want add or token")
	}
	if username == "" {
		return usageErr("--username is required")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()

	if pos[0] == "token" {
		o, err := db.OfficerByUsername(ctx, username)
		if err != nil {
			return err
		}
		tok, err := db.CreateToken(ctx, o.ID, tokenName, "cli")
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, tok)
		return nil
	}

	if unitCode == "" {
		return usageErr("--unit is required")
	}
	u, err := db.UnitByCode(ctx, unitCode)
	if err != nil {
		return err
	}
	if passwordStdin {
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("read password from standard input: %w", err)
		}
		password = strings.TrimRight(line, "\r\n")
	} else if password == "" {
		password = os.Getenv("MOTCUA_PASSWORD")
	}
	o := &staff.Officer{UnitID: u.ID, Username: username, FullName: textfold.NFC(name), Title: title, Phone: phone, Active: true}
	for _, r := range splitList(rolesCSV) {
		o.Roles = append(o.Roles, staff.Role(r))
	}
	o.Fields = splitList(fieldsCSV)
	if err := db.CreateOfficer(ctx, o, password, "cli"); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %s (%s) to %s\n", o.Username, o.FullName, u.Code)
	return nil
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
