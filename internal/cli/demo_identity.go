package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/identity/idpfake"
	"github.com/motcua/motcua/internal/store"
)

// startDemoIDP starts, unless an issuer is configured or the demo only
// seeds, a fake national e-ID sign-on on a loopback port and points c at
// it. Its test accounts are the fake's, plus the applicant of a returned
// dossier of the demo's year when there is one (so "Hồ sơ của tôi" has a
// history to show) and the citizen whose dossier the demo's fake portal
// delivers. It returns the lines the demo prints and a function that stops
// the fake.
func startDemoIDP(ctx context.Context, c *identityConfig, db *store.DB, log *slog.Logger, seedOnly bool) (string, func(), error) {
	if c.Issuer != "" || seedOnly {
		return "", func() {}, nil
	}
	const id, secret = "motcua", "motcua-demo"
	f := newDemoIDP(id, secret, []string{"http://localhost/dang-nhap/vneid/ve", "http://127.0.0.1/dang-nhap/vneid/ve"},
		[]string{"http://localhost/", "http://127.0.0.1/"})
	citizens := idpfake.DemoCitizens()
	citizens = append(citizens, idpfake.Citizen{Label: "Lê Thị Hồng (công dân, hồ sơ nộp trên Cổng)", Claims: map[string]any{
		"TechID": "vneid-hong-0004", "LoaiTaiKhoan": 1, "SoDinhDanh": "068190011111", "HoVaTen": "Lê Thị Hồng",
		"DiaChi": "Thôn 2, xã Đạ Tẻh", "SoDienThoai": "0911111111"}})
	ds, err := db.Dossiers(ctx, store.DossierFilter{Statuses: []dossier.Status{dossier.Returned}, Limit: 1})
	if err != nil {
		return "", nil, err
	}
	if len(ds) == 1 && len(ds[0].Applicant.IDNumber) == 12 && ds[0].Applicant.Kind == dossier.Person {
		a := ds[0].Applicant
		citizens = append([]idpfake.Citizen{{Label: a.FullName + " (công dân có hồ sơ trong dữ liệu mẫu)", Claims: map[string]any{
			"TechID": "vneid-demo-" + a.IDNumber, "LoaiTaiKhoan": 1, "SoDinhDanh": a.IDNumber, "HoVaTen": a.FullName,
			"DiaChi": a.Address, "SoDienThoai": a.Phone}}}, citizens...)
	}
	f.SetCitizens(citizens)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, fmt.Errorf("fake idp: %w", err)
	}
	issuer := "http://" + ln.Addr().String()
	f.SetIssuer(issuer)
	srv := &http.Server{Handler: f, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("fake idp stopped", "err", err)
		}
	}()
	c.Issuer, c.ClientID, c.ClientSecret = issuer, id, secret
	var b strings.Builder
	fmt.Fprintf(&b, "\nCitizens sign in with the national e-ID at /dang-nhap/vneid (\"Hồ sơ của tôi\"), through a fake\n")
	fmt.Fprintf(&b, "VNeID sign-on at %s: pick a test citizen, level 1 or 2 (docs/identity.md).\n", issuer)
	if len(citizens) > len(idpfake.DemoCitizens())+1 {
		fmt.Fprintf(&b, "The first one, %s, has dossiers in the demo's year.\n", citizens[0].Claims["HoVaTen"])
	}
	return b.String(), func() { srv.Close() }, nil
}
