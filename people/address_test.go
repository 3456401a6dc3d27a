package people_test

import (
	"testing"

	"linli/people"
)

// The address table (issue 12): at least 30 addresses as residents type them.
func TestParseAddress(t *testing.T) {
	cases := []struct{ in, building, room string }{
		{"3号楼2单元501", "3号楼", "2单元 501"},
		{"村东头 12号", "村东头", "12号"},
		{"养猪场旁 7号", "养猪场旁", "7号"},
		{"3号楼 2单元 501", "3号楼", "2单元 501"},
		{"3号楼2单元501室", "3号楼", "2单元 501"},
		{"3号楼，2单元，501", "3号楼", "2单元 501"},
		{"12号楼 1单元 1203", "12号楼", "1单元 1203"},
		{"3号楼301", "3号楼", "301"},
		{"3号楼 301", "3号楼", "301"},
		{"3栋2单元501", "3号楼", "2单元 501"},
		{"5幢 102室", "5号楼", "102"},
		{"7座 1单元 702", "7号楼", "1单元 702"},
		{"３号楼２单元５０１", "3号楼", "2单元 501"},
		{"１２栋　８０２", "12号楼", "802"},
		{"3-2-501", "3号楼", "2单元 501"},
		{"3-501", "3号楼", "501"},
		{"12 - 3 - 1101", "12号楼", "3单元 1101"},
		{"３－２－５０１", "3号楼", "2单元 501"},
		{"3/2/501", "3号楼", "2单元 501"},
		{"Building 3, Room 301", "3号楼", "301"},
		{"building 3 room 301", "3号楼", "301"},
		{"Bldg 3 Rm 301", "3号楼", "301"},
		{"Bldg. 3, Rm. 301", "3号楼", "301"},
		{"Block 5, Flat 1203", "5号楼", "1203"},
		{"Blk 5 #12-03", "", ""}, // a Singapore unit number: not ours to guess
		{"Building 3, Unit 2, Room 501", "3号楼", "2单元 501"},
		{"Tower 2 Apt 1801", "2号楼", "1801"},
		{"Building 03 Room 0301", "3号楼", "0301"},
		{"综合楼 101", "综合楼", "101"},
		{"老干部楼 2单元 3", "老干部楼", "2单元 3"},
		{"A座 1203", "A座", "1203"},
		{"301", "", ""},
		{"Room 301", "", ""},
		{"next to the gate", "", ""},
		{"", "", ""},
		{"3号楼", "", ""},
	}
	if len(cases) < 30 {
		t.Fatalf("only %d addresses", len(cases))
	}
	for _, c := range cases {
		a, ok := people.ParseAddress(c.in)
		if ok != (c.building != "") || a.Building != c.building || a.Room != c.room {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %q %q", c.in, a, ok, c.building, c.room)
		}
	}
}

func TestParseBuilding(t *testing.T) {
	cases := []struct{ in, want string }{
		{"3", "3号楼"}, {"3号楼", "3号楼"}, {"3 号楼", "3号楼"}, {"3栋", "3号楼"}, {"３号", "3号楼"},
		{"Building 3", "3号楼"}, {"bldg. 12", "12号楼"}, {"Block 7", "7号楼"}, {"03", "3号楼"},
		{"综合楼", ""}, {"3号楼2单元501", ""}, {"Room 3", ""}, {"", ""}, {"<b>3</b>", ""},
	}
	for _, c := range cases {
		got, ok := people.ParseBuilding(c.in)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("ParseBuilding(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}
