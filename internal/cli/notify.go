package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/notify"
	"github.com/motcua/motcua/internal/store"
)

// runNotify configures a unit's notifications: its provider account on a
// channel, and its Zalo tokens.
func runNotify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg Config
	var unitCode, channel, settings, access, refresh string
	var off, assigned bool
	var fallback string
	var expires time.Duration
	fs := flag.NewFlagSet("notify", flag.ContinueOnError)
	fs.SetOutput(stdout)
	cfg.bindStorage(fs, "./motcua-data")
	fs.StringVar(&unitCode, "unit", "", "the unit's `identifier`, e.g. 000.21.37.H56")
	fs.StringVar(&channel, "channel", "", "account: email, sms or zalo")
	fs.StringVar(&settings, "settings", "", "account: the account as JSON, or @FILE (see docs/notify.md)")
	fs.BoolVar(&off, "off", false, "account: turn the channel off for the unit")
	fs.StringVar(&access, "access", "", "zalo-token: the access token")
	fs.StringVar(&refresh, "refresh", "", "zalo-token: the refresh token")
	fs.StringVar(&fallback, "fallback", "zalo,sms,email", "settings: the order channels are tried in, comma-separated")
	fs.BoolVar(&assigned, "officer-assigned", true, "settings: tell an officer at once when a dossier is routed to them")
	fs.DurationVar(&expires, "expires-in", 25*time.Hour, "zalo-token: the access token's lifetime")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), `Usage: motcua notify account --unit CODE --channel email|sms|zalo --settings JSON|@FILE
       motcua notify account --unit CODE --channel CH --off
       motcua notify zalo-token --unit CODE --access A --refresh R [--expires-in 25h]
       motcua notify settings --unit CODE [--fallback zalo,sms,email] [--officer-assigned=false]

account sets a unit's provider account on a channel (checked before it is stored);
zalo-token stores the tokens an administrator got by authorising the Zalo app.

Flags:`)
		fs.PrintDefaults()
	}
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (pos[0] != "account" && pos[0] != "zalo-token" && pos[0] != "settings") {
		fs.Usage()
		return usageErr("want account, zalo-token or settings")
	}
	if unitCode == "" {
		return usageErr("--unit is required")
	}
	var raw json.RawMessage
	if pos[0] == "account" {
		if raw, err = accountSettings(channel, settings, off); err != nil {
			return err
		}
	} else if pos[0] == "zalo-token" && (access == "" || refresh == "") {
		return usageErr("--access and --refresh are required")
	}
	if err := cfg.validate(false); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg, cfg.logger(stderr))
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UnitByCode(ctx, unitCode)
	if err != nil {
		return err
	}
	if pos[0] == "settings" {
		st := store.NotifySettings{Fallback: fakeList(fallback), OfficerAssigned: assigned}
		if err := db.SetNotifySettings(ctx, u.ID, st, "cli"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Notifications of %s: channels %s; routing notices %v.\n", u.Name, strings.Join(st.Fallback, ", "), assigned)
		return nil
	}
	if pos[0] == "zalo-token" {
		if err := db.SetZaloToken(ctx, u.ID, store.ZaloToken{Access: access, Refresh: refresh, ExpiresAt: db.Now().Add(expires)}, "cli"); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Zalo tokens of %s stored.\n", u.Name)
		return nil
	}
	if err := db.SetNotifyAccount(ctx, u.ID, channel, raw, "cli"); err != nil {
		return err
	}
	if raw == nil {
		fmt.Fprintf(stdout, "%s turned off for %s.\n", channel, u.Name)
	} else {
		fmt.Fprintf(stdout, "%s account of %s stored.\n", channel, u.Name)
	}
	return nil
}

// accountSettings reads and checks an account's JSON (nil when off).
func accountSettings(channel, settings string, off bool) (json.RawMessage, error) {
	if off {
		return nil, nil
	}
	if strings.HasPrefix(settings, "@") {
		b, err := os.ReadFile(settings[1:])
		if err != nil {
			return nil, usageErr("--settings: %v", err)
		}
		settings = string(b)
	}
	if settings == "" {
		return nil, usageErr("--settings or --off is required")
	}
	if err := notify.CheckAccount(channel, []byte(settings)); err != nil {
		return nil, usageErr("--settings: %v", err)
	}
	return json.RawMessage(settings), nil
}
