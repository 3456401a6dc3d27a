package orders

import "slices"

// Shape is what kind of help a category asks for; it decides which fields an order carries and
// who may see and take it.
type Shape string

// The shapes of help.
const (
	// ShapeDelivery brings things to the door: items, a quantity, the address, a handoff.
	ShapeDelivery Shape = "delivery"
	// ShapePickup takes things away from the door: garbage bags within a time window.
	ShapePickup Shape = "pickup"
	// ShapeWork is work elsewhere: feeding livestock in a barn, sowing a field; the size is in head
	// of livestock or mu (亩), and it often recurs daily.
	ShapeWork Shape = "work"
	// ShapeRemote is a call-back, never a visit: taken only by counsellors, never shown in a group.
	ShapeRemote Shape = "remote"
)

// Valid reports whether s is one of the known shapes.
func (s Shape) Valid() bool {
	switch s {
	case ShapeDelivery, ShapePickup, ShapeWork, ShapeRemote:
		return true
	}
	return false
}

// Category is a kind of help residents can order. Labels are not here: the handlers translate the
// key (and the item keys) in the user's language.
type Category struct {
	Key             string   // [a-z0-9_-]{1,16}, used in commands and callback data
	Shape           Shape    // what the order carries, who may take it
	UrgentByDefault bool     // orders are urgent unless the household says otherwise
	Items           []string // common item keys offered as buttons, most common first
	Keywords        []string // words that mark a free text as a need of this category (Read)
	Unit            string   // unit key of the size, "" if none: "bag", "head", "mu"
	Prescription    bool     // ask whether a prescription (photo) exists
	Disabled        bool     // switched off by configuration: no new orders
}

// CounsellorsOnly reports whether only volunteers marked as counsellors may take these orders.
func (c Category) CounsellorsOnly() bool { return c.Shape == ShapeRemote }

// MayRecur reports whether an order of this category may be daily: feeding pigs, taking the
// garbage out are often needed every day.
func (c Category) MayRecur() bool { return c.Shape == ShapeWork || c.Shape == ShapePickup }

// ShowInGroups reports whether these orders may be posted to a group chat's queue.
func (c Category) ShowInGroups() bool { return c.Shape != ShapeRemote }

// Built-in category keys.
const (
	Groceries   = "groceries"   // 蔬菜/生活物资代购
	Medicine    = "medicine"    // 就医用药
	Garbage     = "garbage"     // 生活垃圾清运
	Errand      = "errand"      // 物品代购/代办
	Livestock   = "livestock"   // 畜禽帮养
	Farming     = "farming"     // 代耕代种
	Counselling = "counselling" // 心理疏导
)

// BuiltIn reports whether key is one of DefaultCategories: the catalogue names those ("cat.").
func BuiltIn(key string) bool { return builtIn.categories[key] }

// BuiltInItem reports whether key is an item of DefaultCategories: the catalogue names those
// ("item."); items added by configuration are shown as written.
func BuiltInItem(key string) bool { return builtIn.items[key] }

// builtIn holds the keys of DefaultCategories and of their items, made once: every category
// label and item a message shows asks.
var builtIn = func() (b struct{ categories, items map[string]bool }) {
	b.categories, b.items = map[string]bool{}, map[string]bool{}
	for _, c := range DefaultCategories() {
		b.categories[c.Key] = true
		for _, item := range c.Items {
			b.items[item] = true
		}
	}
	return b
}()

// DefaultCategories returns the built-in categories, in the order they are offered.
func DefaultCategories() []Category {
	return []Category{
		{Key: Groceries, Shape: ShapeDelivery,
			Items: []string{"rice", "eggs", "vegetables", "milk", "noodles", "oil", "fruit"}},
		{Key: Medicine, Shape: ShapeDelivery, UrgentByDefault: true, Prescription: true,
			Items: []string{"fever", "cough", "chronic", "insulin", "first_aid"}},
		{Key: Garbage, Shape: ShapePickup, Unit: "bag",
			Items: []string{"household", "kitchen", "recyclable"}},
		{Key: Errand, Shape: ShapeDelivery,
			Items: []string{"parcel", "documents", "pet_food", "bills"}},
		{Key: Livestock, Shape: ShapeWork, Unit: "head",
			Items: []string{"pigs", "cattle", "sheep", "chickens", "ducks"}},
		{Key: Farming, Shape: ShapeWork, Unit: "mu",
			Items: []string{"sowing", "watering", "fertilising", "harvest"}},
		{Key: Counselling, Shape: ShapeRemote,
			Items: []string{"anxiety", "sleep", "family", "loneliness"}},
	}
}

func (c Category) clone() Category {
	c.Items = slices.Clone(c.Items)
	c.Keywords = slices.Clone(c.Keywords)
	return c
}

// validKey reports whether k matches [a-z0-9_-]{1,16}.
func validKey(k string) bool {
	if len(k) == 0 || len(k) > 16 {
		return false
	}
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
