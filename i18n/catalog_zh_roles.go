package i18n

// catalogZHRoles holds the Chinese texts of roles and the admin commands that grant them.
var catalogZHRoles = map[string]string{
	"cmd.grant":                "授予角色：/grant 用户ID admin|gridworker|counsellor",
	"cmd.revoke":               "取消角色：/revoke 用户ID [角色]",
	"error.admin_only":         "只有管理员可以使用这个命令。",
	"grant.usage":              "用法：/grant 用户ID 角色\n角色：admin（管理员）、gridworker（网格员）、counsellor（心理疏导员）\n用户ID 是对方的数字 ID，对方发送 /help 就能看到。志愿者请用 /invite 邀请。",
	"grant.done":               "✅ 已将 %s（ID %d）设为%s。",
	"grant.not_seen":           "对方还没有给我发过消息；他们发送 /start 之后就能使用。",
	"grant.told":               "您已被社区设为%s。%s",
	"revoke.usage":             "用法：/revoke 用户ID [角色]\n不写角色则取消对方的所有角色。",
	"revoke.config_admin":      "这位管理员写在配置文件里，只能在配置文件中移除。",
	"revoke.none":              "%s（ID %d）没有这个角色，没有改动。",
	"revoke.done":              "已取消 %s（ID %d）的角色：%s。",
	"role.admin":               "管理员",
	"role.gridworker":          "网格员",
	"role.counsellor":          "心理疏导员",
	"role.volunteer":           "志愿者",
	"role.admin.about":         "发送 /help 查看管理员命令。",
	"role.gridworker.about":    "您可以用 /register 为没有智能手机的居民登记，再用 /order 替他们下单；订单的每次变化都会通知您。",
	"role.counsellor.about":    "心理疏导的求助会只派给心理疏导员。",
	"role.volunteer.about":     "发送 /queue 查看可以接的订单。",
	"order.choose_household":   "您在为多户下单，请发送 /order，按按钮选择为哪一户下单。",
	"order.for":                "为：%s",
	"register.ask_phone_other": "第 2 步：请输入这位居民的电话号码（手机号，或带区号的座机号）。",
}
