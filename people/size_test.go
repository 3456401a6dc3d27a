package people

import "testing"

func TestParseSize_ReadsSizesAsPeopleSayThem(t *testing.T) {
	for in, want := range map[string]int{
		"2": 2, "２": 2, "2 of us": 2, "two": 2, "Two of us": 2, "二": 2, "两口人": 2, "两个人": 2,
		"一个人": 1, "我一个": 1, "十": 10, "十二口": 12, "二十": 20, "三十": 30, "一共三口人": 3, "I live alone": 1,
		"30": 30, "3 people, three": 3,
	} {
		if got, ok := ParseSize(in); !ok || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "many", "2 adults and 1 child", "👨‍👩‍👧", "十十", "一百", "<b>2</b>x3"} {
		if got, ok := ParseSize(in); ok {
			t.Errorf("ParseSize(%q) = %d, want refused", in, got)
		}
	}
}

func TestCleanField_NameRefusesPhoneAndNoLetters(t *testing.T) {
	for in, want := range map[string]error{"138 1234 5678": ErrNameIsPhone, "+86 13812345678": ErrNameIsPhone,
		"👴🏻": ErrNameNoLetters, "123": ErrNameNoLetters} {
		if _, err := CleanField("name", in); err != want {
			t.Errorf("CleanField(name, %q) = %v, want %v", in, err, want)
		}
	}
	for _, in := range []string{"王阿姨", "Ann 2", "李 👵"} {
		if _, err := CleanField("name", in); err != nil {
			t.Errorf("CleanField(name, %q): %v", in, err)
		}
	}
	for in, want := range map[string]string{"两口人": "2", "2 of us": "2", "31": "", "0": ""} {
		got, err := CleanField("size", in)
		if got != want || (want == "") != (err != nil) {
			t.Errorf("CleanField(size, %q) = %q, %v; want %q", in, got, err, want)
		}
	}
}
