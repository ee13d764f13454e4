// Package i18ntest finds text left untranslated in what paydesk shows:
// raw catalogue keys and broken formats in any language, and English in
// German or Dutch output. The command line's and the interface's tests
// walk every command and screen through it.
package i18ntest

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/paydesk/paydesk/assets"
)

// englishFragments are the literal pieces of the English catalogue (the
// text between format verbs) that no German or Dutch message also holds:
// any of them in a de or nl output is English left untranslated.
func englishFragments() []string {
	en, err := assets.Catalog("en")
	if err != nil {
		panic(err) // embedded: missing means a broken build
	}
	var others []string
	for _, lang := range assets.Languages[1:] {
		cat, err := assets.Catalog(lang)
		if err != nil {
			panic(err)
		}
		for _, v := range cat {
			others = append(others, v)
		}
	}
	shared := strings.Join(others, "\n")
	verb := regexp.MustCompile(`%(\[\d+\])?[-+# 0-9.]*[a-zA-Z%]`)
	var out []string
	for _, v := range en {
		for _, part := range verb.Split(v, -1) {
			part = strings.TrimSpace(part)
			// Short pieces ("Status", "TEST") are the same word in every language.
			if len(strings.Fields(part)) < 2 || strings.Contains(shared, part) {
				continue
			}
			out = append(out, part)
		}
	}
	return out
}

// englishWords are words of English sentences that are no German or Dutch
// word: one of them in a de or nl output is a sentence (or part of one)
// nobody translated, whether or not it came from the catalogue.
var englishWords = strings.Fields(`the and with for from this that which would should could your you are been
has have will when then than there what where still owed paid payment payments invoice invoices amount customer
refunded charged expires valid until never nothing none only every each reminder reminders setting settings
folder file files key keys sent send shows show print prints list read write without instead must needs need
given unknown default usage examples commands command flags flag run runs to on off not no yes created checked
stored connected disconnected recorded reversed received overdue due total about any profile language amounts
dates labels colour color`)

// invariants are the pieces of text that are the same in every language and
// are removed before looking for English: names, commands as typed,
// flags, setting keys, file names, addresses, numbers and upper-case codes.
var invariants = []*regexp.Regexp{
	regexp.MustCompile(`'[^'\n]*'`), // a command or value as typed: 'paydesk pay INV-1'
	regexp.MustCompile(`"[^"\n]*"`), // a value as given
	// Values typed as they are, listed as choices: "auto, always oder never".
	regexp.MustCompile(choice + `((, | (or|oder|of|\|) )` + choice + `)+`),
	regexp.MustCompile(`(^|[\s(])--?[a-z][a-z0-9-]*`),  // a flag
	regexp.MustCompile(`\S*[_/@\\<>|$~]\S*`),           // setting keys, paths, addresses, shell syntax
	regexp.MustCompile(`\S+\.\S+`),                     // file names, amounts, dates
	regexp.MustCompile(`\b[A-Z][A-Z0-9-]+\b`),          // TEST, LIVE, EUR, INVOICE, SMTP
	regexp.MustCompile(`(?m)^\s+paydesk .*$`),          // example and usage lines
	regexp.MustCompile(`(?m)^  [a-z][a-z-]*( {2,}|$)`), // a command's name in a list of commands
	regexp.MustCompile(`(?m)^[a-z_]+ = `),              // a setting's name as 'settings get' lists it
	regexp.MustCompile(`\b(paydesk|Mollie|iDEAL|PayPal|Acme|Globex|Ctrl\+C|OK|ok)\b`),
	// Other products' names.
	regexp.MustCompile(`Invoice\s+Ninja|Zoho\s+Invoice|Exact\s+Online|QuickBooks|Xero|Moneybird|lexoffice|sevDesk|WeFact`),
	// Technical words people see as they are: webhook, SSH, SMTP, cron, JSON.
	regexp.MustCompile(`(?i)\b(webhooks?|healthz|POST|GET|cron|jq|tmux|bash|zsh|fish|powershell|id|ids)\b`),
}

// typed is a value people type as it is, in any language: a choice of a
// flag or a setting, a field of --map.
const typed = `(auto|always|never|dark|light|link|checkout|unpaid|overdue|awaiting_payment|paid|overpaid|credit|all|` +
	`info|warn|error|dmy|mdy|due_date|en|de|nl|starttls|tls|none|number|customer|email|currency|total|outstanding|issued|due|kind)`

// choice is a typed value in a list, with what it means in parentheses.
const choice = `\b` + typed + `\b( \([^)]*\))?`

// rawKey is a catalogue key printed as itself, or a format that went wrong.
var rawKey = regexp.MustCompile(`\b(cli|tui|err|log|label|state|status|method|setting)\.[a-z][a-z0-9_.-]*[a-z]\b|%!|%\[`)

// Untranslated lists what in out is not in lang: raw catalogue keys and
// broken formats in any language, English words and catalogue fragments
// in German and Dutch. An empty list means the text is the reader's.
func Untranslated(lang, out string) []string {
	return untranslated(lang, out, fragments())
}

// Sentence is Untranslated for one message that should be in lang, without
// the catalogue's fragments (the message may be one of them).
func Sentence(lang, text string) []string { return untranslated(lang, text, nil) }

var fragments = sync.OnceValue(englishFragments)

func untranslated(lang, out string, fragments []string) []string {
	var bad []string
	for _, m := range rawKey.FindAllString(out, -1) {
		if strings.HasSuffix(m, ".csv") || strings.HasSuffix(m, ".db") {
			continue
		}
		bad = append(bad, "raw key or broken format "+m)
	}
	if lang == "en" {
		return bad
	}
	// A heading is written in capitals but is words, not a code.
	text := regexp.MustCompile(`(?m)^[\p{Lu} ]+$`).ReplaceAllStringFunc(out, strings.ToLower)
	for _, re := range invariants {
		text = re.ReplaceAllString(text, " ")
	}
	for _, f := range fragments {
		if strings.Contains(text, f) {
			bad = append(bad, fmt.Sprintf("English %q", f))
		}
	}
	// A hyphenated word is checked whole: "authorized-keys-Datei" names a file.
	words := regexp.MustCompile(`[\p{L}]+(-[\p{L}]+)*`).FindAllString(text, -1)
	for _, w := range words {
		if slices.Contains(englishWords, strings.ToLower(w)) {
			bad = append(bad, fmt.Sprintf("English word %q", w))
		}
	}
	if len(bad) > 0 {
		looked := strings.Join(strings.Fields(text), " ")
		bad = append(bad, "looked at: "+looked[:min(300, len(looked))])
	}
	return slices.Compact(bad)
}
