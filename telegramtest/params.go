package telegramtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// params are a call's arguments as Telegram reads them: every value as text (JSON values other
// than strings keep their JSON spelling, as multipart clients send them) plus uploaded files.
type params struct {
	vals  map[string]string
	files map[string]upload
}

// upload is a file sent as a multipart part.
type upload struct {
	name string
	data []byte
}

// call is one API request being answered.
type call struct {
	r *http.Request
	p *params
}

// get returns a parameter's text ("" when absent).
func (p *params) get(name string) string { return p.vals[name] }

// has reports whether the parameter was sent at all.
func (p *params) has(name string) bool {
	_, ok := p.vals[name]
	return ok
}

// int64 parses an integer parameter; absent or empty gives def.
func (p *params) int64(name string, def int64) (int64, bool) {
	v := strings.TrimSpace(p.vals[name])
	if v == "" {
		return def, true
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// bool parses a boolean parameter as Telegram does: true, 1 (any case) are true.
func (p *params) bool(name string) bool {
	v := strings.ToLower(strings.TrimSpace(p.vals[name]))
	return v == "true" || v == "1"
}

// readParams reads query parameters and a multipart, JSON or urlencoded body.
func readParams(r *http.Request) (*params, error) {
	p := &params{vals: map[string]string{}, files: map[string]upload{}}
	for k, v := range r.URL.Query() {
		p.vals[k] = v[0]
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "multipart/form-data":
		return p, readMultipart(r, p)
	case "application/json":
		return p, readJSON(r.Body, p)
	case "application/x-www-form-urlencoded":
		if err := r.ParseForm(); err != nil {
			return nil, fmt.Errorf("can't parse form: %v", err)
		}
		for k, v := range r.PostForm {
			p.vals[k] = v[0]
		}
	}
	return p, nil
}

func readMultipart(r *http.Request, p *params) error {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil // go-telegram/bot sends no parts at all for getMe
	}
	r.Body = io.NopCloser(bytes.NewReader(data))
	if err := r.ParseMultipartForm(64 << 20); err != nil {
		return fmt.Errorf("can't parse multipart/form-data: %v", err)
	}
	for k, v := range r.MultipartForm.Value {
		p.vals[k] = v[0]
	}
	for k, fhs := range r.MultipartForm.File {
		f, err := fhs[0].Open()
		if err != nil {
			return err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return err
		}
		p.files[k] = upload{name: fhs[0].Filename, data: data}
	}
	return nil
}

func readJSON(body io.Reader, p *params) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return fmt.Errorf("can't parse JSON object")
	}
	for k, raw := range obj {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			p.vals[k] = s
		} else if string(raw) != "null" {
			p.vals[k] = string(raw)
		}
	}
	return nil
}

// apiError is a refusal in Telegram's envelope.
type apiError struct {
	Code       int
	Desc       string
	RetryAfter int
	spec       bool // refused by the Bot API schema check (checkSpec)
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{Code: 400, Desc: "Bad Request: " + fmt.Sprintf(format, args...)}
}

func forbidden(desc string) *apiError { return &apiError{Code: 403, Desc: "Forbidden: " + desc} }

func tooMany(retryAfter int) *apiError {
	return &apiError{Code: 429, Desc: fmt.Sprintf("Too Many Requests: retry after %d", retryAfter), RetryAfter: retryAfter}
}

// described is a successful result that also carries Telegram's "description" (setWebhook's
// "Webhook was set").
type described struct {
	result any
	desc   string
}

// writeEnvelope answers {"ok":true,"result":...} or {"ok":false,"error_code":...}.
func writeEnvelope(w http.ResponseWriter, res any, e *apiError) {
	body := map[string]any{"ok": e == nil}
	status := http.StatusOK
	if e != nil {
		status = e.Code
		body["error_code"] = e.Code
		body["description"] = e.Desc
		if e.RetryAfter > 0 {
			body["parameters"] = map[string]int{"retry_after": e.RetryAfter}
		}
	} else if d, ok := res.(described); ok {
		body["result"], body["description"] = d.result, d.desc
	} else {
		body["result"] = res
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
