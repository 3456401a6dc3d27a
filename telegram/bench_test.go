package telegram

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"linli/outbox"
	"linli/telegramtest"
)

// BenchmarkSenderAtTelegramsLimit queues a broadcast of 300 messages to 300 chats with the
// stand-in enforcing Telegram's 30 messages a second and the sender configured for the same 30:
// the sustained rate as a share of the limit, and how many 429s the sender provoked (should be 0).
//
//	go test -run '^$' -bench Sender -benchtime 3x ./telegram/
func BenchmarkSenderAtTelegramsLimit(b *testing.B) {
	const n = 300
	var shares []float64
	var tooMany int64
	for range b.N {
		r := newRig(b, telegramtest.Limits{Global: 30}, func(o *SenderOptions) { o.PerSec = 30 })
		rate := broadcast(b, r, n)
		shares = append(shares, rate/30)
		tooMany += r.seen.tooMany.Load()
	}
	b.ReportMetric(100*median(shares), "%-of-30/s")
	b.ReportMetric(float64(tooMany), "429s")
}

// BenchmarkSenderCeiling is the same with every limit raised (as for a local Bot API server): the
// sender's ceiling in messages a second against the in-process stand-in.
func BenchmarkSenderCeiling(b *testing.B) {
	const n = 5000
	var rates []float64
	for range b.N {
		r := newRig(b, telegramtest.Limits{Disabled: true}, func(o *SenderOptions) {
			o.PerSec, o.PerChat = 1e6, time.Microsecond
		})
		rates = append(rates, broadcast(b, r, n))
	}
	b.ReportMetric(median(rates), "msgs/s")
}

// broadcast queues n messages to n chats at broadcast priority, runs the sender and returns the
// rate from its start to the last send.
func broadcast(b *testing.B, r *rig, n int) float64 {
	msgs := make([]outbox.Message, n)
	for i := range n {
		chat := int64(100_000 + i)
		r.ts.AddUser(telegramtest.User{ID: chat, FirstName: "R"})
		msgs[i] = outbox.Message{ChatID: chat, Text: fmt.Sprintf("明天 8:00 核酸检测 <b>%d</b>", i)}
	}
	r.queue(b, msgs...)
	begin := time.Now()
	r.start(b)
	st := r.waitSettled(b, 10*time.Minute)
	if st["sent"] != n {
		b.Fatalf("outcomes %v, want %d sent", st, n)
	}
	elapsed := time.Since(begin)
	r.stop()
	return float64(n) / elapsed.Seconds()
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}
