package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"linli/orders"
)

// Category changes a built-in order category ([[categories]] with its key) or adds a new one.
// cmd/bot turns it into an orders.CategoryConfig; the names go to the handlers.
type Category struct {
	Key      string   `toml:"key"`      // [a-z0-9_-]{1,16}; a built-in key changes that category
	NameZH   string   `toml:"name_zh"`  // replaces the shown name; required for a new category
	NameEN   string   `toml:"name_en"`  // same, in English
	Disabled bool     `toml:"disabled"` // no new orders in this category
	Urgent   *bool    `toml:"urgent"`   // nil: the category's default (medicine is urgent)
	Items    []string `toml:"items"`    // nil: the built-in quick picks; shown as typed
	Shape    string   `toml:"shape"`    // new categories only: delivery | pickup | work | remote
	Keywords []string `toml:"keywords"` // added to the free-text keyword table (orders.DefaultKeywords)
}

// Limits of a category's texts. An item travels in callback data "f:items:<item>", and Telegram
// allows 64 bytes of it.
const (
	maxCategoryName = 30 // runes
	maxItems        = 12 // quick picks per category
	maxItemRunes    = 20
	maxItemBytes    = 40
	maxKeywords     = 50 // free-text keywords per category
)

var categoryKeyRe = regexp.MustCompile(`^[a-z0-9_-]{1,16}$`) // as orders requires

// reservedItems are the values of the buttons beside the quick picks (done, clear, cancel): an
// item spelled the same would press those instead.
var reservedItems = []string{"ok", "clear", "x"}

func (c *Config) validateCategories() error {
	builtin := map[string]orders.Shape{}
	for _, cat := range orders.DefaultCategories() {
		builtin[cat.Key] = cat.Shape
	}
	seen := make(map[string]int, len(c.Categories))
	disabled := 0
	for i, cat := range c.Categories {
		key := func(field string) string { return fmt.Sprintf("categories[%d].%s", i, field) }
		if err := checkCategoryKey(key("key"), cat.Key, seen, i); err != nil {
			return err
		}
		if err := cat.validate(key, builtin); err != nil {
			return err
		}
		if cat.Disabled {
			disabled++
		}
	}
	if total := len(builtin) + len(c.Categories) - countBuiltin(c.Categories, builtin); disabled == total {
		return errorf("categories", "every category is disabled; leave at least one open for orders")
	}
	return nil
}

func checkCategoryKey(key, k string, seen map[string]int, i int) error {
	if !categoryKeyRe.MatchString(k) {
		return errorf(key, "%q must match [a-z0-9_-]{1,16}", k)
	}
	if k == "x" {
		return errorf(key, "%q is reserved (the guided order's cancel button)", k)
	}
	if j, dup := seen[k]; dup {
		return errorf(key, "%q is already used by categories[%d]", k, j)
	}
	seen[k] = i
	return nil
}

// validate checks one table; builtin maps the built-in keys to their shapes.
func (cat Category) validate(key func(string) string, builtins map[string]orders.Shape) error {
	shape, builtin := builtins[cat.Key]
	switch {
	case builtin && cat.Shape != "" && orders.Shape(cat.Shape) != shape:
		// A shape decides who may take an order; a built-in one keeps its own (repeating it is fine).
		return errorf(key("shape"), "only a new category takes a shape; %q is built in as %s", cat.Key, shape)
	case !builtin && cat.Shape == "":
		return errorf(key("shape"), "required for the new category %q: delivery, pickup, work or remote", cat.Key)
	case !builtin && !orders.Shape(cat.Shape).Valid():
		return errorf(key("shape"), "%q must be delivery, pickup, work or remote", cat.Shape)
	}
	if err := checkName(key("name_zh"), cat.NameZH, builtin); err != nil {
		return err
	}
	if err := checkName(key("name_en"), cat.NameEN, builtin); err != nil {
		return err
	}
	if err := checkItems(key("items"), cat.Items); err != nil {
		return err
	}
	return checkKeywords(key("keywords"), cat.Keywords)
}

// checkKeywords: a few short words, none blank.
func checkKeywords(key string, words []string) error {
	if len(words) > maxKeywords {
		return errorf(key, "has %d words; at most %d", len(words), maxKeywords)
	}
	for i, w := range words {
		at := fmt.Sprintf("%s[%d]", key, i)
		switch {
		case strings.TrimSpace(w) == "":
			return errorf(at, "must not be empty")
		case utf8.RuneCountInString(w) > maxItemRunes:
			return errorf(at, "%q is too long: at most %d characters", w, maxItemRunes)
		case hasControl(w):
			return errorf(at, "must not contain control characters")
		}
	}
	return nil
}

// checkName allows an empty name only for a built-in category, which keeps its own.
func checkName(key, name string, builtin bool) error {
	switch {
	case name == "" && builtin:
		return nil
	case strings.TrimSpace(name) == "":
		return errorf(key, "required for a new category")
	case utf8.RuneCountInString(name) > maxCategoryName:
		return errorf(key, "%q is longer than %d characters", name, maxCategoryName)
	case hasControl(name):
		return errorf(key, "must not contain control characters")
	}
	return nil
}

func checkItems(key string, items []string) error {
	if len(items) > maxItems {
		return errorf(key, "has %d items; at most %d fit as buttons", len(items), maxItems)
	}
	for i, it := range items {
		at := fmt.Sprintf("%s[%d]", key, i)
		switch {
		case strings.TrimSpace(it) == "":
			return errorf(at, "must not be empty")
		case utf8.RuneCountInString(it) > maxItemRunes || len(it) > maxItemBytes:
			return errorf(at, "%q is too long: at most %d characters and %d bytes", it, maxItemRunes, maxItemBytes)
		case hasControl(it):
			return errorf(at, "must not contain control characters")
		case slices.Contains(reservedItems, it):
			return errorf(at, "%q is reserved (a button beside the items); write it another way", it)
		case slices.Contains(items[:i], it):
			return errorf(at, "%q is listed twice", it)
		}
	}
	return nil
}

func hasControl(s string) bool {
	return strings.ContainsFunc(s, unicode.IsControl)
}

// countBuiltin counts the configured categories that change a built-in one.
func countBuiltin(cats []Category, builtin map[string]orders.Shape) int {
	n := 0
	for _, c := range cats {
		if _, ok := builtin[c.Key]; ok {
			n++
		}
	}
	return n
}
