package catalogue

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/motcua/motcua/internal/textfold"
)

// SearchDoc is what search reads of one procedure.
type SearchDoc struct {
	Code      string
	Name      string
	Aliases   []string
	FieldName string
}

// Hit is one ranked result: the index of the document and its score.
type Hit struct {
	Index int
	Score float64
}

// Index is a searchable set of procedures, built once per list.
//
// Its Search ranks procedures by how well they match what a person typed. It
// works on the folded text (no case, diacritics or đ), so "giay khai sinh"
// and "Giấy khai sinh" are the same query.
//
// A word of six digits or more that is part of a procedure's code finds it
// first. Each query word, less the stop words people add ("làm", "xin", "thủ
// tục"...), is looked up among the words of a procedure's code, name,
// aliases and field name. A word weighs by how rare it is in the catalogue
// (inverse document frequency), so "khai sinh" counts for more than "đăng
// ký"; a match in the name or an alias counts more than one in the field
// name; a word of four letters or more also matches with one typo (edit
// distance 1, a swap of two letters included) at a discount, and the last
// word also matches as the start of a word, for a query still being typed.
// A query that contains a whole alias or the whole name, or is contained in
// one, earns a phrase bonus. Procedures scoring under a third of the best are
// left out as noise.
type Index struct {
	docs []indexDoc
	df   map[string]int // in how many documents each word occurs
}

type indexDoc struct {
	codeW   []string // words of the folded code, e.g. "1", "001193"
	name    string   // folded name without stop phrases
	nameW   []string // words of name
	aliases []string // folded aliases without stop phrases
	aliasW  []string // words of all aliases
	field   string   // folded field name
	fieldW  []string // words of the field name
}

// stopPhrases are removed from queries and names before words are compared:
// they say nothing about which procedure is meant.
var stopPhrases = []string{"thu tuc", "o dau", "nhu the nao", "the nao", "bao nhieu", "can gi", "lam sao", "huong dan", "truc tuyen"}

// stopWords are single folded words dropped from queries.
var stopWords = map[string]bool{
	"lam": true, "xin": true, "cach": true, "muon": true, "toi": true,
	"gi": true, "nao": true, "cua": true, "de": true, "va": true, "ve": true,
	"mot": true, "nop": true, "online": true, "o": true,
}

// NewIndex indexes docs for Search and Closest.
func NewIndex(docs []SearchDoc) *Index {
	ix := &Index{docs: make([]indexDoc, len(docs)), df: map[string]int{}}
	for i, d := range docs {
		x := indexDoc{codeW: strings.Fields(textfold.Fold(d.Code)), name: dropStopPhrases(textfold.Fold(d.Name))}
		x.nameW = strings.Fields(x.name)
		for _, a := range d.Aliases {
			f := textfold.Fold(a)
			x.aliases = append(x.aliases, dropStopPhrases(f))
			x.aliasW = append(x.aliasW, strings.Fields(f)...)
		}
		x.field = textfold.Fold(d.FieldName)
		x.fieldW = strings.Fields(x.field)
		seen := map[string]bool{}
		for _, w := range slices.Concat(x.nameW, x.aliasW, x.fieldW) {
			if !seen[w] {
				seen[w] = true
				ix.df[w]++
			}
		}
		ix.docs[i] = x
	}
	return ix
}

// Terms returns the words of a query that search compares: folded, without
// stop phrases and stop words, duplicates removed.
func Terms(query string) []string {
	var out []string
	for _, w := range strings.Fields(dropStopPhrases(textfold.Fold(query))) {
		if !stopWords[w] && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func dropStopPhrases(s string) string {
	s = " " + s + " "
	for _, p := range stopPhrases {
		s = strings.ReplaceAll(s, " "+p+" ", " ")
	}
	return strings.TrimSpace(s)
}

// Weights of a word match by where it is found.
const (
	weightName   = 1.0
	weightAlias  = 1.0
	weightField  = 0.5
	typoFactor   = 0.6
	prefixFactor = 0.7
)

// Search returns the documents matching query, best first; equal scores keep
// the documents' order. An empty query (or one of stop words only) matches
// nothing.
func (ix *Index) Search(query string) []Hit {
	terms := Terms(query)
	if len(terms) == 0 {
		return nil
	}
	phrase := strings.Join(terms, " ")
	var hits []Hit
	for i := range ix.docs {
		d := &ix.docs[i]
		score, matched := 0.0, 0
		for n, t := range terms {
			if len(t) >= 6 && slices.Contains(d.codeW, t) {
				score += 20
				matched++
				continue
			}
			last := n == len(terms)-1
			best := max(
				ix.wordScore(t, d.nameW, last)*weightName,
				ix.wordScore(t, d.aliasW, last)*weightAlias,
				ix.wordScore(t, d.fieldW, last)*weightField,
			)
			if best > 0 {
				matched++
			}
			score += best
		}
		if matched == 0 {
			continue
		}
		// Every word found beats most words found.
		score *= float64(matched) / float64(len(terms))
		score += ix.phraseBonus(phrase, d)
		hits = append(hits, Hit{Index: i, Score: score})
	}
	sort.SliceStable(hits, func(a, b int) bool { return hits[a].Score > hits[b].Score })
	if len(hits) > 0 {
		floor := hits[0].Score / 3
		n := len(hits)
		for n > 0 && hits[n-1].Score < floor {
			n--
		}
		hits = hits[:n]
	}
	return hits
}

// wordScore is the best score of query word t against words: the rarity of
// the word it matches, discounted for a typo or a prefix.
func (ix *Index) wordScore(t string, words []string, last bool) float64 {
	best := 0.0
	for _, w := range words {
		var s float64
		switch {
		case w == t:
			s = ix.idf(w)
		case len(t) >= 4 && len(w) >= 4 && abs(len(t)-len(w)) <= 1 && distance(t, w) <= 1:
			s = ix.idf(w) * typoFactor
		case last && len(t) >= 2 && len(w) > len(t) && strings.HasPrefix(w, t):
			s = ix.idf(w) * prefixFactor
		}
		best = max(best, s)
	}
	return best
}

func (ix *Index) idf(w string) float64 {
	return math.Log(1 + float64(len(ix.docs))/float64(max(1, ix.df[w])))
}

// phraseBonus rewards a query that is an alias, the name or the field name, contains one, or
// is contained in one, weighted by the length of the phrase.
func (ix *Index) phraseBonus(phrase string, d *indexDoc) float64 {
	n := float64(len(strings.Fields(phrase)))
	bonus := 0.0
	consider := func(s string, weight float64) {
		switch {
		case s == "":
		case s == phrase:
			bonus = max(bonus, weight*(n+2))
		case containsWords(s, phrase):
			bonus = max(bonus, weight*n)
		case containsWords(phrase, s):
			bonus = max(bonus, weight*float64(len(strings.Fields(s))))
		}
	}
	consider(d.name, 1)
	consider(d.field, 1) // "chung thuc" lists the whole field
	for _, a := range d.aliases {
		consider(a, 1.2)
	}
	if n < 2 {
		bonus /= 2
	}
	return bonus
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// containsWords says whether the words of sub occur in s in a row.
func containsWords(s, sub string) bool {
	return strings.Contains(" "+s+" ", " "+sub+" ")
}

// Closest returns up to n documents nearest to query when Search finds
// nothing: those whose words are the fewest edits away from the query's,
// best first.
func (ix *Index) Closest(query string, n int) []int {
	terms := Terms(query)
	if len(terms) == 0 || n <= 0 {
		return nil
	}
	type near struct {
		i    int
		dist float64
	}
	var all []near
	for i := range ix.docs {
		d := &ix.docs[i]
		words := slices.Concat(d.nameW, d.aliasW)
		total := 0.0
		for _, t := range terms {
			best := 1.0
			for _, w := range words {
				l := max(len(t), len(w))
				best = min(best, float64(distance(t, w))/float64(l))
			}
			total += best
		}
		all = append(all, near{i, total / float64(len(terms))})
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].dist < all[b].dist })
	var out []int
	for _, x := range all {
		if len(out) == n || x.dist > 0.5 {
			break
		}
		out = append(out, x.i)
	}
	return out
}

// distance is the optimal string alignment distance between a and b: the
// number of letters inserted, deleted, changed, or swapped with a neighbour.
// Folded words are short, so the rows live on the stack.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	var buf [3][32]int
	prev2, prev, cur := buf[0][:], buf[1][:], buf[2][:]
	if len(rb)+1 > len(prev) {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	for j := 0; j <= len(rb); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// SearchDocs returns the search documents of the catalogue's procedures, in
// order, with their field names.
func (c *Catalogue) SearchDocs() []SearchDoc {
	names := map[string]string{}
	for _, f := range c.Fields {
		names[f.Code] = f.Name
	}
	out := make([]SearchDoc, len(c.Procedures))
	for i, p := range c.Procedures {
		out[i] = SearchDoc{Code: p.Code, Name: p.Name, Aliases: p.Aliases, FieldName: names[p.FieldCode]}
	}
	return out
}
