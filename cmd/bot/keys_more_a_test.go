package main

import "time"

// waitShows waits until the phone's chat on the playground page shows the catalogue entry key in
// lang, with args in its first placeholders (as shows matches a message).
func (p browserPage) waitShows(phone int, lang, key string, args ...any) {
	p.t.Helper()
	re := keyPattern(p.t, lang, key, args...)
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if re.MatchString(p.text(phone)) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	p.t.Fatalf("phone %d never showed %s %v; its chat:\n%s", phone, key, args, p.text(phone))
}
