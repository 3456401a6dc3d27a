package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"linli/telegramtest"
)

// BenchmarkFootprint builds the bot's binary and runs it as its own process (`linli run`) on a
// database of seedResidents (10,000) households and seedOrders (100,000) orders, against the
// stand-in with Telegram's limits on. It reports the binary's size (binary-MB), the time from
// starting the process to its first getUpdates (cold-start-ms) and to its answer to a /help that
// was waiting (first-reply-ms), and the process's max RSS
// (maxrss-MB) over footprintBroadcast of a notice to every resident going out at 30/s while
// residents send /orders (which reads their order history) every 100 ms.
//
//	go test -run '^$' -bench Footprint -benchtime 1x ./cmd/bot/
func BenchmarkFootprint(b *testing.B) {
	const footprintBroadcast = 30 * time.Second
	for b.Loop() {
		dir := b.TempDir()
		bin := filepath.Join(dir, "linli")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			b.Fatalf("go build: %v\n%s", err, out)
		}
		st, err := os.Stat(bin)
		if err != nil {
			b.Fatal(err)
		}
		dbPath := filepath.Join(dir, "linli.db")
		seedOrdersDB(b, dbPath, time.Now())
		ts := telegramtest.New(telegramtest.Options{Token: testToken})
		ts.AddUser(telegramtest.User{ID: pgAdmin, FirstName: "Secretary", LanguageCode: "zh"})
		for i := range seedResidents {
			ts.AddUser(telegramtest.User{ID: int64(firstResident + i), FirstName: "R", LanguageCode: "zh"})
		}
		cfg := writeConfig(b, dir, ts.URL(), "[notices]\nconfirm_over = 1000000\n")
		cmd := exec.Command(bin, "run", "-config", cfg)
		for _, kv := range os.Environ() {
			if !strings.HasPrefix(kv, "LINLI_") {
				cmd.Env = append(cmd.Env, kv)
			}
		}
		// A /help waits at the stand-in, so the first getUpdates is answered at once: the
		// stand-in records a request when it answers it.
		ts.SendText(firstResident, "/help")
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		var cold time.Duration
		for cold == 0 {
			for _, q := range ts.Requests() {
				if q.Method == "getUpdates" {
					cold = q.At.Sub(start)
					break
				}
			}
			if time.Since(start) > time.Minute {
				_ = cmd.Process.Kill()
				b.Fatal("no getUpdates within a minute")
			}
			time.Sleep(2 * time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err = ts.WaitMessage(ctx, firstResident, nil)
		cancel()
		if err != nil {
			_ = cmd.Process.Kill()
			b.Fatal("no answer to /help within a minute")
		}
		reply := time.Since(start)
		ts.SendText(pgAdmin, "/notice residents 明天 8:00 全员核酸检测，请在楼下排队")
		for i := 0; time.Since(start) < cold+footprintBroadcast; i++ {
			ts.SendText(int64(firstResident+i*37%seedResidents), "/orders")
			time.Sleep(100 * time.Millisecond)
		}
		sent := 0
		for _, q := range ts.Requests() {
			if q.Method == "sendMessage" && q.Status == 200 {
				sent++
			}
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
		ts.Close()
		ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		if ru == nil || sent < 300 {
			b.Fatalf("rusage %v; %d messages sent", ru, sent)
		}
		b.ReportMetric(float64(st.Size())/(1<<20), "binary-MB")
		b.ReportMetric(ms(cold), "cold-start-ms")
		b.ReportMetric(ms(reply), "first-reply-ms")
		b.ReportMetric(float64(ru.Maxrss)/1024, "maxrss-MB")
		b.ReportMetric(float64(sent), "sent")
	}
}
