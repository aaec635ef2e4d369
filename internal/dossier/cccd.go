package dossier

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// IDCardQR is what the QR code on a chip ID card (căn cước công dân gắn
// chip, căn cước) holds. A keyboard-wedge scanner types it as one line:
//
//	số CCCD|số CMND cũ|họ và tên|ngày sinh ddmmyyyy|giới tính|nơi thường trú|ngày cấp ddmmyyyy
//
// e.g. "079203009876|025123456|Võ Thị Hạnh|15081990|Nữ|12 Nguyễn Trãi, Phường 2, TP Hồ Chí Minh|20042021".
// The old number is empty on cards of people who never had one.
type IDCardQR struct {
	IDNumber    string // 12 digits
	OldIDNumber string // 9 digits, or ""
	FullName    string
	BirthDate   string // YYYY-MM-DD
	Sex         string // as printed: "Nam" or "Nữ"
	Address     string
	IssuedOn    string // YYYY-MM-DD
}

// ParseIDCardQR reads the text of an ID card's QR code, as a scanner types
// it (NFC-normalised, surrounding spaces ignored). Errors: Invalid on field
// "cccd_qr", in Vietnamese, saying which part is wrong.
func ParseIDCardQR(text string) (IDCardQR, error) {
	text = strings.TrimSpace(textfold.NFC(text))
	parts := strings.Split(text, "|")
	if len(parts) < 7 {
		return IDCardQR{}, apperr.Invalidf("cccd_qr", "mã QR không phải của căn cước: cần 7 phần ngăn bởi dấu |, đọc được %d phần; hãy quét lại", len(parts))
	}
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	c := IDCardQR{IDNumber: parts[0], OldIDNumber: parts[1], FullName: parts[2], Sex: parts[4], Address: parts[5]}
	if !allDigits(c.IDNumber) || len(c.IDNumber) != 12 {
		return IDCardQR{}, apperr.Invalidf("cccd_qr", "số căn cước trong mã QR phải có 12 chữ số, đọc được %q; hãy quét lại", c.IDNumber)
	}
	if c.OldIDNumber != "" && (!allDigits(c.OldIDNumber) || len(c.OldIDNumber) != 9) {
		c.OldIDNumber = "" // some cards print other things here: not needed
	}
	if c.FullName == "" {
		return IDCardQR{}, apperr.Invalidf("cccd_qr", "mã QR không có họ tên; hãy quét lại")
	}
	var err error
	if c.BirthDate, err = qrDate(parts[3]); err != nil {
		return IDCardQR{}, apperr.Invalidf("cccd_qr", "ngày sinh trong mã QR không đọc được (%q); hãy quét lại", parts[3])
	}
	if c.IssuedOn, err = qrDate(parts[6]); err != nil {
		c.IssuedOn = ""
	}
	return c, nil
}

// qrDate turns ddmmyyyy into YYYY-MM-DD.
func qrDate(s string) (string, error) {
	t, err := time.Parse("02012006", s)
	if err != nil || len(s) != 8 {
		return "", fmt.Errorf("date %q: want ddmmyyyy", s)
	}
	return t.Format("2006-01-02"), nil
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
