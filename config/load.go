package config

import (
	"fmt"
	"os"
	"strings"

	"github.com/BurntSushi/toml"
)

// Load reads the TOML file at path and returns it decoded over Default,
// with LINLI_TELEGRAM_TOKEN (looked up through getenv, which may be nil)
// applied and validated by Validate.
func Load(path string, getenv func(string) string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return Parse(data, getenv)
}

// Parse is Load for TOML already in memory. An empty document yields Default
// (plus the environment's token).
func Parse(data []byte, getenv func(string) string) (*Config, error) {
	envToken := ""
	if getenv != nil {
		envToken = strings.TrimSpace(getenv(TokenEnv))
	}
	c, err := decode(data)
	if err != nil {
		return nil, redact(err, envToken)
	}
	if envToken != "" {
		c.Telegram.Token = envToken
	}
	if err := c.Validate(); err != nil {
		return nil, redact(err, c.Telegram.Token, envToken)
	}
	return c, nil
}

// decode fills Default with the document and rejects keys Config lacks.
func decode(data []byte) (*Config, error) {
	c := Default()
	md, err := toml.Decode(string(data), c)
	if err != nil {
		return nil, redact(decodeError(err), c.Telegram.Token)
	}
	if keys := md.Undecoded(); len(keys) > 0 {
		return nil, errorf(unknownKeyName(data, keys[0]), "unknown key")
	}
	return c, nil
}

// unknownKeyName names an undecoded key, adding the index into an array of
// tables the library leaves out: "zones.kee" becomes "zones[1].kee".
func unknownKeyName(data []byte, k toml.Key) string {
	if len(k) < 2 || (k[0] != "zones" && k[0] != "categories") {
		return k.String()
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err == nil {
		tables, _ := raw[k[0]].([]map[string]any)
		for i, t := range tables {
			if _, ok := t[k[1]]; ok {
				return fmt.Sprintf("%s[%d].%s", k[0], i, k[1:].String())
			}
		}
	}
	return k.String()
}
