package main

import (
	"context"
	"slices"

	"linli/config"
	"linli/records"
	"linli/store"
	"linli/supplies"
)

// exportKinds are what `bot export -what` takes: the records, and a supply round's totals
// (round) or pick lists (picklist), which need -round.
var exportKinds = append(slices.Clone(records.Kinds), records.WhatRound, records.WhatPickList)

func isRoundExport(what string) bool {
	return what == records.WhatRound || what == records.WhatPickList
}

func validRound(s string) bool { _, ok := supplies.ParseID(s, "R"); return ok }

// exportTable reads what is to be exported.
func exportTable(ctx context.Context, db *store.DB, cfg *config.Config, what, round string) (records.Table, error) {
	if !isRoundExport(what) {
		return records.Export(ctx, db.Read, what, cfg.Location)
	}
	id, _ := supplies.ParseID(round, "R")
	svc := supplies.New(supplies.Options{})
	if _, err := svc.Get(ctx, db.Read, id); err != nil {
		return records.Table{}, err
	}
	if what == records.WhatRound {
		return records.RoundTable(ctx, db.Read, svc, id)
	}
	return records.PickListTable(ctx, db.Read, svc, id)
}
