package telegram

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	json "github.com/goccy/go-json"
)

// rawUpdate is an update as Telegram sent it: stored verbatim, decoded by the dispatcher.
type rawUpdate struct {
	ID   int64
	Body []byte
}

// updatesClient calls getUpdates itself: go-telegram/bot's poller confirms updates as soon as it
// has buffered them, before anything is stored.
type updatesClient struct {
	base  string // API URL without trailing slash
	token string
	http  *http.Client
}

type apiEnvelope struct {
	OK          bool              `json:"ok"`
	Result      []json.RawMessage `json:"result"`
	ErrorCode   int               `json:"error_code"`
	Description string            `json:"description"`
	Parameters  struct {
		RetryAfter int `json:"retry_after"`
	} `json:"parameters"`
}

// apiError is a refusal from the Bot API.
type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func (e *apiError) Error() string {
	return fmt.Sprintf("telegram: %d %s", e.Code, e.Description)
}

// getUpdates long-polls for up to timeout. offset 0 asks for the earliest unconfirmed update.
func (c *updatesClient) getUpdates(ctx context.Context, offset int64, timeout time.Duration, allowed []string) ([]rawUpdate, error) {
	params := map[string]any{"timeout": int(timeout / time.Second), "limit": 100}
	if offset != 0 {
		params["offset"] = offset
	}
	if allowed != nil {
		params["allowed_updates"] = allowed
	}
	body, _ := json.Marshal(params)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+"/bot"+c.token+"/getUpdates", bytes.NewReader(body))
	if err != nil {
		return nil, Redact(err, c.token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, Redact(fmt.Errorf("telegram: getUpdates: %w", err), c.token)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, Redact(fmt.Errorf("telegram: getUpdates: read: %w", err), c.token)
	}
	var env apiEnvelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("telegram: getUpdates: HTTP %d, undecodable answer: %w", resp.StatusCode, err)
	}
	if !env.OK {
		return nil, &apiError{Code: env.ErrorCode, Description: env.Description, RetryAfter: env.Parameters.RetryAfter}
	}
	out := make([]rawUpdate, 0, len(env.Result))
	for _, r := range env.Result {
		var head struct {
			UpdateID int64 `json:"update_id"`
		}
		if err := json.Unmarshal(r, &head); err != nil {
			return nil, fmt.Errorf("telegram: getUpdates: bad update: %w", err)
		}
		out = append(out, rawUpdate{ID: head.UpdateID, Body: bytes.Clone(r)})
	}
	return out, nil
}

func trimURL(u string) string { return strings.TrimRight(u, "/") }
