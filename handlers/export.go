package handlers

import (
	"bytes"
	"slices"
	"strings"

	"linli/outbox"
	"linli/records"
)

// maxExportBytes is what the Bot API lets a bot upload as a document.
const maxExportBytes = 50 << 20

// exportCommand is /export [orders|residents|volunteers] (orders when left out): the records as
// a CSV document for a spreadsheet, sent to the admin who asked.
func (h *Handlers) exportCommand(r *request) error {
	what := strings.ToLower(strings.TrimSpace(r.cmd.Args))
	if what == "" {
		what = records.WhatOrders
	}
	if !slices.Contains(records.Kinds, what) {
		return userErr("export.usage")
	}
	t, err := records.ExportIn(r.ctx, r.unit.Tx, what, h.o.Location, r.scope.Restrict(nil))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := records.WriteCSV(&buf, t); err != nil {
		return err
	}
	if buf.Len() > maxExportBytes {
		return userErr("export.too_big", what)
	}
	return r.send(outbox.Message{
		Kind:     outbox.KindDocument,
		Text:     r.t("export.caption", r.t("export.what."+what), len(t.Rows)),
		Document: &outbox.Document{Name: records.FileName(what, r.unit.Now, h.o.Location), Data: buf.Bytes()},
	})
}
