package handlers

import "testing"

func TestCountUp(t *testing.T) {
	for _, c := range []struct{ list, item, want string }{
		{"", "大米", "大米"},
		{"大米", "大米", "大米 ×2"},
		{"大米 ×2; 鸡蛋", "大米", "大米 ×3; 鸡蛋"},
		{"大米 ×2; 鸡蛋", "鸡蛋", "大米 ×2; 鸡蛋 ×2"},
		{"大米 ×2; 鸡蛋", "milk", "大米 ×2; 鸡蛋; milk"},
		{"a ×x", "a ×x", "a ×x ×2"},
		{"a ×0", "a", "a ×0; a"},
	} {
		if got := countUp(c.list, c.item); got != c.want {
			t.Errorf("countUp(%q, %q) = %q, want %q", c.list, c.item, got, c.want)
		}
	}
}
