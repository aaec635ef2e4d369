package web_test

import (
	"slices"
	"testing"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/testenv"
)

// procedureVariants returns the parts of the procedure page (procedure.html)
// that p shows, and the variants of those always shown.
func procedureVariants(p catalogue.Procedure) []string {
	v := []string{"level:" + string(p.Level), "online:" + string(p.Online), "fee:" + string(p.Fee.Kind)}
	for part, shown := range map[string]bool{
		"service norm": p.ServiceNorm != nil, "extended limit": p.ExtendedLimit != nil,
		"fee cap": p.Fee.Cap > 0, "fee note": p.Fee.Note != "", "exemptions": len(p.Fee.Exemptions) > 0,
		"applicants": p.Applicants != "", "place": p.Place != "", "components": len(p.Components) > 0,
		"results": len(p.Results) > 0, "law notes": len(p.LawNotes) > 0, "unverified": len(p.Unverified) > 0,
	} {
		if shown {
			v = append(v, part)
		}
	}
	for _, c := range p.Components {
		v = append(v, "component:"+string(c.Kind))
		if c.Form != "" {
			v = append(v, "component form")
		}
		if !c.Required {
			v = append(v, "optional component")
		}
	}
	return v
}

// procedurePagesToCheck returns the codes whose pages a sweep of procedure
// pages checks: all of them in the long suite (MOTCUA_LONG=1); otherwise the
// fewest that together show every variant of the page that any of them
// shows, in catalogue order.
func procedurePagesToCheck(t *testing.T, codes []string) []string {
	t.Helper()
	if testenv.IsLong(t) {
		return codes
	}
	c, err := catalogue.LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	variants := map[string][]string{}
	for _, p := range c.Procedures {
		if slices.Contains(codes, p.Code) {
			variants[p.Code] = procedureVariants(p)
		}
	}
	if len(variants) != len(codes) {
		t.Fatalf("%d of the %d procedures are not in the shipped catalogue", len(codes)-len(variants), len(codes))
	}
	covered := map[string]bool{}
	var picked []string
	for {
		best, gain := "", 0
		for _, code := range codes {
			n := 0
			for _, v := range slices.Compact(slices.Sorted(slices.Values(variants[code]))) {
				if !covered[v] {
					n++
				}
			}
			if n > gain {
				best, gain = code, n
			}
		}
		if gain == 0 {
			break
		}
		picked = append(picked, best)
		for _, v := range variants[best] {
			covered[v] = true
		}
	}
	slices.SortFunc(picked, func(a, b string) int { return slices.Index(codes, a) - slices.Index(codes, b) })
	t.Logf("checking the %d of %d procedures that show every variant of the page (MOTCUA_LONG=1 checks all): %v",
		len(picked), len(codes), picked)
	return picked
}
