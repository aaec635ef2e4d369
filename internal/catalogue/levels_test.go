package catalogue

import (
	"strings"
	"testing"
)

func TestLevelOn(t *testing.T) {
	moved := &Procedure{Level: LevelCommune, Levels: []LevelChange{{Level: LevelDistrict}, {Level: LevelCommune, From: "2025-07-01"}}}
	for day, want := range map[string]Level{"2024-03-01": LevelDistrict, "2025-06-30": LevelDistrict, "2025-07-01": LevelCommune, "2026-12-03": LevelCommune} {
		if got := moved.LevelOn(day); got != want {
			t.Errorf("LevelOn(%s) = %s, want %s", day, got, want)
		}
	}
	always := &Procedure{Level: LevelCommune}
	if got := always.LevelOn("2020-01-01"); got != LevelCommune {
		t.Errorf("no history: %s", got)
	}
	dated := &Procedure{Level: LevelCommune, Levels: []LevelChange{{Level: LevelCommune, From: "2025-07-01"}}}
	if got := dated.LevelOn("2024-01-01"); got != LevelCommune {
		t.Errorf("before the first dated change: %s, want the procedure's level", got)
	}
}

func TestLevelIssues(t *testing.T) {
	for _, c := range []struct {
		levels []LevelChange
		want   string
	}{
		{[]LevelChange{{Level: LevelDistrict}, {Level: LevelCommune}}, "only the first level may be undated"},
		{[]LevelChange{{Level: LevelDistrict, From: "2025-07-01"}, {Level: LevelCommune, From: "2025-07-01"}}, "not after the previous"},
		{[]LevelChange{{Level: LevelDistrict}, {Level: LevelCommune, From: "2025-13-01"}}, "not a date"},
		{[]LevelChange{{Level: "huyen"}, {Level: LevelCommune, From: "2025-07-01"}}, `unknown "huyen"`},
		{[]LevelChange{{Level: LevelCommune}, {Level: LevelDistrict, From: "2025-07-01"}}, "is not the procedure's level"},
	} {
		got := strings.Join(levelIssues(&Procedure{Level: LevelCommune, Levels: c.levels}), "; ")
		if !strings.Contains(got, c.want) {
			t.Errorf("levels %+v: %q, want %q", c.levels, got, c.want)
		}
	}
	c, err := LoadShipped()
	if err != nil {
		t.Fatal(err)
	}
	var moved []string
	for _, p := range c.Procedures {
		if p.LevelOn("2025-06-30") == LevelDistrict && p.LevelOn("2025-07-01") == LevelCommune {
			moved = append(moved, p.Code)
		}
	}
	if len(moved) < 1 {
		t.Errorf("the shipped catalogue moves %v from the districts on 1 July 2025, want at least one", moved)
	}
}
