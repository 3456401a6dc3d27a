package orders

import (
	"regexp"
	"strings"
)

// What residents type into an order (items, a photo's caption) goes to volunteers who have not
// taken it yet and to the volunteers' groups. People put their phone number or room there ("到了
//打我电话 13800001111", "3号楼2单元301"), which only the claimer may see (DESIGN.md, privacy).
// PublicText masks those in what is shown before a claim; the claimer's card shows it as typed.

var (
	// A phone number: seven digits or more, perhaps split by single spaces or dashes.
	phoneRE = regexp.MustCompile(`\+?\d(?:[ \-]?\d){6,}`)
	// A unit and room ("2单元301", "2 单元 301 室"), a room alone ("301室"), "3-2-301", and the
	// English "Room 202", "Rm 202", "Unit 1", "Apt 5B", "Flat 3".
	roomREs = []*regexp.Regexp{
		regexp.MustCompile(`\d+\s*单元\s*\d+(?:\s*[室号])?`),
		regexp.MustCompile(`\d+\s*室`),
		regexp.MustCompile(`\b\d{1,3}-\d{1,2}-\d{3,4}\b`),
		regexp.MustCompile(`(?i)\b(room|rm|unit|apt|flat)\.?\s*#?\s*\d+[a-z]?\b`),
	}
)

// nameREs find a name the resident gave in an order ("我叫王秀兰", "my name is Ann", "I am Ann
// Smith"): the words before the name stay, the name goes. "I am" needs two capitalised words, so
// "I am diabetic" stays as typed.
var nameREs = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(我叫|我的名字是|名字叫|本人)\s*\p{Han}{1,4}`), "$1**"},
	{regexp.MustCompile(`(?i)(my name is|my name's)\s+\p{L}+(?:\s+\p{Lu}\p{L}*)?`), "$1 **"},
	{regexp.MustCompile(`\b((?i:I am|I'm|this is))\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}-]*)+`), "$1 **"},
}

// PublicText is s with phone numbers, room numbers and names given masked: "13800001111"
// becomes "138******11", "2单元301" and "我叫王秀兰" "**" and "我叫**". The building is on the
// card anyway; the rest of the address and who lives there is the claimer's to know.
func PublicText(s string) string {
	for _, re := range roomREs {
		s = re.ReplaceAllString(s, "**")
	}
	for _, n := range nameREs {
		s = n.re.ReplaceAllString(s, n.with)
	}
	// After the rooms: "…5678 2单元301" is a phone and a room, not one long number.
	s = phoneRE.ReplaceAllStringFunc(s, func(m string) string {
		var digits []byte
		for i := 0; i < len(m); i++ {
			if m[i] >= '0' && m[i] <= '9' {
				digits = append(digits, m[i])
			}
		}
		plus := ""
		if m[0] == '+' {
			plus = "+"
		}
		return plus + string(digits[:3]) + strings.Repeat("*", len(digits)-5) + string(digits[len(digits)-2:])
	})
	return s
}

// Discreet categories are about someone's health or mind: a volunteers' group sees that such an
// order waits in a building, never what it asks for (the medicine, the worry); the volunteer
// who claims it, and those it is pushed to in private, do.
func Discreet(category string) bool { return category == Medicine || category == Counselling }
