package records

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// Table is a header and its rows, ready to write.
type Table struct {
	Header []string
	Rows   [][]string
}

// formulaStarts are the first characters that make a spreadsheet read a cell as a formula (or,
// for tab and carriage return, let one slip past its check).
const formulaStarts = "=+-@\t\r"

// WriteCSV writes t as CSV that Excel and WPS open with Chinese intact: UTF-8 with a byte order
// mark, CRLF line ends, and every cell that would start a formula prefixed with an apostrophe
// (a resident may call themself =HYPERLINK(...)).
func WriteCSV(w io.Writer, t Table) error {
	if _, err := w.Write(bom); err != nil {
		return fmt.Errorf("records: write: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(t.Header); err != nil {
		return fmt.Errorf("records: write: %w", err)
	}
	cells := make([]string, len(t.Header))
	for _, row := range t.Rows {
		for i := range cells {
			cells[i] = ""
			if i < len(row) {
				cells[i] = Neutralise(row[i])
			}
		}
		if err := cw.Write(cells); err != nil {
			return fmt.Errorf("records: write: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("records: write: %w", err)
	}
	return nil
}

// Neutralise makes a cell that a spreadsheet would run as a formula plain text.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune(formulaStarts, rune(s[0])) {
		return "'" + s
	}
	return s
}

// FileName is the name an export of what is sent or saved under: linli-orders-2026-11-29.csv.
func FileName(what string, now time.Time, loc *time.Location) string {
	return "linli-" + what + "-" + now.In(loc).Format("2006-01-02") + ".csv"
}
