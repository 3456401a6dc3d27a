package orders

import (
	"fmt"
	"slices"
	"strings"
)

// CategoryConfig changes one category of the catalog: a built-in one when Key names it, else a new
// one, which needs a Shape. Zero fields leave the built-in value as it is.
type CategoryConfig struct {
	Key      string
	Shape    Shape    // required for a new category; changes a built-in one if set
	Disabled bool     // no new orders in this category
	Urgent   *bool    // overrides UrgentByDefault
	Items    []string // replaces the item keys if not nil
	Unit     string   // replaces the unit if set
	Keywords []string // added to the category's keywords (DefaultKeywords) for reading free text
}

// Catalog is the set of categories in use: the defaults with configuration applied. It does not
// change after NewCatalog, so one Catalog may be shared by every goroutine.
type Catalog struct {
	list  []Category
	byKey map[string]int
	words [][]string // per category of list: its items and keywords, lower-cased (Read)
}

// NewCatalog returns DefaultCategories with the changes applied in order. It refuses a bad key, a
// key configured twice, an unknown shape and a new category without one.
func NewCatalog(changes []CategoryConfig) (*Catalog, error) {
	c := &Catalog{list: DefaultCategories(), byKey: map[string]int{}}
	words := DefaultKeywords()
	for i, cat := range c.list {
		c.byKey[cat.Key] = i
		c.list[i].Keywords = words[cat.Key]
	}
	seen := map[string]bool{}
	for _, ch := range changes {
		if !validKey(ch.Key) {
			return nil, fmt.Errorf("orders: category key %q: want 1-16 of a-z, 0-9, _ and -", ch.Key)
		}
		if seen[ch.Key] {
			return nil, fmt.Errorf("orders: category %q configured twice", ch.Key)
		}
		seen[ch.Key] = true
		if ch.Shape != "" && !ch.Shape.Valid() {
			return nil, fmt.Errorf("orders: category %q: unknown shape %q (delivery, pickup, work or remote)", ch.Key, ch.Shape)
		}
		if err := c.apply(ch); err != nil {
			return nil, err
		}
	}
	for _, cat := range c.list {
		var w []string
		for _, s := range slices.Concat(cat.Items, cat.Keywords) {
			w = append(w, strings.ToLower(s))
		}
		c.words = append(c.words, w)
	}
	return c, nil
}

func (c *Catalog) apply(ch CategoryConfig) error {
	i, ok := c.byKey[ch.Key]
	if !ok {
		if ch.Shape == "" {
			return fmt.Errorf("orders: new category %q needs a shape", ch.Key)
		}
		c.byKey[ch.Key] = len(c.list)
		c.list = append(c.list, Category{Key: ch.Key, Shape: ch.Shape})
		i = len(c.list) - 1
	}
	cat := &c.list[i]
	if ch.Shape != "" {
		cat.Shape = ch.Shape
	}
	cat.Disabled = ch.Disabled
	if ch.Urgent != nil {
		cat.UrgentByDefault = *ch.Urgent
	}
	if ch.Items != nil {
		cat.Items = slices.Clone(ch.Items)
	}
	if ch.Unit != "" {
		cat.Unit = ch.Unit
	}
	cat.Keywords = append(slices.Clone(cat.Keywords), ch.Keywords...)
	return nil
}

// Lookup returns the category with key: ErrUnknownCategory if there is none, ErrCategoryDisabled
// (with the category) if it is switched off.
func (c *Catalog) Lookup(key string) (Category, error) {
	cat, err := c.lookup(key)
	if err != nil {
		return cat, fmt.Errorf("orders: category %q: %w", key, err)
	}
	return cat, nil
}

// lookup is Lookup with a bare sentinel, for callers that add their own context.
func (c *Catalog) lookup(key string) (Category, error) {
	i, ok := c.byKey[key]
	if !ok {
		return Category{}, ErrUnknownCategory
	}
	cat := c.list[i].clone()
	if cat.Disabled {
		return cat, ErrCategoryDisabled
	}
	return cat, nil
}

// Enabled returns the categories open for orders, in the order they are offered.
func (c *Catalog) Enabled() []Category {
	var out []Category
	for _, cat := range c.list {
		if !cat.Disabled {
			out = append(out, cat.clone())
		}
	}
	return out
}
