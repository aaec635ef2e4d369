// Package demo seeds a demo commune modelled on the town of the product brief: its
// unit and letterhead, a team led by the Chairman with a Vice Chairman as
// deputy and six members each owning fields, reception officers, an
// administrator, and the shipped procedure catalogue. Seeding is idempotent:
// it creates what is missing and leaves the rest.
package demo

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/staff"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/unit"
)

// UnitCode is the demo commune's identifier.
const UnitCode = "000.21.37.H56"

// Password is every demo officer's password. It is printed by `motcua demo`
// and must never be used outside a demo.
const Password = "motcua-demo"

// Login is one demo account, as printed for the visitor.
type Login struct {
	Username string
	FullName string
	Role     string // in Vietnamese, for the printed list
}

type person struct {
	username, name, title, phone string
	roles                        []staff.Role
	fields                       []string
}

// team follows the product brief: the Chairman leads, a Vice Chairman is deputy, six
// members each own specialised fields, and the one-stop desk receives.
var team = []person{
	{"admin", "Hoàng Văn Quản", "Quản trị hệ thống", "0263 3880 100", []staff.Role{staff.Admin}, nil},
	{"chutich", "Nguyễn Văn Minh", "Chủ tịch UBND xã", "0263 3880 101", []staff.Role{staff.Leader}, nil},
	{"phochutich", "Trần Thị Thu Hà", "Phó Chủ tịch UBND xã", "0263 3880 102", []staff.Role{staff.Leader}, nil},
	{"hotich", "Lê Thị Hoà", "Công chức Tư pháp - Hộ tịch", "0263 3880 111", []staff.Role{staff.Specialist}, []string{"HT"}},
	{"chungthuc", "Phạm Văn Đức", "Công chức Tư pháp - Hộ tịch (chứng thực)", "0263 3880 112", []staff.Role{staff.Specialist}, []string{"CT"}},
	{"xahoi", "Đỗ Thị Ngọc Ánh", "Công chức Văn hoá - Xã hội", "0263 3880 113", []staff.Role{staff.Specialist}, []string{"BTXH"}},
	{"cutru", "Vũ Quang Huy", "Công an xã (cư trú)", "0263 3880 114", []staff.Role{staff.Specialist}, []string{"CTRU"}},
	{"diachinh", "Bùi Văn Thắng", "Công chức Địa chính - Xây dựng", "0263 3880 115", []staff.Role{staff.Specialist}, []string{"DD"}},
	{"kinhte", "Ngô Thị Phượng", "Công chức Kinh tế", "0263 3880 116", []staff.Role{staff.Specialist}, []string{"HKD"}},
	{"tiepnhan1", "Đặng Thị Mỹ Duyên", "Công chức Bộ phận Một cửa", "0263 3880 120", []staff.Role{staff.Reception}, nil},
	{"tiepnhan2", "Phan Văn Lộc", "Công chức Bộ phận Một cửa", "0263 3880 121", []staff.Role{staff.Reception}, nil},
}

// Town is what Seed made or found.
type Town struct {
	Unit   *unit.Unit
	Logins []Login
}

// Seed creates the demo commune, its staff and the shipped catalogue where
// they are missing, and brings the catalogue up to the shipped version.
func Seed(ctx context.Context, db *store.DB) (*Town, error) {
	c, err := catalogue.LoadShipped()
	if err != nil {
		return nil, fmt.Errorf("demo: shipped catalogue: %w", err)
	}
	if _, err := db.ImportCatalogue(ctx, c, "demo"); err != nil {
		return nil, fmt.Errorf("demo: import catalogue: %w", err)
	}
	u, err := db.UnitByCode(ctx, UnitCode)
	if apperr.KindOf(err) == apperr.NotFound {
		u = &unit.Unit{
			Code: UnitCode, Name: "UBND xã Đạ Tẻh", Kind: unit.Commune,
			Address: "Số 1 đường Trần Hưng Đạo, xã Đạ Tẻh, tỉnh Lâm Đồng",
			Phone:   "0263 3880 100", Email: "motcua.dateh@example.gov.vn",
			Letterhead: unit.Letterhead{
				ParentBody: "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", IssuingBody: "ỦY BAN NHÂN DÂN XÃ ĐẠ TẺH",
				Place: "Đạ Tẻh", SignerTitle: "CHỦ TỊCH", SignerName: "Nguyễn Văn Minh",
			},
		}
		err = db.CreateUnit(ctx, u, "demo")
	}
	if err != nil {
		return nil, fmt.Errorf("demo: unit: %w", err)
	}
	if err := seedPayments(ctx, db, u.ID); err != nil {
		return nil, err
	}
	town := &Town{Unit: u}
	for _, p := range team {
		_, err := db.OfficerByUsername(ctx, p.username)
		if apperr.KindOf(err) == apperr.NotFound {
			o := &staff.Officer{UnitID: u.ID, Username: p.username, FullName: p.name, Title: p.title, Phone: p.phone,
				Roles: p.roles, Fields: p.fields, Active: true}
			err = db.CreateOfficer(ctx, o, Password, "demo")
		}
		if err != nil {
			return nil, fmt.Errorf("demo: officer %s: %w", p.username, err)
		}
		town.Logins = append(town.Logins, Login{Username: p.username, FullName: p.name, Role: p.title})
	}
	return town, nil
}
