package calendar

import (
	"math"
	"testing"
	"time"
)

// TestLeapMonthsBefore1968: the leap months of 1917 and 1922 follow months 2
// and 5, as in Hồ Ngọc Đức's published table "TK20" (and the Chinese
// calendar Vietnam then followed). The principal terms deciding them (20 Apr
// 1917, 23 Jul 1922) fall minutes after midnight at Beijing mean time; a sun
// longitude good to only 0.01° put them before it, and the leap months
// after months 3 and 6.
// monthStart is the solar date of the first day of a lunar month.
type monthStart struct {
	month int
	leap  bool
	solar string
}

func TestLeapMonthsBefore1968(t *testing.T) {
	for _, tc := range []struct {
		year, leap int
		firsts     []monthStart
	}{
		{1917, 2, []monthStart{
			{1, false, "1917-01-23"}, {2, false, "1917-02-22"}, {2, true, "1917-03-23"},
			{3, false, "1917-04-21"}, {4, false, "1917-05-21"},
		}},
		{1922, 5, []monthStart{
			{4, false, "1922-04-27"}, {5, false, "1922-05-27"}, {5, true, "1922-06-25"},
			{6, false, "1922-07-24"}, {7, false, "1922-08-23"},
		}},
	} {
		if m, ok := LeapMonth(tc.year); !ok || m != tc.leap {
			t.Errorf("LeapMonth(%d) = %d, %v; want %d", tc.year, m, ok, tc.leap)
		}
		for _, f := range tc.firsts {
			l := LunarDate{Day: 1, Month: f.month, Year: tc.year, Leap: f.leap}
			want := mustDate(t, f.solar)
			got, err := LunarToSolar(l)
			if err != nil || got != want {
				t.Errorf("LunarToSolar(%v) = %s, %v; want %s", l, got, err, want)
			}
			if back, err := SolarToLunar(want); err != nil || back != l {
				t.Errorf("SolarToLunar(%s) = %v, %v; want %v", want, back, err, l)
			}
			// The day before is the last of the previous month.
			if prev, err := SolarToLunar(want.AddDays(-1)); err != nil || prev.Day < 29 {
				t.Errorf("SolarToLunar(%s) = %v, %v; want day 29 or 30", want.AddDays(-1), prev, err)
			}
		}
	}
}

// TestSolarTermInstants: the sun's apparent longitude is a multiple of 90° at
// the equinoxes and solstices published by the US Naval Observatory (to the
// minute, UT), within the minute.
func TestSolarTermInstants(t *testing.T) {
	for _, tc := range []struct {
		at  string
		deg float64
	}{
		{"2000-03-20T07:35:00Z", 0},
		{"2000-12-21T13:37:00Z", 270},
		{"2024-06-20T20:51:00Z", 90},
	} {
		at, err := time.Parse(time.RFC3339, tc.at)
		if err != nil {
			t.Fatal(err)
		}
		jd := float64(at.Unix())/86400 + 2440587.5
		got := sunLongitude(jd) * 180 / math.Pi
		diff := math.Mod(got-tc.deg+540, 360) - 180
		minutes := diff / (360 / 365.2422 / 1440) // the sun moves about 0.000684° a minute
		if math.Abs(minutes) > 1 {
			t.Errorf("at %s the sun is at %.5f°, %.1f minutes from %v°", tc.at, got, minutes, tc.deg)
		}
	}
}
