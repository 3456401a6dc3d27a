package handlers

import (
	"strconv"
	"strings"

	"linli/i18n"
	"linli/orders"
	"linli/outbox"
	"linli/people"
)

// The guided order's items: the buttons of a category's common items (tapped again, they count
// up), typed items, taking the last one off or starting over, and what is asked after them.

func (h *Handlers) askItems(r *request, f *people.Flow) error {
	cat, err := h.orders.Catalog().Lookup(f.Data["cat"])
	if err != nil {
		return userErr("error.stale_button")
	}
	var rows [][]outbox.Button
	var row []outbox.Button
	for _, it := range cat.Items {
		row = append(row, flowButton("items", it, "+ "+h.itemLabel(r, it)))
		if len(row) == 3 {
			rows, row = append(rows, row), nil
		}
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	rows = append(rows, []outbox.Button{flowButton("items", "ok", r.t("button.done"))})
	if f.Data["items"] != "" {
		rows = append(rows, []outbox.Button{flowButton("items", "undo", r.t("order.undo_item")), flowButton("items", "clear", r.t("order.clear_items"))})
	}
	rows = append(rows, cancelRow(r, "items"))
	current := f.Data["items"]
	if current == "" {
		current = r.t("order.items_empty")
	}
	return r.reply(r.t("order.ask_items."+string(cat.Shape), i18n.Raw(itemsExample(r, cat.Key)), current), rows...)
}

// itemsExample is what an order of category key might say, for its items question ("胰岛素 2盒；
// 降压药" for medicine, not rice and eggs); a configured category has a neutral one.
func itemsExample(r *request, key string) string {
	if orders.BuiltIn(key) {
		return r.t("order.example." + key)
	}
	return r.t("order.example")
}

func (h *Handlers) tapItem(r *request, f *people.Flow, v string) (string, error) {
	switch v {
	case "ok":
		if strings.TrimSpace(f.Data["items"]) == "" {
			return "", userErr("order.items_required")
		}
		if f.Data["editing"] == "items" {
			delete(f.Data, "editing")
			return "confirm", nil
		}
		return h.afterItems(f), nil
	case "clear":
		f.Data["items"] = ""
		return "", nil
	case "undo":
		f.Data["items"] = withoutLast(f.Data["items"])
		return "", nil
	}
	cat, _ := h.orders.Catalog().Lookup(f.Data["cat"])
	for _, it := range cat.Items {
		if it == v {
			return "", h.addItem(r, f, h.itemLabel(r, it))
		}
	}
	return "", userErr("error.stale_button")
}

func (h *Handlers) typeItems(r *request, f *people.Flow, s string) (string, error) {
	s = strings.TrimSpace(i18n.Clean(s))
	if s == "" {
		return "", userErr("order.items_required")
	}
	return "", h.addItem(r, f, s)
}

// addItem adds item to the order being composed; an item tapped again counts up ("大米 ×2").
func (h *Handlers) addItem(r *request, f *people.Flow, item string) error {
	items := countUp(f.Data["items"], item, r.t("order.item_sep"))
	if len([]rune(items)) > orders.MaxItems {
		return userErr("order.items_too_long", orders.MaxItems)
	}
	f.Data["items"] = items
	return nil
}

func (h *Handlers) afterItems(f *people.Flow) string {
	cat, err := h.orders.Catalog().Lookup(f.Data["cat"])
	switch {
	case err != nil:
		return "urgent"
	case cat.Prescription:
		return "rx"
	case cat.MayRecur():
		return "repeat"
	}
	return "urgent"
}

// itemSeps are the separators residents type between items, the longest of each kind first.
var itemSeps = []string{"; ", "；", ";", "、", "，", ", ", ","}

// countUp adds item to the list, or counts it up if it is there already ("大米 ×2"). The list
// keeps the separators the resident typed; an item is joined with the last of them, or with sep
// (the resident's language's) when the list has only one item: "大米 5kg、油" and a tapped 鸡蛋
// make "大米 5kg、油、鸡蛋", not a mix of "、" and "; ".
func countUp(list, item, sep string) string {
	var parts, seps []string // seps[i] follows parts[i]
	for rest := list; rest != ""; {
		at, by := len(rest), ""
		for _, s := range itemSeps {
			if i := strings.Index(rest, s); i >= 0 && (i < at || i == at && len(s) > len(by)) {
				at, by = i, s
			}
		}
		parts, seps = append(parts, rest[:at]), append(seps, by)
		rest = rest[at+len(by):]
	}
	join := func() string {
		var b strings.Builder
		for i, p := range parts {
			b.WriteString(p + seps[i])
		}
		return b.String()
	}
	for i, p := range parts {
		name, n := strings.TrimSpace(p), 1
		if j := strings.LastIndex(name, " ×"); j > 0 {
			if k, err := strconv.Atoi(name[j+len(" ×"):]); err == nil && k > 0 {
				name, n = name[:j], k
			}
		}
		if name == item {
			parts[i] = strings.Replace(p, strings.TrimSpace(p), item+" ×"+strconv.Itoa(n+1), 1)
			return join()
		}
	}
	if len(parts) == 0 {
		return item
	}
	if last := len(seps) - 1; seps[last] == "" {
		seps[last] = sep
		for i := last - 1; i >= 0; i-- {
			if seps[i] != "" {
				seps[last] = seps[i]
				break
			}
		}
	}
	parts, seps = append(parts, item), append(seps, "")
	return join()
}

// withoutLast is list without its last item: up to the last separator, nothing if it has none.
func withoutLast(list string) string {
	cut := 0
	for _, sep := range itemSeps {
		cut = max(cut, strings.LastIndex(list, sep))
	}
	return strings.TrimSpace(list[:cut])
}
