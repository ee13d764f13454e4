package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/paydesk/paydesk/assets"
	"github.com/paydesk/paydesk/domain"
)

// usedKeys finds the catalog keys the package's code names, expanding the
// ones it builds from a prefix.
func usedKeys(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	literal := regexp.MustCompile(`"(tui\.[a-z_.]+)"`)
	var keys []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") {
				keys = append(keys, m[1])
			}
		}
	}
	for _, k := range []domain.PaymentKind{domain.KindLink, domain.KindCheckout} {
		keys = append(keys, "tui.kind."+string(k))
	}
	for _, l := range []domain.Level{domain.LevelInfo, domain.LevelWarn, domain.LevelError} {
		keys = append(keys, "tui.level."+string(l))
	}
	for _, r := range append(domain.Roles, "none") {
		keys = append(keys, "tui.role."+string(r))
	}
	for _, a := range []domain.Action{domain.ActionPay, domain.ActionRecord, domain.ActionImport, domain.ActionMail, domain.ActionConnect, domain.ActionSettings} {
		keys = append(keys, "tui.action."+string(a))
	}
	for _, s := range domain.UserSettings {
		keys = append(keys, "tui.setting."+s.Key, "tui.setting."+s.Key+".help")
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

func TestCatalogsHaveEveryKey(t *testing.T) {
	used := usedKeys(t)
	if len(used) < 100 {
		t.Fatalf("found only %d keys in the code", len(used))
	}
	for _, lang := range assets.Languages {
		cat, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range used {
			if strings.TrimSpace(cat[k]) == "" {
				t.Errorf("%s: no text for %s", lang, k)
			}
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func TestCatalogsAgree(t *testing.T) {
	en, err := assets.Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range assets.Languages[1:] {
		cat, err := assets.Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		for k, text := range en {
			if !strings.HasPrefix(k, "tui.") {
				continue
			}
			other, ok := cat[k]
			if !ok {
				t.Errorf("%s lacks %s", lang, k)
				continue
			}
			if a, b := verb.FindAllString(text, -1), verb.FindAllString(other, -1); !slices.Equal(a, b) {
				t.Errorf("%s %s: verbs %v, English has %v", lang, k, b, a)
			}
		}
		for k := range cat {
			if _, ok := en[k]; !ok && strings.HasPrefix(k, "tui.") {
				t.Errorf("%s has %s, English does not", lang, k)
			}
		}
	}
}
