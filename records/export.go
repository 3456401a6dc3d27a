package records

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"linli/orders"
	"linli/people"
	"linli/store"
)

// What can be exported.
const (
	WhatOrders     = "orders"
	WhatResidents  = "residents"
	WhatVolunteers = "volunteers"
)

// Kinds lists what Export takes, the default first.
var Kinds = []string{WhatOrders, WhatResidents, WhatVolunteers}

// Export reads what ("orders", "residents" or "volunteers") from q as a table, with times in
// loc. The bot's /export and `bot export` both write it with WriteCSV.
func Export(ctx context.Context, q store.Querier, what string, loc *time.Location) (Table, error) {
	switch what {
	case WhatOrders:
		return ordersTable(ctx, q, loc)
	case WhatResidents:
		return residentsTable(ctx, q, loc)
	case WhatVolunteers:
		return volunteersTable(ctx, q, loc)
	}
	return Table{}, fmt.Errorf("records: nothing called %q to export (%s)", what, strings.Join(Kinds, ", "))
}

var ordersHeader = []string{"id", "created", "category", "zone", "building", "urgent", "status", "items",
	"quantity", "note", "household_id", "claimer_id", "claimer_name", "claimed", "delivered", "received",
	"wait_minutes", "rating"}

func ordersTable(ctx context.Context, q store.Querier, loc *time.Location) (Table, error) {
	names, err := people.FirstNames(ctx, q)
	if err != nil {
		return Table{}, err
	}
	t := Table{Header: ordersHeader}
	err = orders.Each(ctx, q, func(o orders.Order) error {
		claimer, wait, rating := "", "", ""
		if o.ClaimedBy != 0 {
			claimer = strconv.FormatInt(o.ClaimedBy, 10)
		}
		if !o.ClaimedAt.IsZero() {
			wait = strconv.Itoa(int(o.ClaimedAt.Sub(o.CreatedAt) / time.Minute))
		}
		if o.Rating > 0 {
			rating = strconv.Itoa(o.Rating)
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(o.ID, 10), stamp(o.CreatedAt, loc), o.Category, o.Zone,
			o.Building, flag(o.Urgent), string(o.Status), o.Items, o.Quantity, o.Note,
			strconv.FormatInt(o.HouseholdID, 10), claimer, names[o.ClaimedBy], stamp(o.ClaimedAt, loc),
			stamp(o.DeliveredAt, loc), stamp(o.ReceivedAt, loc), wait, rating})
		return nil
	})
	return t, err
}

var residentsHeader = []string{"household_id", "zone", "building", "unit", "room", "name", "phone",
	"household_size", "vulnerable", "monitored", "registered", "linked_users"}

func residentsTable(ctx context.Context, q store.Querier, loc *time.Location) (Table, error) {
	all, err := people.Residents(ctx, q)
	if err != nil {
		return Table{}, err
	}
	t := Table{Header: residentsHeader}
	for _, r := range all {
		var linked []string
		for _, m := range r.Members {
			linked = append(linked, fmt.Sprintf("%d:%s", m.UserID, m.Relation))
		}
		t.Rows = append(t.Rows, []string{strconv.FormatInt(r.ID, 10), r.Zone, r.Building, r.Unit, r.Room, r.Name,
			r.Phone, strconv.Itoa(r.Size), strings.Join(r.Vulnerable, ","), flag(r.Monitored),
			stamp(r.CreatedAt, loc), strings.Join(linked, " ")})
	}
	return t, nil
}

var volunteersHeader = []string{"user_id", "name", "zones", "categories", "on_duty", "joined", "claims",
	"deliveries", "releases", "last_active"}

func volunteersTable(ctx context.Context, q store.Querier, loc *time.Location) (Table, error) {
	vols, err := people.Volunteers(ctx, q)
	if err != nil {
		return Table{}, err
	}
	names, err := people.FirstNames(ctx, q)
	if err != nil {
		return Table{}, err
	}
	act, err := orders.ActivityByUser(ctx, q)
	if err != nil {
		return Table{}, err
	}
	t := Table{Header: volunteersHeader}
	for _, v := range vols {
		a := act[v.UserID]
		t.Rows = append(t.Rows, []string{strconv.FormatInt(v.UserID, 10), names[v.UserID],
			strings.Join(v.Zones, ","), strings.Join(v.Categories, ","), flag(v.OnDuty), stamp(v.JoinedAt, loc),
			strconv.Itoa(a.Claims), strconv.Itoa(a.Deliveries), strconv.Itoa(a.Releases), stamp(v.ActiveAt, loc)})
	}
	return t, nil
}

// stamp is a time as spreadsheets read it, in the configured zone; "" for none.
func stamp(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}
