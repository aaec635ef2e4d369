package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/store"
)

// namer makes up applicants and the people their declarations name, with
// common Vietnamese names, valid 12-digit personal identification numbers
// (Lâm Đồng's province code 068) and mobile numbers.
type namer struct {
	rng *rand.Rand
}

var (
	families = []struct {
		name   string
		weight int
	}{{"Nguyễn", 38}, {"Trần", 11}, {"Lê", 9}, {"Phạm", 7}, {"Hoàng", 5}, {"Huỳnh", 4}, {"Phan", 4}, {"Vũ", 4},
		{"Võ", 3}, {"Đặng", 2}, {"Bùi", 2}, {"Đỗ", 2}, {"Hồ", 2}, {"Ngô", 2}, {"Dương", 2}, {"Lý", 1}, {"K'", 2}}
	middleMale   = []string{"Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thanh", "Ngọc", "Xuân"}
	middleFemale = []string{"Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Hồng", "Bích"}
	givenMale    = []string{"An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khang", "Khoa", "Long", "Minh", "Nam", "Phong",
		"Phúc", "Quân", "Sơn", "Tài", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Hiếu", "Lộc"}
	givenFemale = []string{"Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Ngân",
		"Nhung", "Phương", "Quỳnh", "Thảo", "Trang", "Trinh", "Uyên", "Vy", "Yến", "Loan", "Huyền", "Oanh"}
	childMale   = []string{"Gia Huy", "Minh Khang", "Đăng Khoa", "Hoàng Phúc", "Anh Quân", "Bảo An", "Minh Khôi", "Gia Bảo", "Đức Anh", "Nhật Minh"}
	childFemale = []string{"Bảo Ngọc", "Khánh Linh", "Minh Anh", "Ngọc Hân", "Gia Hân", "Thảo Vy", "An Nhiên", "Tuệ Lâm", "Bảo Châu", "Mai Anh"}
	mobile      = []string{"032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
		"081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096", "097", "098"}
	hamlets   = []string{"Thôn 1", "Thôn 2", "Thôn 3", "Thôn 4", "Thôn 5", "Thôn 6", "Thôn 7", "Thôn 8", "Tổ dân phố 1A", "Tổ dân phố 2B", "Tổ dân phố 3", "Tổ dân phố 4"}
	relations = []string{"Con", "Con", "Vợ", "Chồng", "Cháu", "Anh", "Chị"}
)

func (g *namer) family() string {
	total := 0
	for _, f := range families {
		total += f.weight
	}
	r := g.rng.IntN(total)
	for _, f := range families {
		if r < f.weight {
			return f.name
		}
		r -= f.weight
	}
	return families[0].name
}

func (g *namer) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// name makes up a full name of the given sex with family name fam ("" for any).
func (g *namer) name(male bool, fam string) string {
	if fam == "" {
		fam = g.family()
	}
	if fam == "K'" {
		// A K'Ho name of Lâm Đồng: K'Brơi, Ka Ngọc...
		if male {
			return "K'" + g.pick([]string{"Brơi", "Điểu", "Tuấn", "Hoàng", "Sơn"})
		}
		return "Ka " + g.pick([]string{"Ngọc", "Hương", "Thi", "Lan", "Nhiên"})
	}
	if male {
		return fam + " " + g.pick(middleMale) + " " + g.pick(givenMale)
	}
	return fam + " " + g.pick(middleFemale) + " " + g.pick(givenFemale)
}

// person is an applicant of the given sex born in year.
func (g *namer) person(male bool, name string, year int) dossier.Applicant {
	century := 0 // 1900s: 0 male, 1 female; 2000s: 2 male, 3 female
	if year >= 2000 {
		century = 2
	}
	if !male {
		century++
	}
	id := fmt.Sprintf("068%d%02d%06d", century, year%100, g.rng.IntN(1_000_000))
	birth := time.Date(year, time.Month(1+g.rng.IntN(12)), 1+g.rng.IntN(28), 0, 0, 0, 0, time.UTC)
	a := dossier.Applicant{Kind: dossier.Person, FullName: name, IDNumber: id, BirthDate: birth.Format("2006-01-02"),
		Phone:   g.pick(mobile) + fmt.Sprintf("%07d", g.rng.IntN(10_000_000)),
		Address: g.pick(hamlets) + ", xã Đạ Tẻh, tỉnh Lâm Đồng"}
	return a
}

// intake makes up d's applicant, declaration and components.
func (g *namer) intake(d *planned) dossier.Intake {
	year := d.receiveAt.Year()
	first := d.receiveAt
	if !d.submitAt.IsZero() {
		first = d.submitAt
	}
	daysBefore := func(lo, hi int) string {
		return first.In(store.Zone).AddDate(0, 0, -(lo + g.rng.IntN(hi-lo+1))).Format("2006-01-02")
	}
	var in dossier.Intake
	pr := d.proc.proc
	switch pr.Letter {
	case catalogue.LetterCongratulationBirth:
		fam := g.family()
		father, mother := g.name(true, fam), g.name(false, "")
		boy := g.rng.IntN(2) == 0
		child, sex := fam+" "+g.pick(childFemale), "Nữ"
		if boy {
			child, sex = fam+" "+g.pick(childMale), "Nam"
		}
		if strings.HasPrefix(fam, "K'") {
			child = g.name(boy, fam)
		}
		in.Declaration = map[string]string{"child_name": child, "child_birth_date": daysBefore(1, 55), "child_sex": sex,
			"mother_name": mother}
		if g.rng.Float64() < 0.93 {
			in.Declaration["father_name"] = father
			if g.rng.Float64() < 0.6 {
				in.Applicant = g.person(true, father, year-22-g.rng.IntN(15))
				break
			}
		}
		in.Applicant = g.person(false, mother, year-20-g.rng.IntN(15))
	case catalogue.LetterCongratulationMarriage:
		husband, wife := g.name(true, ""), g.name(false, "")
		in.Declaration = map[string]string{"husband_name": husband, "wife_name": wife}
		if g.rng.IntN(2) == 0 {
			in.Applicant = g.person(true, husband, year-22-g.rng.IntN(12))
		} else {
			in.Applicant = g.person(false, wife, year-20-g.rng.IntN(12))
		}
	case catalogue.LetterCondolence:
		deceasedMale := g.rng.IntN(2) == 0
		rel := g.pick(relations)
		male := g.rng.IntN(2) == 0
		switch rel {
		case "Vợ":
			deceasedMale, male = true, false
		case "Chồng":
			deceasedMale, male = false, true
		case "Anh":
			male = true
		case "Chị":
			male = false
		}
		in.Declaration = map[string]string{"deceased_name": g.name(deceasedMale, ""), "death_date": daysBefore(1, 12), "relation": rel}
		in.Applicant = g.person(male, g.name(male, ""), year-25-g.rng.IntN(40))
	default:
		male := g.rng.IntN(2) == 0
		in.Applicant = g.person(male, g.name(male, ""), year-18-g.rng.IntN(55))
	}
	for _, c := range pr.Components {
		if c.Required || g.rng.Float64() < 0.3 {
			in.Components = append(in.Components, dossier.Component{Name: c.Name})
		}
	}
	switch pr.Fee.Kind {
	case catalogue.FeePerPage:
		in.Pages, in.Copies = 1+g.rng.IntN(8), 1+g.rng.IntN(4)
	case catalogue.FeeFixed:
		if pr.Code == "2.000635" {
			in.Copies = 1 + g.rng.IntN(3)
		}
	}
	return in
}
