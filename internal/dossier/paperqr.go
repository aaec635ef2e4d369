package dossier

import "strings"

// PaperQR is the text of the QR code (TCVN 7322:2009, the national
// adoption of ISO/IEC 18004) printed on the paper copy of a digitised
// component, with what Circular 01/2023/TT-VPCP asks it to carry: the
// dossier's code, the procedure's code, the applicant's identifier and
// the paper's name, one "key:value" per line. Line breaks inside a value
// become spaces so that the text always parses back.
func PaperQR(dossierCode, procedureCode, applicantID, paperName string) string {
	clean := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	return "MaHoSo:" + clean(dossierCode) + "\nMaTTHC:" + clean(procedureCode) +
		"\nMaDinhDanh:" + clean(applicantID) + "\nTenGiayTo:" + clean(paperName)
}
