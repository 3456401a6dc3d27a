package handlers

import (
	"errors"
	"fmt"
	"testing"

	"linli/orders"
	"linli/people"
	"linli/supplies"
)

func TestRefused_MapsByWhatTheUserWasDoing(t *testing.T) {
	h := &Handlers{}
	cases := []struct {
		d    doing
		err  error
		args []any
		key  string
	}{
		{ordering, fmt.Errorf("orders: cancel #3: %w", orders.ErrNotYours), nil, "order.not_yours"},
		{tasking, fmt.Errorf("orders: claim #3: %w", orders.ErrNotYours), []any{int64(3)}, "queue.not_your_task"},
		{ordering, &orders.InputError{Field: "items", Reason: "empty"}, []any{orders.MaxItems}, "order.bad_items"},
		{ordering, &orders.InputError{Field: "note", Reason: "too long"}, []any{orders.MaxNote}, "order.bad_note"},
		{ordering, &orders.InputError{Field: "comment", Reason: "too long"}, []any{orders.MaxComment}, "order.bad_comment"},
		{addingItems, fmt.Errorf("orders: add items #3: %w", &orders.InputError{Field: "items", Reason: "too long in all"}),
			[]any{orders.MaxItems}, "dup.too_long"}, // the with func's one argument
		{registering, &people.InputError{Field: "phone", Reason: "not a phone number"}, nil, "register.bad_phone"},
		{proposingRound, &supplies.InputError{Field: "price", Reason: "negative"}, nil, "round.bad_price"},
		{proposingRound, &supplies.InputError{Field: "colour", Reason: "?"}, nil, "round.bad_round"},
		{batching, supplies.ErrNotFound, []any{int64(7)}, "batch.not_found"},
		{rounding, supplies.ErrNotFound, []any{int64(7)}, "round.not_found"},
	}
	for _, c := range cases {
		var ue *userError
		if err := h.refused(c.d, c.err, c.args...); !errors.As(err, &ue) || ue.key != c.key || fmt.Sprint(ue.args) != fmt.Sprint(c.args) {
			t.Errorf("refused(%d, %v) = %v, want %s with %v", c.d, c.err, err, c.key, c.args)
		}
	}
}

func TestRefused_FailuresPassThrough(t *testing.T) {
	h := &Handlers{}
	failure := errors.New("disk full")
	if err := h.refused(ordering, failure); err != failure {
		t.Errorf("a failure became %v", err)
	}
	if err := h.refused(ordering, nil); err != nil {
		t.Errorf("nil became %v", err)
	}
	if err := h.refused(ordering, &orders.InputError{Field: "photo", Reason: "too long"}); isRefusal(err) {
		t.Errorf("bad input the user cannot cause became %v", err)
	}
	ue := userErr("order.usage")
	if err := h.refused(ordering, ue); err != ue {
		t.Errorf("an answer already chosen became %v", err)
	}
}

func TestBadField_MatchesTheFieldWhateverTheReason(t *testing.T) {
	err := fmt.Errorf("orders: place: %w", &orders.InputError{Field: "note", Reason: "too long"})
	if !errors.Is(err, orders.BadField("note")) || !errors.Is(err, orders.ErrBadInput) {
		t.Error("bad note not matched")
	}
	if errors.Is(err, orders.BadField("items")) {
		t.Error("bad note matched as bad items")
	}
}
