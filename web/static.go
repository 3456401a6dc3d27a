package web

import (
	"bytes"
	"net/http"
	"time"
)

// staticFiles are the only files /static/ serves, by name, with their type: an explicit list,
// so no directory is ever listed and no path ("..", an encoded slash) reaches another file.
var staticFiles = map[string]string{
	"style.css": "text/css; charset=utf-8",
}

// serveStatic serves one file of staticFiles, else 404.
func serveStatic(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	ctype, ok := staticFiles[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, err := files.ReadFile("static/" + name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(body))
}
