package config

import (
	"fmt"
	"strings"
	"testing"
)

// cats builds a document of [[categories]] tables, each given as its TOML body.
func cats(bodies ...string) string {
	var b strings.Builder
	for _, body := range bodies {
		b.WriteString("[[categories]]\n" + body + "\n")
	}
	return b.String()
}

const newCat = `key = "diapers"
name_zh = "尿不湿"
name_en = "Diapers"
shape = "delivery"`

func TestParse_BadCategoryNamesItsKey(t *testing.T) {
	var allOff []string
	for _, k := range []string{"groceries", "medicine", "garbage", "errand", "livestock", "farming", "counselling"} {
		allOff = append(allOff, fmt.Sprintf("key = %q\ndisabled = true", k))
	}
	items := func(list string) string { return "key = \"groceries\"\nitems = [" + list + "]" }
	tests := []struct{ name, doc, key string }{
		{"key charset", cats(`key = "groceries"`, `key = "Baby Food"`), "categories[1].key"},
		{"key too long", cats(`key = "abcdefghijklmnopq"`), "categories[0].key"},
		{"key empty", cats(`name_en = "Nameless"`), "categories[0].key"},
		{"key reserved for cancel", cats(`key = "x"` + "\nname_zh = \"叉\"\nname_en = \"X\"\nshape = \"delivery\""), "categories[0].key"},
		{"key duplicate", cats(`key = "medicine"`, newCat, `key = "medicine"`), "categories[2].key"},
		{"unknown shape", cats(strings.Replace(newCat, "delivery", "parcel", 1)), "categories[0].shape"},
		{"new without shape", cats(`key = "diapers"` + "\nname_zh = \"尿不湿\"\nname_en = \"Diapers\""), "categories[0].shape"},
		{"other shape on built-in", cats(`key = "medicine"` + "\nshape = \"remote\""), "categories[0].shape"},
		{"new without name_zh", cats(strings.Replace(newCat, `name_zh = "尿不湿"`, "", 1)), "categories[0].name_zh"},
		{"new without name_en", cats(strings.Replace(newCat, `name_en = "Diapers"`, "", 1)), "categories[0].name_en"},
		{"blank name", cats(`key = "groceries"` + "\nname_zh = \"  \""), "categories[0].name_zh"},
		{"name over 30 runes", cats(`key = "groceries"` + "\nname_en = \"" + strings.Repeat("长", 31) + "\""), "categories[0].name_en"},
		{"name with control", cats(`key = "groceries"` + "\nname_en = \"Food\\nand more\""), "categories[0].name_en"},
		{"thirteen items", cats(items(`"1","2","3","4","5","6","7","8","9","10","11","12","13"`)), "categories[0].items"},
		{"item over 20 runes", cats(items(`"rice", "` + strings.Repeat("米", 21) + `"`)), "categories[0].items[1]"},
		{"item over 40 bytes", cats(items(`"` + strings.Repeat("米", 14) + `"`)), "categories[0].items[0]"},
		{"empty item", cats(items(`"rice", ""`)), "categories[0].items[1]"},
		{"blank item", cats(items(`" "`)), "categories[0].items[0]"},
		{"item with control", cats(items(`"rice\tbag"`)), "categories[0].items[0]"},
		{"item reserved for done", cats(items(`"ok"`)), "categories[0].items[0]"},
		{"item twice", cats(items(`"rice", "eggs", "rice"`)), "categories[0].items[2]"},
		{"blank keyword", cats(`key = "groceries"` + "\nkeywords = [\"米\", \" \"]"), "categories[0].keywords[1]"},
		{"keyword over 20 runes", cats(`key = "groceries"` + "\nkeywords = [\"" + strings.Repeat("米", 21) + "\"]"), "categories[0].keywords[0]"},
		{"keyword with control", cats(`key = "groceries"` + "\nkeywords = [\"a\\u0007\"]"), "categories[0].keywords[0]"},
		{"51 keywords", cats(`key = "groceries"` + "\nkeywords = [" + strings.Repeat(`"w",`, 50) + `"w"]`), "categories[0].keywords"},
		{"all disabled", cats(append(allOff, newCat+"\ndisabled = true")...), "categories"},
		{"urgent not a bool", cats(`key = "errand"` + "\nurgent = \"yes\""), "categories.urgent"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), noEnv)
			if e := configErr(t, err); e.Key != tt.key {
				t.Errorf("err = %v, want key %s", err, tt.key)
			}
		})
	}
}

func TestParse_CategoriesRenameAddAndDisable(t *testing.T) {
	doc := cats(
		"key = \"groceries\"\nname_zh = \"蔬菜/生活物资\"\nname_en = \"Groceries\"\nurgent = true\nitems = [\"大米\", \"鸡蛋\"]\nshape = \"delivery\"",
		"key = \"farming\"\ndisabled = true",
		newCat+"\nitems = [\"newborn\", \""+strings.Repeat("米", 13)+"\"]",
		"key = \"errand\"\nname_en = \"Errands & bills\"\nitems = []",
	)
	c, err := Parse([]byte(doc), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Categories) != 4 {
		t.Fatalf("categories = %+v", c.Categories)
	}
	g, f, d, e := c.Categories[0], c.Categories[1], c.Categories[2], c.Categories[3]
	if g.NameZH != "蔬菜/生活物资" || g.Urgent == nil || !*g.Urgent || len(g.Items) != 2 {
		t.Errorf("groceries = %+v", g)
	}
	if !f.Disabled || f.Urgent != nil || f.Items != nil {
		t.Errorf("farming = %+v, want disabled and otherwise unchanged", f)
	}
	if d.Shape != "delivery" || d.NameEN != "Diapers" || len(d.Items) != 2 {
		t.Errorf("diapers = %+v", d)
	}
	if e.Items == nil || len(e.Items) != 0 {
		t.Errorf("errand items = %#v, want an empty list (no quick picks)", e.Items)
	}
}

func TestParse_EveryBuiltinOffButANewOneIsFine(t *testing.T) {
	var docs []string
	for _, k := range []string{"groceries", "medicine", "garbage", "errand", "livestock", "farming", "counselling"} {
		docs = append(docs, fmt.Sprintf("key = %q\ndisabled = true", k))
	}
	if _, err := Parse([]byte(cats(append(docs, newCat)...)), noEnv); err != nil {
		t.Fatal(err)
	}
}
