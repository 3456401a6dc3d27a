package records

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"linli/config"
)

var zones = config.Zones{{Key: "a1", Name: "官北沟社区 1号楼-8号楼"}, {Key: "b2", Name: "幸福里小区"}}

const head = "zone,building,room,name,phone,household_size,vulnerable\n"

func parse(t *testing.T, body string) Residents {
	t.Helper()
	got, err := ParseResidents(strings.NewReader(body), zones)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestParseResidents_GoodRowsInEnglishAndChinese(t *testing.T) {
	got := parse(t, "\uFEFF区域,楼栋,门牌号,姓名,电话,人数,特殊人群,备注\n"+
		"a1,3号楼,2单元 301,王阿姨,138 0013 8000,2,独居老人、慢性病,\n"+
		"幸福里小区,５号楼,101,<b>Li</b> 🌸,+86 139-0013-9000,,,楼下\n"+
		"B2,6号楼,202,Ann *Smith*,'+4930123456,1,elderly_alone;infant,\n")
	if len(got.Rejected) != 0 || len(got.Rows) != 3 {
		t.Fatalf("rows %d, rejected %+v", len(got.Rows), got.Rejected)
	}
	first, second, third := got.Rows[0], got.Rows[1], got.Rows[2]
	if first.Line != 2 || first.Zone != "a1" || first.Phone != "13800138000" || first.Size != 2 ||
		strings.Join(first.Vulnerable, ",") != "elderly_alone,chronic" {
		t.Fatalf("first: %+v", first)
	}
	if second.Zone != "b2" || second.Name != "<b>Li</b> 🌸" || second.Size != 1 || second.Phone != "13900139000" {
		t.Fatalf("second: %+v", second)
	}
	if third.Zone != "b2" || third.Phone != "+4930123456" || len(third.Vulnerable) != 2 {
		t.Fatalf("third (an exported phone, apostrophe and all, reads back): %+v", third)
	}
	if strings.Join(got.Ignored, ",") != "备注" {
		t.Fatalf("ignored: %q", got.Ignored)
	}
}

func TestParseResidents_BadRowsRejectedWithLineAndReason(t *testing.T) {
	long := strings.Repeat("王", 5000)
	rows := []struct{ row, reason string }{
		{"x9,3号楼,301,王,13800138000,1,", `zone "x9" is not configured`},
		{"a1,3号楼,301,王,13800138,1,", "phone 138****0138 is not a phone number"},
		{"a1,3号楼,302,王,138😀00138000,1,", "phone 138****8000 is not a phone number"},
		{"a1,3号楼,303,王,13800138000,0,", `household_size "0" is not a number from 1 to 30`},
		{"a1,3号楼,304,王,13800138000,99,", `household_size "99"`},
		{"a1,3号楼,305,王,13800138000,abc,", `household_size "abc"`},
		{"a1,3号楼,306,王,13800138000", "5 fields, the header has 7"},
		{"a1,3号楼,307,王,13800138000,1,,extra", "8 fields, the header has 7"},
		{"a1,3号楼,308, ,13800138000,1,", "name is empty"},
		{"a1,3号楼,309," + long + ",13800138000,1,", "name is too long (5000 characters, at most 40)"},
		{"a1,3号楼,310,😀😀,13800138000,1,", "name: no letters"},
		{"a1,3号楼,311,王\x07阿姨,13800138000,1,", "name: control characters"},
		{"a1,3号楼,312,王,13800138000,1,martian", `vulnerable "martian" is not one of`},
		{"a1,,313,王,13800138000,1,", "building is empty"},
		{"a1,3号楼,\"3\"14\",王,13800138000,1,", "not valid CSV"},
		{"a1,3号楼,2单元 301,王,13800138000,1,", ""},
		{"a1,３号楼,2单元301,李,13900139000,1,", "the same household (zone, building, room) as line 17"},
	}
	var body strings.Builder
	body.WriteString(head)
	for _, r := range rows {
		body.WriteString(r.row + "\n")
	}
	got := parse(t, body.String())
	if len(got.Rows) != 1 || got.Rows[0].Line != 17 {
		t.Fatalf("good rows: %+v", got.Rows)
	}
	reasons := map[int]string{}
	for _, r := range got.Rejected {
		reasons[r.Line] = r.Reason
		if strings.Contains(r.Reason, "13800138") || strings.Contains(r.Reason, long[:30]) {
			t.Errorf("line %d repeats a phone or a name: %q", r.Line, r.Reason)
		}
	}
	for i, r := range rows {
		if r.reason != "" && !strings.Contains(reasons[i+2], r.reason) {
			t.Errorf("line %d (%.40q): reason %q, want %q", i+2, r.row, reasons[i+2], r.reason)
		}
	}
}

func TestParseResidents_UnreadableFiles(t *testing.T) {
	for name, body := range map[string]string{
		"empty":          "",
		"no phone":       "zone,building,room,name\na1,3,301,王\n",
		"column twice":   "zone,building,room,name,phone,电话\n",
		"not text":       "\xff\xfe\x00z\x00o\x00n\x00e\x81\x30",
		"binary garbage": string([]byte{0x80, 0x80, 0xff, 0xff, 0x00}),
	} {
		_, err := ParseResidents(strings.NewReader(body), zones)
		if !errors.Is(err, ErrFile) {
			t.Errorf("%s: %v, want ErrFile", name, err)
		}
	}
}

func TestParseResidents_ReadsGBKFromExcel(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String("区域,楼栋,门牌号,姓名,电话\na1,3号楼,301,王阿姨,13800138000\n")
	if err != nil {
		t.Fatal(err)
	}
	got := parse(t, gbk)
	if !got.GBK || len(got.Rows) != 1 || got.Rows[0].Name != "王阿姨" {
		t.Fatalf("%+v", got)
	}
}

func TestMaskPhone(t *testing.T) {
	for in, want := range map[string]string{"13812345678": "138****5678", "+86 138-1234-5678": "861****5678", "123": "****", "": "****"} {
		if got := MaskPhone(in); got != want {
			t.Errorf("MaskPhone(%q) = %q, want %q", in, got, want)
		}
	}
}
