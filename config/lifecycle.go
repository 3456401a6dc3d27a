package config

// Retention is the nightly purge: with Days > 0, every night the bot anonymises residents'
// personal data in what finished more than Days days ago (see `bot purge`); 0 = off.
type Retention struct {
	Days int `toml:"days"`
}

// Backup is the scheduled backup: on Schedule (cron, in the configured timezone; "" = off) a
// copy of the database is written to Dir (relative paths from the working directory, like
// database.path), and the newest Keep are kept.
type Backup struct {
	Schedule string `toml:"schedule"`
	Dir      string `toml:"dir"`
	Keep     int    `toml:"keep"`
}

func (c *Config) validateLifecycle() error {
	if c.Retention.Days < 0 {
		return errorf("retention.days", "%d must be 0 (off) or a number of days", c.Retention.Days)
	}
	b := c.Backup
	if b.Schedule == "" {
		return nil
	}
	if err := checkCron("backup.schedule", b.Schedule); err != nil {
		return err
	}
	if b.Dir == "" {
		return errorf("backup.dir", "must not be empty when backup.schedule is set")
	}
	if b.Keep < 1 {
		return errorf("backup.keep", "%d must be 1 or more", b.Keep)
	}
	return nil
}
