package i18n

// catalogZHDuplicates holds the texts of duplicates (zh): an order of a category already under
// way, and a registration with a phone another household uses.
var catalogZHDuplicates = map[string]string{
	"dup.ask":               "您已经有一个同类的订单 #%d（%s）在处理中：\n📋 %s\n状态：%s\n\n这次的物品：%s\n\n要加到那个订单里，还是另下一单？",
	"dup.add":               "加到 #%d",
	"dup.separate":          "另下一单",
	"dup.gone_claimed":      "刚刚有志愿者接了 #%d，不能再往里加东西了。\n\n把这次的物品另下一单吗？\n📋 %s",
	"dup.gone_closed":       "#%d 已经不在等待中，不能再往里加东西了。\n\n把这次的物品另下一单吗？\n📋 %s",
	"dup.added":             "✅ 已加到订单 #%d：\n\n%s",
	"dup.too_long":          "合在一起太长了（最多 %d 个字）。请另下一单。",
	"register.phone_taken":  "📵 这个电话号码已经登记在另一户名下，不能重复登记。\n\n如果您住在那一户或是家人，请那一户发送 /family，会得到一个一次性链接，您打开后就能以家人身份替他们下单。\n\n也可以输入另一个电话号码。",
	"register.phone_listed": "📵 这个电话号码在社区住户名单上，登记的是另一个地址，不能重复登记。请检查地址（修改地址），或在填电话那一步用按钮分享您自己的号码以便识别；也可以请网格员帮忙。",
}
