package handlers

import (
	"slices"
	"strings"
	"unicode"

	"linli/i18n"
	"linli/orders"
)

func (h *Handlers) categoryKeys() []string {
	var keys []string
	for _, c := range h.orders.Catalog().Enabled() {
		keys = append(keys, c.Key)
	}
	return keys
}

// categoryLabel names a category in the user's language.
func (h *Handlers) categoryLabel(r *request, key string) string {
	return h.categoryLabelIn(r.lang(), key)
}

// categoryLabelIn names a category in lang: the name from config, else the catalogue's, else the
// key. Every text and button that shows a category goes through here.
func (h *Handlers) categoryLabelIn(lang, key string) string {
	if name := h.o.CategoryNames[key][lang]; name != "" {
		return name
	}
	if orders.BuiltIn(key) {
		return i18n.T(lang, "cat."+key)
	}
	return key
}

// categoryTyped is the key of the category typed as typed: its key ("medicine"), or its name in
// any language, whole or one part of it ("买药/就医": 买药, 就医; "Garbage pickup"), or the start
// of one that starts no other category's (垃圾, 代购, garbage). Case and the name's emoji do not
// matter. Anything else comes back as typed (lowercased), for the catalogue to refuse.
func (h *Handlers) categoryTyped(typed string) string {
	typed = strings.ToLower(strings.TrimSpace(typed))
	if _, err := h.orders.Catalog().Lookup(typed); err == nil || typed == "" {
		return typed
	}
	var starts []string
	for _, c := range h.orders.Catalog().Enabled() {
		for _, lang := range i18n.Langs {
			name := strings.ToLower(strings.TrimFunc(h.categoryLabelIn(lang, c.Key), func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsNumber(r)
			}))
			for _, part := range append(strings.FieldsFunc(name, func(r rune) bool { return r == '/' || r == '、' }), name) {
				part = strings.TrimSpace(part)
				switch {
				case part == typed:
					return c.Key
				case len([]rune(typed)) >= 2 && strings.HasPrefix(part, typed) && !slices.Contains(starts, c.Key):
					starts = append(starts, c.Key)
				}
			}
		}
	}
	if len(starts) == 1 {
		return starts[0]
	}
	return typed
}

func (h *Handlers) itemLabel(r *request, key string) string {
	if orders.BuiltInItem(key) {
		return r.t("item." + key)
	}
	return key
}
