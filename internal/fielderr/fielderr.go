// Package fielderr is bad input about one field of what a domain package was given, written once
// for orders, people and supplies. Each package names its own kind, so that errors.Is tells whose
// bad input an error is (orders.ErrBadInput, people.ErrBadInput, supplies.ErrBadInput) and
// errors.As into one package's *InputError finds that package's only.
package fielderr

// Kind is one package's bad input: BadInput gives the sentinel its errors are and how their text
// begins. Error asks the zero value, so a kind is an empty struct type of the package.
type Kind interface {
	BadInput() (sentinel error, prefix string)
}

// Error is bad input of kind K about one field: errors.Is(err, K's sentinel) holds for it, and
// errors.Is(err, Field[K](f)) when the input at fault is field f, whatever the reason.
type Error[K Kind] struct {
	Field  string
	Reason string
	Zones  []string // the zones at fault, where the field is about zones (supplies' "pickup_sealed")
}

// Error names the field and what is wrong with it, after the kind's prefix.
func (e *Error[K]) Error() string {
	var k K
	_, prefix := k.BadInput()
	return prefix + e.Field + ": " + e.Reason
}

// Is matches the kind's sentinel, and Field[K](f) when e is about field f.
func (e *Error[K]) Is(target error) bool {
	var k K
	sentinel, _ := k.BadInput()
	t, ok := target.(*Error[K])
	return target == sentinel || ok && t.Reason == "" && t.Field == e.Field
}

// Field is what errors.Is matches bad input of kind K about field against, whatever the reason.
func Field[K Kind](field string) error { return &Error[K]{Field: field} }
