package fielderr_test

import (
	"errors"
	"fmt"
	"testing"

	"linli/internal/fielderr"
)

var (
	errA = errors.New("bad input")
	errB = errors.New("bad input")
)

type kindA struct{}

func (kindA) BadInput() (error, string) { return errA, "a: bad " }

type kindB struct{}

func (kindB) BadInput() (error, string) { return errB, "bad input: " }

func TestError_IsItsKindsSentinelAndFieldOnly(t *testing.T) {
	err := fmt.Errorf("a: save #1: %w", &fielderr.Error[kindA]{Field: "phone", Reason: "not a phone number"})
	for _, c := range []struct {
		target error
		want   bool
	}{
		{errA, true},
		{fielderr.Field[kindA]("phone"), true},
		{fielderr.Field[kindA]("name"), false},
		{errB, false},                           // another package's sentinel
		{fielderr.Field[kindB]("phone"), false}, // another package's field of the same name
		{&fielderr.Error[kindA]{Field: "phone", Reason: "not a phone number"}, false}, // a value, not a field to match
	} {
		if got := errors.Is(err, c.target); got != c.want {
			t.Errorf("errors.Is(%v, %v) = %v, want %v", err, c.target, got, c.want)
		}
	}
	var a *fielderr.Error[kindA]
	var b *fielderr.Error[kindB]
	if !errors.As(err, &a) || a.Field != "phone" || errors.As(err, &b) {
		t.Errorf("errors.As: %+v, %+v", a, b)
	}
	if got := err.Error(); got != "a: save #1: a: bad phone: not a phone number" {
		t.Errorf("text: %q", got)
	}
	if got := (&fielderr.Error[kindB]{Field: "items", Reason: "empty"}).Error(); got != "bad input: items: empty" {
		t.Errorf("text: %q", got)
	}
}
