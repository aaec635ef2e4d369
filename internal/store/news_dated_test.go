package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/store"
	"github.com/motcua/motcua/internal/store/storetest"
)

// TestArticleDatedWhenItHappened: an article published at once keeps a past
// date it is given (the demo's news), never a future one, and lists by it.
func TestArticleDatedWhenItHappened(t *testing.T) {
	storetest.Each(t, func(t *testing.T, e storetest.Engine) {
		ctx := context.Background()
		tw := storetest.NewTown(t, e)
		tw.Clock.Set(t, "2026-12-03 09:00")
		old := time.Date(2024, 1, 29, 8, 0, 0, 0, store.Zone)
		a, err := tw.DB.CreateArticle(ctx, tw.Unit.ID, store.ArticleInput{Title: "Lịch nghỉ Tết 2024", Body: "Nghỉ.", PublishedAt: old}, true, "demo")
		if err != nil {
			t.Fatal(err)
		}
		b, err := tw.DB.CreateArticle(ctx, tw.Unit.ID, store.ArticleInput{Title: "Tin từ tương lai", Body: "x",
			PublishedAt: time.Date(2030, 1, 1, 0, 0, 0, 0, store.Zone)}, true, "demo")
		if err != nil {
			t.Fatal(err)
		}
		if !a.PublishedAt.Equal(old) {
			t.Errorf("past date: published %v, want %v", a.PublishedAt, old)
		}
		if !b.PublishedAt.Equal(tw.Clock.Now()) {
			t.Errorf("future date: published %v, want now %v", b.PublishedAt, tw.Clock.Now())
		}
		list, _, err := tw.DB.Articles(ctx, store.ArticleFilter{Limit: 10, PublishedOnly: true})
		if err != nil || len(list) != 2 || list[0].ID != b.ID || !list[1].PublishedAt.Equal(old) {
			t.Errorf("list %+v, %v", list, err)
		}
	})
}
