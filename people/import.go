package people

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/width"
)

// AddressKey is what identifies a household on a list: its zone, building and unit-and-room,
// compared without spaces, case or full-width forms, so "3号楼 / 2单元301" on a grid worker's
// list is the household a resident registered as "3号楼 / 2单元 301".
func AddressKey(zone, building, unit, room string) string {
	norm := func(s string) string {
		s = strings.ToLower(width.Fold.String(s))
		return strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, s)
	}
	return norm(zone) + "\x00" + norm(building) + "\x00" + norm(unit+room)
}

// ImportOutcome says what importing one household did.
type ImportOutcome int

// What an imported row did.
const (
	ImportNew       ImportOutcome = iota // a household that was not there
	ImportUpdated                        // its name, phone, size or vulnerable members changed
	ImportUnchanged                      // already there as listed
	ImportAmbiguous                      // several households have that address: left alone
)

// importing is a household already in the database, as the import compares it.
type importing struct {
	id                int64
	name, phone, vuln string
	size              int
	n                 int // households with this address key
}

// ImportHouseholds brings validated households from a list into the database, in tx: each is
// found by AddressKey and created, updated (name, phone, size and vulnerable members; its
// address, members and monitoring are kept) or left as it is. Imported households have no
// member until a resident links to theirs (UnlinkedByPhone, LinkImported). It returns one
// outcome per input, in order.
func ImportHouseholds(ctx context.Context, tx *sql.Tx, in []HouseholdInput, now time.Time) ([]ImportOutcome, error) {
	have, err := householdsByKey(ctx, tx)
	if err != nil {
		return nil, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO households (zone, building, unit, room, name, phone, size,
		vulnerable, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`)
	if err != nil {
		return nil, fmt.Errorf("people: import: %w", err)
	}
	defer ins.Close()
	upd, err := tx.PrepareContext(ctx, `UPDATE households SET name = ?, phone = ?, size = ?, vulnerable = ?,
		updated_at = ? WHERE id = ?`)
	if err != nil {
		return nil, fmt.Errorf("people: import: %w", err)
	}
	defer upd.Close()
	out := make([]ImportOutcome, len(in))
	for i, h := range in {
		key, vuln := AddressKey(h.Zone, h.Building, h.Unit, h.Room), strings.Join(h.Vulnerable, ",")
		old, ok := have[key]
		switch {
		case ok && old.n > 1:
			out[i] = ImportAmbiguous
		case ok && old.name == h.Name && old.phone == h.Phone && old.size == h.Size && sameSet(old.vuln, vuln):
			out[i] = ImportUnchanged
		case ok:
			if _, err := upd.ExecContext(ctx, h.Name, h.Phone, h.Size, vuln, now.UnixMilli(), old.id); err != nil {
				return nil, fmt.Errorf("people: import: update %d: %w", old.id, err)
			}
			out[i] = ImportUpdated
		default:
			var id int64
			if err := ins.QueryRowContext(ctx, h.Zone, h.Building, h.Unit, h.Room, h.Name, h.Phone, h.Size, vuln,
				now.UnixMilli(), now.UnixMilli()).Scan(&id); err != nil {
				return nil, fmt.Errorf("people: import: insert: %w", err)
			}
			out[i] = ImportNew
		}
		if !ok || old.n == 1 {
			have[key] = importing{id: old.id, name: h.Name, phone: h.Phone, vuln: vuln, size: h.Size, n: 1}
		}
	}
	return out, nil
}

// householdsByKey reads every household's address key and what an import may change.
func householdsByKey(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (map[string]importing, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, zone, building, unit, room, name, phone, size, vulnerable
		FROM households ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("people: import: %w", err)
	}
	defer rows.Close()
	have := map[string]importing{}
	for rows.Next() {
		var h importing
		var zone, building, unit, room string
		if err := rows.Scan(&h.id, &zone, &building, &unit, &room, &h.name, &h.phone, &h.size, &h.vuln); err != nil {
			return nil, fmt.Errorf("people: import: %w", err)
		}
		key := AddressKey(zone, building, unit, room)
		h.n = have[key].n + 1
		if h.n > 1 {
			h.id = have[key].id // the first one; n > 1 leaves them all alone anyway
		}
		have[key] = h
	}
	return have, rows.Err()
}

// sameSet compares two comma lists regardless of order.
func sameSet(a, b string) bool {
	x, y := strings.Split(a, ","), strings.Split(b, ",")
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
