package telegramtest

import (
	"bytes"
	"image"
	_ "image/gif"  // photo uploads may be GIF
	_ "image/jpeg" // or JPEG
	_ "image/png"  // or PNG
	"mime"
	"net/url"
	"path"
	"strings"
)

// Telegram's upload limits through the Bot API.
const (
	maxDocumentBytes = 50 << 20
	maxPhotoBytes    = 10 << 20
)

// storedFile is a file the server has seen, reusable by file_id.
type storedFile struct {
	kind string // "document" or "photo"
	file File
}

// inputFile reads a document or photo parameter: an upload, attach://name, a file_id this
// server issued, or an HTTP URL; s.mu is held.
func (s *Server) inputFile(p *params, kind string) (*File, *apiError) {
	ref := p.get(kind)
	up, uploaded := p.files[kind]
	if name, ok := strings.CutPrefix(ref, "attach://"); ok {
		up, uploaded = p.files[name]
	}
	switch {
	case uploaded:
		return s.uploaded(kind, up)
	case strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://"):
		u, err := url.Parse(ref)
		if err != nil || u.Host == "" {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		f := s.newFile(prefixes[kind], path.Base(u.Path), mimeOf(u.Path), nil)
		f.Width, f.Height = 800, 600
		s.keep(kind, f)
		return f, nil
	case ref != "":
		st, ok := s.files[ref]
		if !ok {
			return nil, badRequest("wrong file identifier/HTTP URL specified")
		}
		if st.kind != kind {
			return nil, badRequest("type of file mismatch")
		}
		f := st.file
		return &f, nil
	}
	return nil, badRequest("there is no %s in the request", kind)
}

var prefixes = map[string]string{"document": "BQAC", "photo": "AgAC", "voice": "AwAC", "audio": "CQAC"}

// uploaded checks an uploaded file as Telegram would: not empty, not too big, and for photos a
// decodable image of sane dimensions.
func (s *Server) uploaded(kind string, up upload) (*File, *apiError) {
	switch {
	case len(up.data) == 0:
		return nil, badRequest("file must be non-empty")
	case kind == "document" && len(up.data) > maxDocumentBytes, kind == "photo" && len(up.data) > maxPhotoBytes:
		return nil, &apiError{Code: 413, Desc: "Request Entity Too Large"}
	}
	f := s.newFile(prefixes[kind], up.name, mimeOf(up.name), append([]byte(nil), up.data...))
	if kind == "photo" {
		cfg, _, err := image.DecodeConfig(bytes.NewReader(up.data))
		if err != nil {
			return nil, badRequest("IMAGE_PROCESS_FAILED")
		}
		w, h := cfg.Width, cfg.Height
		if w+h > 10000 || w == 0 || h == 0 || max(w, h) > 20*min(w, h) {
			return nil, badRequest("PHOTO_INVALID_DIMENSIONS")
		}
		f.Width, f.Height, f.FileName = w, h, ""
	}
	s.keep(kind, f)
	return f, nil
}

// keep remembers a file for reuse by file_id; s.mu is held.
func (s *Server) keep(kind string, f *File) {
	if s.files == nil {
		s.files = map[string]storedFile{}
	}
	s.files[f.FileID] = storedFile{kind: kind, file: *f}
}

func mimeOf(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
