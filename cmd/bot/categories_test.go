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
	tests := []struct {
		user                      int64
		renamed, builtin, farming string
		added, unknown            string
	}{
		{zhUser, "蔬菜/生活物资", "买菜", "代耕代种", "尿不湿", "没有这个类别"},
		{enUser, "Food & daily goods", "🥬 Groceries", "Farm work", "Diapers", "no such category"},
	}
	for _, tt := range tests {
		cat := lb.say(t, tt.user, "/order")
		if !hasButton(cat, tt.renamed) || !hasButton(cat, tt.added) || hasButton(cat, tt.builtin) || hasButton(cat, tt.farming) {
			t.Errorf("user %d: category buttons = %q, want %q and %q, not %q or %q",
				tt.user, buttonTexts(cat), tt.renamed, tt.added, tt.builtin, tt.farming)
		}
		lb.press(t, tt.user, cat, "✖")
		refused := lb.say(t, tt.user, "/order farming x")
		_, keys, _ := strings.Cut(refused.Text, tt.unknown)
		if keys == "" || strings.Contains(keys, "farming") || !strings.Contains(keys, "groceries") || !strings.Contains(keys, "diapers") {
			t.Errorf("user %d: /order farming = %q, want %q listing the enabled keys", tt.user, refused.Text, tt.unknown)
		}
	}

	cat := lb.say(t, enUser, "/order")
	items := lb.press(t, enUser, cat, "Diapers")
	if !hasButton(items, "newborn") || !hasButton(items, "size-L") || hasButton(items, "rice") {
		t.Fatalf("diaper items = %q, want the configured ones", buttonTexts(items))
	}
	items = lb.press(t, enUser, items, "size-L")
	urgent := lb.press(t, enUser, items, "Done")
	note := lb.press(t, enUser, urgent, "Not urgent")
	summary := lb.press(t, enUser, note, "No note")
	placed := lb.press(t, enUser, summary, "Place order")
	if !strings.Contains(placed.Text, "#1") || !strings.Contains(placed.Text, "Diapers: size-L") {
		t.Fatalf("placed: %q", placed.Text)
	}
	one := lb.say(t, zhUser, "/order groceries 青菜 <2斤>")
	if !strings.Contains(one.Text, "#2") || !strings.Contains(one.Text, "蔬菜/生活物资：青菜 <2斤>") {
		t.Fatalf("one-line in the renamed category: %q", one.Text)
	}
	lb.say(t, enUser, "/order groceries bread")
	list := lb.say(t, enUser, "/orders")
	if !strings.Contains(list.Text, "Food & daily goods: bread") || !strings.Contains(list.Text, "Diapers: size-L") {
		t.Fatalf("/orders: %q", list.Text)
	}
	lb.noneRefused(t)
}
