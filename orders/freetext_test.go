package orders_test

import (
	"strings"
	"testing"

	"linli/orders"
)

func TestRead_GuessesTheCategoryOrTheSmallTalk(t *testing.T) {
	cat, err := orders.NewCatalog([]orders.CategoryConfig{
		{Key: "baby", Shape: orders.ShapeDelivery, Items: []string{"奶粉"}, Keywords: []string{"尿不湿", "diaper"}},
		{Key: "farming", Disabled: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text     string
		intent   orders.Intent
		category string
	}{
		{"我要买大米和鸡蛋", orders.IntentNeed, orders.Groceries},
		{"鸡蛋", orders.IntentNeed, orders.Groceries}, // 鸡 (livestock) and 蛋 (groceries) tie: the first offered
		{"喂鸡", orders.IntentNeed, orders.Livestock},
		{"降压药没了", orders.IntentNeed, orders.Medicine},
		{"你好，我要买药", orders.IntentNeed, orders.Medicine},
		{"买两包尿不湿", orders.IntentNeed, "baby"},       // a keyword from config
		{"奶粉", orders.IntentNeed, "baby"},           // a configured item
		{"some diapers", orders.IntentNeed, "baby"}, // a Latin keyword at a word's start
		{"浇地", orders.IntentNeed, ""},               // farming is disabled
		{"the toilet is blocked", orders.IntentNeed, ""},
		{"Hello!", orders.IntentGreeting, ""},
		{"在吗", orders.IntentGreeting, ""},
		{"谢谢您！", orders.IntentThanks, ""},
		{"thank you", orders.IntentThanks, ""},
		{"how do I order?", orders.IntentQuestion, ""},
		{"怎么用", orders.IntentQuestion, ""},
		{"🙏🙏", orders.IntentNothing, ""},
		// Words of a life in danger, whatever else the text holds; urgent pills are an order.
		{"心脏不舒服，胸口疼，喘不上气", orders.IntentEmergency, ""},
		{"救命", orders.IntentEmergency, ""},
		{"我老伴摔倒了，叫不醒", orders.IntentEmergency, ""},
		{"help!! my husband fell and cant get up", orders.IntentEmergency, ""},
		{"HELP", orders.IntentEmergency, ""},
		{"help help", orders.IntentEmergency, ""},
		{"SOS!", orders.IntentEmergency, ""},
		{"I can't breathe, need my inhaler", orders.IntentEmergency, ""},
		{"胸痛，要硝酸甘油", orders.IntentEmergency, orders.Medicine}, // the guess is kept for afterwards
		{"急需速效救心丸", orders.IntentNeed, orders.Medicine},
		{"help me buy rice", orders.IntentNeed, orders.Groceries},
		{"手机不行了", orders.IntentNeed, ""},
		// About the resident's own orders, never a draft.
		{"收到了，谢谢你们！🙏", orders.IntentReceived, ""},
		{"东西收到了", orders.IntentReceived, ""},
		{"received, thanks", orders.IntentReceived, ""},
		{"还没收到", orders.IntentWhere, ""},
		{"还没送到", orders.IntentWhere, ""},
		{"志愿者什么时候来？", orders.IntentWhere, ""},
		{"when will my groceries come?", orders.IntentWhere, orders.Groceries},
		{"白菜不要了，取消吧", orders.IntentCancel, orders.Groceries},
		{"cancel", orders.IntentCancel, ""},
		{"我要取快递", orders.IntentNeed, orders.Errand},
		{"", orders.IntentNothing, ""},
	}
	for _, tt := range tests {
		got := cat.Read(tt.text)
		if got.Intent != tt.intent || got.Category != tt.category {
			t.Errorf("Read(%q) = %+v, want %s %q", tt.text, got, tt.intent, tt.category)
		}
	}
}

// BenchmarkRead reads a typical typed need and the longest text read (orders.MaxItems
// characters: the handler reads no more of a longer one, which is too long for an order).
func BenchmarkRead(b *testing.B) {
	cat, err := orders.NewCatalog(nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, text string }{
		{"short", "我要买大米和鸡蛋，还有降压药"},
		{"1000", strings.Repeat("帮我看看这个", 1000/6) + "胰岛素"}, // orders.MaxItems: only that much of a text is read
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				cat.Read(bc.text)
			}
		})
	}
}
