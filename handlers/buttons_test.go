package handlers

import (
	"math"
	"strconv"
	"testing"
)

// TestButtonData_UnderTelegramsLimit builds the longest payload of each kind, ids at their
// largest, and checks data refuses one over 64 bytes.
func TestButtonData_UnderTelegramsLimit(t *testing.T) {
	id := strconv.FormatInt(math.MaxInt64, 10)
	longest := []string{
		checkinData("20261129", math.MaxInt64, "order"),
		noticeButtons.data("g", id, "o", "20261130", "08"),
		batchButtons.data("p", id, id),
		orderButtons.data("s", id, "5"),
		queueButtons.data("d", id),
		volunteerButtons.data("t", "counselling"),
		flowButtons.data("vulnerable", "elderly_alone"),
	}
	for _, d := range longest {
		if len(d) > maxCallbackData {
			t.Errorf("%q: %d bytes", d, len(d))
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("data made a payload over 64 bytes")
		}
	}()
	_ = buyButtons.data("i", id, id, id, id)
}
