package outbox

import (
	"strings"
	"testing"
)

func TestEncode_AnswerPayloadStartsWithItsPrefix(t *testing.T) {
	got, err := Message{Kind: KindAnswer, ChatID: 1, CallbackQueryID: "q"}.encode()
	if err != nil || !strings.HasPrefix(got, answerPrefix) {
		t.Fatalf("%q, %v: Due would not tell this answer apart", got, err)
	}
	if got, _ := (Message{ChatID: 1, Text: `{"kind":"answer"`}).encode(); strings.HasPrefix(got, answerPrefix) {
		t.Fatalf("a message taken for an answer: %q", got)
	}
}
