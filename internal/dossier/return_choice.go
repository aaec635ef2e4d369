package dossier

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// ReturnChannel is how the applicant receives the result (hình thức nhận
// kết quả).
type ReturnChannel string

// Return channels.
const (
	ReturnAtCounter ReturnChannel = "counter" // at the one-stop department
	ReturnByPost    ReturnChannel = "post"    // by the public postal service, to Address
)

// ReturnChoice is the applicant's choice of how to receive the result.
type ReturnChoice struct {
	Channel  ReturnChannel
	Address  string // the postal address; required by post, empty at the counter
	ChosenAt time.Time
}

// maxReturnAddress bounds a postal address, in characters.
const maxReturnAddress = 300

// Normalize trims the address and puts it in NFC; the counter needs none.
func (c *ReturnChoice) Normalize() {
	c.Address = strings.TrimSpace(textfold.NFC(c.Address))
	if c.Channel == ReturnAtCounter {
		c.Address = ""
	}
}

// Validate checks the choice. Errors: Invalid naming "return_channel" (not
// one of the channels) or "return_address" (missing by post, too long).
func (c ReturnChoice) Validate() error {
	switch c.Channel {
	case ReturnAtCounter:
		return nil
	case ReturnByPost:
		if c.Address == "" {
			return apperr.Invalidf("return_address", "vui lòng nhập địa chỉ nhận kết quả qua bưu chính")
		}
		if n := len([]rune(c.Address)); n > maxReturnAddress {
			return apperr.Invalidf("return_address", "địa chỉ dài %d ký tự; tối đa %d ký tự", n, maxReturnAddress)
		}
		return nil
	}
	return apperr.Invalidf("return_channel", "vui lòng chọn cách nhận kết quả: tại Bộ phận Một cửa hoặc qua bưu chính")
}
