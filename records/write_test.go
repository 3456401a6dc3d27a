package records

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"
)

func TestWriteCSV_BOMAndFormulasNeutralised(t *testing.T) {
	var buf bytes.Buffer
	err := WriteCSV(&buf, Table{Header: []string{"name", "note"}, Rows: [][]string{
		{"=HYPERLINK(\"http://x\",\"点我\")", "+1"}, {"-2", "@SUM(A1)"}, {"\tx", "王阿姨, \"3号楼\"\n301"}, {"short"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
		t.Fatalf("no BOM: % x", buf.Bytes()[:3])
	}
	got, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"name", "note"}, {"'=HYPERLINK(\"http://x\",\"点我\")", "'+1"}, {"'-2", "'@SUM(A1)"},
		{"'\tx", "王阿姨, \"3号楼\"\n301"}, {"short", ""}}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("cell %d,%d = %q, want %q", i, j, got[i][j], want[i][j])
			}
		}
	}
}

func TestFileName_InTheConfiguredZone(t *testing.T) {
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if got := FileName("orders", time.Date(2026, 11, 28, 17, 0, 0, 0, time.UTC), sh); got != "linli-orders-2026-11-29.csv" {
		t.Fatal(got)
	}
}
