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
