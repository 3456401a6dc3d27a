package handlers

import "testing"

func TestCountUp(t *testing.T) {
	for _, c := range []struct{ list, item, sep, want string }{
		{"", "大米", "、", "大米"},
		{"大米", "大米", "、", "大米 ×2"},
		{"大米", "鸡蛋", "、", "大米、鸡蛋"},
		{"rice", "eggs", "; ", "rice; eggs"},
		{"大米 ×2; 鸡蛋", "大米", "、", "大米 ×3; 鸡蛋"},
		{"大米 ×2; 鸡蛋", "鸡蛋", "、", "大米 ×2; 鸡蛋 ×2"},
		{"大米 ×2; 鸡蛋", "milk", "、", "大米 ×2; 鸡蛋; milk"},
		// What the resident typed keeps its separators, and sets the one that follows.
		{"大米 5kg、食用油 1 桶", "鸡蛋", "; ", "大米 5kg、食用油 1 桶、鸡蛋"},
		{"大米 5kg，食用油", "食用油", "、", "大米 5kg，食用油 ×2"},
		{"rice, milk", "Eggs", "; ", "rice, milk, Eggs"},
		{"大米；油、鸡蛋", "大米", "; ", "大米 ×2；油、鸡蛋"},
		{"a ×x", "a ×x", "; ", "a ×x ×2"},
		{"a ×0", "a", "; ", "a ×0; a"},
		{"大米 5kg", "大米 5kg 2袋", "、", "大米 5kg、大米 5kg 2袋"},
	} {
		if got := countUp(c.list, c.item, c.sep); got != c.want {
			t.Errorf("countUp(%q, %q, %q) = %q, want %q", c.list, c.item, c.sep, got, c.want)
		}
	}
}

// Chinese keyboards type full-width digits and "＃": they are the same order number.
func TestParseOrderID_FullWidthAsTyped(t *testing.T) {
	for in, want := range map[string]int64{"3": 3, "#3": 3, "＃３": 3, " ＃１２ ": 12, "１２": 12} {
		if got, ok := parseOrderID(in); !ok || got != want {
			t.Errorf("parseOrderID(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "#", "＃", "三", "#-1", "0", "3号"} {
		if got, ok := parseOrderID(in); ok {
			t.Errorf("parseOrderID(%q) = %d, want refused", in, got)
		}
	}
}
