package assets

import (
	"embed"
	"encoding/json"
	"fmt"
)

//go:embed i18n/*.json
var catalogs embed.FS

// Languages are the languages paydesk speaks, the first being the fallback.
var Languages = []string{"en", "de", "nl"}

// Catalog returns the messages of one language: key → text, where the text
// may hold fmt verbs for its arguments.
func Catalog(lang string) (map[string]string, error) {
	data, err := catalogs.ReadFile("i18n/" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("no messages for language %q: %w", lang, err)
	}
	var m map[string]string
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("messages for %q: %w", lang, err)
	}
	return m, nil
}
