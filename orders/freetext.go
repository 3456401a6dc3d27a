package orders

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Free text: a resident who types 我要买大米和鸡蛋 outside any guided flow means an order. Read
// tells a need (and guesses its category from the catalogue's items and the keyword table) from
// a greeting, a thank-you or a question, which get a friendly answer instead. It is a guess for
// the resident to confirm, never an order by itself.

// Intent is what a free text seems to be.
type Intent string

// The intents of a free text.
const (
	IntentNeed     Intent = "need"     // asks for something: an order draft to confirm
	IntentGreeting Intent = "greeting" // 你好, hello
	IntentThanks   Intent = "thanks"   // 谢谢, thank you
	IntentQuestion Intent = "question" // 怎么用？ how does this work?
	IntentNothing  Intent = "nothing"  // emoji, punctuation: nothing to read
	// IntentEmergency: words of a life in danger (救命, chest pain, fell and cannot get up):
	// call 120 first, and people who can act are told at once; never an order draft.
	IntentEmergency Intent = "emergency"
	// IntentReceived: 收到了, received: the resident says a delivery came, never an order.
	IntentReceived Intent = "received"
	// IntentWhere: 还没送到, when will it come: the resident asks after an order.
	IntentWhere Intent = "where"
	// IntentCancel: 取消, 不要了, cancel: the resident takes something back.
	IntentCancel Intent = "cancel"
)

// Words of the resident's own orders, matched like small talk (lower-cased, at a Latin word's
// start): that something came, where it is, or that they want it no more.
var (
	receivedWords = []string{"收到了", "收到啦", "已收到", "东西到了", "送到了", "拿到了", "received", "got it",
		"it arrived", "it came", "has arrived", "have arrived"}
	whereWords = []string{"还没送到", "没收到", "还没到", "还没来", "怎么还没", "什么时候到", "什么时候送", "什么时候来",
		"多久到", "到哪了", "到哪里了", "when will", "where is my", "where are my", "not arrived", "hasn't arrived",
		"has not arrived", "hasn't come", "still waiting", "not here yet", "not come yet"}
	cancelWords = []string{"取消", "不要了", "算了", "不用了", "cancel", "never mind", "don't need", "do not need"}
)

// Reading is what Read made of a text.
type Reading struct {
	Intent   Intent
	Category string // the guessed category of a need, "" if none stood out
}

// DefaultKeywords is the one table of words that mark a need of each built-in category, in zh
// and en. A category's items count as keywords too; [[categories]] keywords in config add more.
func DefaultKeywords() map[string][]string {
	return map[string][]string{
		Groceries: {"米", "面", "菜", "蛋", "油", "奶", "肉", "盐", "酱", "醋", "水果", "粮", "馒头", "包子", "面包",
			"食品", "吃的", "生活物资", "菜包", "rice", "noodle", "vegetable", "veggies", "egg", "oil", "milk",
			"meat", "fruit", "bread", "flour", "food", "grocer", "salt"},
		Medicine: {"药", "胰岛素", "处方", "发烧", "退烧", "咳嗽", "血压", "降压", "血糖", "医院", "看病", "就医", "透析",
			"急救", "救心丸", "硝酸甘油", "medicine", "medication", "drug", "pill", "insulin", "prescription", "fever", "cough",
			"pharmacy", "doctor", "hospital", "tablet"},
		Garbage: {"垃圾", "厨余", "废品", "倒掉", "garbage", "trash", "rubbish", "waste", "bin bag"},
		Errand: {"快递", "包裹", "文件", "材料", "缴费", "交费", "电费", "水费", "话费", "燃气费", "充值", "宠物", "猫粮", "狗粮", "代办", "跑腿", "取件",
			"parcel", "package", "delivery", "document", "bill", "pet", "cat food", "dog food", "errand"},
		Livestock: {"猪", "牛", "羊", "鸡", "鸭", "鹅", "喂", "饲料", "牲口", "pig", "cattle", "cow", "sheep", "goat",
			"chicken", "duck", "feed the", "livestock"},
		Farming: {"播种", "种地", "浇地", "浇水", "施肥", "收割", "地里", "庄稼", "农田", "亩", "sow", "seed",
			"field", "farm", "harvest", "water the", "fertili"},
		Counselling: {"焦虑", "失眠", "睡不着", "睡不好", "心理", "难受", "孤独", "害怕", "抑郁", "想不开", "心情",
			"anxious", "anxiety", "lonely", "depress", "can't sleep", "cannot sleep", "insomnia", "scared",
			"counsel", "talk to someone"},
	}
}

// Small talk, matched at the start of the text (lower-cased, without punctuation or emoji).
var (
	greetings = []string{"你好", "您好", "早安", "早上好", "上午好", "中午好", "下午好", "晚上好", "在吗",
		"在不在", "有人吗", "哈喽", "嗨", "hi", "hello", "hey", "hallo", "good morning", "good afternoon",
		"good evening", "morning", "anyone there", "are you there"}
	thanks = []string{"谢谢", "多谢", "感谢", "谢了", "辛苦了", "辛苦", "太感谢", "非常感谢", "谢谢你", "谢谢您",
		"谢谢志愿者", "好的谢谢", "thanks", "thank you", "thx", "ty", "many thanks", "thank you so much", "cheers"}
	questionWords = []string{"怎么", "如何", "什么", "为什么", "能不能", "可以吗", "吗", "呢", "哪里", "多久", "几点",
		"how", "what", "why", "when", "where", "can i", "can you", "is it", "do you", "who"}
)

// emergencies are words that say a life may be in danger now, zh and en, found anywhere in the
// normalised text (a Latin one at a word's start). They are specific on purpose: "急需速效救心丸"
// (urgent heart pills) is a medicine order, "胸口疼，喘不上气" an emergency.
var emergencies = []string{"救命", "救救我", "快不行了", "胸口疼", "胸口痛", "胸痛", "心口疼", "心口痛",
	"心脏疼", "心脏痛", "心脏不舒服", "喘不上气", "喘不过气", "呼吸困难", "上不来气", "透不过气", "摔倒", "跌倒",
	"摔了一跤", "晕倒", "昏倒", "昏迷", "叫不醒", "不省人事", "中风", "抽搐", "大出血", "流血不止",
	"吐血", "想自杀", "不想活", "自杀", "着火", "失火", "火灾", "煤气泄漏", "燃气泄漏", "一氧化碳",
	"emergency", "help me please", "chest pain", "heart attack", "can't breathe", "cannot breathe", "cant breathe",
	"not breathing", "fell and", "fallen", "can't get up", "cannot get up", "cant get up", "unconscious",
	"passed out", "collapsed", "won't wake", "stroke", "seizure", "bleeding", "suicide", "kill myself",
	"on fire", "gas leak", "overdose"}

// Read reads a free text against the enabled categories of c and the keyword table. A text that
// names something of a category is a need, even with a greeting or a question around it.
func (c *Catalog) Read(text string) Reading {
	bare := normalise(text)
	padded := " " + bare + " "
	if bare == "" {
		return Reading{Intent: IntentNothing}
	}
	switch guess := c.guess(padded); {
	case isEmergency(padded):
		return Reading{Intent: IntentEmergency, Category: guess}
	case containsAny(padded, cancelWords):
		return Reading{Intent: IntentCancel, Category: guess}
	case containsAny(padded, whereWords):
		return Reading{Intent: IntentWhere, Category: guess}
	case containsAny(padded, receivedWords) && !strings.Contains(padded, "没"):
		return Reading{Intent: IntentReceived, Category: guess}
	case guess != "":
		return Reading{Intent: IntentNeed, Category: guess}
	case startsWithAny(padded, thanks):
		return Reading{Intent: IntentThanks}
	case startsWithAny(padded, greetings):
		return Reading{Intent: IntentGreeting}
	case isQuestion(text, padded):
		return Reading{Intent: IntentQuestion}
	}
	return Reading{Intent: IntentNeed}
}

// guess is the enabled category whose keywords found in padded text are the longest in all
// (ties: the first offered), or "".
func (c *Catalog) guess(text string) string {
	best, hits := "", 0
	for i, cat := range c.list {
		if cat.Disabled {
			continue
		}
		n := 0
		for _, w := range c.words[i] {
			if contains(text, w) {
				n += utf8.RuneCountInString(w) // 奶粉 (baby) says more than 奶 (groceries)
			}
		}
		if n > hits {
			best, hits = cat.Key, n
		}
	}
	return best
}

// contains finds keyword w in padded text: a Latin word only at a word's start (so "oil" is not
// found in "toilet"), anything else anywhere.
func contains(text, w string) bool {
	if w == "" {
		return false
	}
	if !isLatin(w) {
		return strings.Contains(text, w)
	}
	for i := strings.Index(text, w); i >= 0; {
		if before, _ := utf8.DecodeLastRuneInString(text[:i]); i == 0 || !unicode.IsLetter(before) {
			return true
		}
		j := strings.Index(text[i+1:], w)
		if j < 0 {
			break
		}
		i += j + 1
	}
	return false
}

// containsAny: padded text holds one of words (contains).
func containsAny(padded string, words []string) bool {
	for _, w := range words {
		if contains(padded, w) {
			return true
		}
	}
	return false
}

// IsCancel reports whether text is nothing but a word of taking back (取消, 算了, cancel): at
// any question of a guided flow it ends the flow, as ✖ does, instead of becoming its answer.
func IsCancel(text string) bool {
	bare := normalise(text)
	for _, w := range append(cancelWords, "退出", "quit", "stop", "exit") {
		if bare == w {
			return true
		}
	}
	return false
}

// isEmergency: padded text holds words of an emergency, or is a bare cry for help ("help!",
// "help help"; "help me buy rice" is an order).
func isEmergency(padded string) bool {
	if containsAny(padded, emergencies) {
		return true
	}
	words := strings.Fields(padded)
	for _, w := range words {
		if w != "help" && w != "sos" {
			return false
		}
	}
	return len(words) > 0
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}

// normalise lower-cases text and keeps letters and digits, one space between words; emoji,
// punctuation and markup signs go.
func normalise(text string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(text) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r == '\'':
			b.WriteRune(r) // can't
		default:
			space = true
		}
	}
	return b.String()
}

// startsWithAny reports whether padded text begins with one of the words (a Latin one as a
// whole word).
func startsWithAny(padded string, words []string) bool {
	for _, w := range words {
		if isLatin(w) && strings.HasPrefix(padded, " "+w+" ") || !isLatin(w) && strings.HasPrefix(padded, " "+w) {
			return true
		}
	}
	return false
}

// isQuestion: ends with a question mark, or asks with a question word.
func isQuestion(text, padded string) bool {
	t := strings.TrimSpace(text)
	if strings.HasSuffix(t, "?") || strings.HasSuffix(t, "？") {
		return true
	}
	for _, w := range questionWords {
		if isLatin(w) && strings.HasPrefix(padded, " "+w+" ") || !isLatin(w) && strings.Contains(padded, w) {
			return true
		}
	}
	return false
}

// askingWords say in so many words that something is wanted: "我要…", "帮我买…", "need …".
var askingWords = []string{"要", "买", "帮我", "送", " need ", " want ", " buy ", " bring ", " order ", " get me "}

// AsksFor reports whether text asks for something of a category in so many words (Read guesses
// a category and an asking word is in it): "我要买药" does, a name that happens to hold a
// keyword ("米兰", "Ann Rice") does not. A question that expects a name uses it to tell a need
// typed there from the answer.
func (c *Catalog) AsksFor(text string) bool {
	if c.Read(text).Category == "" {
		return false
	}
	padded := " " + normalise(text) + " "
	for _, w := range askingWords {
		if strings.Contains(padded, w) {
			return true
		}
	}
	return false
}
