package demo

// The province demo (`motcua demo --province`): Lâm Đồng's communes, imported
// from the shipped official lists, each with a small team and a smaller
// generated history of its own, so that the province's page
// (/can-bo/tinh) shows every commune side by side. docs/demo.md.

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/calendar"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/payment"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// The province demo's period: the new communes' first half-year, from the
// reorganisation of 1 July 2025 to the end of 2025.
var (
	ProvinceFrom = calendar.Date{Year: 2025, Month: 7, Day: 1}
	ProvinceTo   = calendar.Date{Year: 2025, Month: 12, Day: 31}
)

// ProvinceSize is the default average number of finished dossiers of a
// commune in the province demo's period (each commune has from half to one
// and a half times as many).
const ProvinceSize = 40

// Province is what SeedProvince made or found.
type Province struct {
	Unit     *unit.Unit   // the province (Tỉnh Lâm Đồng)
	Communes []*unit.Unit // its communes, wards and special zone in force, by NSO code
	Logins   []Login      // the province's officers
}

// provinceTeam is the province's own officers: a leader and an
// administrator whose unit is the province, so their scope is the province.
var provinceTeam = []person{
	{"tinh.lanhdao", "Phạm Thị Lan", "Lãnh đạo Trung tâm Phục vụ hành chính công tỉnh", "0263 3822 100", []staff.Role{staff.Leader}, nil},
	{"tinh.quantri", "Lý Văn Hải", "Quản trị hệ thống của tỉnh", "0263 3822 101", []staff.Role{staff.Admin}, nil},
}

// SeedProvince imports the shipped catalogue and Lâm Đồng's units from the
// shipped official lists (idempotently, as `motcua units import` does) and
// creates the province's officers where missing.
func SeedProvince(ctx context.Context, db *store.DB) (*Province, error) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		return nil, fmt.Errorf("demo province: shipped catalogue: %w", err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "demo"); err != nil {
		return nil, fmt.Errorf("demo province: import catalogue: %w", err)
	}
	communes, conversion := unit.ShippedLamDong()
	plan, err := unit.PlanImport(communes, conversion, "lam_dong")
	if err != nil {
		return nil, fmt.Errorf("demo province: %w", err)
	}
	res, err := db.ImportUnits(ctx, plan, "demo")
	if err != nil {
		return nil, fmt.Errorf("demo province: import units: %w", err)
	}
	p := &Province{}
	if p.Unit, err = db.Unit(ctx, res.Province); err != nil {
		return nil, err
	}
	all, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	for _, u := range all {
		if u.ParentID == p.Unit.ID && u.Active() && u.Kind != unit.Province {
			p.Communes = append(p.Communes, u)
		}
	}
	slices.SortFunc(p.Communes, func(a, b *unit.Unit) int { return strings.Compare(a.NSOCode, b.NSOCode) })
	for _, t := range provinceTeam {
		if err := ensureOfficer(ctx, db, &staff.Officer{UnitID: p.Unit.ID, Username: t.username, FullName: t.name, Title: t.title,
			Phone: t.phone, Roles: t.roles, Active: true}); err != nil {
			return nil, err
		}
		p.Logins = append(p.Logins, Login{Username: t.username, FullName: t.name, Role: t.title})
	}
	return p, nil
}

// ensureOfficer creates o unless its username exists.
func ensureOfficer(ctx context.Context, db *store.DB, o *staff.Officer) error {
	_, err := db.OfficerByUsername(ctx, o.Username)
	if apperr.KindOf(err) == apperr.NotFound {
		err = db.CreateOfficer(ctx, o, Password, "demo")
	}
	if err != nil {
		return fmt.Errorf("demo province: officer %s: %w", o.Username, err)
	}
	return nil
}

// CommuneUsername is the username of a province-demo commune's officer:
// "xa" + its NSO code + "." + the role's name (tiepnhan, chutich, tuphap,
// congchuc).
func CommuneUsername(c *unit.Unit, role string) string { return "xa" + c.NSOCode + "." + role }

// SeedCommuneTeam gives a commune of the province demo, where missing, the
// four officers a small commune's one-stop department needs: reception, the
// Chairman, a justice and civil-status officer (civil status and
// certification) and an officer for the other fields (social protection,
// residence, land, household business), and its treasury account for fees.
func SeedCommuneTeam(ctx context.Context, db *store.DB, c *unit.Unit) error {
	h := fnv.New64a()
	h.Write([]byte(c.NSOCode))
	g := &namer{rng: rand.New(rand.NewPCG(h.Sum64(), 1))}
	chair := g.name(true, "")
	for _, o := range []*staff.Officer{
		{Username: CommuneUsername(c, "tiepnhan"), FullName: g.name(false, ""), Title: "Công chức Bộ phận Một cửa", Roles: []staff.Role{staff.Reception}},
		{Username: CommuneUsername(c, "chutich"), FullName: chair, Title: "Chủ tịch " + c.Name, Roles: []staff.Role{staff.Leader}},
		{Username: CommuneUsername(c, "tuphap"), FullName: g.name(false, ""), Title: "Công chức Tư pháp - Hộ tịch",
			Roles: []staff.Role{staff.Specialist}, Fields: []string{"HT", "CT"}},
		{Username: CommuneUsername(c, "congchuc"), FullName: g.name(true, ""), Title: "Công chức Văn hoá - Xã hội, Địa chính",
			Roles: []staff.Role{staff.Specialist}, Fields: []string{"BTXH", "CTRU", "DD", "HKD"}},
	} {
		o.UnitID, o.Active = c.ID, true
		if err := ensureOfficer(ctx, db, o); err != nil {
			return err
		}
	}
	if c.Letterhead.SignerName == "" { // the letters are signed by the Chairman
		c.Letterhead.SignerName = chair
		if err := db.UpdateUnit(ctx, c, "demo"); err != nil {
			return fmt.Errorf("demo province: letterhead of %s: %w", c.Name, err)
		}
	}
	if _, _, err := db.PaymentAccount(ctx, c.ID, ""); err == nil {
		return nil
	}
	acct := payment.Beneficiary{AccountNo: "3511.0." + c.NSOCode + ".00000", AccountName: "UBND " + c.Name, Bank: demoAccount.Bank}
	if err := db.SetPaymentAccount(ctx, c.ID, "", payment.VNPay, acct); err != nil {
		return fmt.Errorf("demo province: payment account of %s: %w", c.Name, err)
	}
	return nil
}

// ProvinceProfile is the history of one commune in the province demo:
// about size finished dossiers from ProvinceFrom to ProvinceTo, with shares
// drawn from the commune's NSO code, so that every commune differs (from
// none late to nearly a third late, from a third to nearly all online, ...)
// and the same commune always gets the same profile. The percentages are
// those of whole counts, so the planner can always reach them; when the
// online payment share cannot be reached with the commune's fee-bearing
// dossiers, all of them pay online.
func ProvinceProfile(nso string, size int) Profile {
	h := fnv.New64a()
	h.Write([]byte(nso))
	seed := h.Sum64()
	r := rand.New(rand.NewPCG(seed, 20251231))
	size = max(size, 8)
	n := size/2 + r.IntN(size+1)
	pct := func(k, of int) float64 { return math.Round(1000*float64(k)/float64(of)) / 10 }
	w := 0
	if r.IntN(4) == 0 {
		w = 1
	}
	v := n - w
	late := 0
	switch r.IntN(4) { // a quarter of the communes each: none late, up to 5, 15, 30 %
	case 1:
		late = r.IntN(v/20 + 2)
	case 2:
		late = r.IntN(v*15/100 + 2)
	case 3:
		late = r.IntN(v*30/100 + 2)
	}
	onTime := r.IntN(v/4 + 1)
	before := v - late - onTime
	notSatisfied := r.IntN(3)
	p := Profile{
		From: ProvinceFrom, To: ProvinceTo,
		Finished: n, Withdrawn: w, Refused: r.IntN(3),
		BeforePct: pct(before, n), OnTimePct: pct(onTime+w, n), OverduePct: pct(late, n),
		DigitisedPct:     pct(n*(40+r.IntN(60))/100, n),
		OnlinePct:        pct(n*(35+r.IntN(64))/100, n),
		PostShare:        0.05,
		FeeShare:         0.35,
		OnlinePaymentPct: []float64{100, 90, 80, 75, 50}[r.IntN(5)],
		SatisfactionPct:  pct(v-notSatisfied, v),
		RatedShare:       0.4,
		SupplementShare:  0.06,
		ApologyShare:     []float64{1, 0.5, 0}[r.IntN(3)],
		MinLetters:       1 + r.IntN(3),
		Mix:              DefaultMix(),
		Seed:             seed,
	}
	// The fee-bearing dossiers not paid online are handed in at the counter
	// or by post: leave them room among the dossiers not submitted online.
	unpaid := int(math.Ceil(p.FeeShare * float64(n) * (100 - p.OnlinePaymentPct) / 100))
	if offline := n - int(math.Round(p.OnlinePct*float64(n)/100)); offline < 2*unpaid+2 {
		p.OnlinePaymentPct = 100
	}
	if _, err := quotas(p); err != nil {
		p.OnlinePaymentPct = 100
	}
	return p
}

// ProvinceSummary says what FillProvince did.
type ProvinceSummary struct {
	Communes     int // communes whose history was generated (or verified)
	Skipped      int // of those, communes that already had theirs (verified only)
	Dossiers     int
	Transactions int
	Letters      int
	// Differ names the communes whose figures differ from their profile
	// because officers acted on their generated dossiers meanwhile
	// (WithOfficersAtWork).
	Differ  []string
	Elapsed time.Duration
}

// FillProvince gives each commune, in order, its team (SeedCommuneTeam) and
// its history (Generate with ProvinceProfile(nso, size), acting as the
// commune's own officers): one commune after the other, so the province's
// page fills commune by commune. progress, when not nil, is called with the
// share done (0 to 1), each commune weighing its dossiers. opts go to
// Generate (WithLogger, WithOfficersAtWork); db must run on clock. A
// commune that already has its history is verified, not generated again.
func FillProvince(ctx context.Context, db *store.DB, clock *SimClock, communes []*unit.Unit, size int,
	progress func(done float64), opts ...Option) (ProvinceSummary, error) {
	var sum ProvinceSummary
	start := time.Now()
	profiles := make([]Profile, len(communes))
	var total float64
	for i, c := range communes {
		profiles[i] = ProvinceProfile(c.NSOCode, size)
		total += float64(profiles[i].Finished + profiles[i].Refused)
	}
	var before float64
	for i, c := range communes {
		// The team exists from the first morning of the period.
		clock.Set(ProvinceFrom.At(7 * 60))
		err := SeedCommuneTeam(ctx, db, c)
		clock.Release()
		if err != nil {
			return sum, err
		}
		weight := float64(profiles[i].Finished+profiles[i].Refused) / total
		o := append(slices.Clone(opts), WithUnitCode(c.Code), WithUnitTeam())
		if progress != nil {
			o = append(o, WithProgress(func(done float64) { progress(before + done*weight) }))
		}
		s, err := Generate(ctx, db, profiles[i], clock, o...)
		before += weight
		sum.Communes++
		sum.Dossiers, sum.Transactions, sum.Letters = sum.Dossiers+s.Dossiers, sum.Transactions+s.Transactions, sum.Letters+s.Letters
		if s.Skipped {
			sum.Skipped++
		}
		if errors.Is(err, ErrFiguresOff) && s.LeftToOfficers > 0 {
			// WithOfficersAtWork: someone acted on the commune's dossiers.
			sum.Differ = append(sum.Differ, c.Name)
			err = nil
		}
		if err != nil {
			return sum, fmt.Errorf("demo province: %s (%s): %w", c.Name, c.NSOCode, err)
		}
	}
	sum.Elapsed = time.Since(start)
	return sum, nil
}
