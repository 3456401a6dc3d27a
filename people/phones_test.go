package people_test

import (
	"database/sql"
	"errors"
	"testing"

	"linli/internal/testdb"
	"linli/people"
	"linli/store"
)

func TestPhoneUsed_OnePhoneOneHousehold(t *testing.T) {
	db := testdb.Open(t)
	in, _ := people.ValidateHousehold(validInput(), zones)
	var own people.Household
	inTx(t, db, func(tx *sql.Tx) error {
		var err error
		own, err = people.Register(ctx, tx, in, 1, people.RelSelf, t0)
		return err
	})
	_, err := db.Write.Exec(`INSERT INTO households (zone, building, room, name, phone, created_at, updated_at)
		VALUES ('a1', '9号楼', '901', '名单上', '13700137000', 0, 0)`) // imported, no one acts for it
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		phone  string
		except int64
		want   people.PhoneUse
	}{
		{in.Phone, 0, people.PhoneUse{Linked: true}},
		{"+86 " + in.Phone, 0, people.PhoneUse{Linked: true}},
		{in.Phone, own.ID, people.PhoneUse{}}, // its own household
		{"137-0013-7000", 0, people.PhoneUse{Listed: true}},
		{"13912345678", 0, people.PhoneUse{}},
	} {
		if got, err := people.PhoneUsed(ctx, db.Read, c.phone, c.except); err != nil || got != c.want {
			t.Errorf("PhoneUsed(%q, %d) = %+v, %v; want %+v", c.phone, c.except, got, err, c.want)
		}
	}
	if _, err := people.PhoneUsed(ctx, db.Read, "<b>", 0); !errors.Is(err, people.ErrBadInput) {
		t.Fatalf("not a phone: %v", err)
	}
	// Another resident with that phone is refused; a grid worker in another zone is not.
	other := in
	other.Room = "302"
	err = store.InTx(ctx, db.Write, func(tx *sql.Tx) error {
		_, err := people.Register(ctx, tx, other, 2, people.RelSelf, t0)
		return err
	})
	if !errors.Is(err, people.ErrPhoneTaken) {
		t.Fatalf("second household with the phone: %v", err)
	}
	other.Zone = "b2"
	inTx(t, db, func(tx *sql.Tx) error {
		_, err := people.Register(ctx, tx, other, 7, people.RelGridWorker, t0)
		return err
	})
}
