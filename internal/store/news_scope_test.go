package store_test

import (
	"context"
	"testing"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// An officer edits only the news of their own unit: another unit's article
// is not listed, cannot be read for editing, changed, published or withdrawn,
// and is left exactly as it was.
func TestArticlesAreScopedToTheirUnit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		tw := newTown(t, e)
		ctx := context.Background()
		mine, err := tw.db.CreateArticle(ctx, tw.unit.ID, store.ArticleInput{Title: "Tin của xã", Body: "Nội dung."}, false, tw.leader.ID)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := tw.db.CreateArticle(ctx, tw.other.ID, store.ArticleInput{Title: "Tin xã khác", Body: "Nội dung khác."}, true, "other")
		if err != nil {
			t.Fatal(err)
		}
		list, total, err := tw.db.Articles(ctx, store.ArticleFilter{UnitID: tw.unit.ID})
		if err != nil || total != 1 || len(list) != 1 || list[0].ID != mine.ID {
			t.Fatalf("unit's list: %d articles (total %d), %v; want only its own", len(list), total, err)
		}
		if _, total, _ := tw.db.Articles(ctx, store.ArticleFilter{UnitID: tw.other.ID, PublishedOnly: true}); total != 1 {
			t.Errorf("other unit's published list: %d, want 1", total)
		}
		if _, err := tw.db.UnitArticle(ctx, tw.unit.ID, theirs.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("reading another unit's article: %v, want NotFound", err)
		}
		if _, err := tw.db.UpdateArticle(ctx, tw.unit.ID, theirs.ID, store.ArticleInput{Title: "Bị sửa", Body: "x"}, tw.leader.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("editing another unit's article: %v, want NotFound", err)
		}
		if _, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, theirs.ID, false, tw.leader.ID); apperr.KindOf(err) != apperr.NotFound {
			t.Errorf("withdrawing another unit's article: %v, want NotFound", err)
		}
		got, err := tw.db.Article(ctx, theirs.ID)
		if err != nil || got.Title != "Tin xã khác" || !got.Published || got.UpdatedBy != "other" {
			t.Errorf("another unit's article changed: %+v, %v", got, err)
		}
		// The unit's own article still works.
		if _, err := tw.db.SetArticlePublished(ctx, tw.unit.ID, mine.ID, true, tw.leader.ID); err != nil {
			t.Errorf("publishing own article: %v", err)
		}
	})
}
