package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/dossier"
	"github.com/motcua/motcua/internal/letter"
	"github.com/motcua/motcua/internal/service"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
	"github.com/motcua/motcua/internal/unit"
)

const customBirth = `THƯ CHÚC MỪNG

Kính gửi: {{nguoi_nhan}}

{{don_vi}} chúc mừng gia đình đón cháu {{ten_tre}}, sinh ngày {{ngay_sinh}}.

{{dia_danh}}, {{ngay_thu}}`

func TestLetterTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		k := letter.CongratulationBirth
		def, err := tw.db.LetterTemplate(ctx, tw.unit.ID, k)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := letter.DefaultText(k)
		if !def.Default() || def.Body != want {
			t.Errorf("a unit without templates: version %d, body %q", def.Version, def.Body)
		}

		bad := strings.Replace(customBirth, "{{ten_tre}}", "{{ten_con}}", 1)
		_, err = service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, k, bad, "admin")
		if apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != "body" || !strings.Contains(apperr.PublicMessage(err), "{{ten_con}}") {
			t.Errorf("unknown placeholder: %v (field %q, message %q)", err, apperr.FieldOf(err), apperr.PublicMessage(err))
		}
		if _, err := service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, "greeting", customBirth, "admin"); apperr.KindOf(err) != apperr.Invalid {
			t.Errorf("unknown kind: %v", err)
		}

		v1, err := service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, k, customBirth, "admin")
		if err != nil || v1.Version != 1 {
			t.Fatalf("first save: %+v, %v", v1, err)
		}
		tw.clk.Advance(time.Minute)
		v2, err := service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, k, customBirth+"\n\nTrân trọng!", "admin")
		if err != nil || v2.Version != 2 {
			t.Fatalf("second save: %+v, %v", v2, err)
		}
		same, err := service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, k, customBirth+"\n\nTrân trọng!\n", "admin")
		if err != nil || same.Version != 2 {
			t.Errorf("saving the text in force again: %+v, %v", same, err)
		}
		cur, _ := tw.db.LetterTemplate(ctx, tw.unit.ID, k)
		if cur.Version != 2 || cur.CreatedBy != "admin" {
			t.Errorf("in force: %+v", cur)
		}
		old, err := tw.db.LetterTemplateVersion(ctx, tw.unit.ID, k, 1)
		if err != nil || old.Body != customBirth {
			t.Errorf("version 1: %+v, %v", old, err)
		}
		if _, err := tw.db.LetterTemplateVersion(ctx, tw.unit.ID, k, 7); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("version 7: %v", err)
		}
		vs, err := tw.db.LetterTemplateVersions(ctx, tw.unit.ID, k)
		if err != nil || len(vs) != 3 || vs[0].Version != 2 || vs[1].Version != 1 || vs[2].Version != 0 {
			t.Errorf("versions: %+v, %v", vs, err)
		}
		// Another unit and another kind are untouched.
		if o, _ := tw.db.LetterTemplate(ctx, tw.other.ID, k); !o.Default() {
			t.Errorf("the other unit's template: %+v", o)
		}
		if o, _ := tw.db.LetterTemplate(ctx, tw.unit.ID, letter.Condolence); !o.Default() {
			t.Errorf("the condolence template: %+v", o)
		}

		// Preview: sample values, a draft body, and a bad draft.
		c, err := service.PreviewLetter(ctx, tw.db, service.PreviewRequest{UnitID: tw.unit.ID, Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		if c.Paragraphs[0] != "UBND xã Đạ Tẻh chúc mừng gia đình đón cháu Nguyễn Minh Khang, sinh ngày 20/02/2025." {
			t.Errorf("preview: %q", c.Paragraphs)
		}
		if _, err := service.PreviewLetter(ctx, tw.db, service.PreviewRequest{UnitID: tw.unit.ID, Kind: k, Body: bad}); apperr.FieldOf(err) != "body" {
			t.Errorf("preview of a bad draft: %v", err)
		}
	})
}

// resolvedBirth takes in and resolves a birth registration.
func resolvedBirth(t *testing.T, tw *town) *dossier.Dossier {
	t.Helper()
	req := tw.request(t, "1.001193", dossier.Counter, tw.reception)
	req.Intake.Declaration = map[string]string{"child_name": "Trần Minh Khang", "child_birth_date": "2025-02-20",
		"father_name": "Trần Văn An", "mother_name": "Lê Thị Bình"}
	d, err := tw.db.Intake(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	tw.act(t, d.Code, dossier.Action{Kind: dossier.ActPropose}, tw.hotich)
	return tw.act(t, d.Code, dossier.Action{Kind: dossier.ActApprove}, tw.leader)
}

func TestProduceLetterIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		tw.clk.Set("2025-03-03 09:00")
		d := resolvedBirth(t, tw)
		if j, err := tw.db.JobByKey(ctx, "letter:"+d.ID); err != nil || j.Kind != "letter" {
			t.Errorf("letter job: %+v, %v", j, err)
		}
		if _, err := service.SaveLetterTemplate(ctx, tw.db, tw.unit.ID, letter.CongratulationBirth, customBirth, "admin"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := service.ProduceLetter(ctx, tw.db, d.ID); apperr.KindOf(err) != apperr.Invalid || apperr.FieldOf(err) != "letterhead" {
			t.Errorf("a letter without a signer: %v", err)
		}
		if ls, _ := tw.db.Letters(ctx, store.LetterFilter{}); len(ls) != 0 {
			t.Fatalf("a refused letter was stored: %d letters", len(ls))
		}
		sender := letter.Sender{Unit: tw.unit.Name, Place: "Đạ Tẻh", SignerTitle: "Chủ tịch", SignerName: "Nguyễn Văn Minh"}
		tw.unit.Letterhead = unit.Letterhead{Place: sender.Place, SignerTitle: sender.SignerTitle, SignerName: sender.SignerName}
		if err := tw.db.UpdateUnit(ctx, tw.unit, "admin"); err != nil {
			t.Fatal(err)
		}

		var wg sync.WaitGroup
		ids := make(chan string, 8)
		createdCount := make(chan bool, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				l, created, err := service.ProduceLetter(ctx, tw.db, d.ID)
				if err != nil {
					t.Errorf("produce: %v", err)
					return
				}
				ids <- l.ID
				createdCount <- created
			}()
		}
		wg.Wait()
		close(ids)
		close(createdCount)
		first, n := "", 0
		for id := range ids {
			if first == "" {
				first = id
			}
			if id != first {
				t.Errorf("producers got letters %s and %s", first, id)
			}
		}
		for c := range createdCount {
			if c {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d producers created the letter, want 1", n)
		}
		ls, err := tw.db.Letters(ctx, store.LetterFilter{UnitID: tw.unit.ID})
		if err != nil || len(ls) != 1 {
			t.Fatalf("register: %d letters, %v", len(ls), err)
		}
		l := ls[0]
		if l.DossierCode != d.Code || l.TemplateVersion != 1 || l.Sender != sender || len(l.Recipients) != 2 {
			t.Errorf("letter %+v", l)
		}
		wantContent := letter.Content{Title: "THƯ CHÚC MỪNG", Salutation: "Kính gửi: Ông Trần Văn An và Bà Lê Thị Bình",
			Paragraphs: []string{"UBND xã Đạ Tẻh chúc mừng gia đình đón cháu Trần Minh Khang, sinh ngày 20/02/2025.",
				"Đạ Tẻh, ngày 03 tháng 3 năm 2025"}}
		if l.Content.String() != wantContent.String() {
			t.Errorf("content:\n%s\nwant:\n%s", l.Content, wantContent)
		}

		if unprinted, _ := tw.db.Letters(ctx, store.LetterFilter{Unprinted: true}); len(unprinted) != 1 {
			t.Errorf("unprinted letters: %d", len(unprinted))
		}
		counts := func(f store.LetterFilter, limit int) string {
			n, more, err := tw.db.CountLetters(ctx, f, limit)
			if err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%d %v", n, more)
		}
		for _, c := range []struct {
			f     store.LetterFilter
			limit int
			want  string
		}{
			{store.LetterFilter{Unprinted: true}, 10, "1 false"},
			{store.LetterFilter{UnitID: tw.unit.ID, Unsent: true}, 10, "1 false"},
			{store.LetterFilter{Unprinted: true}, 1, "1 true"},
			{store.LetterFilter{UnitID: "another unit", Unprinted: true}, 10, "0 false"},
		} {
			if got := counts(c.f, c.limit); got != c.want {
				t.Errorf("CountLetters(%+v, %d) = %s, want %s", c.f, c.limit, got, c.want)
			}
		}
		tw.clk.Set("2025-03-04 08:00")
		p, err := tw.db.MarkLetterPrinted(ctx, l.ID)
		if err != nil || !p.PrintedAt.Equal(tw.clk.Now()) || !p.SentAt.IsZero() {
			t.Errorf("printed: %+v, %v", p, err)
		}
		tw.clk.Set("2025-03-05 08:00")
		p, _ = tw.db.MarkLetterPrinted(ctx, l.ID)
		s, err := tw.db.MarkLetterSent(ctx, l.ID)
		if err != nil || !p.PrintedAt.Equal(time.Date(2025, 3, 4, 8, 0, 0, 0, ict)) || !s.SentAt.Equal(tw.clk.Now()) {
			t.Errorf("printed again, sent: %+v %+v %v", p, s, err)
		}
		if unprinted, _ := tw.db.Letters(ctx, store.LetterFilter{Unprinted: true}); len(unprinted) != 0 {
			t.Errorf("unprinted letters after printing: %d", len(unprinted))
		}
		if got := counts(store.LetterFilter{Unprinted: true}, 10); got != "0 false" {
			t.Errorf("unprinted letters counted after printing: %s", got)
		}
		if got := counts(store.LetterFilter{Unsent: true}, 10); got != "0 false" {
			t.Errorf("unsent letters counted after sending: %s", got)
		}
		if _, err := tw.db.MarkLetterSent(ctx, "no-such-letter"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("marking an unknown letter: %v", err)
		}

		// Preview with the dossier's values stores nothing.
		c, err := service.PreviewLetter(ctx, tw.db, service.PreviewRequest{UnitID: tw.unit.ID, Kind: letter.CongratulationBirth, DossierCode: d.Code})
		if err != nil || c.Salutation != "Kính gửi: Ông Trần Văn An và Bà Lê Thị Bình" {
			t.Errorf("preview: %+v, %v", c, err)
		}
		if ls, _ := tw.db.Letters(ctx, store.LetterFilter{}); len(ls) != 1 {
			t.Errorf("%d letters after a preview", len(ls))
		}
	})
}
