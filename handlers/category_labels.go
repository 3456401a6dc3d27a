package handlers

import (
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

func (h *Handlers) itemLabel(r *request, key string) string {
	if orders.BuiltInItem(key) {
		return r.t("item." + key)
	}
	return key
}
