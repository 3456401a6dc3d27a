package handlers

import (
	"time"

	"github.com/robfig/cron/v3"

	"linli/notices"
)

// confirmFrequent asks the admin to confirm a schedule that would send to more than
// [notices] confirm_over people more often than hourly, like a large /notice: the same command
// again with "!confirm" first schedules it.
func (h *Handlers) confirmFrequent(r *request, s cron.Schedule, aud notices.Audience, confirmed bool) error {
	if confirmed || !notices.MoreOftenThan(s, r.unit.Now, h.o.Location, time.Hour) {
		return nil
	}
	count, err := h.notices.Count(r.ctx, r.unit.Tx, aud)
	if err != nil || count <= h.o.ConfirmOver {
		return err
	}
	return userErr("schedule.confirm_frequent", fmtCount(count), h.o.ConfirmOver)
}
