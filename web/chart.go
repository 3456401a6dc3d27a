package web

import (
	"slices"
	"time"

	"linli/orders"
)

// The chart's geometry, in SVG user units.
const (
	chartW, chartH   = 960, 260
	chartLeft        = 44 // room for the minute labels
	chartTop         = 24 // room for the still-waiting counts
	chartBottom      = 28 // room for the hour labels
	chartPlotH       = chartH - chartTop - chartBottom
	chartGridLines   = 4
	chartMinMinutes  = 10 // the scale's least top, so a quiet morning is not drawn as a crisis
	chartBarFraction = 0.7
)

// chart is today's waiting times per hour of the local day, laid out for the template.
type chart struct {
	W, H, Left, Base  int
	Hours             []chartHour
	Grid              []chartGrid
	Placed, Claimed   int
	Waiting, MaxScale int
}

// chartHour is one hour's column: bars of the longest and the median wait (minutes from placing
// to claim) of the orders placed in it, and how many of them are still waiting.
type chartHour struct {
	Hour                 int
	X, W, LabelX         float64
	Median, Max, Waiting int
	MedianY, MedianH     float64
	MaxY, MaxH           float64
	Claimed              int
}

type chartGrid struct {
	Y       float64
	Minutes int
}

// newChart lays out waits of orders placed from dayStart until now, by local hour.
func newChart(waits []orders.Wait, dayStart, now time.Time, loc *time.Location) chart {
	hours := max(now.In(loc).Hour()+1, 1)
	byHour := make([][]float64, hours)
	c := chart{W: chartW, H: chartH, Left: chartLeft, Base: chartH - chartBottom, Placed: len(waits)}
	waiting := make([]int, hours)
	for _, w := range waits {
		h := min(max(int(w.Placed.Sub(dayStart).Hours()), 0), hours-1)
		switch {
		case w.Waiting:
			waiting[h]++
			c.Waiting++
		case !w.Claimed.IsZero():
			byHour[h] = append(byHour[h], w.Claimed.Sub(w.Placed).Minutes())
			c.Claimed++
		}
	}
	top := chartMinMinutes
	for _, m := range byHour {
		if len(m) > 0 {
			top = max(top, int(slices.Max(m)+0.999))
		}
	}
	c.MaxScale = niceCeil(top)
	slot := float64(chartW-chartLeft) / float64(hours)
	for h := range hours {
		col := chartHour{Hour: h, X: float64(chartLeft) + float64(h)*slot + slot*(1-chartBarFraction)/2,
			W: slot * chartBarFraction, LabelX: float64(chartLeft) + (float64(h)+0.5)*slot, Waiting: waiting[h],
			Claimed: len(byHour[h])}
		if len(byHour[h]) > 0 {
			col.Median, col.Max = int(median(byHour[h])+0.5), int(slices.Max(byHour[h])+0.5)
		}
		col.MaxY, col.MaxH = c.bar(col.Max)
		col.MedianY, col.MedianH = c.bar(col.Median)
		c.Hours = append(c.Hours, col)
	}
	for i := 0; i <= chartGridLines; i++ {
		m := c.MaxScale * i / chartGridLines
		y, _ := c.bar(m)
		c.Grid = append(c.Grid, chartGrid{Y: y, Minutes: m})
	}
	return c
}

// bar is the top and height of a bar of minutes.
func (c chart) bar(minutes int) (y, h float64) {
	h = float64(chartPlotH) * float64(minutes) / float64(c.MaxScale)
	return float64(c.Base) - h, h
}

// median of xs, which is not empty; xs is sorted on the way.
func median(xs []float64) float64 {
	slices.Sort(xs)
	n := len(xs)
	if n%2 == 1 {
		return xs[n/2]
	}
	return (xs[n/2-1] + xs[n/2]) / 2
}

// niceCeil rounds n up to a scale top that divides into chartGridLines round steps.
func niceCeil(n int) int {
	for _, step := range []int{5, 10, 15, 30, 60, 120, 240, 480, 960} {
		if top := step * chartGridLines; top >= n {
			return top
		}
	}
	return (n + 59) / 60 * 60
}
