package web

import (
	"testing"
	"time"

	"linli/orders"
)

func TestNewChart_MedianLongestAndWaitingByLocalHour(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	day := time.Date(2026, 11, 30, 0, 0, 0, 0, loc)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	waits := []orders.Wait{
		{Placed: at(7, 0), Claimed: at(7, 4)},
		{Placed: at(7, 10), Claimed: at(7, 20)},
		{Placed: at(7, 30), Claimed: at(8, 10)},
		{Placed: at(9, 5), Waiting: true},
		{Placed: at(9, 6)}, // cancelled before a claim: neither a wait nor waiting
	}
	c := newChart(waits, day, at(9, 30), loc)
	if len(c.Hours) != 10 || c.Placed != 5 || c.Claimed != 3 || c.Waiting != 1 {
		t.Fatalf("hours %d placed %d claimed %d waiting %d", len(c.Hours), c.Placed, c.Claimed, c.Waiting)
	}
	h7, h9 := c.Hours[7], c.Hours[9]
	if h7.Median != 10 || h7.Max != 40 || h7.Claimed != 3 || h9.Waiting != 1 || h9.Claimed != 0 {
		t.Errorf("07h %+v, 09h %+v", h7, h9)
	}
	if c.MaxScale != 40 || h7.MaxH != float64(chartPlotH) || h7.MedianH != float64(chartPlotH)/4 {
		t.Errorf("scale %d, bars %v and %v of %d", c.MaxScale, h7.MaxH, h7.MedianH, chartPlotH)
	}
}

func TestClip_FlattensAndShortensHostileText(t *testing.T) {
	got := clip("a\x07b\n\n<c>\u2028🙂🙂🙂🙂", 7)
	if got != "ab <c>…" {
		t.Errorf("clip = %q", got)
	}
}
