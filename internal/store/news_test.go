package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

func TestSlugify(t *testing.T) {
	for title, want := range map[string]string{
		"Thông báo lịch tiếp công dân tháng 3/2025":          "thong-bao-lich-tiep-cong-dan-thang-3-2025",
		"Đạ Tẻh đón nhận danh hiệu “Chính quyền thân thiện”": "da-teh-don-nhan-danh-hieu-chinh-quyen-than-thien",
		"  !!! ": "",
		"Một tiêu đề rất dài về việc triển khai dịch vụ công trực tuyến toàn trình tại xã và các thôn, tổ dân phố": "mot-tieu-de-rat-dai-ve-viec-trien-khai-dich-vu-cong-truc-tuyen-toan-trinh-tai-xa",
	} {
		if got := store.Slugify(title); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", title, got, want)
		}
		if len(store.Slugify(title)) > 80 {
			t.Errorf("Slugify(%q) is longer than 80", title)
		}
	}
}

func TestArticles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		by := tw.leader.ID
		create := func(title string, publish bool, img *store.NewFile) *store.Article {
			t.Helper()
			a, err := tw.db.CreateArticle(ctx, tw.unit.ID, store.ArticleInput{Title: title, Body: "Đoạn một.\n\nĐoạn hai.", Image: img, ImageAlt: "Ảnh"}, publish, by)
			if err != nil {
				t.Fatalf("create %q: %v", title, err)
			}
			tw.clk.Advance(time.Hour)
			return a
		}
		first := create("Thông báo lịch tiếp công dân", true, &store.NewFile{Name: "anh.png", Data: samplePNG})
		draft := create("Bản nháp", false, nil)
		second := create("Thông báo lịch tiếp công dân", true, nil)
		if first.Slug != "thong-bao-lich-tiep-cong-dan" || second.Slug != "thong-bao-lich-tiep-cong-dan-2" {
			t.Errorf("slugs %q, %q: want the second to get -2", first.Slug, second.Slug)
		}
		if first.PublishedAt.IsZero() || !draft.PublishedAt.IsZero() {
			t.Errorf("published at %v / draft %v", first.PublishedAt, draft.PublishedAt)
		}

		// The public list: published only, newest first, paged.
		list, total, err := tw.db.Articles(ctx, store.ArticleFilter{PublishedOnly: true, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if total != 2 || len(list) != 1 || list[0].ID != second.ID {
			t.Errorf("page 1: total %d, %d articles, first %v; want 2, 1, the newest", total, len(list), list)
		}
		list, _, err = tw.db.Articles(ctx, store.ArticleFilter{PublishedOnly: true, Limit: 1, Offset: 1})
		if err != nil || len(list) != 1 || list[0].ID != first.ID {
			t.Errorf("page 2: %v, %v; want the oldest", list, err)
		}
		all, total, err := tw.db.Articles(ctx, store.ArticleFilter{})
		if err != nil || total != 3 || len(all) != 3 {
			t.Errorf("all articles: %d of %d, %v; want 3", len(all), total, err)
		}

		// A draft is not public; publishing it dates it and makes it public.
		if _, err := tw.db.PublishedArticle(ctx, draft.Slug); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("draft by slug: %v, want NotFound", err)
		}
		pub, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, draft.ID, true, by)
		if err != nil {
			t.Fatal(err)
		}
		got, err := tw.db.PublishedArticle(ctx, draft.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(pub, got); diff != "" {
			t.Errorf("published article read back (-want +got):\n%s", diff)
		}
		// Withdrawn and published again, it keeps its first date.
		tw.clk.Advance(time.Hour)
		if _, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, draft.ID, false, by); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.db.PublishedArticle(ctx, draft.Slug); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("withdrawn article: %v, want NotFound", err)
		}
		again, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, draft.ID, true, by)
		if err != nil || !again.PublishedAt.Equal(pub.PublishedAt) {
			t.Errorf("published again at %v, want %v (%v)", again.PublishedAt, pub.PublishedAt, err)
		}

		// Editing changes the text, keeps the slug.
		upd, err := tw.db.UpdateArticle(ctx, tw.unit.ID, first.ID, store.ArticleInput{Title: "Lịch tiếp công dân (sửa)", Body: "Nội dung mới."}, by)
		if err != nil {
			t.Fatal(err)
		}
		if upd.Slug != first.Slug || upd.Title != "Lịch tiếp công dân (sửa)" || upd.ImageFileID != first.ImageFileID {
			t.Errorf("updated: slug %q title %q image %q", upd.Slug, upd.Title, upd.ImageFileID)
		}

		// The image of a published article is public, with its type.
		f, data, err := tw.db.PublicImage(ctx, first.ImageFileID)
		if err != nil {
			t.Fatal(err)
		}
		if f.ContentType != store.TypePNG || !bytes.Equal(data, samplePNG) || f.DossierID != "" || f.Component != -1 {
			t.Errorf("image: %+v, %d bytes", f, len(data))
		}
		// Unpublished, its image is not.
		if _, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, first.ID, false, by); err != nil {
			t.Fatal(err)
		}
		if _, _, err := tw.db.PublicImage(ctx, first.ImageFileID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("image of a withdrawn article: %v, want NotFound", err)
		}
		// A dossier's file is never a public image.
		d, err := tw.db.IntakeWithFiles(ctx, birthRequest(t, tw, "k"), []store.NewFile{{Component: 0, Name: "a.png", Data: samplePNG}})
		if err != nil {
			t.Fatal(err)
		}
		files, err := tw.db.DossierFiles(ctx, d.ID)
		if err != nil || len(files) != 1 {
			t.Fatalf("dossier files: %v, %v", files, err)
		}
		if _, _, err := tw.db.PublicImage(ctx, files[0].ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("a dossier's file as a public image: %v, want NotFound", err)
		}
		// Removing the image.
		upd, err = tw.db.UpdateArticle(ctx, tw.unit.ID, first.ID, store.ArticleInput{Title: "x", Body: "y", RemoveImage: true}, by)
		if err != nil || upd.ImageFileID != "" {
			t.Errorf("remove image: %q, %v", upd.ImageFileID, err)
		}
	})
}

func TestArticleValidation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		long := string(bytes.Repeat([]byte("a"), 201))
		for _, c := range []struct {
			name string
			in   store.ArticleInput
			want []string
		}{
			{"empty", store.ArticleInput{}, []string{"body", "title"}},
			{"long title", store.ArticleInput{Title: long, Body: "x"}, []string{"title"}},
			{"a PDF as image", store.ArticleInput{Title: "x", Body: "y", Image: &store.NewFile{Name: "a.pdf", Data: samplePDF}}, []string{"image"}},
			{"HTML as image", store.ArticleInput{Title: "x", Body: "y", Image: &store.NewFile{Name: "a.png", Data: sampleHTML}}, []string{"image"}},
		} {
			before := counts(t, tw.db)
			_, err := tw.db.CreateArticle(ctx, tw.unit.ID, c.in, true, tw.leader.ID)
			var fe *apperr.FieldsError
			if !errors.As(err, &fe) {
				t.Errorf("%s: err = %v, want field errors", c.name, err)
				continue
			}
			var got []string
			for k := range fe.Fields {
				got = append(got, k)
			}
			if diff := cmp.Diff(c.want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("%s: fields (-want +got):\n%s", c.name, diff)
			}
			if after := counts(t, tw.db); after != before {
				t.Errorf("%s: stored something: %v -> %v", c.name, before, after)
			}
		}
		list, _, err := tw.db.Articles(ctx, store.ArticleFilter{})
		if err != nil || len(list) != 0 {
			t.Errorf("articles after refusals: %d, %v", len(list), err)
		}
		if _, err := tw.db.CreateArticle(ctx, store.NewID(), store.ArticleInput{Title: "x", Body: "y"}, true, "x"); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("article of an unknown unit: %v, want NotFound", err)
		}
	})
}
