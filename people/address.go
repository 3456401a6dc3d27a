package people

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Address is a typed address split into building and room (the unit, when given, leads the
// room: "2单元 501", as household lists write it).
type Address struct {
	Building, Room string
}

var (
	addrZH   = regexp.MustCompile(`^(\d+)\s*(?:号楼|号|栋|幢|座)\s*[,，、]?\s*(?:(\d+)\s*单元\s*[,，、]?\s*)?(\d+)\s*(?:室|号|房)?$`)
	addrDash = regexp.MustCompile(`^(\d+)\s*[-–—/]\s*(?:(\d+)\s*[-–—/]\s*)?(\d+)$`)
	addrEN   = regexp.MustCompile(`(?i)^(?:building|bldg\.?|bld\.?|block|blk\.?|tower)\s*#?\s*(\d+)\s*[,;]?\s*` +
		`(?:(?:unit|entrance|ent\.?|stair(?:case)?)\s*#?\s*(\d+)\s*[,;]?\s*)?(?:room|rm\.?|flat|apt\.?|apartment|no\.?|#)?\s*#?\s*(\d+)$`)
	addrText = regexp.MustCompile(`^(\S*(?:号楼|栋|幢|座|楼))\s*(.+)$`)
	// A building alone, as the guided registration asks for it: "3", "3号楼", "3栋", "Building 3".
	buildingZH = regexp.MustCompile(`^(\d+)\s*(?:号楼|号|栋|幢|座)?$`)
	buildingEN = regexp.MustCompile(`(?i)^(?:building|bldg\.?|bld\.?|block|blk\.?|tower)\s*#?\s*(\d+)$`)
	// A village house: a place, then its house number ("村东头 12号", "养猪场旁 7号").
	addrPlace = regexp.MustCompile(`^([^\s\d]\S*)\s+(\d+\s*号)$`)
)

// ParseAddress reads what residents type: "3号楼2单元501", "3号楼 2单元 501室", "3-2-501",
// "3-501", "Building 3, Room 301", "Bldg 3 Rm 301", full-width digits, and named buildings
// ("综合楼 101"), and village houses ("村东头 12号": the place, then the house number). Numbered buildings come out as "3号楼", so notices to zone:a1/3号楼 reach
// everyone in it whatever they typed. ok is false when no building can be told apart: the
// caller asks which building.
func ParseAddress(s string) (Address, bool) {
	s = strings.TrimSpace(norm.NFKC.String(s)) // full-width digits and punctuation to ASCII
	s = strings.Join(strings.Fields(s), " ")
	for _, re := range []*regexp.Regexp{addrZH, addrDash, addrEN} {
		if m := re.FindStringSubmatch(s); m != nil {
			return numbered(m[1], m[2], m[3]), true
		}
	}
	if m := addrText.FindStringSubmatch(s); m != nil {
		return Address{Building: m[1], Room: strings.TrimSpace(m[2])}, true
	}
	if m := addrPlace.FindStringSubmatch(s); m != nil {
		return Address{Building: m[1], Room: strings.ReplaceAll(m[2], " ", "")}, true
	}
	return Address{}, false
}

// ParseBuilding reads a building typed alone ("3", "3号楼", "3栋", "Building 3", "Bldg ３") as the
// numbered building "3号楼", as ParseAddress writes it; ok is false for anything else (a named
// building such as "综合楼" is kept as typed by the caller).
func ParseBuilding(s string) (string, bool) {
	s = strings.TrimSpace(norm.NFKC.String(s))
	s = strings.Join(strings.Fields(s), " ")
	for _, re := range []*regexp.Regexp{buildingZH, buildingEN} {
		if m := re.FindStringSubmatch(s); m != nil {
			return numbered(m[1], "", "").Building, true
		}
	}
	return "", false
}

func numbered(building, unit, room string) Address {
	a := Address{Building: strings.TrimLeft(building, "0") + "号楼", Room: room}
	if a.Building == "号楼" {
		a.Building = "0号楼"
	}
	if unit != "" {
		a.Room = unit + "单元 " + room
	}
	return a
}
