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
		// Names given: the name goes, the words before it stay.
		"请到门口拿垃圾，我叫王秀兰，我有糖尿病":                     "请到门口拿垃圾，我叫**，我有糖尿病",
		"metformin, I am Ann Smith in building 5": "metformin, I am ** in building 5",
		"my name is Ann, rice please":             "my name is **, rice please",
		"I am diabetic, need insulin":             "I am diabetic, need insulin",
		"This is Bob Lee-Zhou: milk":              "This is **: milk",
	} {
		if got := PublicText(in); got != want {
			t.Errorf("PublicText(%q) = %q, want %q", in, got, want)
		}
	}
}
