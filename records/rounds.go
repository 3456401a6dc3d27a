package records

import (
	"context"
	"fmt"
	"strconv"

	"linli/store"
	"linli/supplies"
)

// The supply-round exports (bot export -what round|picklist -round <id>).
const (
	WhatRound    = "round"
	WhatPickList = "picklist"
)

// RoundTable is round id's supplier totals: one row per item, then a total row.
func RoundTable(ctx context.Context, q store.Querier, svc *supplies.Service, id int64) (Table, error) {
	totals, err := svc.Totals(ctx, q, id)
	if err != nil {
		return Table{}, err
	}
	t := Table{Header: []string{"round", "item_no", "item", "unit", "price_yuan", "quantity", "households", "amount_yuan", "waiting"}}
	var sum int64
	for _, x := range totals {
		t.Rows = append(t.Rows, []string{"R" + strconv.FormatInt(id, 10), strconv.Itoa(x.No), x.Name, x.Unit,
			money(x.Price), strconv.FormatInt(x.Quantity, 10), strconv.Itoa(x.Households), money(x.Price * x.Quantity),
			strconv.FormatInt(x.Waiting, 10)})
		sum += x.Price * x.Quantity
	}
	t.Rows = append(t.Rows, []string{"R" + strconv.FormatInt(id, 10), "", "total", "", "", "", "", money(sum), ""})
	return t, nil
}

// PickListTable is round id's pick list sorted building → unit → room, one row per household
// and item, with a total row per building.
func PickListTable(ctx context.Context, q store.Querier, svc *supplies.Service, id int64) (Table, error) {
	picks, err := svc.PickList(ctx, q, id)
	if err != nil {
		return Table{}, err
	}
	t := Table{Header: []string{"zone", "building", "unit", "room", "household", "batch", "item_no", "item", "quantity", "item_unit"}}
	var units int
	for i, p := range picks {
		batch := ""
		if p.BatchID > 0 {
			batch = "B" + strconv.FormatInt(p.BatchID, 10)
		}
		t.Rows = append(t.Rows, []string{p.Zone, p.Building, p.Unit, p.Room, strconv.FormatInt(p.HouseholdID, 10), batch,
			strconv.Itoa(p.ItemNo), p.Item, strconv.Itoa(p.Quantity), p.ItemUnit})
		units += p.Quantity
		if i == len(picks)-1 || picks[i+1].Building != p.Building || picks[i+1].Zone != p.Zone {
			t.Rows = append(t.Rows, []string{p.Zone, p.Building, "", "", "", "", "", "total", strconv.Itoa(units), ""})
			units = 0
		}
	}
	return t, nil
}

func money(fen int64) string { return fmt.Sprintf("%d.%02d", fen/100, fen%100) }
