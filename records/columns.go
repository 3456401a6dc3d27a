package records

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/width"

	"linli/people"
)

// columnNames maps the header names a list may use, in English or as grid workers write them in
// Chinese, to the household field they fill.
var columnNames = map[string]string{
	"zone": "zone", "区域": "zone",
	"building": "building", "楼栋": "building", "楼号": "building",
	"unit": "unit", "单元": "unit",
	"room": "room", "门牌号": "room", "房号": "room",
	"name": "name", "姓名": "name",
	"phone": "phone", "电话": "phone", "手机": "phone", "手机号": "phone", "联系电话": "phone",
	"household_size": "size", "size": "size", "人数": "size", "家庭人数": "size",
	"vulnerable": "vulnerable", "特殊人群": "vulnerable",
}

// requiredColumns must be in every list; unit, household_size and vulnerable may be left out.
var requiredColumns = []string{"zone", "building", "room", "name", "phone"}

// csvName is how a field's column is called in reasons.
var csvName = map[string]string{"size": "household_size"}

func columnLabel(field string) string {
	if n, ok := csvName[field]; ok {
		return n
	}
	return field
}

// fold is how header names and words are compared: trimmed, lower case, half-width.
func fold(s string) string {
	return strings.ToLower(strings.TrimSpace(width.Fold.String(s)))
}

// vulnWords maps the words lists use for vulnerable members to people's keys.
var vulnWords = map[string]string{
	"独居老人": people.VulnElderlyAlone, "独居": people.VulnElderlyAlone, "空巢老人": people.VulnElderlyAlone,
	"老人": people.VulnElderly, "高龄老人": people.VulnElderly, "70岁以上": people.VulnElderly, "elderly": people.VulnElderly,
	"慢性病": people.VulnChronic, "慢病": people.VulnChronic, "慢性病需长期用药": people.VulnChronic,
	"孕妇": people.VulnPregnant, "孕产妇": people.VulnPregnant,
	"残疾": people.VulnDisabled, "残疾人": people.VulnDisabled, "残障": people.VulnDisabled, "残障人士": people.VulnDisabled,
	"婴幼儿": people.VulnInfant, "婴儿": people.VulnInfant,
}

// noneWords say a household has no vulnerable member.
var noneWords = []string{"", "无", "没有", "否", "none", "no", "-"}

// parseVulnerable reads "elderly_alone,chronic" or "独居老人、慢性病"; ok is false with the word
// it does not know.
func parseVulnerable(s string) (keys []string, bad string, ok bool) {
	words := strings.FieldsFunc(fold(s), func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;、/|", r)
	})
	for _, w := range words {
		k := w
		if v, found := vulnWords[w]; found {
			k = v
		}
		switch {
		case slices.Contains(noneWords, w):
		case slices.Contains(people.Vulnerabilities, k):
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		default:
			return nil, w, false
		}
	}
	return keys, "", true
}

// MaskPhone shows a phone as 138****5678: enough to find the row, not enough to call.
func MaskPhone(s string) string {
	var d []rune
	for _, r := range width.Fold.String(s) {
		if r >= '0' && r <= '9' {
			d = append(d, r)
		}
	}
	if len(d) < 8 {
		return "****"
	}
	return string(d[:3]) + "****" + string(d[len(d)-4:])
}
