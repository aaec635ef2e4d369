package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/catalogue"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/filestore"
	"github.com/motcua/motcua/internal/filestore/filestoretest"
	"github.com/motcua/motcua/internal/identity"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func lan() identity.Profile {
	return identity.Profile{Subject: "tech-lan", Kind: dossier.Person, IDNumber: "068190001234", FullName: "Nguyễn Thị Lan", Level: identity.Level2}
}

// TestCitizenDossiersAreTheirOwn files dossiers under two personal numbers
// by every channel and checks that each citizen lists and opens exactly
// theirs, and never the other's.
func TestCitizenDossiersAreTheirOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		online := tw.intake(t, "1.004873", dossier.Online, nil)
		counter := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		post := tw.intake(t, "1.004873", dossier.Post, tw.reception)
		req := tw.request(t, "1.004873", dossier.Counter, tw.reception)
		req.Intake.Applicant.IDNumber, req.Intake.Applicant.FullName = "068190009999", "Trần Văn Bình"
		binhs, err := tw.db.Intake(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		lanC, err := tw.db.SaveCitizen(ctx, "https://sso.example", lan())
		if err != nil {
			t.Fatal(err)
		}
		bp := lan()
		bp.Subject, bp.IDNumber, bp.FullName = "tech-binh", "068190009999", "Trần Văn Bình"
		binhC, err := tw.db.SaveCitizen(ctx, "https://sso.example", bp)
		if err != nil {
			t.Fatal(err)
		}
		codes := func(c *store.Citizen, f store.CitizenFilter) []string {
			ds, err := tw.db.CitizenDossiers(ctx, c, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, d := range ds {
				out = append(out, d.Code)
			}
			return out
		}
		if diff := cmp.Diff([]string{post.Code, counter.Code, online.Code}, codes(lanC, store.CitizenFilter{})); diff != "" {
			t.Errorf("Lan's dossiers (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{binhs.Code}, codes(binhC, store.CitizenFilter{})); diff != "" {
			t.Errorf("Bình's dossiers (-want +got):\n%s", diff)
		}
		if got := codes(lanC, store.CitizenFilter{Query: binhs.Code}); len(got) != 0 {
			t.Errorf("searching Bình's code as Lan found %v", got)
		}
		if got := codes(lanC, store.CitizenFilter{State: "done"}); len(got) != 0 {
			t.Errorf("Lan has no finished dossier, the filter found %v", got)
		}
		if _, _, err := tw.db.CitizenDossier(ctx, lanC, binhs.Code); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("Lan opening Bình's dossier: %v, want NotFound", err)
		}
		d, events, err := tw.db.CitizenDossier(ctx, lanC, counter.Code)
		if err != nil || d.Code != counter.Code || len(events) == 0 {
			t.Errorf("Lan opening her own dossier: %v, %d events, %v", d, len(events), err)
		}
		for _, ev := range events {
			if !ev.Public {
				t.Errorf("a citizen sees an internal event %s", ev.Kind)
			}
		}
	})
}

func TestCitizenSubjectKeepsItsNumber(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		first, err := tw.db.SaveCitizen(ctx, "iss", lan())
		if err != nil {
			t.Fatal(err)
		}
		p := lan()
		p.FullName, p.Level = "Nguyễn Thị Lan Anh", identity.Level1
		again, err := tw.db.SaveCitizen(ctx, "iss", p)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.FullName != "Nguyễn Thị Lan Anh" || again.Level != identity.Level1 {
			t.Errorf("second sign-in: %+v, want the same citizen %s renamed at level 1", again, first.ID)
		}
		p.IDNumber = "068190009999"
		if _, err := tw.db.SaveCitizen(ctx, "iss", p); apperr.KindOf(err) != apperr.Conflict {
			t.Errorf("the same subject with another number: %v, want Conflict", err)
		}
	})
}

func TestLoginStateAnswersOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		want := store.PendingLogin{Nonce: "n1", Verifier: "v1", Next: "/ca-nhan/ho-so"}
		if err := tw.db.BeginLogin(ctx, "state-1", "browser-1", want, 10*time.Minute); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.ConsumeLogin(ctx, "state-1", "browser-2"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("another browser: %v, want Unauthenticated", err)
		}
		// The other browser's attempt used it up: the state answers once.
		if _, err := tw.db.ConsumeLogin(ctx, "state-1", "browser-1"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a state used once: %v, want Unauthenticated", err)
		}
		if err := tw.db.BeginLogin(ctx, "state-2", "browser-1", want, 10*time.Minute); err != nil {
			t.Fatal(err)
		}
		got, err := tw.db.ConsumeLogin(ctx, "state-2", "browser-1")
		if err != nil || got != want {
			t.Errorf("ConsumeLogin = %+v, %v; want %+v", got, err, want)
		}
		if _, err := tw.db.ConsumeLogin(ctx, "state-2", "browser-1"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a replayed state: %v, want Unauthenticated", err)
		}
		if err := tw.db.BeginLogin(ctx, "state-3", "browser-1", want, time.Minute); err != nil {
			t.Fatal(err)
		}
		tw.clk.Advance(2 * time.Minute)
		if _, err := tw.db.ConsumeLogin(ctx, "state-3", "browser-1"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("an expired state: %v, want Unauthenticated", err)
		}
		if err := tw.db.UseNonce(ctx, "nonce-1", tw.clk.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.UseNonce(ctx, "nonce-1", tw.clk.Now().Add(time.Hour)); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a replayed nonce: %v, want Unauthenticated", err)
		}
	})
}

func TestCitizenSessionRotates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		c, err := tw.db.SaveCitizen(ctx, "iss", lan())
		if err != nil {
			t.Fatal(err)
		}
		if err := tw.db.CreateCitizenSession(ctx, "s1", "", c.ID, identity.Level2, "tok", time.Hour); err != nil {
			t.Fatal(err)
		}
		s, err := tw.db.CitizenSessionByID(ctx, "s1")
		if err != nil || s.Citizen.ID != c.ID || s.Level != identity.Level2 || s.IDToken != "tok" {
			t.Fatalf("session s1: %+v, %v", s, err)
		}
		if err := tw.db.CreateCitizenSession(ctx, "s2", "s1", c.ID, identity.Level1, "", time.Hour); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.CitizenSessionByID(ctx, "s1"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("the session a new sign-in replaced: %v, want Unauthenticated", err)
		}
		if err := tw.db.DeleteCitizenSession(ctx, "s2"); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.CitizenSessionByID(ctx, "s2"); apperr.KindOf(err) != apperr.Unauthenticated {
			t.Errorf("a signed-out session: %v, want Unauthenticated", err)
		}
	})
}

func TestConsentPerChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		c, err := tw.db.ConsentFor(ctx, "068190001234", store.ConsentSMS)
		if err != nil || c.Asked || c.Granted {
			t.Errorf("never asked: %+v, %v", c, err)
		}
		if err := tw.db.SetConsent(ctx, "068190001234", store.ConsentSMS, true); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.SetConsent(ctx, "068190001234", store.ConsentEmail, false); err != nil {
			t.Fatal(err)
		}
		if err := tw.db.SetConsent(ctx, "068190001234", store.ConsentSMS, true); err != nil { // twice: one answer
			t.Fatal(err)
		}
		all, err := tw.db.Consents(ctx, "068190001234")
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][2]bool{}
		for _, c := range all {
			got[c.Channel] = [2]bool{c.Asked, c.Granted}
		}
		want := map[string][2]bool{"sms": {true, true}, "zalo": {false, false}, "email": {true, false}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("consents (-want +got):\n%s", diff)
		}
		if other, _ := tw.db.ConsentFor(ctx, "068190009999", store.ConsentSMS); other.Granted {
			t.Error("one person's consent counts for another")
		}
		if _, err := tw.db.ConsentFor(ctx, "068190001234", "fax"); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("unknown channel: %v, want Invalid", err)
		}
	})
}

func TestPersonalAccessLog(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		for _, step := range []struct {
			o    string
			via  string
			wait time.Duration
		}{{"hotich1", "web", 0}, {"hotich1", "web", time.Minute}, {"chutich", "api", time.Minute}, {"hotich1", "web", 11 * time.Minute}} {
			tw.clk.Advance(step.wait)
			o := tw.hotich
			if step.o == "chutich" {
				o = tw.leader
			}
			if err := tw.db.LogPersonalAccess(ctx, d.ID, o, step.via, "dossier"); err != nil {
				t.Fatal(err)
			}
		}
		log, err := tw.db.PersonalAccessLog(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range log {
			got = append(got, a.OfficerName+"/"+a.UnitName+"/"+a.Via)
		}
		want := []string{"hotich1/UBND xã Đạ Tẻh/web", "chutich/UBND xã Đạ Tẻh/api", "hotich1/UBND xã Đạ Tẻh/web"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("access log, latest first (-want +got):\n%s", diff)
		}
	})
}

// TestCitizenPapersAreTheirOwn: a citizen's reusable papers are the files
// she gave, the papers digitised at reception and the signed results of the
// dossiers filed under her number; each reads back with its own bytes, and
// none of them is another person's.
func TestCitizenPapersAreTheirOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		pdf := filestoretest.PDF(t, 1, "lan")
		lans, err := tw.db.IntakeWithFiles(ctx, tw.request(t, "1.004873", dossier.Online, nil), []store.NewFile{{Component: 0, Name: "lan.pdf", Data: pdf}})
		if err != nil {
			t.Fatal(err)
		}
		req := tw.request(t, "1.004873", dossier.Online, nil)
		req.Intake.Applicant.IDNumber = "068190009999"
		if _, err := tw.db.IntakeWithFiles(ctx, req, []store.NewFile{{Component: 0, Name: "binh.pdf", Data: pdf}}); err != nil {
			t.Fatal(err)
		}
		c, err := tw.db.SaveCitizen(ctx, "iss", lan())
		if err != nil {
			t.Fatal(err)
		}
		ps, err := tw.db.CitizenPapers(ctx, c)
		if err != nil || len(ps) != 1 || ps[0].Source != store.PaperUpload || ps[0].FileName != "lan.pdf" ||
			ps[0].DossierCode != lans.Code || ps[0].ComponentName != lans.Components[0].Name {
			t.Fatalf("Lan's papers: %+v, %v", ps, err)
		}

		// Lan's dossier is received, its form digitised, resolved, and its
		// result signed.
		tw.act(t, lans.Code, dossier.Action{Kind: dossier.ActReceive}, tw.reception)
		scan := filestoretest.PDF(t, 2, "to khai cua Lan")
		if err := digitise(tw, lans.Code, scan); err != nil {
			t.Fatal(err)
		}
		tw.act(t, lans.Code, dossier.Action{Kind: dossier.ActPropose}, lead(t, tw, lans.Code))
		tw.act(t, lans.Code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
		sd, err := tw.db.RequestSignature(ctx, lans.Code, store.SignResult, tw.leader)
		if err != nil {
			t.Fatal(err)
		}
		result := filestoretest.PDF(t, 1, "ket qua cua Lan")
		rf, err := filestore.Check(result, filestore.Limits{}, "file")
		if err != nil {
			t.Fatal(err)
		}
		sd.Signer, sd.SignedAt = "UBND xã Đạ Tẻh", tw.clk.Now()
		if err := tw.db.SignatureDone(ctx, sd, rf, tw.db.Blobs()); err != nil {
			t.Fatal(err)
		}

		ps, err = tw.db.CitizenPapers(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		bySource := map[string]store.Paper{}
		for _, p := range ps {
			bySource[p.Source] = p
		}
		if len(ps) != 3 || len(bySource) != 3 {
			t.Fatalf("Lan's papers after digitising and signing: %+v", ps)
		}
		if p := bySource[store.PaperResult]; p.ComponentName != "Giấy xác nhận tình trạng hôn nhân" || p.DossierCode != lans.Code {
			t.Errorf("the result paper: %+v", p)
		}
		if p := bySource[store.PaperScan]; p.ComponentName != lans.Components[0].Name || p.FileName != "ban-so-hoa-"+lans.Code+".pdf" {
			t.Errorf("the scanned paper: %+v", p)
		}
		want := map[string][]byte{store.PaperUpload: pdf, store.PaperScan: scan, store.PaperResult: result}
		bp := lan()
		bp.Subject, bp.IDNumber = "tech-binh", "068190009999"
		binh, err := tw.db.SaveCitizen(ctx, "iss", bp)
		if err != nil {
			t.Fatal(err)
		}
		for source, p := range bySource {
			if _, data, err := tw.db.CitizenPaper(ctx, c, p.Key, tw.db.Blobs()); err != nil || string(data) != string(want[source]) {
				t.Errorf("Lan's %s paper %s: %d bytes, %v", source, p.Key, len(data), err)
			}
			if _, _, err := tw.db.CitizenPaper(ctx, binh, p.Key, tw.db.Blobs()); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("Bình reading Lan's %s paper: %v, want NotFound", source, err)
			}
		}
		for _, key := range []string{"", "upload", "upload:", "scan:" + bySource[store.PaperUpload].Key[len("upload:"):], "other:x"} {
			if _, _, err := tw.db.CitizenPaper(ctx, c, key, tw.db.Blobs()); apperr.KindOf(err) != apperr.NotFound {
				t.Errorf("paper key %q: %v, want NotFound", key, err)
			}
		}
	})
}

// TestPaperStandsFor: an upload or a scan stands for the same component, by
// name without diacritics, and never for an original; a signed result
// stands for any component that names it, an original included.
func TestPaperStandsFor(t *testing.T) {
	upload := store.Paper{Source: store.PaperUpload, ComponentName: "Giấy chứng nhận kết hôn của cha mẹ"}
	scan := store.Paper{Source: store.PaperScan, ComponentName: "Tờ khai"}
	result := store.Paper{Source: store.PaperResult, ComponentName: "Giấy xác nhận tình trạng hôn nhân"}
	birth := store.Paper{Source: store.PaperResult, ComponentName: "Giấy khai sinh (bản chính)"}
	for _, c := range []struct {
		p     store.Paper
		label string
		kind  catalogue.ComponentKind
		want  bool
	}{
		{upload, "Giấy chứng nhận kết hôn của cha mẹ", catalogue.ComponentCopy, true},
		{upload, "GIAY CHUNG NHAN KET HON CUA CHA ME", catalogue.ComponentCopy, true},
		{upload, "Giấy chứng nhận kết hôn của cha mẹ", catalogue.ComponentOriginal, false},
		{upload, "Giấy chứng nhận kết hôn", catalogue.ComponentCopy, false},
		{scan, "Tờ khai", catalogue.ComponentOriginalOrCopy, true},
		{scan, "Tờ khai đăng ký kết hôn", catalogue.ComponentCopy, false},
		{result, "Giấy xác nhận tình trạng hôn nhân (khi đăng ký tại nơi không phải nơi thường trú)", catalogue.ComponentOriginal, true},
		{result, "Tờ khai đăng ký kết hôn", catalogue.ComponentOriginal, false},
		{birth, "Bản sao Giấy khai sinh của người được giám hộ", catalogue.ComponentCopy, true},
		{store.Paper{Source: store.PaperResult, ComponentName: " (bản chính)"}, "Giấy khai sinh", catalogue.ComponentCopy, false},
	} {
		if got := c.p.StandsFor(c.label, c.kind); got != c.want {
			t.Errorf("%s %q for %q (%s) = %v, want %v", c.p.Source, c.p.ComponentName, c.label, c.kind, got, c.want)
		}
	}
}

// TestOrganisationSeesItsTaxCodesDossiers: an organisation's account finds
// the dossiers filed under its tax code, and a person's number does not
// open them.
func TestOrganisationSeesItsTaxCodesDossiers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		req := tw.request(t, "1.004873", dossier.Counter, tw.reception)
		req.Intake.Applicant = dossier.Applicant{Kind: dossier.Organisation, FullName: "Ngô Văn Đại", OrgName: "Công ty TNHH Cà phê Đạ Tẻh",
			TaxCode: "5801234567", Phone: "0263388001", Address: "Thôn 1"}
		d, err := tw.db.Intake(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		tw.intake(t, "1.004873", dossier.Counter, tw.reception) // Lan's
		org, err := tw.db.SaveCitizen(ctx, "iss", identity.Profile{Subject: "org-1", Kind: dossier.Organisation, FullName: "Công ty TNHH Cà phê Đạ Tẻh",
			TaxCode: "5801234567", Level: identity.Level2})
		if err != nil {
			t.Fatal(err)
		}
		ds, err := tw.db.CitizenDossiers(ctx, org, store.CitizenFilter{})
		if err != nil || len(ds) != 1 || ds[0].Code != d.Code {
			t.Errorf("the organisation's dossiers: %d, %v; want only %s", len(ds), err, d.Code)
		}
		lanC, err := tw.db.SaveCitizen(ctx, "iss", lan())
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := tw.db.CitizenDossier(ctx, lanC, d.Code); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a person opening the organisation's dossier: %v, want NotFound", err)
		}
	})
}

// TestConsentFromMyDossiersReachesNotifications: the latest answer per
// channel wins, whether recorded at the counter for the dossier or given by
// the citizen in "Hồ sơ của tôi" for every dossier under her number.
func TestConsentFromMyDossiersReachesNotifications(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		d := tw.intake(t, "1.004873", dossier.Counter, tw.reception)
		if err := tw.db.SetNotifyConsent(ctx, d.ID, "sms", true, tw.reception.ID); err != nil {
			t.Fatal(err)
		}
		tw.clk.Advance(time.Minute)
		if err := tw.db.SetConsents(ctx, "068190001234", map[string]bool{"sms": false, "email": true}); err != nil {
			t.Fatal(err)
		}
		got, err := tw.db.NotifyConsents(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]bool{"sms": false, "email": true}, got); diff != "" {
			t.Errorf("after the citizen's answer (-want +got):\n%s", diff)
		}
		tw.clk.Advance(time.Minute)
		if err := tw.db.SetNotifyConsent(ctx, d.ID, "sms", true, tw.reception.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := tw.db.NotifyConsents(ctx, d.ID); !got["sms"] {
			t.Error("a later answer at the counter does not count")
		}
	})
}
