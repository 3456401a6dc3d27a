package main

import (
	"time"

	"linli/config"
	"linli/handlers"
	"linli/notices"
	"linli/orders"
	"linli/supplies"
)

// newServices makes the domain services from the configuration. What they tell people on a
// change (an order claimed, a round opened, a notice's text) the handlers render, so each
// service gets its hook from h; h gets the services with Use.
func (a *app) newServices(h *handlers.Handlers, catalog *orders.Catalog) handlers.Services {
	cfg := a.cfg
	var quiet notices.Quiet
	quiet.From, quiet.To, quiet.On = cfg.Notices.QuietWindow()
	return handlers.Services{
		Orders: orders.New(orders.Options{
			Catalog:          catalog,
			ClaimSLA:         time.Duration(cfg.SLA.ClaimMinutes) * time.Minute,
			UrgentClaimSLA:   time.Duration(cfg.SLA.UrgentClaimMinutes) * time.Minute,
			DeliverSLA:       time.Duration(cfg.SLA.DeliverMinutes) * time.Minute,
			OpenPerHousehold: cfg.Limits.OpenOrdersPerHousehold,
			HandoverCode:     cfg.Orders.HandoverCode,
			Notify:           h.NotifyOrder,
		}),
		Notices: notices.New(notices.Options{
			CatchUp: time.Duration(cfg.Notices.CatchUpMinutes) * time.Minute, Quiet: quiet,
			Wake: func() { a.sender.Wake() }, // the sender is made after the services
			Paid: cfg.Notices.PaidBroadcast, Channel: cfg.Notices.Channel, ChannelLang: cfg.Language,
			Location: cfg.Location, Zones: cfg.Zones.Keys(), Render: h.NoticeRenderer(), Logger: a.log,
		}),
		Supplies: supplies.New(supplies.Options{ZoneExists: zoneExists(cfg.Zones), SealedZones: cfg.Zones.Sealed(),
			Notify: h.NotifySupply}),
	}
}

// zoneExists reports whether a key names a configured zone.
func zoneExists(zones config.Zones) func(string) bool {
	return func(key string) bool { _, ok := zones.Find(key); return ok }
}
