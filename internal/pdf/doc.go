// Package pdf renders the one-stop department's official documents (receipt
// slip, supplement request, refusal, apology, process control slip, result
// hand-over record, tracking book, letters and the "what the law asks of you"
// sheet) as A4 PDF, and the tracking book as XLSX.
//
// It is an adapter: it knows fpdf, the Liberation fonts, go-qrcode and
// excelize, and nothing about the database. Callers map their dossier data
// onto the plain input structs defined here and call one Render function per
// form.
//
// Contracts shared by every Render function:
//
//   - All text is NFC-normalised before it is measured or drawn, so decomposed
//     (NFD) input produces exactly the same PDF as composed input. Characters
//     the embedded font cannot address (outside the Basic Multilingual Plane)
//     and control characters are replaced by '?'; line breaks in free text are
//     kept.
//   - Layout follows Decree 30/2020/ND-CP: A4, Liberation Serif (metric
//     compatible with Times New Roman), national name and motto top right,
//     parent and issuing body top left, number, place and date, title, body,
//     signature block on the right; page numbers from page 2.
//   - Times print in UTC+7 whatever their location, in the Vietnamese style
//     "10 giờ 00 phút, ngày 05/02/2025"; dates of issue as
//     "ngày 05 tháng 02 năm 2025" (leading zero for days below 10 and for
//     months 1 and 2, as the decree asks).
//   - Output is deterministic: the same input gives the same bytes. The PDF
//     creation date is the document's date of issue, not the clock.
//   - A missing required field is reported as an error wrapping ErrInvalid and
//     naming the field; nothing is written to w in that case. Errors from w are
//     returned wrapped.
package pdf

import "errors"

// ErrInvalid is wrapped by every error caused by the input rather than by the
// writer or the PDF library: a required field missing, an unknown enum value.
var ErrInvalid = errors.New("invalid document input")
