package mollie

import (
	"errors"
	"regexp"
	"strings"
	"unicode"

	"github.com/paydesk/paydesk/domain"
)

// ErrKeyFormat is wrapped by every error about a string that cannot be a
// Mollie API key. Such errors never repeat the string itself: a user who
// pasted the wrong secret must not find it in a log or on screen.
var ErrKeyFormat = errors.New("not a Mollie API key")

var keyPattern = regexp.MustCompile(`^(live|test)_[A-Za-z0-9]{30,}$`)

// keyFormatError explains what an API key looks like and where to find one.
type keyFormatError struct{ hint string }

func (e *keyFormatError) Error() string {
	msg := "this is not a Mollie API key"
	if e.hint != "" {
		msg += " (" + e.hint + ")"
	}
	return msg + ": an API key is test_ or live_ followed by at least 30 letters and digits;" +
		" copy it from the Mollie dashboard → Developers → API keys"
}

func (e *keyFormatError) Unwrap() error { return ErrKeyFormat }

// CheckKeyFormat tells whether key has the shape of a Mollie API key. It does
// not ask Mollie; Client.Profile does that.
func CheckKeyFormat(key string) error {
	if keyPattern.MatchString(key) {
		return nil
	}
	return &keyFormatError{hint: keyHint(key)}
}

// keyHint names the most likely mistake without revealing any of the key.
func keyHint(key string) string {
	trimmed := strings.TrimSpace(key)
	switch {
	case key == "":
		return "it is empty"
	case trimmed != key:
		return "it starts or ends with spaces or a line break"
	case strings.HasPrefix(key, "access_"):
		return "access_… is an organization access token, not an API key"
	case strings.IndexFunc(key, unicode.IsSpace) >= 0:
		return "it contains spaces"
	case !strings.HasPrefix(key, "test_") && !strings.HasPrefix(key, "live_"):
		return "it does not start with test_ or live_"
	case len(key) < len("test_")+30:
		return "it is too short; was it copied completely?"
	}
	return "it contains characters other than letters and digits"
}

// scrubber replaces a key in any text that is about to leave the client:
// error messages, log lines, answers echoed by a server.
type scrubber struct{ key, mask string }

func newScrubber(key string) scrubber { return scrubber{key: key, mask: domain.MaskKey(key)} }

func (s scrubber) scrub(text string) string {
	if s.key == "" {
		return text
	}
	return strings.ReplaceAll(text, s.key, s.mask)
}
