package calendar

import "math"

// vsopTerm is one periodic term A·cos(B + C·τ) of a VSOP87 series, τ in
// Julian millennia from J2000.0 (dynamical time).
type vsopTerm struct{ a, b, c float64 }

// earthL are the Earth's heliocentric ecliptic longitude series L0..L5 of
// VSOP87D, truncated as in Jean Meeus, Astronomical Algorithms (2nd ed.,
// 1998), appendix III, in units of 1e-8 radian. With them the sun's longitude
// is good to about one arcsecond, some 25 seconds of time: enough to place a
// principal solar term on the right side of a midnight unless it falls within
// a minute of it.
var earthL = [6][]vsopTerm{
	{
		{175347046, 0, 0}, {3341656, 4.6692568, 6283.07585}, {34894, 4.6261, 12566.1517},
		{3497, 2.7441, 5753.3849}, {3418, 2.8289, 3.5231}, {3136, 3.6277, 77713.7715},
		{2676, 4.4181, 7860.4194}, {2343, 6.1352, 3930.2097}, {1324, 0.7425, 11506.7698},
		{1273, 2.0371, 529.691}, {1199, 1.1096, 1577.3435}, {990, 5.233, 5884.927},
		{902, 2.045, 26.298}, {857, 3.508, 398.149}, {780, 1.179, 5223.694},
		{753, 2.533, 5507.553}, {505, 4.583, 18849.228}, {492, 4.205, 775.523},
		{357, 2.92, 0.067}, {317, 5.849, 11790.629}, {284, 1.899, 796.298},
		{271, 0.315, 10977.079}, {243, 0.345, 5486.778}, {206, 4.806, 2544.314},
		{205, 1.869, 5573.143}, {202, 2.458, 6069.777}, {156, 0.833, 213.299},
		{132, 3.411, 2942.463}, {126, 1.083, 20.775}, {115, 0.645, 0.98},
		{103, 0.636, 4694.003}, {102, 0.976, 15720.839}, {102, 4.267, 7.114},
		{99, 6.21, 2146.17}, {98, 0.68, 155.42}, {86, 5.98, 161000.69},
		{85, 1.3, 6275.96}, {85, 3.67, 71430.7}, {80, 1.81, 17260.15},
		{79, 3.04, 12036.46}, {75, 1.76, 5088.63}, {74, 3.5, 3154.69},
		{74, 4.68, 801.82}, {70, 0.83, 9437.76}, {62, 3.98, 8827.39},
		{61, 1.82, 7084.9}, {57, 2.78, 6286.6}, {56, 4.39, 14143.5},
		{56, 3.47, 6279.55}, {52, 0.19, 12139.55}, {52, 1.33, 1748.02},
		{51, 0.28, 5856.48}, {49, 0.49, 1194.45}, {41, 5.37, 8429.24},
		{41, 2.4, 19651.05}, {39, 6.17, 10447.39}, {37, 6.04, 10213.29},
		{37, 2.57, 1059.38}, {36, 1.71, 2352.87}, {36, 1.78, 6812.77},
		{33, 0.59, 17789.85}, {30, 0.44, 83996.85}, {30, 2.74, 1349.87},
		{25, 3.16, 4690.48},
	},
	{
		{628331966747, 0, 0}, {206059, 2.678235, 6283.07585}, {4303, 2.6351, 12566.1517},
		{425, 1.59, 3.523}, {119, 5.796, 26.298}, {109, 2.966, 1577.344},
		{93, 2.59, 18849.23}, {72, 1.14, 529.69}, {68, 1.87, 398.15},
		{67, 4.41, 5507.55}, {59, 2.89, 5223.69}, {56, 2.17, 155.42},
		{45, 0.4, 796.3}, {36, 0.47, 775.52}, {29, 2.65, 7.11},
		{21, 5.34, 0.98}, {19, 1.85, 5486.78}, {19, 4.97, 213.3},
		{17, 2.99, 6275.96}, {16, 0.03, 2544.31}, {16, 1.43, 2146.17},
		{15, 1.21, 10977.08}, {12, 2.83, 1748.02}, {12, 3.26, 5088.63},
		{12, 5.27, 1194.45}, {12, 2.08, 4694}, {11, 0.77, 553.57},
		{10, 1.3, 6286.6}, {10, 4.24, 1349.87}, {9, 2.7, 242.73},
		{9, 5.64, 951.72}, {8, 5.3, 2352.87}, {6, 2.65, 9437.76},
		{6, 4.67, 4690.48},
	},
	{
		{52919, 0, 0}, {8720, 1.0721, 6283.0758}, {309, 0.867, 12566.152},
		{27, 0.05, 3.52}, {16, 5.19, 26.3}, {16, 3.68, 155.42},
		{10, 0.76, 18849.23}, {9, 2.06, 77713.77}, {7, 0.83, 775.52},
		{5, 4.66, 1577.34}, {4, 1.03, 7.11}, {4, 3.44, 5573.14},
		{3, 5.14, 796.3}, {3, 6.05, 5507.55}, {3, 1.19, 242.73},
		{3, 6.12, 529.69}, {3, 0.31, 398.15}, {3, 2.28, 553.57},
		{2, 4.38, 5223.69}, {2, 3.75, 0.98},
	},
	{
		{289, 5.844, 6283.076}, {35, 0, 0}, {17, 5.49, 12566.15},
		{3, 5.2, 155.42}, {1, 4.72, 3.52}, {1, 5.3, 18849.23},
		{1, 5.97, 242.73},
	},
	{{114, 3.142, 0}, {8, 4.13, 6283.08}, {1, 3.84, 12566.15}},
	{{1, 3.14, 0}},
}

// earthR are the first terms of the Earth–sun distance series R0..R2 of
// VSOP87D (1e-8 AU): enough for the aberration, which depends on it by a
// third of an arcsecond at most.
var earthR = [3][]vsopTerm{
	{{100013989, 0, 0}, {1670700, 3.0984635, 6283.07585}, {13956, 3.05525, 12566.1517}},
	{{103019, 1.10749, 6283.07585}, {1721, 1.0644, 12566.1517}},
	{{4359, 5.7846, 6283.0758}},
}

// vsop sums a series of powers of tau.
func vsop(series [][]vsopTerm, tau float64) float64 {
	sum, pow := 0.0, 1.0
	for _, terms := range series {
		s := 0.0
		for _, t := range terms {
			s += t.a * math.Cos(t.b+t.c*tau)
		}
		sum += s * pow
		pow *= tau
	}
	return sum
}

// sunLongitude returns the sun's apparent geocentric longitude in radians, in
// [0, 2π), at Julian date jd (UT), by Meeus's higher-accuracy method
// (chapter 25): the Earth's heliocentric longitude from the truncated VSOP87
// series turned geocentric, converted to the FK5 system, with nutation in
// longitude (chapter 22, its four largest terms, good to 0.5″) and
// aberration. Accurate to about a second of arc: a principal solar term is
// placed to within half a minute (plus the uncertainty of ΔT).
func sunLongitude(jd float64) float64 {
	jde := jd + deltaT(2000+(jd-2451545)/365.25)/86400 // to dynamical time
	tau := (jde - 2451545.0) / 365250                  // Julian millennia from J2000.0
	T := tau * 10                                      // Julian centuries
	const arcsec = math.Pi / 180 / 3600
	const dr = math.Pi / 180

	L := vsop(earthL[:], tau) / 1e8
	R := vsop(earthR[:], tau) / 1e8
	theta := L + math.Pi // geocentric

	// Conversion to the FK5 system: ΔΘ = −0.09033″ (Meeus eq. 32.3).
	theta -= 0.09033 * arcsec

	// Nutation in longitude (Meeus eq. 22 low-precision form).
	omega := (125.04452 - 1934.136261*T) * dr
	Ls := (280.4665 + 36000.7698*T) * dr  // mean longitude of the sun
	Lm := (218.3165 + 481267.8813*T) * dr // mean longitude of the moon
	dpsi := -17.20*math.Sin(omega) - 1.32*math.Sin(2*Ls) - 0.23*math.Sin(2*Lm) + 0.21*math.Sin(2*omega)

	// Aberration: −20.4898″ / R.
	lambda := theta + (dpsi-20.4898/R)*arcsec
	lambda -= 2 * math.Pi * math.Floor(lambda/(2*math.Pi))
	return lambda
}
