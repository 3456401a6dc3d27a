package orders_test

import (
	"testing"

	"linli/orders"
)

func TestAsksFor_NeedsInSoManyWordsNotNames(t *testing.T) {
	c, err := orders.NewCatalog(nil)
	if err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]bool{
		"我要买药": true, "帮我买点米": true, "需要胰岛素": true, "I need rice": true, "please bring milk": true,
		"米兰": false, "王米": false, "李菜花": false, "Ann Rice": false, "Milka": false, "Border Rice": false, "王秀兰": false, "胰岛素": false,
	} {
		if got := c.AsksFor(text); got != want {
			t.Errorf("AsksFor(%q) = %v, want %v", text, got, want)
		}
	}
}
