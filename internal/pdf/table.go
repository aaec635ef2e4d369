package pdf

import "math"

// column describes one table column. A zero width shares what the fixed
// columns leave, equally with the other zero-width columns.
type column struct {
	header string
	width  float64
	align  string // "L", "C" or "R"
}

const cellPad = 1.2

// tableSize is the type size of table cells: sizeTable, or the smaller size
// a wide table (the tracking book) asks for.
func (d *document) tableSize() float64 {
	if d.smallTable {
		return sizeSmallTable
	}
	return sizeTable
}

// tableLine is the line height of table cells.
func (d *document) tableLine() float64 {
	if d.smallTable {
		return lineSmallTable
	}
	return lineTable
}

// keepTogether is the number of lines up to which a row is never split
// between pages; taller rows are split rather than leave half a page empty.
const keepTogether = 6

// table draws a bordered table across the full width. Cells wrap; a row that
// does not fit in what is left of the page moves to the next one, and a row
// taller than a whole page is split between pages. Every page the table
// continues on starts with the header row again.
func (d *document) table(cols []column, rows [][]string) {
	if len(cols) == 0 {
		return
	}
	widths := d.columnWidths(cols)
	lh := d.tableLine()

	d.font(bold, d.tableSize())
	header := make([][]string, len(cols))
	for i, c := range cols {
		header[i] = d.wrap(cleanLine(c.header), widths[i]-2*cellPad, widths[i]-2*cellPad)
	}
	headerH := float64(maxLines(header))*lh + 2*cellPad

	// Lines one fresh page can hold under the repeated header.
	perPage := int(math.Floor((d.bottom() - marginTop - headerH - 2*cellPad) / lh))
	d.f.SetAutoPageBreak(false, 0)
	defer d.f.SetAutoPageBreak(true, d.bottomMargin)

	drawHeader := func() {
		d.font(bold, d.tableSize())
		d.f.SetFillColor(235, 235, 235)
		y := d.f.GetY()
		x := marginLeft
		for i := range cols {
			d.f.Rect(x, y, widths[i], headerH, "FD")
			for j, line := range header[i] {
				d.f.SetXY(x+cellPad, y+cellPad+float64(j)*lh)
				d.f.CellFormat(widths[i]-2*cellPad, lh, line, "", 0, "C", false, 0, "")
			}
			x += widths[i]
		}
		d.f.SetXY(marginLeft, y+headerH)
	}
	newPage := func() {
		d.f.AddPage()
		drawHeader()
	}

	if d.f.GetY()+headerH+lh+2*cellPad > d.bottom() {
		d.f.AddPage()
	}
	d.f.SetLineWidth(0.2)
	drawHeader()

	for _, row := range rows {
		d.font(regular, d.tableSize())
		cells := make([][]string, len(cols))
		for i := range cols {
			text := ""
			if i < len(row) {
				text = clean(row[i])
			}
			cells[i] = d.wrap(text, widths[i]-2*cellPad, widths[i]-2*cellPad)
		}
		total := maxLines(cells)
		done := 0
		fresh := false
		for done < total {
			avail := int(math.Floor((d.bottom() - d.f.GetY() - 2*cellPad) / lh))
			left := total - done
			switch {
			case left <= avail:
				// fits
			case done == 0 && left <= perPage && !fresh && (left <= keepTogether || avail < keepTogether/2):
				// A short row moves whole to the next page; a tall one
				// starts here unless only a sliver of the page is left.
				newPage()
				fresh = true
				continue
			case avail < 1 && !fresh:
				newPage()
				fresh = true
				continue
			}
			n := min(left, max(avail, 1))
			d.tableChunk(widths, cols, cells, done, n)
			done += n
			if done < total {
				newPage()
				fresh = true
			}
		}
	}
	d.f.SetX(marginLeft)
}

// tableChunk draws lines [from, from+n) of one row as a band of bordered
// cells at the current position and moves below it.
func (d *document) tableChunk(widths []float64, cols []column, cells [][]string, from, n int) {
	lh := d.tableLine()
	y := d.f.GetY()
	h := float64(n)*lh + 2*cellPad
	x := marginLeft
	d.font(regular, d.tableSize())
	for i := range cols {
		d.f.Rect(x, y, widths[i], h, "D")
		for j := from; j < from+n && j < len(cells[i]); j++ {
			d.f.SetXY(x+cellPad, y+cellPad+float64(j-from)*lh)
			d.f.CellFormat(widths[i]-2*cellPad, lh, cells[i][j], "", 0, cols[i].align, false, 0, "")
		}
		x += widths[i]
	}
	d.f.SetXY(marginLeft, y+h)
}

// columnWidths resolves zero widths to equal shares of the remaining width.
func (d *document) columnWidths(cols []column) []float64 {
	fixed, flexible := 0.0, 0
	for _, c := range cols {
		if c.width > 0 {
			fixed += c.width
		} else {
			flexible++
		}
	}
	share := 0.0
	if flexible > 0 {
		share = max((d.width()-fixed)/float64(flexible), 10)
	}
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.width
		if c.width <= 0 {
			widths[i] = share
		}
	}
	return widths
}

func maxLines(cells [][]string) int {
	n := 1
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}
