package config

import (
	"errors"
	"fmt"
	"net/url"
)

// Replica is continuous replication of the database with Litestream (see package replica):
// URL is "file:///dir" (another disk, an NFS or SFTP mount) or "s3://bucket/path" for
// S3-compatible storage, whose endpoint may be given as "?endpoint=https://host:port" or in
// LITESTREAM_S3_ENDPOINT and whose credentials come from the environment only
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY); "" = off.
type Replica struct {
	URL string `toml:"url"`
}

func (c *Config) validateReplica() error {
	if c.Replica.URL == "" {
		return nil
	}
	if err := CheckReplicaURL(c.Replica.URL); err != nil {
		return errorf("replica.url", "%v", err)
	}
	return nil
}

// CheckReplicaURL says what is wrong with a replica URL, or nil: a file URL names an absolute
// directory, an s3 URL a bucket, and neither carries credentials.
func CheckReplicaURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("is not a URL")
	}
	switch {
	case u.User != nil:
		return errors.New("must not carry credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
	case u.Scheme == "file" && (u.Host != "" || len(u.Path) < 2 || u.Path[0] != '/'):
		return errors.New(`must name an absolute directory, e.g. "file:///mnt/disk2/linli"`)
	case u.Scheme == "s3" && u.Host == "":
		return errors.New(`must name a bucket, e.g. "s3://bucket/linli"`)
	case u.Scheme == "s3" && u.Query().Has("endpoint") && !validEndpoint(u.Query().Get("endpoint")):
		return errors.New(`endpoint must be an http or https URL, e.g. "s3://bucket/linli?endpoint=https://s3.example.org"`)
	case u.Scheme != "file" && u.Scheme != "s3":
		return fmt.Errorf(`scheme %q is not supported: use "file:///dir" or "s3://bucket/path"`, u.Scheme)
	}
	return nil
}

func validEndpoint(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}
