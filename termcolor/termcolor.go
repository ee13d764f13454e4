// Package termcolor is the one place paydesk decides colour: the choice
// (--color or PAYDESK_COLOR), NO_COLOR and the terminal's own profile. The
// command line's output, its error messages and the interface (local or
// over SSH) all ask it, so that they cannot disagree.
package termcolor

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// Mode is what the person chose: Auto lets the environment decide.
type Mode string

const (
	Auto   Mode = "auto"
	Always Mode = "always"
	Never  Mode = "never"
)

// Decide turns a choice ("" when none was made) into a Mode. Always and
// Never are explicit and win over NO_COLOR, as no-color.org asks; without
// one, NO_COLOR with any non-empty value means Never.
func Decide(choice string, environ []string) (Mode, error) {
	switch m := Mode(strings.ToLower(strings.TrimSpace(choice))); m {
	case Always, Never:
		return m, nil
	case Auto, "":
		if NoColor(environ) {
			return Never, nil
		}
		return Auto, nil
	}
	return "", fmt.Errorf("colour must be auto, always or never, not %q", choice)
}

// NoColor reports whether environ sets NO_COLOR to a non-empty value; the
// last assignment counts, as it does for getenv.
func NoColor(environ []string) bool {
	for i := len(environ) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(environ[i], "NO_COLOR="); ok {
			return v != ""
		}
	}
	return false
}

// Stream is the profile for text written to w (tables, messages): with
// Never no escape sequence at all, so that a pipe or a file stays clean.
func (m Mode) Stream(w io.Writer, environ []string) colorprofile.Profile {
	switch m {
	case Never:
		return colorprofile.NoTTY
	case Always:
		return atLeast(terminal(environ), colorprofile.ANSI)
	}
	if NoColor(environ) {
		return colorprofile.NoTTY
	}
	return colorprofile.Detect(w, environ)
}

// Screen is the profile to impose on a full-screen interface, if any
// (false: let the terminal tell). Never keeps bold and reverse video,
// because the cursor and the selection are drawn with them; Always
// assumes at least 256 colours, which the interface's palette needs.
func (m Mode) Screen(environ []string) (colorprofile.Profile, bool) {
	switch m {
	case Never:
		return colorprofile.ASCII, true
	case Always:
		if terminal(environ) == colorprofile.TrueColor {
			return colorprofile.TrueColor, true
		}
		return colorprofile.ANSI256, true
	}
	if NoColor(environ) {
		return colorprofile.ASCII, true
	}
	return 0, false
}

// Plain reports whether the interface must do without colour in environ.
func (m Mode) Plain(environ []string) bool {
	p, forced := m.Screen(environ)
	return forced && p <= colorprofile.ASCII
}

func atLeast(p, floor colorprofile.Profile) colorprofile.Profile {
	if p > floor {
		return p
	}
	return floor
}

// terminal is what the terminal can show, NO_COLOR aside: under Always an
// explicit choice has already overruled it, which colorprofile cannot know.
func terminal(environ []string) colorprofile.Profile {
	env := make([]string, 0, len(environ))
	for _, kv := range environ {
		if !strings.HasPrefix(kv, "NO_COLOR=") {
			env = append(env, kv)
		}
	}
	return colorprofile.Env(env)
}
