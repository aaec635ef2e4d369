package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	. "github.com/motcua/motcua/internal/securitytest"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/web"
)

// webAccess declares, once per page route ("METHOD pattern" as in the route
// tables), who may use it and what an allowed officer gets for another
// unit's object. A route missing here fails TestAuthzMatrixWeb.
var webAccess = map[string]Rule{
	// routes.go
	"GET /{$}":                          Everyone,
	"GET /thu-tuc/{code}":               Everyone,
	"GET /thu-tuc/{code}/huong-dan.pdf": Everyone,
	"GET /thu-tuc/{code}/to-khai.pdf":   Everyone,
	"GET /dang-nhap":                    Everyone,
	"POST /dang-nhap":                   Everyone.Or(Unauthenticated), // the matrix's credentials are wrong
	"POST /dang-xuat":                   AnyOfficer,

	// portal.go
	"GET /nop-ho-so/{code}":              Everyone,
	"POST /nop-ho-so/{code}":             Everyone,
	"GET /nop-ho-so/da-nop":              Everyone,
	"GET /nop-ho-so/da-nop/xac-nhan.pdf": Everyone,
	"GET /nop-ho-so/da-nop/to-khai.pdf":  Everyone,
	"POST /tra-cuu/nhan-ket-qua":         Everyone,
	"GET /tra-cuu":                       Everyone,
	"POST /tra-cuu":                      Everyone,
	"POST /tra-cuu/danh-gia":             Everyone,

	// payment.go: the citizen's payment pages; 404 while payments are off
	"POST /thanh-toan":                   Everyone.Or(NotFound),
	"GET /thanh-toan/ket-qua":            Everyone.Or(NotFound),
	"GET /thanh-toan/{ref}/bien-lai.pdf": Everyone.Or(NotFound),
	// the payments of the officer's own unit; a refund of an order the
	// matrix does not hold is 404 for the allowed roles, and so is confirming
	// a refund it holds none of
	"GET /can-bo/thanh-toan":                    Only(Reception, Leader, Admin),
	"POST /can-bo/thanh-toan/{ref}/hoan-tien":   Only(Reception, Leader).Or(NotFound),
	"POST /can-bo/thanh-toan/{ref}/da-hoan-tra": Only(Reception, Leader).Or(NotFound),
	"GET /tin-tuc":                              Everyone,
	"GET /tin-tuc/rss.xml":                      Everyone,
	"GET /tin-tuc/anh/{id}":                     Everyone,
	"GET /tin-tuc/{slug}":                       Everyone,
	"GET /can-bo/tin-tuc":                       Only(Leader, Admin),
	"GET /can-bo/tin-tuc/moi":                   Only(Leader, Admin),
	"POST /can-bo/tin-tuc":                      Only(Leader, Admin),
	"GET /can-bo/tin-tuc/{id}":                  Only(Leader, Admin).Else(NotFound),
	"POST /can-bo/tin-tuc/{id}":                 Only(Leader, Admin).Else(NotFound),
	"POST /can-bo/tin-tuc/{id}/xuat-ban":        Only(Leader, Admin).Else(NotFound),
	"GET /can-bo/tep/{id}":                      AnyOfficer.Else(NotFound),
	// province.go: officers of a province unit only (none in the matrix's world of communes)
	"GET /can-bo/tinh":          AnyOfficer.Decides(),
	"GET /can-bo/tinh/tinh.csv": AnyOfficer.Decides(),

	// citizen_dossiers.go: the e-ID sign-in is public; the citizen's pages
	// refuse every officer and anonymous caller (the two-citizen matrix is
	// TestCitizenRoutesNeverLeak).
	"GET /dang-nhap/vneid":                    Everyone,
	"GET /dang-nhap/vneid/ve":                 Everyone,
	"POST /ca-nhan/dang-xuat":                 CitizenOnly,
	"GET /ca-nhan/ho-so":                      CitizenOnly,
	"GET /ca-nhan/ho-so/{code}":               CitizenOnly,
	"GET /ca-nhan/ho-so/{code}/giay-to/{doc}": CitizenOnly,
	"POST /ca-nhan/ho-so/{code}/danh-gia":     CitizenOnly,
	"GET /ca-nhan/dong-y":                     CitizenOnly,
	"POST /ca-nhan/dong-y":                    CitizenOnly,

	// office.go
	"GET /can-bo":                              AnyOfficer,
	"GET /can-bo/tiep-nhan":                    Only(Reception),
	"POST /can-bo/tiep-nhan":                   Only(Reception),
	"GET /can-bo/tiep-nhan/{code}":             Only(Reception).Else(NotFound),
	"GET /can-bo/ho-so/{code}":                 AnyOfficer.Else(NotFound),
	"POST /can-bo/ho-so/{code}/{action}":       AnyOfficer.Else(NotFound).Decides(),
	"GET /can-bo/ho-so/{code}/giay-to/{doc}":   AnyOfficer.Else(NotFound),
	"GET /can-bo/thong-ke":                     AnyOfficer,
	"GET /can-bo/thong-ke/{file}":              AnyOfficer,
	"GET /can-bo/thu":                          Only(Reception, Leader, Admin),
	"GET /can-bo/dong-bo":                      Only(Reception, Leader, Admin),
	"POST /can-bo/dong-bo/{id}/gui-lai":        Only(Reception, Leader, Admin).Else(NotFound), // a queued message: 409
	"POST /can-bo/dong-bo/{id}/huy":            Only(Admin).Else(NotFound),
	"POST /can-bo/dong-bo/doi-soat":            Only(Reception, Leader, Admin),
	"GET /can-bo/dong-bo/doi-soat/{id}":        Only(Reception, Leader, Admin).Else(NotFound),
	"GET /can-bo/dong-bo/anh-xa":               Only(Reception, Leader, Admin),
	"POST /can-bo/dong-bo/anh-xa":              Only(Admin),
	"POST /can-bo/dong-bo/anh-xa/lay-danh-muc": Only(Admin),
	// Notifications (office_notify.go): the unit's deliveries and templates.
	"GET /can-bo/thong-bao":                 Only(Reception, Leader, Admin),
	"POST /can-bo/thong-bao/{id}/gui-lai":   Only(Reception, Leader, Admin).Else(NotFound), // a queued notice: 409
	"GET /can-bo/thong-bao/mau":             Only(Reception, Leader, Admin),
	"POST /can-bo/thong-bao/mau":            Only(Leader, Admin), // the matrix's form names no kind: refused (400) by name
	"POST /can-bo/thu/{id}/in":              Only(Reception, Leader, Admin).Else(NotFound),
	"POST /can-bo/thu/{id}/da-gui":          Only(Reception, Leader, Admin).Else(NotFound),
	"GET /can-bo/thu/mau/{kind}":            AnyOfficer,
	"POST /can-bo/thu/mau/{kind}/xem-truoc": AnyOfficer,
	"POST /can-bo/thu/mau/{kind}/luu":       Only(Leader, Admin),
	"GET /can-bo/so-theo-doi":               AnyOfficer,
	"GET /can-bo/so-theo-doi/{file}":        AnyOfficer,

	// admin.go: another unit's unit or officer is refused (403), the
	// catalogue is shared by the top-level units.
	"GET /quan-tri":                         Only(Admin),
	"GET /quan-tri/don-vi":                  Only(Admin),
	"GET /quan-tri/don-vi/moi":              Only(Admin),
	"POST /quan-tri/don-vi/moi":             Only(Admin),
	"GET /quan-tri/don-vi/{code}":           Only(Admin).Else(Forbidden),
	"POST /quan-tri/don-vi/{code}":          Only(Admin).Else(Forbidden),
	"GET /quan-tri/don-vi/{code}/sap-nhap":  Only(Admin).Else(Forbidden),
	"POST /quan-tri/don-vi/{code}/sap-nhap": Only(Admin).Else(Forbidden),
	"GET /quan-tri/can-bo":                  Only(Admin),
	"GET /quan-tri/can-bo/moi":              Only(Admin),
	"POST /quan-tri/can-bo/moi":             Only(Admin),
	"GET /quan-tri/can-bo/{id}":             Only(Admin).Else(Forbidden),
	"POST /quan-tri/can-bo/{id}":            Only(Admin).Else(Forbidden),
	"POST /quan-tri/can-bo/{id}/mat-khau":   Only(Admin).Else(Forbidden),
	"POST /quan-tri/can-bo/{id}/ma-api":     Only(Admin).Else(Forbidden),
	"GET /quan-tri/thu-tuc":                 Only(Admin),
	"GET /quan-tri/thu-tuc/{code}":          Only(Admin),
	"GET /quan-tri/thu-tuc/{code}/sua":      Only(Admin),
	"POST /quan-tri/thu-tuc/{code}/sua":     Only(Admin),
	"GET /quan-tri/ngay-nghi":               Only(Admin),
	"POST /quan-tri/ngay-nghi":              Only(Admin),
	"POST /quan-tri/ngay-nghi/xoa":          Only(Admin),

	// A procedure edited as a form (admin_procedure_form.go).
	"GET /quan-tri/thu-tuc/{code}/bieu-mau":  Only(Admin),
	"POST /quan-tri/thu-tuc/{code}/bieu-mau": Only(Admin),

	// files.go: the matrix's world has no digitised paper or signed
	// document, so their ids are not found (files_test.go reads real ones).
	"POST /can-bo/ho-so/{code}/digitise":          AnyOfficer.Else(NotFound).Decides(),
	"GET /can-bo/ho-so/{code}/so-hoa/{id}":        AnyOfficer.Else(NotFound).Or(NotFound),
	"GET /can-bo/ho-so/{code}/so-hoa/{id}/qr.png": AnyOfficer.Else(NotFound).Or(NotFound),
	"POST /can-bo/ho-so/{code}/ky-so":             Only(Reception, Leader).Else(NotFound),
	"GET /can-bo/ho-so/{code}/ky-so/{id}":         AnyOfficer.Else(NotFound).Or(NotFound),
	// results.go: the result paper. The matrix's form names no source (400);
	// the rules decide which specialist or leader; its dossiers have no
	// result paper, so the view is not found; the applicant's download
	// needs the code and digits (400 without) or the e-ID.
	"POST /can-bo/ho-so/{code}/ket-qua": Only(Specialist, Leader).Else(NotFound).Decides(),
	"GET /can-bo/ho-so/{code}/ket-qua":  AnyOfficer.Else(NotFound).Or(NotFound),
	"POST /tra-cuu/ket-qua":             Everyone,
	"GET /ca-nhan/ho-so/{code}/ket-qua": CitizenOnly,
	// ux_supplement.go: the online supplement, behind the code and digits
	// or the signed-in owner (another citizen's dossier is 404).
	"POST /tra-cuu/bo-sung":              Everyone,
	"POST /ca-nhan/ho-so/{code}/bo-sung": CitizenOnly,
	"GET /xac-thuc":                      Everyone,
	"POST /xac-thuc":                     Everyone,
	"GET /xac-thuc/{id}":                 Everyone.Or(NotFound),
	"GET /xac-thuc/{id}/tep":             Everyone.Or(NotFound),
}

// webFill names, for each path parameter of the page routes, the objects of
// a unit to try.
func webFill(u *Unit, path, name string) ([]string, bool, bool) {
	has := func(p string) bool { return strings.HasPrefix(path, p) }
	switch name {
	case "code":
		switch {
		case has("/thu-tuc/"), has("/nop-ho-so/"), has("/quan-tri/thu-tuc/"):
			return []string{BirthReg}, false, true
		case has("/quan-tri/don-vi/"):
			return []string{u.Child.Code}, true, true
		case has("/can-bo/tiep-nhan/"):
			return []string{u.Open.Code}, true, true
		case has("/can-bo/ho-so/"), has("/ca-nhan/ho-so/"):
			return []string{u.Open.Code, u.Online.Code, u.Resolved.Code}, true, true
		case has("/can-bo/phan-anh/"):
			return []string{u.Feedback.Code}, true, true
		case has("/phan-anh/"):
			return []string{u.FeedbackPublic.Code}, false, true
		}
	case "action":
		return Actions, false, true
	case "doc":
		var docs []string
		for _, d := range Documents {
			docs = append(docs, d+".pdf")
		}
		return docs, false, true
	case "file":
		switch {
		case has("/can-bo/thong-ke/"):
			return []string{"chi-so.csv", "chi-so.xlsx", "ho-so.csv", "ho-so.xlsx"}, false, true
		case has("/can-bo/so-theo-doi/"):
			return []string{"so-theo-doi.pdf", "so-theo-doi.xlsx"}, false, true
		}
	case "kind":
		return LetterKinds, false, true
	case "slug":
		return []string{u.Public.Slug}, false, true
	case "ref":
		return []string{"0190000000007000800000000000ABCD"}, false, true
	case "id":
		switch {
		case has("/can-bo/thu/"):
			return []string{u.LetterID}, true, true
		case has("/can-bo/dong-bo/doi-soat/"):
			return []string{u.ReconciliationID}, true, true
		case has("/can-bo/dong-bo/"):
			return []string{u.OutboxID}, true, true
		case has("/can-bo/thong-bao/"):
			return []string{u.NotifyOutboxID}, true, true
		case has("/tin-tuc/anh/"):
			return []string{u.Public.ImageFileID}, false, true
		case has("/can-bo/tin-tuc/"):
			return []string{u.Draft.ID, u.Public.ID}, true, true
		case has("/can-bo/tep/"):
			return []string{u.FileID}, true, true
		case has("/can-bo/ho-so/"), has("/xac-thuc/"):
			return []string{"khong-co"}, false, true
		case has("/quan-tri/can-bo/"):
			return []string{u.Victim.ID}, true, true
		}
	}
	return nil, false, false
}

// webForm is what every POST of the matrix carries: enough for most forms
// to succeed if the route let the request through, and nothing that would
// move the seeded objects out of reach (no unit code, no merge confirmation).
func webForm(w *World, c *Client) url.Values {
	own := w.Units[max(c.Unit, 0)].Unit.Code
	return url.Values{"csrf": {c.CSRF}, "parent": {own}, "unit": {own}, "procedure": {ExtractCopy}, "title": {"Tin thử của ma trận"}, "body": {"Nội dung thử của ma trận."},
		"reason": {"Lý do thử của ma trận"}, "note": {"Ghi chú"}, "name": {"Tên thử"}, "kind": {"commune"},
		"username": {"mtxamnhap"}, "full_name": {"Xâm Nhập Thử"}, "roles": {"specialist"}, "fields": {"HT"},
		"password": {"mat-khau-moi-123"}, "token_name": {"x"}, "date": {"2026-06-10"}, "label": {"Ngày thử"},
		"last4": {"1234"}, "rating": {"satisfied"}}
}

func webRouteKeys(t *testing.T, w *World) []string {
	t.Helper()
	s, err := web.New(w.DB, slog.New(slog.NewTextHandler(io.Discard, nil)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := web.RouteKeys(s)
	// Logging out ends the sessions: last.
	slices.SortStableFunc(keys, func(a, b string) int {
		return boolInt(a == "POST /dang-xuat") - boolInt(b == "POST /dang-xuat")
	})
	return keys
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestAuthzMatrixWeb tries every page route as every role (anonymous,
// reception, specialist, leader, admin) of each of two units, on the
// objects of its own unit and of the other unit, over real HTTP with valid
// CSRF tokens, and compares each outcome with webAccess.
func TestAuthzMatrixWeb(t *testing.T) {
	t.Parallel() // its own servers and databases; beside the browser tests, not before them
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		w := Start(t, e)
		keys := webRouteKeys(t, w)
		for _, k := range keys {
			if _, ok := webAccess[k]; !ok {
				t.Errorf("route %q has no declaration in webAccess (authz_matrix_test.go): declare who may use it", k)
			}
		}
		for k := range webAccess {
			if !slices.Contains(keys, k) {
				t.Errorf("webAccess declares %q, which is not a route", k)
			}
		}
		if t.Failed() {
			return
		}
		clients := []*Client{w.Anonymous(t)}
		for i := range w.Units {
			for _, r := range Roles[1:] {
				clients = append(clients, w.Login(t, r, i))
			}
		}
		var tally Tally
		for _, k := range keys {
			method, pattern, _ := strings.Cut(k, " ")
			rule := webAccess[k]
			for _, c := range clients {
				for owner := range w.Units {
					paths, bound := Fill(t, webFill, w.Units[owner], pattern)
					if !bound && owner == 1 {
						continue // shared objects: once is enough
					}
					caller := c.Unit
					if !bound {
						owner = caller
					}
					want := rule.Expect(c.Role, caller, owner, bound)
					if strings.HasPrefix(k, "GET /nop-ho-so/da-nop") {
						paths = []string{pattern + "?k=" + OnlineKey(max(caller, 0))}
					}
					for _, p := range paths {
						var resp *http.Response
						var body string
						if method == http.MethodGet {
							resp, body = c.Do(t, method, p, "", nil)
						} else {
							form := webForm(w, c)
							if k == "POST /quan-tri/ngay-nghi" {
								form.Set("kind", "off") // a day off, which the next route removes
							}
							resp, body = c.Do(t, method, p, "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
						}
						w.Check(t, &tally, c, method, p, resp, body, want, rule.Public)
					}
				}
			}
		}
		t.Logf("%s: %d routes, %d combinations, %d mismatches, %d leaks",
			e.Name, len(keys), tally.Combinations, tally.Mismatches, tally.Leaks)
	})
}
