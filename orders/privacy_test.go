package orders

import "testing"

func TestPublicText_MasksPhonesAndRoomsKeepsTheRest(t *testing.T) {
	for in, want := range map[string]string{
		"大米 5kg; 鸡蛋 10个":                  "大米 5kg; 鸡蛋 10个",
		"取快递，到了打我电话 13800001111":          "取快递，到了打我电话 138******11",
		"call +86 138-0000-1111 please":   "call +861********11 please",
		"tel 138 0000 1111":               "tel 138******11",
		"3号楼2单元301 王秀兰 要这些":               "3号楼** 王秀兰 要这些",
		"3号楼 2 单元 301 室":                  "3号楼 **",
		"送到301室":                          "送到**",
		"地址 3-2-301":                      "地址 **",
		"Bldg 5 Unit 1 Rm 202, rice 10kg": "Bldg 5 ** **, rice 10kg",
		"Apt 5B, Room 12":                 "**, **",
		"10000 元以内; 2024 年的药":             "10000 元以内; 2024 年的药",
		"":                                "",
	} {
		if got := PublicText(in); got != want {
			t.Errorf("PublicText(%q) = %q, want %q", in, got, want)
		}
	}
}
