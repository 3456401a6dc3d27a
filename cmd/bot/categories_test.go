package main

import (
	"slices"
	"strings"
	"testing"

	"linli/telegramtest"
)

// categoriesTOML renames groceries, switches farming off and adds diapers.
const categoriesTOML = `
[[categories]]
key = "groceries"
name_zh = "蔬菜/生活物资"
name_en = "Food & daily goods"

[[categories]]
key = "farming"
disabled = true

[[categories]]
key = "diapers"
name_zh = "尿不湿"
name_en = "Diapers"
shape = "delivery"
items = ["newborn", "size-L"]
`

// buttonTexts lists the texts of msg's inline buttons.
func buttonTexts(msg telegramtest.Message) []string {
	var out []string
	if msg.ReplyMarkup != nil {
		for _, row := range msg.ReplyMarkup.InlineKeyboard {
			for _, b := range row {
				out = append(out, b.Text)
			}
		}
	}
	return out
}

func hasButton(msg telegramtest.Message, label string) bool {
	return slices.ContainsFunc(buttonTexts(msg), func(s string) bool { return strings.Contains(s, label) })
}

func TestCategories_ConfigRenamesDisablesAndAdds(t *testing.T) {
	t.Parallel()
	lb := startBotWith(t, quick, fastSender(), categoriesTOML)
	addUsers(lb.ts)
	register(t, lb, zhUser, "zh", "王阿姨")
	register(t, lb, enUser, "en", "Ann")
	tests := []struct { // the names of the configured categories are the community's words
		user           int64
		lang           string
		renamed, added string
	}{
		{zhUser, ZH, "蔬菜/生活物资", "尿不湿"},
		{enUser, EN, "Food & daily goods", "Diapers"},
	}
	for _, tt := range tests {
		cat := lb.say(t, tt.user, "/order")
		builtin, farming := words(tt.lang, "cat.groceries"), words(tt.lang, "cat.farming")
		if !hasButton(cat, tt.renamed) || !hasButton(cat, tt.added) || hasButton(cat, builtin) || hasButton(cat, farming) {
			t.Errorf("user %d: category buttons = %q, want %q and %q, not %q or %q",
				tt.user, buttonTexts(cat), tt.renamed, tt.added, builtin, farming)
		}
		lb.press(t, tt.user, cat, "✖ "+words(tt.lang, "button.cancel"))
		refused := lb.say(t, tt.user, "/order farming x")
		_, keys, _ := strings.Cut(refused.Text, wordsBefore(tt.lang, "order.unknown_category"))
		if !shows(t, refused.Text, tt.lang, "order.unknown_category") ||
			keys == "" || strings.Contains(keys, "farming") || !strings.Contains(keys, "groceries") || !strings.Contains(keys, "diapers") {
			t.Errorf("user %d: /order farming = %q, want order.unknown_category listing the enabled keys", tt.user, refused.Text)
		}
	}

	cat := lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, "Diapers")
	if !hasButton(items, "newborn") || !hasButton(items, "size-L") || hasButton(items, "rice") {
		t.Fatalf("diaper items = %q, want the configured ones", buttonTexts(items))
	}
	items = lb.press(t, enUser, items, "size-L")
	urgent := lb.press(t, enUser, items, words(EN, "button.done"))
	note := lb.press(t, enUser, urgent, words(EN, "order.not_urgent"))
	summary := lb.press(t, enUser, note, words(EN, "note.none"))
	placed := lb.press(t, enUser, summary, words(EN, "order.place"))
	if !shows(t, placed.Text, EN, "order.placed", 1) || !shows(t, placed.Text, EN, "order.card", anyArg{}, 1, "Diapers", "size-L") {
		t.Fatalf("placed: %q", placed.Text)
	}
	one := lb.say(t, zhUser, "/order groceries 青菜 <2斤>")
	if !shows(t, one.Text, ZH, "order.placed", 2) || !shows(t, one.Text, ZH, "order.card", anyArg{}, 2, "蔬菜/生活物资", "青菜 <2斤>") {
		t.Fatalf("one-line in the renamed category: %q", one.Text)
	}
	lb.say(t, enUser, "/order groceries bread")
	list := lb.say(t, enUser, "/orders")
	if !shows(t, list.Text, EN, "order.card", anyArg{}, 3, "Food & daily goods", "bread") || !shows(t, list.Text, EN, "order.card", anyArg{}, 1, "Diapers", "size-L") {
		t.Fatalf("/orders: %q", list.Text)
	}
	lb.noneRefused(t)
}
