package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/apperr"
	"github.com/motcua/motcua/internal/textfold"
)

// Article is a news article of a unit's electronic information page.
type Article struct {
	ID     string `json:"id"`
	UnitID string `json:"unit_id"`
	// Slug is the article's address (/tin-tuc/{slug}): made from the title at
	// creation and kept afterwards, so that links stay valid.
	Slug  string `json:"slug"`
	Title string `json:"title"`
	// Body is plain text: paragraphs separated by blank lines.
	Body string `json:"body"`
	// ImageFileID is the article's image (a stored file), if any, and
	// ImageAlt its description for people who cannot see it.
	ImageFileID string    `json:"image_file_id,omitempty"`
	ImageAlt    string    `json:"image_alt,omitempty"`
	Published   bool      `json:"published"`
	PublishedAt time.Time `json:"published_at,omitzero"` // first publication; kept when unpublished and published again
	CreatedBy   string    `json:"created_by"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedBy   string    `json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// ArticleInput is what an officer writes.
type ArticleInput struct {
	Title    string
	Body     string
	ImageAlt string
	// Image, when set, becomes the article's image (PDF is refused: JPEG or PNG).
	Image *NewFile
	// RemoveImage drops the current image (ignored when Image is set).
	RemoveImage bool
	// PublishedAt, when set and in the past, dates a new article published
	// at once (CreateArticle): the demo's news carry the dates they tell of.
	PublishedAt time.Time
}

// Bounds of an article, in characters.
const (
	maxArticleTitle = 200
	maxArticleBody  = 20000
	maxImageAlt     = 300
	maxSlug         = 80
)

// validate normalises in and returns an *apperr.FieldsError naming each
// problem, and the image's description when there is one.
func (in *ArticleInput) validate() (*File, error) {
	in.Title, in.Body, in.ImageAlt = textfold.NFC(in.Title), textfold.NFC(strings.ReplaceAll(in.Body, "\r\n", "\n")), textfold.NFC(in.ImageAlt)
	f := apperr.Fields{}
	switch n := len([]rune(in.Title)); {
	case n == 0:
		f.Add("title", "vui lòng nhập tiêu đề bài viết")
	case n > maxArticleTitle:
		f.Add("title", "tiêu đề dài %d ký tự, tối đa %d", n, maxArticleTitle)
	}
	switch n := len([]rune(in.Body)); {
	case n == 0:
		f.Add("body", "vui lòng nhập nội dung bài viết")
	case n > maxArticleBody:
		f.Add("body", "nội dung dài %d ký tự, tối đa %d", n, maxArticleBody)
	}
	if n := len([]rune(in.ImageAlt)); n > maxImageAlt {
		f.Add("image_alt", "mô tả ảnh dài %d ký tự, tối đa %d", n, maxImageAlt)
	}
	var img *File
	if in.Image != nil {
		m, err := in.Image.prepare("image")
		switch {
		case err != nil:
			f.Add("image", "%s", apperr.PublicMessage(err))
		case m.ContentType == TypePDF:
			f.Add("image", "ảnh minh hoạ phải là tệp JPG hoặc PNG")
		default:
			img = &m
		}
	}
	return img, f.Err()
}

// Slugify makes an address from a title: folded (no diacritics, đ as d),
// lower case ASCII letters and digits joined by dashes, at most 80 characters,
// cut at a word.
func Slugify(title string) string {
	var words []string
	for _, w := range strings.Fields(textfold.Fold(title)) {
		w = strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, w)
		if w != "" {
			words = append(words, w)
		}
	}
	slug := ""
	for _, w := range words {
		next := w
		if slug != "" {
			next = slug + "-" + w
		}
		if len(next) > maxSlug {
			if slug == "" {
				slug = w[:maxSlug]
			}
			break
		}
		slug = next
	}
	return slug
}

// CreateArticle stores a new article of unit unitID written by officer by,
// published at once when publish is set. The demo seeds its articles with it.
//
// Errors: an *apperr.FieldsError (title, body, image_alt, image); NotFound
// for an unknown unit.
func (db *DB) CreateArticle(ctx context.Context, unitID string, in ArticleInput, publish bool, by string) (*Article, error) {
	img, err := in.validate()
	if err != nil {
		return nil, err
	}
	var out *Article
	err = db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.unitByID(ctx, unitID); err != nil {
			return err
		}
		a := &Article{ID: NewID(), UnitID: unitID, Title: in.Title, Body: in.Body, ImageAlt: in.ImageAlt,
			Published: publish, CreatedBy: by, CreatedAt: tx.now, UpdatedBy: by, UpdatedAt: tx.now}
		if publish {
			a.PublishedAt = tx.now
			if !in.PublishedAt.IsZero() && in.PublishedAt.Before(tx.now) {
				a.PublishedAt = in.PublishedAt
			}
		}
		if a.Slug, err = tx.freeSlug(ctx, Slugify(in.Title)); err != nil {
			return err
		}
		if img != nil {
			m := *img
			if err := tx.insertFile(ctx, &m, in.Image.Data); err != nil {
				return err
			}
			a.ImageFileID = m.ID
		}
		if _, err := tx.exec(ctx, `INSERT INTO news (id, unit_id, slug, title, body, image_file_id, image_alt, published,
			published_at, created_by, created_at, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
			a.ID, a.UnitID, a.Slug, a.Title, a.Body, nullStr(a.ImageFileID), a.ImageAlt, a.Published, ms(a.PublishedAt),
			a.CreatedBy, a.CreatedAt.UnixMilli(), a.UpdatedBy, a.UpdatedAt.UnixMilli()); err != nil {
			return fmt.Errorf("create article: %w", err)
		}
		out = a
		return nil
	})
	return out, err
}

// freeSlug returns base, or base-2, base-3... the first no article has.
func (tx *Tx) freeSlug(ctx context.Context, base string) (string, error) {
	if base == "" {
		base = "tin"
	}
	for i := 1; ; i++ {
		slug := base
		if i > 1 {
			slug = fmt.Sprintf("%s-%d", base, i)
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM news WHERE slug = $1`, slug).Scan(&n); err != nil {
			return "", fmt.Errorf("article slug: %w", err)
		}
		if n == 0 {
			return slug, nil
		}
	}
}

// UpdateArticle changes an article of unit unitID: its title, body and
// image; its slug and publication state stay. An article of another unit is
// NotFound, as an unknown one is: officers edit only their unit's news.
// Errors: an *apperr.FieldsError; NotFound.
func (db *DB) UpdateArticle(ctx context.Context, unitID, id string, in ArticleInput, by string) (*Article, error) {
	img, err := in.validate()
	if err != nil {
		return nil, err
	}
	var out *Article
	err = db.Transact(ctx, func(tx *Tx) error {
		a, err := db.articleWhere(ctx, tx.q(), `id = $1 AND unit_id = $2`, id, unitID)
		if err != nil {
			return err
		}
		a.Title, a.Body, a.ImageAlt, a.UpdatedBy, a.UpdatedAt = in.Title, in.Body, in.ImageAlt, by, tx.now
		switch {
		case img != nil:
			m := *img
			if err := tx.insertFile(ctx, &m, in.Image.Data); err != nil {
				return err
			}
			a.ImageFileID = m.ID
		case in.RemoveImage:
			a.ImageFileID = ""
		}
		if _, err := tx.exec(ctx, `UPDATE news SET title = $2, body = $3, image_file_id = $4, image_alt = $5,
			updated_by = $6, updated_at = $7 WHERE id = $1 AND unit_id = $8`,
			a.ID, a.Title, a.Body, nullStr(a.ImageFileID), a.ImageAlt, a.UpdatedBy, a.UpdatedAt.UnixMilli(), unitID); err != nil {
			return fmt.Errorf("update article: %w", err)
		}
		out = a
		return nil
	})
	return out, err
}

// SetArticlePublished publishes or withdraws an article of unit unitID. The
// first publication dates it; publishing it again keeps that date. An
// article of another unit is NotFound. Errors: NotFound.
func (db *DB) SetArticlePublished(ctx context.Context, unitID, id string, published bool, by string) (*Article, error) {
	var out *Article
	err := db.Transact(ctx, func(tx *Tx) error {
		a, err := db.articleWhere(ctx, tx.q(), `id = $1 AND unit_id = $2`, id, unitID)
		if err != nil {
			return err
		}
		a.Published, a.UpdatedBy, a.UpdatedAt = published, by, tx.now
		if published && a.PublishedAt.IsZero() {
			a.PublishedAt = tx.now
		}
		if _, err := tx.exec(ctx, `UPDATE news SET published = $2, published_at = $3, updated_by = $4, updated_at = $5
			WHERE id = $1 AND unit_id = $6`, a.ID, a.Published, ms(a.PublishedAt), by, tx.now.UnixMilli(), unitID); err != nil {
			return fmt.Errorf("publish article: %w", err)
		}
		out = a
		return nil
	})
	return out, err
}

const articleColumns = `id, unit_id, slug, title, body, image_file_id, image_alt, published, published_at,
	created_by, created_at, updated_by, updated_at`

func scanArticle(row interface{ Scan(...any) error }) (*Article, error) {
	var a Article
	var img sql.NullString
	var published, created, updated sql.NullInt64
	if err := row.Scan(&a.ID, &a.UnitID, &a.Slug, &a.Title, &a.Body, &img, &a.ImageAlt, &a.Published, &published,
		&a.CreatedBy, &created, &a.UpdatedBy, &updated); err != nil {
		return nil, err
	}
	a.ImageFileID, a.PublishedAt, a.CreatedAt, a.UpdatedAt = img.String, fromMS(published), fromMS(created), fromMS(updated)
	return &a, nil
}

func (db *DB) articleWhere(ctx context.Context, q querier, where string, args ...any) (*Article, error) {
	a, err := scanArticle(q.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM news WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "không tìm thấy bài viết")
	}
	if err != nil {
		return nil, fmt.Errorf("read article: %w", err)
	}
	return a, nil
}

// Article returns an article, published or not, whatever its unit, for
// tests and operations. Errors: NotFound.
func (db *DB) Article(ctx context.Context, id string) (*Article, error) {
	return db.articleWhere(ctx, db.read, `id = $1`, id)
}

// UnitArticle returns an article of unit unitID, published or not, for its
// editors; another unit's article is NotFound. Errors: NotFound.
func (db *DB) UnitArticle(ctx context.Context, unitID, id string) (*Article, error) {
	return db.articleWhere(ctx, db.read, `id = $1 AND unit_id = $2`, id, unitID)
}

// PublishedArticle returns the published article with this slug; an
// unpublished one is NotFound, as an unknown slug is.
func (db *DB) PublishedArticle(ctx context.Context, slug string) (*Article, error) {
	return db.articleWhere(ctx, db.public(ctx), `slug = $1 AND published`, slug)
}

// ArticleFilter selects articles; the zero filter lists every article.
type ArticleFilter struct {
	// UnitID, when set, keeps the articles of that unit only (its editors' list).
	UnitID        string
	PublishedOnly bool
	Limit         int // default 10, at most 100
	Offset        int
}

// Articles returns one page of articles, newest first (by publication, then
// creation), and how many match in all.
func (db *DB) Articles(ctx context.Context, f ArticleFilter) ([]*Article, int, error) {
	var conds []string
	var args []any
	if f.UnitID != "" {
		args = append(args, f.UnitID)
		conds = append(conds, fmt.Sprintf("unit_id = $%d", len(args)))
	}
	if f.PublishedOnly {
		conds = append(conds, "published")
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	q := querier(db.read)
	if f.PublishedOnly && f.UnitID == "" {
		q = db.public(ctx) // the public list
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM news`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count articles: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 10
	}
	limit = min(limit, 100)
	rows, err := q.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM news%s
		ORDER BY COALESCE(published_at, created_at) DESC, id DESC LIMIT %d OFFSET %d`, articleColumns, where, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	out := []*Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list articles: %w", err)
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// PublicImage returns an image that anyone may see: the image of a published
// article. Any other file, a dossier's above all, is NotFound.
func (db *DB) PublicImage(ctx context.Context, fileID string) (*File, []byte, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM news WHERE image_file_id = $1 AND published`, fileID).Scan(&n); err != nil {
		return nil, nil, fmt.Errorf("public image: %w", err)
	}
	if n == 0 {
		return nil, nil, apperr.New(apperr.NotFound, "không tìm thấy ảnh")
	}
	return db.FileData(ctx, fileID)
}
