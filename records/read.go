// Package records moves household lists and records between Linli and spreadsheets: it reads
// and checks the CSV lists grid workers keep (ParseResidents) and writes orders, residents and
// volunteers as CSV that spreadsheet programs open correctly (Export, WriteCSV).
package records

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// MaxFileBytes is the largest list read: far above any community's household list.
const MaxFileBytes = 32 << 20

// bom is the UTF-8 byte order mark Excel writes before "CSV UTF-8" files and wants before ours.
var bom = []byte{0xEF, 0xBB, 0xBF}

// ErrFile is what a list that cannot be read at all is (not one bad row).
var ErrFile = errors.New("records: unreadable file")

// line is one CSV record and the line of the file it starts on.
type line struct {
	n      int
	fields []string
	err    error // a CSV syntax error on this record
}

// decode returns the file as UTF-8: a UTF-8 byte order mark is dropped, and a file that is not
// UTF-8 is read as GB18030 (which covers GBK and GB2312), as Excel on Chinese Windows saves CSV.
func decode(data []byte) (text []byte, gb bool, err error) {
	data = bytes.TrimPrefix(data, bom)
	if utf8.Valid(data) {
		return data, false, nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || !utf8.Valid(out) {
		return nil, false, fmt.Errorf("%w: neither UTF-8 nor GBK; save it as \"CSV UTF-8\"", ErrFile)
	}
	return out, true, nil
}

// readLines reads every record of a CSV file. A record with a syntax error (a stray quote) is
// returned with its error, and reading goes on with the next one.
func readLines(r io.Reader) ([]line, bool, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	if err != nil {
		return nil, false, fmt.Errorf("%w: %v", ErrFile, err)
	}
	if len(data) > MaxFileBytes {
		return nil, false, fmt.Errorf("%w: larger than %d MB", ErrFile, MaxFileBytes>>20)
	}
	text, gb, err := decode(data)
	if err != nil {
		return nil, false, err
	}
	cr := csv.NewReader(bytes.NewReader(text))
	cr.FieldsPerRecord = -1 // rows of the wrong width are rejected one by one, not the file
	var out []line
	last := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, gb, nil
		}
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && pe.StartLine == last:
			return nil, false, fmt.Errorf("%w: CSV syntax at line %d: %v", ErrFile, pe.Line, pe.Err) // no progress
		case errors.As(err, &pe):
			last = pe.StartLine
			out = append(out, line{n: pe.StartLine, err: pe.Err})
		case err != nil:
			return nil, false, fmt.Errorf("%w: %v", ErrFile, err)
		default:
			n, _ := cr.FieldPos(0)
			out = append(out, line{n: n, fields: rec})
		}
	}
}
