package calendar

import (
	"fmt"
	"math"
	"sort"
	"sync"
)

// LunarDate is a date of the Vietnamese lunar calendar, computed for UTC+7
// from 1968 and, before, for the meridians of the Chinese calendar that
// Vietnam then followed (see zoneAt). Year is the Gregorian
// year in which the lunar year begins (Tết); Leap marks the intercalary
// month, which repeats the number of the month before it.
type LunarDate struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

// String renders l as day/month/year, with " nhuận" for a leap month.
func (l LunarDate) String() string {
	s := fmt.Sprintf("%d/%d/%d", l.Day, l.Month, l.Year)
	if l.Leap {
		s += " nhuận"
	}
	return s
}

// The supported range: every date from 1 January MinYear to 31 December
// MaxYear converts to a lunar date and back, and every lunar year from MinYear
// to MaxYear converts to solar dates.
const (
	MinYear = 1900
	MaxYear = 2100
)

// minDate and maxDate bound the supported solar dates.
func minDate() Date { return Date{MinYear, 1, 1} }
func maxDate() Date { return Date{MaxYear, 12, 31} }

// SolarToLunar returns the Vietnamese lunar date of d. It returns an error
// when d is outside [MinDate, MaxDate] or is not a valid date.
func SolarToLunar(d Date) (LunarDate, error) {
	if !d.valid() {
		return LunarDate{}, fmt.Errorf("impossible date %q", d.String())
	}
	if d.Compare(minDate()) < 0 || d.Compare(maxDate()) > 0 {
		return LunarDate{}, fmt.Errorf("date %s is outside the supported range %s to %s", d, minDate(), maxDate())
	}
	t, err := lunarMonths()
	if err != nil {
		return LunarDate{}, err
	}
	day := int32(d.unixDay())
	// The last month that starts on or before day; the sentinel at the end
	// guarantees i < len(t.months)-1 inside the supported range.
	i := sort.Search(len(t.months), func(i int) bool { return t.months[i].start > day }) - 1
	if i < 0 || i >= len(t.months)-1 {
		return LunarDate{}, fmt.Errorf("date %s is outside the lunar table", d)
	}
	m := t.months[i]
	return LunarDate{Day: int(day-m.start) + 1, Month: int(m.month), Year: int(m.year), Leap: m.leap}, nil
}

// LunarToSolar returns the solar date of l. It returns an error naming the
// value when the month is out of 1..12, when l.Leap is set and that year has
// no leap month of that number, when the day is beyond the month's 29 or 30
// days, or when the year is outside the supported range.
func LunarToSolar(l LunarDate) (Date, error) {
	if l.Month < 1 || l.Month > 12 {
		return Date{}, fmt.Errorf("lunar month %d of %d: must be 1 to 12", l.Month, l.Year)
	}
	if l.Day < 1 || l.Day > 30 {
		return Date{}, fmt.Errorf("lunar day %d of month %d of %d: must be 1 to 30", l.Day, l.Month, l.Year)
	}
	t, err := lunarMonths()
	if err != nil {
		return Date{}, err
	}
	i, ok := t.find(l.Year, l.Month, l.Leap)
	if !ok {
		if l.Year >= MinYear && l.Year <= MaxYear && l.Leap {
			return Date{}, fmt.Errorf("lunar month %d of %d is not a leap month", l.Month, l.Year)
		}
		return Date{}, fmt.Errorf("lunar year %d is outside the supported range %d to %d", l.Year, MinYear, MaxYear)
	}
	m := t.months[i]
	length := int(t.months[i+1].start - m.start)
	if l.Day > length {
		leap := ""
		if l.Leap {
			leap = " (leap)"
		}
		return Date{}, fmt.Errorf("lunar date %q does not exist: month %d%s of %d has %d days", l.String(), l.Month, leap, l.Year, length)
	}
	return dateOfUnixDay(int(m.start) + l.Day - 1), nil
}

// LeapMonth returns the number of the leap month of lunar year y, and false
// when y has none or is outside the supported range.
func LeapMonth(y int) (int, bool) {
	t, err := lunarMonths()
	if err != nil {
		return 0, false
	}
	first, ok := t.yearStart(y)
	if !ok {
		return 0, false
	}
	for i := first; i < len(t.months)-1 && int(t.months[i].year) == y; i++ {
		if t.months[i].leap {
			return int(t.months[i].month), true
		}
	}
	return 0, false
}

// lunarMonth is one month of the precomputed table.
type lunarMonth struct {
	start int32 // unix day of the first day (new moon day in UTC+7)
	year  int16
	month int8
	leap  bool
}

// lunarTable lists every lunar month that overlaps the supported range, in
// order, followed by a sentinel whose start ends the last month.
type lunarTable struct {
	months []lunarMonth
	first  int // lunar year of months[0]
	// yearFirst[y-first] is the index of the first month of lunar year y in
	// the table: month 1, except for the partial year at the start.
	yearFirst []int
}

func (t *lunarTable) yearStart(y int) (int, bool) {
	if y < t.first || y-t.first >= len(t.yearFirst) {
		return 0, false
	}
	return t.yearFirst[y-t.first], true
}

// find returns the index of month (m, leap) of lunar year y.
func (t *lunarTable) find(y, m int, leap bool) (int, bool) {
	i, ok := t.yearStart(y)
	if !ok {
		return 0, false
	}
	for ; i < len(t.months)-1 && int(t.months[i].year) == y; i++ {
		if int(t.months[i].month) == m && t.months[i].leap == leap {
			return i, true
		}
	}
	return 0, false
}

// lunarMonths returns the table, computing it once per process. The
// computation is pure; a failure would be a bug, reported as an error.
var lunarMonths = sync.OnceValues(buildLunarTable)

// zoneAt returns the offset from UTC, in hours, of the meridian for which
// the calendar computes the new moon at Julian date jd (UT). Vietnam's
// calendar has been computed for UTC+7 since 1968 (Tết Mậu Thân, after a
// decision of the Government of the Democratic Republic of Vietnam in 1967).
// Before, Vietnam used the Chinese calendar: computed for UTC+8 from 1929,
// and for the mean solar time of Beijing (116°25′ E, UTC+7:45:40) before.
// Hồ Ngọc Đức's published tables follow the same history.
func zoneAt(jd float64) float64 {
	const (
		utc8From = 2425612.5 - 8.0/24 // 1929-01-01 00:00 UTC+8
		utc7From = 2439856.5 - 7.0/24 // 1968-01-01 00:00 UTC+7
	)
	switch {
	case jd < utc8From:
		return 7 + 45.0/60 + 40.0/3600
	case jd < utc7From:
		return 8
	}
	return 7
}

// julianToUnix converts a Julian Day Number to days since 1970-01-01.
const julianToUnix = 2440588

// buildLunarTable computes the months from the lunar month 11 that contains
// the winter solstice of 1899 to the one of 2101. Between two consecutive
// months 11 (containing the winter solstices of Y-1 and Y) lie 12 or 13
// lunar months; with 13, the first month after month 11 without a principal
// solar term is the leap month. This is the rule of the Chinese and
// Vietnamese calendars since 1645 (Hồ Ngọc Đức's algorithm). Each month
// starts on the local day of its new moon, local at the meridian of zoneAt:
// UTC+7 from 1968 on.
func buildLunarTable() (*lunarTable, error) {
	const firstY, lastY = 1899, 2101
	t := &lunarTable{first: firstY}
	prev := lunarMonth11(firstY)
	for y := firstY + 1; y <= lastY; y++ {
		next := lunarMonth11(y)
		k := int(math.Floor((float64(prev)-2415021.076998695)/29.530588853 + 0.5))
		if newMoonDay(k) != prev {
			return nil, fmt.Errorf("lunar table: new moon %d does not start month 11 of %d", k, y-1)
		}
		n := int(math.Round(float64(next-prev) / 29.530588853))
		if n != 12 && n != 13 || newMoonDay(k+n) != next {
			return nil, fmt.Errorf("lunar table: %d months between the months 11 of %d and %d", n, y-1, y)
		}
		leapAt := -1
		if n == 13 {
			leapAt = leapMonthOffset(k)
		}
		for i := 0; i < n; i++ {
			month, leap := i+11, false
			if leapAt >= 0 && i >= leapAt {
				month, leap = i+10, i == leapAt
			}
			if month > 12 {
				month -= 12
			}
			year := y
			if month >= 11 && i < 4 {
				year = y - 1
			}
			if year-firstY == len(t.yearFirst) {
				t.yearFirst = append(t.yearFirst, len(t.months))
			}
			t.months = append(t.months, lunarMonth{
				start: int32(newMoonDay(k+i) - julianToUnix),
				year:  int16(year), month: int8(month), leap: leap,
			})
		}
		prev = next
	}
	t.months = append(t.months, lunarMonth{start: int32(prev - julianToUnix)})
	return t, nil
}

// leapMonthOffset returns the index, counted from the month 11 that starts
// at new moon k, of the first month without a principal solar term: the
// sun's 30° sector is the same at its start and at the next new moon.
func leapMonthOffset(k int) int {
	last := sunSector(k + 1)
	i := 2
	for ; i < 14; i++ {
		arc := sunSector(k + i)
		if arc == last {
			break
		}
		last = arc
	}
	return i - 1
}

// lunarMonth11 returns the Julian day number of the first day of the lunar
// month containing the winter solstice of year y.
func lunarMonth11(y int) int {
	off := float64(Date{y, 12, 31}.unixDay()+julianToUnix) - 2415021
	k := int(math.Floor(off / 29.530588853))
	if sunSector(k) >= 9 { // the sun is past 270°: the solstice came before
		k--
	}
	return newMoonDay(k)
}

// newMoonDay returns the Julian day number of the local day of the k-th new
// moon after the one of 1900-01-01.
func newMoonDay(k int) int {
	nm := newMoon(k)
	return int(math.Floor(nm + 0.5 + zoneAt(nm)/24))
}

// sunSector returns which 30° sector (0..11) of the ecliptic the sun is in at
// local midnight starting the day of the k-th new moon.
func sunSector(k int) int {
	nm := newMoon(k)
	tz := zoneAt(nm)
	day := math.Floor(nm + 0.5 + tz/24)
	return int(math.Floor(sunLongitude(day-0.5-tz/24) / math.Pi * 6))
}

// newMoon returns the Julian date (UT) of the k-th new moon after the one of
// 1900-01-01, by the full series of Jean Meeus, Astronomical Algorithms
// (2nd ed., 1998), chapter 49, accurate to a few seconds; the truncated series
// of Hồ Ngọc Đức's program errs by minutes and so by a day when a new moon
// falls near midnight (e.g. Tết 1916 and 1925 in his own published tables).
func newMoon(k int) float64 {
	kf := float64(k - 1237) // Meeus counts from the new moon of 2000-01-06
	T := kf / 1236.85
	T2, T3, T4 := T*T, T*T*T, T*T*T*T
	const dr = math.Pi / 180
	jde := 2451550.09766 + 29.530588861*kf + 0.00015437*T2 - 0.000000150*T3 + 0.00000000073*T4
	E := 1 - 0.002516*T - 0.0000074*T2
	M := (2.5534 + 29.10535670*kf - 0.0000014*T2 - 0.00000011*T3) * dr
	Mp := (201.5643 + 385.81693528*kf + 0.0107582*T2 + 0.00001238*T3 - 0.000000058*T4) * dr
	F := (160.7108 + 390.67050284*kf - 0.0016118*T2 - 0.00000227*T3 + 0.000000011*T4) * dr
	Om := (124.7746 - 1.56375588*kf + 0.0020672*T2 + 0.00000215*T3) * dr
	sin := math.Sin
	c := -0.40720*sin(Mp) +
		0.17241*E*sin(M) +
		0.01608*sin(2*Mp) +
		0.01039*sin(2*F) +
		0.00739*E*sin(Mp-M) -
		0.00514*E*sin(Mp+M) +
		0.00208*E*E*sin(2*M) -
		0.00111*sin(Mp-2*F) -
		0.00057*sin(Mp+2*F) +
		0.00056*E*sin(2*Mp+M) -
		0.00042*sin(3*Mp) +
		0.00042*E*sin(M+2*F) +
		0.00038*E*sin(M-2*F) -
		0.00024*E*sin(2*Mp-M) -
		0.00017*sin(Om) -
		0.00007*sin(Mp+2*M) +
		0.00004*sin(2*Mp-2*F) +
		0.00004*sin(3*M) +
		0.00003*sin(Mp+M-2*F) +
		0.00003*sin(2*Mp+2*F) -
		0.00003*sin(Mp+M+2*F) +
		0.00003*sin(Mp-M+2*F) -
		0.00002*sin(Mp-M-2*F) -
		0.00002*sin(3*Mp+M) +
		0.00002*sin(4*Mp)
	// Planetary arguments.
	a := [14]float64{
		299.77 + 0.107408*kf - 0.009173*T2,
		251.88 + 0.016321*kf,
		251.83 + 26.651886*kf,
		349.42 + 36.412478*kf,
		84.66 + 18.206239*kf,
		141.74 + 53.303771*kf,
		207.14 + 2.453732*kf,
		154.84 + 7.306860*kf,
		34.52 + 27.261239*kf,
		207.19 + 0.121824*kf,
		291.34 + 1.844379*kf,
		161.72 + 24.198154*kf,
		239.56 + 25.513099*kf,
		331.55 + 3.592518*kf,
	}
	coef := [14]float64{0.000325, 0.000165, 0.000164, 0.000126, 0.000110, 0.000062, 0.000060,
		0.000056, 0.000047, 0.000042, 0.000040, 0.000037, 0.000035, 0.000023}
	for i := range a {
		c += coef[i] * sin(a[i]*dr)
	}
	jde += c
	return jde - deltaT(2000+(jde-2451545)/365.25)/86400
}

// deltaT returns TT − UT in seconds for decimal year y, by the polynomials of
// Espenak and Meeus (NASA, Five Millennium Canon of Solar Eclipses, 2006)
// for 1900–2150; predictions after the present are uncertain by a minute or
// more late in the 21st century.
func deltaT(y float64) float64 {
	switch {
	case y < 1920:
		t := y - 1900
		return -2.79 + 1.494119*t - 0.0598939*t*t + 0.0061966*t*t*t - 0.000197*t*t*t*t
	case y < 1941:
		t := y - 1920
		return 21.20 + 0.84493*t - 0.076100*t*t + 0.0020936*t*t*t
	case y < 1961:
		t := y - 1950
		return 29.07 + 0.407*t - t*t/233 + t*t*t/2547
	case y < 1986:
		t := y - 1975
		return 45.45 + 1.067*t - t*t/260 - t*t*t/718
	case y < 2005:
		t := y - 2000
		return 63.86 + 0.3345*t - 0.060374*t*t + 0.0017275*t*t*t + 0.000651814*t*t*t*t + 0.00002373599*t*t*t*t*t
	case y < 2050:
		t := y - 2000
		return 62.92 + 0.32217*t + 0.005589*t*t
	case y < 2150:
		u := (y - 1820) / 100
		return -20 + 32*u*u - 0.5628*(2150-y)
	}
	u := (y - 1820) / 100
	return -20 + 32*u*u
}
