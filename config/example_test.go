package config

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

const examplePath = "../config.example.toml"

func TestExampleFile_ParsesAndValidatesForRun(t *testing.T) {
	c, err := Load(examplePath, envWith(secretToken))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.ValidateForRun(); err != nil {
		t.Fatal(err)
	}
	levels := map[string]bool{}
	for _, z := range c.Zones {
		levels[z.Level] = true
	}
	if len(c.Zones) < 2 || len(levels) < 2 {
		t.Errorf("example zones = %+v, want several zones of different levels", c.Zones)
	}
}

func TestExampleFile_DocumentsEveryKey(t *testing.T) {
	var doc map[string]any
	md, err := toml.DecodeFile(examplePath, &doc)
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, k := range md.Keys() {
		have = append(have, k.String())
	}
	for _, key := range tomlKeys(reflect.TypeOf(Config{}), "") {
		if !slices.Contains(have, key) {
			t.Errorf("config.example.toml lacks %s", key)
		}
	}
}

// tomlKeys lists every leaf key a struct type decodes, as "section.key";
// slices of structs (zones) are walked as their element.
func tomlKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if name == "" || name == "-" {
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Struct {
			keys = append(keys, tomlKeys(ft, prefix+name+".")...)
			continue
		}
		keys = append(keys, prefix+name)
	}
	return keys
}

func TestTomlKeys_CoversDefaultConfig(t *testing.T) {
	keys := tomlKeys(reflect.TypeOf(*Default()), "")
	for _, want := range []string{"timezone", "telegram.webhook_secret", "zones.level", "limits.messages_per_minute", "metrics.listen"} {
		if !slices.Contains(keys, want) {
			t.Errorf("tomlKeys misses %s: %v", want, keys)
		}
	}
	if slices.Contains(keys, "location") {
		t.Error("tomlKeys lists the derived Location")
	}
}
