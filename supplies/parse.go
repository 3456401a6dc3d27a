package supplies

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/width"
)

// ParseRound reads the one-line form of a round:
//
//	<distribution|groupbuy> <audience> <YYYY-MM-DD HH:MM> <title> [min <n>]; <item> [¥<price>[/<unit>]] [max <n>] [stock <n>]; ... [; pickup <point> <minutes>]
//
// with the cut-off in loc. A part "pickup <point> <minutes>" (or "自提 …") among the items makes
// it a pickup round at that point, each building in turn for that many minutes; without one the
// round is delivered to the door. Validate checks the values.
func ParseRound(s string, loc *time.Location) (NewRound, error) {
	head, rest, _ := strings.Cut(s, ";")
	f := strings.Fields(head)
	if len(f) < 5 {
		return NewRound{}, badInput("round", "too few fields")
	}
	n := NewRound{Kind: Kind(strings.ToLower(f[0])), Audience: f[1]}
	cut, err := time.ParseInLocation("2006-01-02 15:04", f[2]+" "+f[3], loc)
	if err != nil {
		return n, badInput("cutoff", "not YYYY-MM-DD HH:MM")
	}
	n.Cutoff = cut
	title := f[4:]
	if k := len(title); k >= 3 && strings.EqualFold(title[k-2], "min") {
		if n.MinHouseholds, err = count(title[k-1], "minimum"); err != nil {
			return n, err
		}
		title = title[:k-2]
	}
	n.Title = strings.Join(title, " ")
	for _, spec := range strings.Split(rest, ";") {
		if strings.TrimSpace(spec) == "" {
			continue
		}
		if point, minutes, ok := pickupPart(spec); ok {
			if n.Handover == Pickup {
				return n, badInput("pickup", "given twice")
			}
			n.Handover, n.PickupPoint = Pickup, point
			if n.SlotMinutes, err = strconv.Atoi(minutes); err != nil || point == "" {
				return n, badInput("pickup", "a point and the minutes per building")
			}
			continue
		}
		it, err := ParseItem(spec)
		if err != nil {
			return n, err
		}
		n.Items = append(n.Items, it)
	}
	return n, nil
}

// pickupPart reads "pickup <point> <minutes>" (or "自提 <point> <minutes>"): ok when the part
// starts with the word; point or minutes may still be missing or wrong.
func pickupPart(spec string) (point, minutes string, ok bool) {
	f := strings.Fields(spec)
	if len(f) == 0 || !strings.EqualFold(f[0], "pickup") && f[0] != "自提" {
		return "", "", false
	}
	if len(f) < 3 {
		return strings.Join(f[1:], " "), "", true
	}
	return strings.Join(f[1:len(f)-1], " "), f[len(f)-1], true
}

// Spec writes it as ParseItem reads it: "<name> [¥<price>[/<unit>]] [max <n>] [stock <n>]" (a max
// left unset, 0, is left out).
func (it Item) Spec() string {
	out := it.Name
	if it.Price > 0 {
		out += fmt.Sprintf(" ¥%d.%02d", it.Price/100, it.Price%100)
		if it.Unit != "" {
			out += "/" + it.Unit
		}
	}
	if it.Max > 0 {
		out += " max " + strconv.Itoa(it.Max)
	}
	if it.Stock > 0 {
		out += " stock " + strconv.FormatInt(it.Stock, 10)
	}
	return out
}

// ParseItem reads "<name> [¥<price>[/<unit>]] [max <n>] [stock <n>]".
func ParseItem(spec string) (Item, error) {
	f := strings.Fields(spec)
	var it Item // Max 0: none given; Validate gives the round kind's default
	var name []string
	for i := 0; i < len(f); i++ {
		w := f[i]
		switch {
		case strings.HasPrefix(w, "¥") || strings.HasPrefix(w, "￥"):
			price, unit, _ := strings.Cut(strings.TrimLeft(w, "¥￥"), "/")
			p, err := ParsePrice(price)
			if err != nil {
				return it, err
			}
			it.Price, it.Unit = p, unit
		case (strings.EqualFold(w, "max") || strings.EqualFold(w, "stock")) && i+1 < len(f):
			v, err := count(f[i+1], strings.ToLower(w))
			if err != nil {
				return it, err
			}
			if strings.EqualFold(w, "max") {
				if v > MaxQuantity {
					return it, badInput("max", "out of range")
				}
				it.Max = int(v)
			} else {
				it.Stock = int64(v)
			}
			i++
		default:
			name = append(name, w)
		}
	}
	it.Name = strings.Join(name, " ")
	return validItem(it, 0)
}

// ParsePrice reads a price in yuan with up to two decimals ("12", "12.5", "0.99") as fen.
func ParsePrice(s string) (int64, error) {
	yuan, fen, dot := strings.Cut(s, ".")
	if yuan == "" || len(fen) > 2 || (dot && fen == "") {
		return 0, badInput("price", "not a price")
	}
	for len(fen) < 2 {
		fen += "0"
	}
	y, err1 := strconv.ParseUint(yuan, 10, 32)
	c, err2 := strconv.ParseUint(fen, 10, 8)
	if err1 != nil || err2 != nil || y*100+c > MaxPrice {
		return 0, badInput("price", "not a price")
	}
	return int64(y*100 + c), nil
}

// count reads a whole number from 1 to MaxStock.
func count(s, field string) (int, error) {
	v, err := strconv.Atoi(s)
	if err != nil || v < 1 || v > MaxStock {
		return 0, badInput(field, "not a number from 1")
	}
	return v, nil
}

// Want is one "<item-no>x<qty>" of a one-line /buy.
type Want struct{ No, Quantity int }

// ParseID reads a round id: "R12", "r12" or "12".
func ParseID(s string, prefix string) (int64, bool) {
	s = strings.TrimSpace(width.Narrow.String(s)) // "Ｒ３" from a Chinese keyboard is R3
	if len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		s = s[len(prefix):]
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// times are the ways of writing "times" in "3x2" that ParseBuy takes.
var times = strings.NewReplacer("×", "x", "X", "x", "*", "x")

// ParseBuy reads "<R-id> <item-no>x<qty> ...". A quantity that is no number, or one below 1,
// is ErrBadInput; one above the item's maximum is Sign's to refuse.
func ParseBuy(s string) (int64, []Want, error) {
	f := strings.Fields(s)
	if len(f) < 2 {
		return 0, nil, badInput("buy", "too few fields")
	}
	id, ok := ParseID(f[0], "R")
	if !ok {
		return 0, nil, badInput("round", "not a round id")
	}
	var out []Want
	for _, w := range f[1:] {
		no, qty, ok := strings.Cut(times.Replace(w), "x")
		n, err1 := strconv.Atoi(no)
		q, err2 := strconv.ParseInt(qty, 10, 64)
		switch {
		case !ok || err1 != nil || n < 1:
			return id, nil, badInput("item", "not <item-no>x<quantity>")
		case err2 != nil || q < 1:
			return id, nil, badInput("quantity", "not a number from 1")
		}
		out = append(out, Want{No: n, Quantity: int(min(q, MaxQuantity+1))})
	}
	return id, out, nil
}
