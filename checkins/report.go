package checkins

import (
	"context"
	"fmt"

	"linli/store"
)

// ZoneAnswers counts a day's check-in answers of the households of one zone: all fine, need
// help, symptoms, and not answered (yet).
type ZoneAnswers struct {
	Zone                  string
	OK, Help, Sick, Quiet int
}

// AnswersByZone counts day's check-ins by the households' zone, in zone key order.
func AnswersByZone(ctx context.Context, q store.Querier, day Day) ([]ZoneAnswers, error) {
	rows, err := q.QueryContext(ctx, `SELECT h.zone, sum(d.answer = 'ok'), sum(d.answer = 'help'),
			sum(d.answer = 'sick'), sum(d.answer IS NULL)
		FROM checkin_days d JOIN households h ON h.id = d.household_id
		WHERE d.day = ? GROUP BY h.zone ORDER BY h.zone`, string(day))
	if err != nil {
		return nil, fmt.Errorf("checkins: answers of %s: %w", day, err)
	}
	defer rows.Close()
	var out []ZoneAnswers
	for rows.Next() {
		var z ZoneAnswers
		if err := rows.Scan(&z.Zone, &z.OK, &z.Help, &z.Sick, &z.Quiet); err != nil {
			return nil, fmt.Errorf("checkins: answers of %s: %w", day, err)
		}
		out = append(out, z)
	}
	return out, rows.Err()
}
